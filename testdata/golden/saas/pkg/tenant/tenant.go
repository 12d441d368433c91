// Package tenant carries the tenant a request acts in through a context and
// defines how a tenant is resolved from an HTTP request.
//
// Tenant-scoped data (Ent entities with the tenant mixin) is filtered by the
// tenant in the context and refuses to run without one: code that has no
// tenant, such as a system job, must say so explicitly with WithBypass.
package tenant

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"example.com/saas/pkg/httpapi"
)

// MaxLen is the longest tenant id accepted.
const MaxLen = 64

// Errors returned (wrapped) by resolvers and by tenant-scoped data access.
var (
	// ErrMissing means a tenant was required but none was resolved or
	// stored in the context. It wraps httpapi.ErrBadRequest so a handler
	// that returns it unchanged answers 400.
	ErrMissing = fmt.Errorf("%w: tenant required", httpapi.ErrBadRequest)
	// ErrInvalid means a source supplied a malformed tenant id.
	ErrInvalid = errors.New("invalid tenant id")
	// ErrConflict means a source named a tenant other than the one the
	// caller's token is bound to.
	ErrConflict = errors.New("tenant conflicts with the token's tenant")
	// ErrNotAllowed means a header or subdomain named a tenant for a
	// caller the configuration does not let choose one
	// (tenancy.select_permission, tenancy.anonymous_select).
	ErrNotAllowed = errors.New("caller may not choose the tenant")
)

// Resolver extracts the tenant id from a request. It returns "" and a nil
// error when its source carries no tenant, and an error wrapping ErrInvalid
// when the source carries a malformed one.
type Resolver interface {
	Resolve(r *http.Request) (string, error)
}

// ResolverFunc adapts a function to Resolver.
type ResolverFunc func(r *http.Request) (string, error)

// Resolve calls f(r).
func (f ResolverFunc) Resolve(r *http.Request) (string, error) { return f(r) }

type (
	tenantKey struct{}
	bypassKey struct{}
)

// WithTenant returns a copy of ctx acting in tenant id.
func WithTenant(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, tenantKey{}, id)
}

// FromContext returns the tenant stored in ctx; ok is false when there is
// none.
func FromContext(ctx context.Context) (id string, ok bool) {
	id, _ = ctx.Value(tenantKey{}).(string)
	return id, id != ""
}

// WithBypass returns a copy of ctx that may read and write the rows of every
// tenant. Only trusted code with no tenant of its own, such as migrations,
// system jobs and test fixtures, may use it; never derive it from a request.
// A tenant stored in the same context still takes precedence.
func WithBypass(ctx context.Context) context.Context {
	return context.WithValue(ctx, bypassKey{}, true)
}

// Bypassed reports whether ctx was made by WithBypass.
func Bypassed(ctx context.Context) bool {
	b, _ := ctx.Value(bypassKey{}).(bool)
	return b
}

// Scope tells tenant-scoped data access what to do for ctx: filter by id
// when ctx carries a tenant, skip filtering (all is true) when it carries
// only a bypass, and fail closed with ErrMissing otherwise.
func Scope(ctx context.Context) (id string, all bool, err error) {
	if id, ok := FromContext(ctx); ok {
		return id, false, nil
	}
	if Bypassed(ctx) {
		return "", true, nil
	}
	return "", false, ErrMissing
}

// Validate checks that id is a well-formed tenant id: 1 to MaxLen ASCII
// letters, digits, '-', '_' or '.', starting with a letter or digit. Ids
// come from headers and host names, so this keeps control characters and
// huge values out of logs and queries.
func Validate(id string) error {
	if id == "" || len(id) > MaxLen {
		return fmt.Errorf("%w: must be 1 to %d characters", ErrInvalid, MaxLen)
	}
	for i := 0; i < len(id); i++ {
		ch := id[i]
		switch {
		case ch >= 'a' && ch <= 'z', ch >= 'A' && ch <= 'Z', ch >= '0' && ch <= '9':
		case i > 0 && (ch == '-' || ch == '_' || ch == '.'):
		default:
			return fmt.Errorf("%w: %q has a character other than letters, digits, '-', '_' or '.'", ErrInvalid, id)
		}
	}
	return nil
}
