// Package handler implements the deploys module's HTTP API: one method of
// api.StrictServerInterface per operation, one file per operation.
//
// goplt created these files once; they are yours. Only services.gen.go is
// regenerated, so adding an entity never requires editing Handler.
package handler

import "example.com/shapes/modules/deploys/api"

// Handler serves every operation of the module's OpenAPI document.
type Handler struct {
	Services
}

// New returns the module's Handler over s, which NewServices builds.
func New(s Services) *Handler {
	return &Handler{Services: s}
}

// The compiler checks that every operation of api/openapi.yaml has a method.
var _ api.StrictServerInterface = (*Handler)(nil)
