// Package server builds the Gin router from the routes group and runs the
// HTTP server.
package server

import (
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/fx"
	"go.uber.org/zap"

	internalauth "github.com/yourorg/platform/internal/auth"
	"github.com/yourorg/platform/pkg/auth"
	"github.com/yourorg/platform/pkg/authz"
	"github.com/yourorg/platform/pkg/config"
	"github.com/yourorg/platform/pkg/errbus"
	"github.com/yourorg/platform/pkg/httpapi"
	"github.com/yourorg/platform/pkg/perm"
)

func init() {
	// Gin's debug mode prints routes to stdout, in neither of the log's
	// formats (a JSON line would no longer parse). Set once here rather
	// than per router because the mode is process-wide.
	gin.SetMode(gin.ReleaseMode)
}

// Router is the HTTP handler for every mounted route.
type Router struct {
	engine *gin.Engine
	routes []httpapi.Route
}

// ServeHTTP implements http.Handler.
func (r *Router) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	r.engine.ServeHTTP(w, req)
}

// Routes returns the mounted routes sorted by path, then method.
func (r *Router) Routes() []httpapi.Route { return slices.Clone(r.routes) }

// RouterParams are the dependencies of NewRouter.
type RouterParams struct {
	fx.In

	Logger  *zap.Logger
	Metrics *prometheus.Registry
	Authn   auth.Authenticator
	Authz   authz.Authorizer
	Routes  []httpapi.Route `group:"routes"`
	// Middleware wraps selected routes; see httpapi.RouteMiddleware.
	Middleware []httpapi.RouteMiddleware `group:"route_middleware"`
	// Global runs for every request; see httpapi.Middleware.
	Global []httpapi.Middleware `group:"middleware"`
	// Errors receives recovered panics when the error bus is enabled.
	Errors errbus.Publisher `optional:"true"`
	// Config supplies http.max_body_bytes; without it the default limit
	// applies.
	Config *config.Config `optional:"true"`
}

// NewRouter validates p.Routes and mounts them. It refuses any route that
// declares no access mode (deny by default) and any duplicate method+path.
func NewRouter(p RouterParams) (*Router, error) {
	r := &Router{}
	routes := append(slices.Clone(p.Routes), r.routesRoute())
	if err := Validate(routes); err != nil {
		return nil, err
	}
	sortRoutes(routes)
	r.routes = routes

	for _, rt := range routes {
		if rt.Permission != "" && !slices.Contains(perm.All, rt.Permission) {
			p.Logger.Warn("route uses a permission missing from perm.All; regenerate pkg/perm",
				zap.String("method", rt.Method), zap.String("path", rt.Path),
				zap.Stringer("permission", rt.Permission))
		}
	}

	httpMetrics, err := newHTTPMetrics(p.Metrics)
	if err != nil {
		return nil, err
	}
	engine := gin.New()
	// A known path asked with a method it does not serve is 405 with an
	// Allow header (Gin sets it, listing the path's methods), not a 404
	// that would tell the client the resource does not exist.
	engine.HandleMethodNotAllowed = true
	if err := engine.SetTrustedProxies(nil); err != nil {
		return nil, fmt.Errorf("server: trusted proxies: %w", err)
	}
	engine.Use(recovery(p.Logger, p.Errors), requestID(p.Logger))
	// Features' middleware (tracing) after requestID and before accessLog,
	// which logs the request fields it adds.
	for _, mw := range sortGlobal(p.Global) {
		engine.Use(mw.Handler)
	}
	bodyMax := config.DefaultMaxBodyBytes
	if p.Config != nil {
		bodyMax = p.Config.HTTP.BodyLimit()
	}
	// The body limit after the access log and metrics, which so record
	// the 413s, and before anything reads a body.
	engine.Use(accessLog(), httpMetrics.middleware(), bodyLimit(bodyMax))
	engine.NoRoute(func(c *gin.Context) { httpapi.AbortNotFound(c, "route not found") })
	engine.NoMethod(func(c *gin.Context) {
		httpapi.AbortMethodNotAllowed(c, c.Request.Method, c.Writer.Header().Get("Allow"))
	})

	authn := internalauth.Middleware(p.Authn)
	mws := sortMiddleware(p.Middleware)
	for _, rt := range routes {
		if err := mount(engine, rt, chain(rt, authn, p.Authz, mws)); err != nil {
			return nil, err
		}
	}
	r.engine = engine
	return r, nil
}

