package tenant

import (
	"go.uber.org/fx"

	"example.com/saas/pkg/auth"
	"example.com/saas/pkg/authz"
	"example.com/saas/pkg/config"
	"example.com/saas/pkg/httpapi"
	"example.com/saas/pkg/tenant"
)

// Module provides the tenant.Resolver configured by tenancy and the route
// middleware that applies it after authentication.
var Module = fx.Module("tenant",
	fx.Provide(
		provide,
		httpapi.AsRouteMiddleware(routeMiddleware),
	),
)

func provide(cfg *config.Config, authn auth.Authenticator, az authz.Authorizer) (tenant.Resolver, error) {
	return NewChain(cfg.Tenancy, authn, az)
}

func routeMiddleware(cfg *config.Config, r tenant.Resolver) httpapi.RouteMiddleware {
	return RouteMiddleware(r, cfg.Tenancy.Required)
}
