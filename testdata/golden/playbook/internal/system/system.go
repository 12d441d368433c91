// Package system serves the kernel's own API under /api/v1.
package system

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"go.uber.org/fx"

	"github.com/yourorg/platform/internal/health"
	"github.com/yourorg/platform/pkg/auth"
	pkghealth "github.com/yourorg/platform/pkg/health"
	"github.com/yourorg/platform/pkg/httpapi"
	"github.com/yourorg/platform/pkg/module"
	"github.com/yourorg/platform/pkg/perm"
)

// Module provides the /api/v1/me and /api/v1/system/* routes. The route
// listing lives in the server package, which owns the route table.
var Module = fx.Module("system", fx.Provide(httpapi.AsRoutes(newRoutes)))

type params struct {
	fx.In

	Checkers []pkghealth.Checker `group:"health_checks"`
}

func newRoutes(p params) []httpapi.Route {
	return []httpapi.Route{
		{
			Method:        http.MethodGet,
			Path:          "/api/v1/me",
			Authenticated: true,
			Summary:       "The authenticated caller",
			Handler:       me,
		},
		{
			Method:     http.MethodGet,
			Path:       "/api/v1/system/health",
			Permission: perm.SystemHealthCheck,
			Summary:    "Detailed health report",
			Handler:    healthReport(p.Checkers),
		},
		{
			Method:     http.MethodGet,
			Path:       "/api/v1/system/modules",
			Permission: perm.SystemModulesRead,
			Summary:    "Registered modules",
			Handler:    modules,
		},
	}
}

// meResponse describes the caller.
type meResponse struct {
	Sub      string   `json:"sub"`
	Roles    []string `json:"roles"`
	TenantID string   `json:"tenant_id"`
}

func me(c *gin.Context) {
	user, ok := auth.FromContext(c.Request.Context())
	if !ok {
		// Unreachable behind the auth middleware; fail closed regardless.
		httpapi.AbortUnauthorized(c, "not authenticated")
		return
	}
	roles := user.Roles
	if roles == nil {
		roles = []string{}
	}
	c.JSON(http.StatusOK, meResponse{Sub: user.ID, Roles: roles, TenantID: user.TenantID})
}

func healthReport(checkers []pkghealth.Checker) gin.HandlerFunc {
	return func(c *gin.Context) {
		report := pkghealth.Run(c.Request.Context(), checkers, health.CheckTimeout)
		status := http.StatusOK
		if !report.Healthy() {
			status = http.StatusServiceUnavailable
		}
		c.JSON(status, report)
	}
}

func modules(c *gin.Context) {
	all := module.All()
	infos := make([]module.Info, len(all))
	for i, m := range all {
		infos[i] = module.Describe(m)
	}
	c.JSON(http.StatusOK, gin.H{"modules": infos})
}
