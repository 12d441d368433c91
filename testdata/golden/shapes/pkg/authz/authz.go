// Package authz defines permission checks for the authenticated caller.
package authz

import (
	"context"
	"errors"

	"example.com/shapes/pkg/perm"
)

// Sentinel errors returned by Authorizer.Authorize.
var (
	// ErrUnauthenticated means the context carries no authenticated user.
	ErrUnauthenticated = errors.New("unauthenticated")
	// ErrForbidden means the user lacks the permission.
	ErrForbidden = errors.New("forbidden")
)

// Authorizer decides whether the caller in ctx holds a permission.
type Authorizer interface {
	// Authorize returns nil when allowed, ErrUnauthenticated when ctx has
	// no user, and ErrForbidden when the user lacks p.
	Authorize(ctx context.Context, p perm.Permission) error
}
