// Package auth defines the authenticated caller and the token contract.
package auth

import (
	"context"
	"errors"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// ErrInvalidToken is returned (wrapped) for every token that fails
// verification; the wrapped cause is for logs only.
var ErrInvalidToken = errors.New("invalid token")

// ErrSigningUnsupported is returned by GenerateToken when the configured
// algorithm has no signing key available (RS256 only verifies).
var ErrSigningUnsupported = errors.New("token signing not supported with this configuration")

// Claims are the JWT claims understood by the platform.
type Claims struct {
	jwt.RegisteredClaims
	// Roles lists the caller's role names.
	Roles []string `json:"roles"`
	// TenantID scopes the caller to a tenant; empty for platform users.
	TenantID string `json:"tenant_id"`
}

// User is the authenticated caller of a request.
type User struct {
	// ID is the token subject.
	ID string
	// Roles lists the caller's role names.
	Roles []string
	// TenantID is the caller's tenant, if any.
	TenantID string
}

// UserFromClaims builds the User described by verified claims.
func UserFromClaims(c *Claims) User {
	return User{ID: c.Subject, Roles: c.Roles, TenantID: c.TenantID}
}

// Authenticator mints and verifies bearer tokens.
type Authenticator interface {
	// GenerateToken signs a token for userID valid for ttl.
	GenerateToken(userID string, roles []string, tenantID string, ttl time.Duration) (string, error)
	// VerifyToken parses and validates token, returning its claims.
	VerifyToken(ctx context.Context, token string) (*Claims, error)
}

type userKey struct{}

// WithUser returns a copy of ctx carrying u.
func WithUser(ctx context.Context, u User) context.Context {
	return context.WithValue(ctx, userKey{}, u)
}

// FromContext returns the authenticated user stored in ctx.
func FromContext(ctx context.Context) (User, bool) {
	u, ok := ctx.Value(userKey{}).(User)
	return u, ok
}
