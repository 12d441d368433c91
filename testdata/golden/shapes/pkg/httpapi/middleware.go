package httpapi

import (
	"github.com/gin-gonic/gin"
	"go.uber.org/fx"
)

// RouteMiddlewareGroup is the fx value group that collects every
// RouteMiddleware.
const RouteMiddlewareGroup = "route_middleware"

// Stage says where in a route's handler chain a RouteMiddleware runs.
type Stage int

const (
	// BeforeAuth runs outermost, in front of authentication: the handler
	// sees every request to the route, including ones refused with 401 or
	// 403, and after c.Next() can read the authenticated user
	// (auth.FromContext) and the response status. Audit runs here.
	BeforeAuth Stage = iota
	// AfterAuth runs once the caller is authenticated and before the
	// permission check (on public routes, before the handler). Tenant
	// resolution runs here: it needs the token and must bind the request
	// before anything reads data.
	AfterAuth
)

// RouteMiddleware lets a kernel feature wrap selected routes without the
// server knowing about the feature: the server calls For once per route at
// startup and mounts the handler it returns at Stage.
type RouteMiddleware struct {
	// Name identifies the middleware and breaks ties in Order.
	Name string
	// Stage is where in the chain the handler runs.
	Stage Stage
	// Order positions the middleware among others of its stage: lower
	// runs first (outermost). fx value groups are unordered, so this is
	// the only ordering guarantee.
	Order int
	// For returns the handler for rt, or nil to leave rt unwrapped.
	For func(rt Route) gin.HandlerFunc
}

// AsRouteMiddleware annotates a constructor returning a RouteMiddleware so
// its result joins the route middleware group:
// fx.Provide(httpapi.AsRouteMiddleware(newAuditMiddleware)).
func AsRouteMiddleware(constructor any) any {
	return fx.Annotate(constructor, fx.ResultTags(`group:"`+RouteMiddlewareGroup+`"`))
}

// MiddlewareGroup is the fx value group that collects every Middleware.
const MiddlewareGroup = "middleware"

// Middleware is a handler every request passes, mounted after the request
// id and before the access log and metrics, so per-request state it sets
// up (a trace span, log fields) is in place for both. Kernel features
// contribute it; the server needs no change to take one.
type Middleware struct {
	// Name identifies the middleware and breaks ties in Order.
	Name string
	// Order positions it among others: lower runs first.
	Order int
	// Handler is the Gin handler; it calls c.Next().
	Handler gin.HandlerFunc
}

// AsMiddleware annotates a constructor returning a Middleware so its result
// joins the middleware group.
func AsMiddleware(constructor any) any {
	return fx.Annotate(constructor, fx.ResultTags(`group:"`+MiddlewareGroup+`"`))
}
