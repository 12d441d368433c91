package tenant

import (
	"errors"

	"github.com/gin-gonic/gin"
	"go.uber.org/zap"

	"example.com/saas/pkg/auth"
	"example.com/saas/pkg/httpapi"
	"example.com/saas/pkg/logger"
	"example.com/saas/pkg/tenant"
)

// MiddlewareOrder places the tenant middleware among the AfterAuth route
// middleware: early, so later guards (and authorization) see the tenant.
const MiddlewareOrder = 100

// Middleware resolves the tenant with r and stores it in the request
// context (tenant.FromContext), the request logger (tenant_id) and the
// auth.User, so the access log and /api/v1/me report the tenant the request
// acts in.
//
// Responses: 403 when a source contradicts the token's tenant or names a
// tenant for a caller that may not choose one, 400 for a
// malformed tenant id, and 400 on a tenant-scoped route when required is
// set and no tenant was resolved. 400 rather than 403 because the caller
// did not say which tenant it acts in; no tenant was refused.
func Middleware(r tenant.Resolver, scoped, required bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		id, err := r.Resolve(c.Request)
		switch {
		case errors.Is(err, tenant.ErrConflict):
			_ = c.Error(err)
			httpapi.AbortForbidden(c, "the requested tenant does not match the token's tenant")
			return
		case errors.Is(err, tenant.ErrNotAllowed):
			_ = c.Error(err)
			httpapi.AbortForbidden(c, "choosing the tenant with a header or host name is not allowed for this caller (tenancy.select_permission)")
			return
		case errors.Is(err, tenant.ErrInvalid):
			_ = c.Error(err)
			httpapi.AbortBadRequest(c, err.Error())
			return
		case err != nil:
			_ = c.Error(err)
			httpapi.AbortInternal(c)
			return
		case id == "":
			if scoped && required {
				httpapi.AbortBadRequest(c, "tenant required: use a token bound to a tenant or name the tenant in the request")
				return
			}
			c.Next()
			return
		}

		ctx := tenant.WithTenant(c.Request.Context(), id)
		user, authenticated := auth.FromContext(ctx)
		// The auth middleware already logs the token's tenant, which equals
		// id (the chain refuses anything else); add it only when it did not.
		if !authenticated || user.TenantID == "" {
			ctx = logger.With(ctx, zap.String(logger.FieldTenantID, id))
		}
		if authenticated && user.TenantID == "" {
			user.TenantID = id
			ctx = auth.WithUser(ctx, user)
		}
		c.Request = c.Request.WithContext(ctx)
		c.Next()
	}
}

// RouteMiddleware guards every authenticated route and every public route
// marked TenantScoped; other public routes (health, metrics) are left alone.
// It runs at httpapi.AfterAuth: the claim resolver needs the verified token,
// and the tenant must be bound before the permission check and the handler.
func RouteMiddleware(r tenant.Resolver, required bool) httpapi.RouteMiddleware {
	return httpapi.RouteMiddleware{
		Name:  "tenant",
		Stage: httpapi.AfterAuth,
		Order: MiddlewareOrder,
		For: func(rt httpapi.Route) gin.HandlerFunc {
			if rt.Public && !rt.TenantScoped {
				return nil
			}
			return Middleware(r, rt.TenantScoped, required)
		},
	}
}