// Validate checks every route for a handler, a well-formed path, exactly
// one access mode and a unique method+path.
func Validate(routes []httpapi.Route) error {
	seen := make(map[string]bool, len(routes))
	var errs []error
	for _, rt := range routes {
		key := rt.Method + " " + rt.Path
		if err := validateRoute(rt); err != nil {
			errs = append(errs, fmt.Errorf("route %s: %w", key, err))
		}
		if seen[key] {
			errs = append(errs, fmt.Errorf("route %s: registered more than once", key))
		}
		seen[key] = true
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("server: refusing to start:\n%w", err)
	}
	return nil
}

func validateRoute(rt httpapi.Route) error {
	modes := 0
	for _, set := range []bool{rt.Public, rt.Authenticated, rt.Permission != ""} {
		if set {
			modes++
		}
	}
	switch {
	case rt.Method == "" || strings.ToUpper(rt.Method) != rt.Method:
		return errors.New("method must be an upper-case HTTP method")
	case !strings.HasPrefix(rt.Path, "/"):
		return errors.New("path must start with /")
	case rt.Handler == nil:
		return errors.New("handler is nil")
	case modes == 0:
		return errors.New("no access mode: set Permission, Public or Authenticated (deny by default)")
	case modes > 1:
		return errors.New("ambiguous access mode: set only one of Permission, Public or Authenticated")
	case rt.Permission != "" && !rt.Permission.Valid():
		return fmt.Errorf("malformed permission %q", rt.Permission)
	}
	return nil
}

// chain returns the handlers guarding rt: the BeforeAuth route
// middlewares, the authenticator unless rt is public, the AfterAuth route
// middlewares, the permission check when rt has one, then the handler.
func chain(rt httpapi.Route, authn gin.HandlerFunc, az authz.Authorizer, mws []httpapi.RouteMiddleware) []gin.HandlerFunc {
	hs := stage(rt, mws, httpapi.BeforeAuth)
	if !rt.Public {
		hs = append(hs, authn)
	}
	hs = append(hs, stage(rt, mws, httpapi.AfterAuth)...)
	if rt.Permission != "" {
		hs = append(hs, authorize(az, rt.Permission))
	}
	return append(hs, rt.Handler)
}

// authorize rejects callers lacking p.
func authorize(az authz.Authorizer, p perm.Permission) gin.HandlerFunc {
	return func(c *gin.Context) {
		err := az.Authorize(c.Request.Context(), p)
		switch {
		case err == nil:
			c.Next()
		case errors.Is(err, authz.ErrUnauthenticated):
			httpapi.AbortUnauthorized(c, "authentication required")
		case errors.Is(err, authz.ErrForbidden):
			httpapi.AbortForbidden(c, "missing permission "+p.String())
		default:
			_ = c.Error(err)
			httpapi.AbortInternal(c)
		}
	}
}

// mount registers rt on engine, turning Gin's panics on conflicting
// wildcard paths into a startup error.
func mount(engine *gin.Engine, rt httpapi.Route, handlers []gin.HandlerFunc) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("server: mount route %s %s: %v", rt.Method, rt.Path, v)
		}
	}()
	engine.Handle(rt.Method, rt.Path, handlers...)
	return nil
}

func sortRoutes(routes []httpapi.Route) {
	slices.SortFunc(routes, func(a, b httpapi.Route) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Method, b.Method))
	})
}

// routesRoute lists the mounted routes. The server owns it because only the
// server sees the complete routes group.
func (r *Router) routesRoute() httpapi.Route {
	return httpapi.Route{
		Method:     http.MethodGet,
		Path:       "/api/v1/system/routes",
		Permission: perm.SystemRoutesRead,
		Summary:    "Mounted HTTP routes",
		Handler: func(c *gin.Context) {
			infos := make([]httpapi.RouteInfo, len(r.routes))
			for i, rt := range r.routes {
				infos[i] = rt.Info()
			}
			c.JSON(http.StatusOK, gin.H{"routes": infos})
		},
	}
}
