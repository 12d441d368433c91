// Package httpapi is the contract between HTTP handlers and the server:
// modules contribute Route values to the "routes" fx group and the server
// mounts them behind authentication and authorization.
package httpapi

import (
	"github.com/gin-gonic/gin"
	"go.uber.org/fx"

	"github.com/yourorg/platform/pkg/perm"
)

// RoutesGroup is the fx value group that collects every Route.
const RoutesGroup = "routes"

// Route describes one HTTP endpoint and who may call it.
//
// Exactly one access mode must be chosen: Public, Authenticated or a
// Permission. A route with none is rejected at startup (deny by default).
type Route struct {
	// Method is the HTTP method, e.g. http.MethodGet.
	Method string
	// Path is the Gin path template, e.g. "/api/v1/posts/:id".
	Path string
	// Permission, when set, must be granted to the caller.
	Permission perm.Permission
	// Public routes skip authentication entirely.
	Public bool
	// Authenticated routes require a valid token but no permission.
	Authenticated bool
	// TenantScoped routes serve tenant-owned data: with the tenancy
	// feature and tenancy.required they are refused without a resolved
	// tenant. Without the feature it has no effect; it is always declared
	// so enabling the feature later needs no change to this file.
	TenantScoped bool
	// Summary is a one-line description shown in route listings.
	Summary string
	// Handler serves the request.
	Handler gin.HandlerFunc
}

// Access describes the route's access mode for listings: "public",
// "authenticated", the permission name, or "" when none is set.
func (r Route) Access() string {
	switch {
	case r.Public:
		return "public"
	case r.Permission != "":
		return r.Permission.String()
	case r.Authenticated:
		return "authenticated"
	default:
		return ""
	}
}

// AsRoute annotates a constructor returning a Route so its result joins the
// routes group: fx.Provide(httpapi.AsRoute(newHandler)).
func AsRoute(constructor any) any {
	return fx.Annotate(constructor, fx.ResultTags(`group:"`+RoutesGroup+`"`))
}

// AsRoutes annotates a constructor returning []Route so each element joins
// the routes group: fx.Provide(httpapi.AsRoutes(newRoutes)).
func AsRoutes(constructor any) any {
	return fx.Annotate(constructor, fx.ResultTags(`group:"`+RoutesGroup+`,flatten"`))
}

// RouteInfo is the serialisable description of a mounted Route.
type RouteInfo struct {
	Method     string `json:"method"`
	Path       string `json:"path"`
	Permission string `json:"permission,omitempty"`
	Public     bool   `json:"public"`
	Access     string `json:"access"`
	Summary    string `json:"summary,omitempty"`
}

// Info returns the serialisable description of r.
func (r Route) Info() RouteInfo {
	return RouteInfo{
		Method:     r.Method,
		Path:       r.Path,
		Permission: r.Permission.String(),
		Public:     r.Public,
		Access:     r.Access(),
		Summary:    r.Summary,
	}
}
