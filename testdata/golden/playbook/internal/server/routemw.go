package server

import (
	"cmp"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/yourorg/platform/pkg/httpapi"
)

// sortMiddleware orders mws by Stage, then Order, then Name, so a route's
// chain never depends on the order fx fills the group in.
func sortMiddleware(mws []httpapi.RouteMiddleware) []httpapi.RouteMiddleware {
	mws = slices.Clone(mws)
	slices.SortStableFunc(mws, func(a, b httpapi.RouteMiddleware) int {
		return cmp.Or(cmp.Compare(a.Stage, b.Stage), cmp.Compare(a.Order, b.Order), cmp.Compare(a.Name, b.Name))
	})
	return mws
}

// stage returns the handlers the middlewares of stage s build for rt.
func stage(rt httpapi.Route, mws []httpapi.RouteMiddleware, s httpapi.Stage) []gin.HandlerFunc {
	var hs []gin.HandlerFunc
	for _, mw := range mws {
		if mw.Stage != s || mw.For == nil {
			continue
		}
		if h := mw.For(rt); h != nil {
			hs = append(hs, h)
		}
	}
	return hs
}

// sortGlobal orders mws by Order, then Name.
func sortGlobal(mws []httpapi.Middleware) []httpapi.Middleware {
	mws = slices.Clone(mws)
	slices.SortStableFunc(mws, func(a, b httpapi.Middleware) int {
		return cmp.Or(cmp.Compare(a.Order, b.Order), cmp.Compare(a.Name, b.Name))
	})
	return mws
}
