package config

import (
	"fmt"
	"net/url"
	"slices"
	"time"
)

// Auth modes accepted in Auth.Mode.
const (
	// AuthModeJWT verifies tokens with the auth.jwt settings.
	AuthModeJWT = "jwt"
	// AuthModeOIDC verifies tokens issued by the auth.oidc provider.
	AuthModeOIDC = "oidc"
)

// OIDCAlgorithms are the signing algorithms auth.oidc.allowed_algorithms may
// name. Only asymmetric ones: the keys come from a public JWKS, so an HMAC
// "key" would be public knowledge, and "none" is never acceptable.
var OIDCAlgorithms = AsymmetricAlgorithms

// OIDC configures bearer token verification against an OpenID Connect
// provider: its discovery document names the JWKS that signs the tokens.
type OIDC struct {
	// Issuer is the provider's issuer URL; it must equal the token's iss
	// claim and serves <issuer>/.well-known/openid-configuration.
	Issuer string `mapstructure:"issuer"`
	// Audience must appear in the token's aud claim: the client id for ID
	// tokens, or the API identifier the provider puts in access tokens.
	Audience string `mapstructure:"audience"`
	// RolesClaim names the claim listing the caller's roles. Dots descend
	// into objects, e.g. "realm_access.roles" for Keycloak.
	RolesClaim string `mapstructure:"roles_claim"`
	// TenantClaim names the claim holding the caller's tenant id; a token
	// without it has no tenant.
	TenantClaim string `mapstructure:"tenant_claim"`
	// AllowedAlgorithms restricts the accepted signing algorithms; empty
	// accepts what the provider advertises (asymmetric only), else RS256.
	AllowedAlgorithms []string `mapstructure:"allowed_algorithms"`
	// DiscoveryTimeout bounds fetching the discovery document and JWKS on
	// start, so an unreachable provider fails start instead of hanging it.
	DiscoveryTimeout time.Duration `mapstructure:"discovery_timeout"`
}

// validateOIDC checks auth.mode and, in oidc mode, the auth.oidc settings.
// An empty mode means jwt, so configurations written before auth.mode
// existed keep working; Validate checks auth.jwt unless the mode is oidc
// (usesJWT).
func (a Auth) validateOIDC(env string) []error {
	switch a.Mode {
	case "", AuthModeJWT:
		return nil
	case AuthModeOIDC:
		return a.OIDC.validate(env)
	default:
		return []error{fmt.Errorf("auth.mode: must be %s or %s, got %q", AuthModeJWT, AuthModeOIDC, a.Mode)}
	}
}

// validate checks the OIDC settings for the given environment.
func (o OIDC) validate(env string) []error {
	var errs []error
	u, err := url.Parse(o.Issuer)
	switch {
	case o.Issuer == "":
		errs = append(errs, fmt.Errorf("auth.oidc.issuer: must not be empty when auth.mode is %s", AuthModeOIDC))
	case err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http"):
		errs = append(errs, fmt.Errorf("auth.oidc.issuer: must be an absolute http(s) URL, got %q", o.Issuer))
	case u.Scheme == "http" && env != "development" && env != "test":
		// Discovery over plain HTTP lets anyone on the path substitute
		// their own signing keys.
		errs = append(errs, fmt.Errorf("auth.oidc.issuer: must use https in %q", env))
	}
	// Without an audience check, a token the provider minted for any other
	// client would be accepted here.
	if o.Audience == "" {
		errs = append(errs, fmt.Errorf("auth.oidc.audience: must not be empty"))
	}
	if o.RolesClaim == "" {
		errs = append(errs, fmt.Errorf("auth.oidc.roles_claim: must not be empty"))
	}
	for _, alg := range o.AllowedAlgorithms {
		if !slices.Contains(OIDCAlgorithms, alg) {
			errs = append(errs, fmt.Errorf("auth.oidc.allowed_algorithms: %q is not one of %v", alg, OIDCAlgorithms))
		}
	}
	if o.DiscoveryTimeout <= 0 {
		errs = append(errs, fmt.Errorf("auth.oidc.discovery_timeout: must be positive"))
	}
	return errs
}
