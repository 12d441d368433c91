// Package auth defines the authenticated caller and the token contract.
package auth

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
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

// UnmarshalJSON decodes a token's claims, refusing registered claims whose
// JSON type is not the one RFC 7519 gives them (CheckRegisteredClaimTypes):
// Go's decoder would otherwise read "exp": "99999999999" as a date.
func (c *Claims) UnmarshalJSON(data []byte) error {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil {
		return err
	}
	if err := CheckRegisteredClaimTypes(fields); err != nil {
		return err
	}
	type plain Claims // without this method
	return json.Unmarshal(data, (*plain)(c))
}

// CheckRegisteredClaimTypes reports the first registered claim of fields
// (a token's claims, undecoded) that does not have its registered type:
// exp, nbf and iat are NumericDates (JSON numbers), iss, sub and jti
// strings, and aud a string or an array of strings.
func CheckRegisteredClaimTypes(fields map[string]json.RawMessage) error {
	for _, name := range []string{"exp", "nbf", "iat"} {
		if v, ok := fields[name]; ok && !isJSONNumber(v) {
			return fmt.Errorf("claim %s must be a number (a NumericDate), got %s", name, kind(v))
		}
	}
	for _, name := range []string{"iss", "sub", "jti"} {
		if v, ok := fields[name]; ok && !isJSONString(v) {
			return fmt.Errorf("claim %s must be a string, got %s", name, kind(v))
		}
	}
	if v, ok := fields["aud"]; ok && !isJSONString(v) {
		var list []json.RawMessage
		if json.Unmarshal(v, &list) != nil {
			return fmt.Errorf("claim aud must be a string or an array of strings, got %s", kind(v))
		}
		for _, item := range list {
			if !isJSONString(item) {
				return fmt.Errorf("claim aud must be a string or an array of strings, got an array holding %s", kind(item))
			}
		}
	}
	return nil
}

// isJSONNumber reports whether v, a valid JSON value, is a number.
func isJSONNumber(v json.RawMessage) bool {
	v = bytes.TrimSpace(v)
	return len(v) > 0 && (v[0] == '-' || v[0] >= '0' && v[0] <= '9')
}

// isJSONString reports whether v, a valid JSON value, is a string.
func isJSONString(v json.RawMessage) bool {
	v = bytes.TrimSpace(v)
	return len(v) > 0 && v[0] == '"'
}

// kind names the JSON type of v for error messages.
func kind(v json.RawMessage) string {
	v = bytes.TrimSpace(v)
	switch {
	case isJSONString(v):
		return "a string"
	case isJSONNumber(v):
		return "a number"
	case len(v) > 0 && v[0] == '[':
		return "an array"
	case len(v) > 0 && v[0] == '{':
		return "an object"
	case bytes.Equal(v, []byte("null")):
		return "null"
	default:
		return "a boolean"
	}
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
