// Package health serves the liveness and readiness probes.
package health

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"go.uber.org/fx"

	"github.com/yourorg/platform/pkg/health"
	"github.com/yourorg/platform/pkg/httpapi"
)

// CheckTimeout bounds each readiness check so a hung dependency cannot hang
// the probe.
const CheckTimeout = 2 * time.Second

// Module provides the public /healthz and /ready routes.
var Module = fx.Module("health", fx.Provide(httpapi.AsRoutes(newRoutes)))

type params struct {
	fx.In

	Checkers []health.Checker `group:"health_checks"`
}

func newRoutes(p params) []httpapi.Route {
	return []httpapi.Route{
		{
			Method:  http.MethodGet,
			Path:    "/healthz",
			Public:  true,
			Summary: "Liveness probe",
			Handler: liveness,
		},
		{
			Method:  http.MethodGet,
			Path:    "/ready",
			Public:  true,
			Summary: "Readiness probe",
			Handler: readiness(p.Checkers),
		},
	}
}

// liveness answers as long as the process can serve HTTP at all.
func liveness(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"status": health.StatusOK})
}

// readinessCheck is the public, redacted form of a health.Result: error
// details stay behind the system.health.check permission.
type readinessCheck struct {
	Name   string `json:"name"`
	Status string `json:"status"`
}

// readiness runs every checker and answers 503 if any fails.
func readiness(checkers []health.Checker) gin.HandlerFunc {
	return func(c *gin.Context) {
		report := health.Run(c.Request.Context(), checkers, CheckTimeout)
		checks := make([]readinessCheck, len(report.Checks))
		for i, r := range report.Checks {
			checks[i] = readinessCheck{Name: r.Name, Status: r.Status}
		}
		status := http.StatusOK
		if !report.Healthy() {
			status = http.StatusServiceUnavailable
		}
		c.JSON(status, gin.H{"status": report.Status, "checks": checks})
	}
}
