// Package tenant resolves the tenant of an HTTP request from the verified
// token's claim, a header or the subdomain, and puts it into the request
// context and the request logger.
package tenant

import (
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"

	"github.com/golang-jwt/jwt/v5"

	"example.com/saas/pkg/auth"
	"example.com/saas/pkg/tenant"
)

// platformClaim is the JSON name of auth.Claims.TenantID, the tenant claim
// of tokens the platform mints; it is read from the verified auth.User
// without touching the token again.
const platformClaim = "tenant_id"

// ClaimResolver reads the tenant from a claim of the caller's verified
// token. It yields nothing on requests without an authenticated user, so
// it must run after the authentication middleware.
type ClaimResolver struct {
	claim string
	authn auth.Authenticator
}

// NewClaimResolver returns a resolver for the named claim. authn verifies
// the bearer token again (a cache hit) before a claim other than the
// platform's tenant_id is read from it.
func NewClaimResolver(claim string, authn auth.Authenticator) *ClaimResolver {
	return &ClaimResolver{claim: claim, authn: authn}
}

// Resolve implements tenant.Resolver.
func (c *ClaimResolver) Resolve(r *http.Request) (string, error) {
	user, ok := auth.FromContext(r.Context())
	if !ok {
		return "", nil
	}
	if c.claim == platformClaim {
		return checked("claim "+c.claim, user.TenantID)
	}
	token, ok := bearerToken(r.Header.Get("Authorization"))
	if !ok {
		return "", nil
	}
	// Only a token that verifies and names the authenticated user is read:
	// the user may have been authenticated some other way, and an
	// unverified token must never choose the tenant.
	verified, err := c.authn.VerifyToken(r.Context(), token)
	if err != nil || verified.Subject != user.ID {
		return "", nil
	}
	claims := jwt.MapClaims{}
	if _, _, err := jwt.NewParser().ParseUnverified(token, claims); err != nil {
		return "", nil
	}
	v, ok := claims[c.claim]
	if !ok || v == nil {
		return "", nil
	}
	switch v := v.(type) {
	case string:
		return checked("claim "+c.claim, v)
	case float64:
		// JSON numbers decode as float64; accept whole numbers only.
		if v == float64(int64(v)) {
			return checked("claim "+c.claim, strconv.FormatInt(int64(v), 10))
		}
	}
	return "", fmt.Errorf("claim %s: %w: not a string", c.claim, tenant.ErrInvalid)
}

// HeaderResolver reads the tenant from a request header.
type HeaderResolver struct {
	name string
}

// NewHeaderResolver returns a resolver for the header name.
func NewHeaderResolver(name string) *HeaderResolver {
	return &HeaderResolver{name: http.CanonicalHeaderKey(name)}
}

// Resolve implements tenant.Resolver.
func (h *HeaderResolver) Resolve(r *http.Request) (string, error) {
	vs := r.Header.Values(h.name)
	switch len(vs) {
	case 0:
		return "", nil
	case 1:
		return checked("header "+h.name, strings.TrimSpace(vs[0]))
	default:
		return "", fmt.Errorf("header %s: %w: sent %d times", h.name, tenant.ErrInvalid, len(vs))
	}
}

// SubdomainResolver reads the tenant from the first label of the host
// below a base domain: acme.example.com is tenant "acme". Hosts outside the
// base domain, and the base domain itself, yield nothing.
type SubdomainResolver struct {
	suffix string // "." + base domain
}

// NewSubdomainResolver returns a resolver for subdomains of base.
func NewSubdomainResolver(base string) *SubdomainResolver {
	return &SubdomainResolver{suffix: "." + strings.ToLower(strings.Trim(base, "."))}
}

// Resolve implements tenant.Resolver.
func (s *SubdomainResolver) Resolve(r *http.Request) (string, error) {
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	// Host names are case-insensitive and may end in a root dot.
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	label, ok := strings.CutSuffix(host, s.suffix)
	if !ok || label == "" {
		return "", nil
	}
	if strings.Contains(label, ".") {
		return "", fmt.Errorf("subdomain: %w: %q is nested below the tenant's subdomain", tenant.ErrInvalid, label)
	}
	return checked("subdomain", label)
}

// checked returns id when it is empty or valid, and an error naming src
// otherwise.
func checked(src, id string) (string, error) {
	if id == "" {
		return "", nil
	}
	if err := tenant.Validate(id); err != nil {
		return "", fmt.Errorf("%s: %w", src, err)
	}
	return id, nil
}

// bearerToken extracts the token from an "Authorization: Bearer x" value.
func bearerToken(header string) (string, bool) {
	scheme, token, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}
