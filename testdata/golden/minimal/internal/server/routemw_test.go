package server_test

import (
	"net/http"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/fx"

	"example.com/minimal/pkg/httpapi"
)

func TestRouteMiddlewareWrapsSelectedRoutesInOrder(t *testing.T) {
	var trace []string
	mw := func(name string, order int, only string) fx.Option {
		return fx.Provide(httpapi.AsRouteMiddleware(func() httpapi.RouteMiddleware {
			return httpapi.RouteMiddleware{Name: name, Order: order, Build: func(rt httpapi.Route) gin.HandlerFunc {
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
		return httpapi.Route{Method: http.MethodPost, Path: "/api/v1/wrapped", Permission: "blog.post.create",
			Handler: func(c *gin.Context) { trace = append(trace, "handler"); c.Status(http.StatusNoContent) }}
	}))
	p := start(t, testConfig(t), route,
		mw("b", 10, "/api/v1/wrapped"),
		mw("a", 10, "/api/v1/wrapped"),
		mw("outer", -5, "/api/v1/wrapped"),
		mw("elsewhere", 0, "/api/v1/other"),
	)

	rec := p.do(t, http.MethodPost, "/api/v1/wrapped", p.token(t, "admin"))
	require.Equal(t, http.StatusNoContent, rec.Code, rec.Body.String())
	assert.Equal(t, []string{
		"outer:before", "a:before", "b:before", "handler", "b:after", "a:after", "outer:after",
	}, trace)

	// Route middleware runs before authentication, so it sees rejections.
	trace = nil
	rec = p.do(t, http.MethodPost, "/api/v1/wrapped", "")
	require.Equal(t, http.StatusUnauthorized, rec.Code)
	assert.Equal(t, []string{"outer:before", "a:before", "b:before", "b:after", "a:after", "outer:after"}, trace)
}
