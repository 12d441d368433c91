package config

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// Tenant resolver names accepted in Tenancy.Resolvers.
const (
	// ResolverClaim reads the tenant from the verified token's claim.
	ResolverClaim = "claim"
	// ResolverHeader reads the tenant from a request header.
	ResolverHeader = "header"
	// ResolverSubdomain reads the tenant from the host's first label
	// below the base domain.
	ResolverSubdomain = "subdomain"
)

// Tenancy configures how the tenant of a request is resolved.
type Tenancy struct {
	// Resolvers lists the sources consulted, in order; the first that
	// yields a tenant wins. A tenant claim in the token always binds:
	// another source naming a different tenant is refused with 403.
	Resolvers []string `mapstructure:"resolvers"`
	// Required refuses tenant-scoped routes with 400 when no tenant is
	// resolved.
	Required bool `mapstructure:"required"`
	// Claim is the JWT claim holding the tenant id.
	Claim string `mapstructure:"claim"`
	// Header is the request header holding the tenant id.
	Header string `mapstructure:"header"`
	// BaseDomain is the domain tenants are subdomains of: with
	// "example.com", "acme.example.com" resolves to tenant "acme".
	BaseDomain string `mapstructure:"base_domain"`
	// SelectPermission is the platform-level permission (e.g.
	// "system.tenants.select") a caller whose token names no tenant must
	// hold to choose one with the header or subdomain. Empty, the
	// default, lets no one choose: such a request is refused with 403.
	SelectPermission string `mapstructure:"select_permission"`
	// AnonymousSelect lets the header or subdomain choose the tenant of
	// unauthenticated requests to public tenant-scoped routes (a public
	// site per tenant). Off by default.
	AnonymousSelect bool `mapstructure:"anonymous_select"`
}

// validate checks the resolver list and the settings each resolver needs.
func (t Tenancy) validate() []error {
	var errs []error
	known := []string{ResolverClaim, ResolverHeader, ResolverSubdomain}
	for i, name := range t.Resolvers {
		switch {
		case !slices.Contains(known, name):
			errs = append(errs, fmt.Errorf("tenancy.resolvers: unknown resolver %q, want one of %s", name, strings.Join(known, ", ")))
		case slices.Contains(t.Resolvers[:i], name):
			errs = append(errs, fmt.Errorf("tenancy.resolvers: %q listed more than once", name))
		}
	}
	if t.Required && len(t.Resolvers) == 0 {
		errs = append(errs, fmt.Errorf("tenancy.resolvers: tenancy.required needs at least one resolver"))
	}
	if slices.Contains(t.Resolvers, ResolverClaim) && t.Claim == "" {
		errs = append(errs, fmt.Errorf("tenancy.claim: must not be empty when the claim resolver is used"))
	}
	if slices.Contains(t.Resolvers, ResolverHeader) && !validHeaderName(t.Header) {
		errs = append(errs, fmt.Errorf("tenancy.header: must be a valid header name, got %q", t.Header))
	}
	if slices.Contains(t.Resolvers, ResolverSubdomain) {
		d := t.BaseDomain
		if d == "" || strings.HasPrefix(d, ".") || strings.HasSuffix(d, ".") || strings.ToLower(d) != d || strings.ContainsAny(d, ":/ ") {
			errs = append(errs, fmt.Errorf("tenancy.base_domain: the subdomain resolver needs a lower-case domain such as example.com, got %q", d))
		}
	}
	if p := t.SelectPermission; p != "" && !validPermission(p) {
		errs = append(errs, fmt.Errorf("tenancy.select_permission: must be a permission name such as system.tenants.select, got %q", p))
	}
	return errs
}

// validPermission reports whether p is a dotted permission name of
// non-empty segments without wildcards: it names one permission, not a
// pattern.
func validPermission(p string) bool {
	for seg := range strings.SplitSeq(p, ".") {
		if seg == "" || strings.Contains(seg, "*") {
			return false
		}
	}
	return strings.Contains(p, ".")
}

// validHeaderName reports whether name is a non-empty header name of
// letters, digits, '-' and '_' other than the headers that carry the
// credentials and the host, which the other resolvers read.
func validHeaderName(name string) bool {
	if name == "" {
		return false
	}
	for _, ch := range name {
		if ch != '-' && ch != '_' && (ch < '0' || ch > '9') && (ch < 'a' || ch > 'z') && (ch < 'A' || ch > 'Z') {
			return false
		}
	}
	canon := http.CanonicalHeaderKey(name)
	return canon != "Authorization" && canon != "Host"
}
