package server

import (
	"cmp"
	"slices"

	"github.com/gin-gonic/gin"

	"example.com/minimal/pkg/httpapi"
)

// withRouteMiddleware prepends the handlers the route middleware group
// builds for rt to handlers, in Order, then Name.
func withRouteMiddleware(rt httpapi.Route, mws []httpapi.RouteMiddleware, handlers []gin.HandlerFunc) []gin.HandlerFunc {
	if len(mws) == 0 {
		return handlers
	}
	sorted := slices.Clone(mws)
	slices.SortStableFunc(sorted, func(a, b httpapi.RouteMiddleware) int {
		return cmp.Or(cmp.Compare(a.Order, b.Order), cmp.Compare(a.Name, b.Name))
	})
	var chain []gin.HandlerFunc
	for _, mw := range sorted {
		if mw.Build == nil {
			continue
		}
		if h := mw.Build(rt); h != nil {
			chain = append(chain, h)
		}
	}
	return append(chain, handlers...)
}
