package server_test

import (
	"net/http"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/fx"

	"example.com/shapes/pkg/httpapi"
)

func TestRouteMiddlewareWrapsSelectedRoutesByStageAndOrder(t *testing.T) {
	var trace []string
	mw := func(name string, stage httpapi.Stage, order int, only string) fx.Option {
		return fx.Provide(httpapi.AsRouteMiddleware(func() httpapi.RouteMiddleware {
			return httpapi.RouteMiddleware{Name: name, Stage: stage, Order: order, For: func(rt httpapi.Route) gin.HandlerFunc {
				if rt.Path != only {
					return nil
				}
				return func(c *gin.Context) {
					trace = append(trace, name+":before")
					c.Next()
					trace = append(trace, name+":after")
				}
			}}
		}))
	}
	route := fx.Provide(httpapi.AsRoute(func() httpapi.Route {
		return httpapi.Route{Method: http.MethodPost, Path: "/api/v1/wrapped", Permission: "system.routes.read",
			Handler: func(c *gin.Context) { trace = append(trace, "handler"); c.Status(http.StatusNoContent) }}
	}))
	p := start(t, testConfig(t), route,
		mw("inner", httpapi.AfterAuth, -100, "/api/v1/wrapped"),
		mw("b", httpapi.BeforeAuth, 10, "/api/v1/wrapped"),
		mw("a", httpapi.BeforeAuth, 10, "/api/v1/wrapped"),
		mw("outer", httpapi.BeforeAuth, -5, "/api/v1/wrapped"),
		mw("elsewhere", httpapi.BeforeAuth, 0, "/api/v1/other"),
	)

	rec := p.do(t, http.MethodPost, "/api/v1/wrapped", p.token(t, "admin"))
	require.Equal(t, http.StatusNoContent, rec.Code, rec.Body.String())
	assert.Equal(t, []string{
		"outer:before", "a:before", "b:before", "inner:before", "handler",
		"inner:after", "b:after", "a:after", "outer:after",
	}, trace)

	// BeforeAuth middleware sees requests authentication refuses; AfterAuth
	// middleware never runs for them.
	trace = nil
	rec = p.do(t, http.MethodPost, "/api/v1/wrapped", "")
	require.Equal(t, http.StatusUnauthorized, rec.Code)
	assert.Equal(t, []string{"outer:before", "a:before", "b:before", "b:after", "a:after", "outer:after"}, trace)
}
