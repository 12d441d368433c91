package tenant

import (
	"fmt"
	"net/http"

	"example.com/saas/pkg/auth"
	"example.com/saas/pkg/authz"
	"example.com/saas/pkg/config"
	"example.com/saas/pkg/perm"
	"example.com/saas/pkg/tenant"
)

// source is a resolver with the name used in config and errors.
type source struct {
	name string
	tenant.Resolver
}

// Chain is the configured tenant.Resolver: it consults the resolvers of
// tenancy.resolvers in order and returns the first tenant found.
//
// A tenant bound to the caller's token (the tenancy.claim claim, or the
// platform's tenant_id claim) is a constraint, not just a source: any
// source naming a different tenant makes Resolve fail with
// tenant.ErrConflict, so a user cannot switch tenants with a header or a
// host name. A caller whose token has no tenant may choose one with the
// header or subdomain only when the configuration allows it: an
// authenticated caller holding tenancy.select_permission, an
// unauthenticated one (public routes) when tenancy.anonymous_select is set.
// Anyone else naming a tenant that way makes Resolve fail with
// tenant.ErrNotAllowed; by default no one may choose.
type Chain struct {
	sources []source
	// claim reads the token's tenant for the binding check even when the
	// claim resolver is not a listed source; nil when tenancy.claim is "".
	claim tenant.Resolver
	// selectPerm, when not "", lets its holders choose the tenant.
	selectPerm perm.Permission
	az         authz.Authorizer
	anonymous  bool
}

var _ tenant.Resolver = (*Chain)(nil)

// NewChain builds the chain described by cfg. az checks
// tenancy.select_permission; it may be nil when that is empty.
func NewChain(cfg config.Tenancy, authn auth.Authenticator, az authz.Authorizer) (*Chain, error) {
	c := &Chain{selectPerm: perm.Permission(cfg.SelectPermission), az: az, anonymous: cfg.AnonymousSelect}
	if c.selectPerm != "" && (!c.selectPerm.Valid() || az == nil) {
		return nil, fmt.Errorf("tenant: tenancy.select_permission %q needs a valid permission name and an authorizer", cfg.SelectPermission)
	}
	if cfg.Claim != "" {
		c.claim = NewClaimResolver(cfg.Claim, authn)
	}
	for _, name := range cfg.Resolvers {
		var r tenant.Resolver
		switch name {
		case config.ResolverClaim:
			if c.claim == nil {
				return nil, fmt.Errorf("tenant: the claim resolver needs tenancy.claim")
			}
			r = c.claim
		case config.ResolverHeader:
			if cfg.Header == "" {
				return nil, fmt.Errorf("tenant: the header resolver needs tenancy.header")
			}
			r = NewHeaderResolver(cfg.Header)
		case config.ResolverSubdomain:
			if cfg.BaseDomain == "" {
				return nil, fmt.Errorf("tenant: the subdomain resolver needs tenancy.base_domain")
			}
			r = NewSubdomainResolver(cfg.BaseDomain)
		default:
			return nil, fmt.Errorf("tenant: unknown resolver %q", name)
		}
		c.sources = append(c.sources, source{name: name, Resolver: r})
	}
	return c, nil
}

// Resolve returns the request's tenant, or "" when no source names one. It
// fails with tenant.ErrInvalid for a malformed tenant id and with
// tenant.ErrConflict when a source contradicts the token's tenant.
func (c *Chain) Resolve(r *http.Request) (string, error) {
	bound, err := c.bound(r)
	if err != nil {
		return "", err
	}
	var found string
	// Every source is consulted, not only up to the first hit, so a
	// contradicting header is refused even when the claim comes first.
	for _, s := range c.sources {
		id, err := s.Resolve(r)
		if err != nil {
			return "", fmt.Errorf("tenant resolver %s: %w", s.name, err)
		}
		if id == "" {
			continue
		}
		if bound != "" && id != bound {
			return "", fmt.Errorf("tenant resolver %s: %w", s.name, tenant.ErrConflict)
		}
		if bound == "" && s.name != config.ResolverClaim && !c.mayChoose(r) {
			return "", fmt.Errorf("tenant resolver %s: %w", s.name, tenant.ErrNotAllowed)
		}
		if found == "" {
			found = id
		}
	}
	return found, nil
}

// mayChoose reports whether the caller of r, whose token names no tenant,
// may choose one with the header or subdomain.
func (c *Chain) mayChoose(r *http.Request) bool {
	if _, ok := auth.FromContext(r.Context()); !ok {
		return c.anonymous
	}
	return c.selectPerm != "" && c.az.Authorize(r.Context(), c.selectPerm) == nil
}

// bound returns the tenant the caller's token is bound to, or "".
func (c *Chain) bound(r *http.Request) (string, error) {
	user, _ := auth.FromContext(r.Context())
	if c.claim == nil {
		return user.TenantID, nil
	}
	id, err := c.claim.Resolve(r)
	if err != nil {
		return "", fmt.Errorf("tenant resolver %s: %w", config.ResolverClaim, err)
	}
	// A token naming two tenants, in tenancy.claim and in tenant_id,
	// binds to neither.
	if id != "" && user.TenantID != "" && id != user.TenantID {
		return "", fmt.Errorf("tenant resolver %s: %w: claims %s and %s disagree", config.ResolverClaim, tenant.ErrConflict, platformClaim, "tenancy.claim")
	}
	if id == "" {
		id = user.TenantID
	}
	return id, nil
}
