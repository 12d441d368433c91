package httpapi

import (
	"github.com/gin-gonic/gin"
	"go.uber.org/fx"
)

// RouteMiddlewareGroup is the fx value group that collects every
// RouteMiddleware.
const RouteMiddlewareGroup = "route_middleware"

// RouteMiddleware lets a kernel feature wrap selected routes without the
// server knowing about the feature: the server calls Build once per route
// at startup and mounts the returned handler in front of the route's
// authentication, authorization and handler.
//
// Running before authentication means the handler sees every request to
// the route, including ones rejected with 401 or 403; after c.Next() it can
// read the authenticated user (auth.FromContext) and the response status.
type RouteMiddleware struct {
	// Name identifies the middleware and breaks ties in Order.
	Name string
	// Order positions the middleware among others: lower runs first
	// (outermost). fx value groups are unordered, so this is the only
	// ordering guarantee.
	Order int
	// Build returns the handler for rt, or nil to leave rt unwrapped.
	Build func(rt Route) gin.HandlerFunc
}

// AsRouteMiddleware annotates a constructor returning a RouteMiddleware so
// its result joins the route middleware group:
// fx.Provide(httpapi.AsRouteMiddleware(newAuditMiddleware)).
func AsRouteMiddleware(constructor any) any {
	return fx.Annotate(constructor, fx.ResultTags(`group:"`+RouteMiddlewareGroup+`"`))
}
