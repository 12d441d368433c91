package config

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLoadOIDC(t *testing.T) {
	t.Setenv(EnvEnvironment, "")
	overlay := `
auth:
  mode: oidc
  jwt:
    secret: ""
  oidc:
    issuer: https://idp.example.com/realms/saas
    audience: saas-api
    roles_claim: realm_access.roles
    tenant_claim: tenant
    allowed_algorithms: [RS256, ES256]
    discovery_timeout: 3s
`
	cfg, err := Load(writeConfig(t, map[string]string{"default.yaml": baseYAML, "development.yaml": overlay}))
	require.NoError(t, err, "auth.jwt is not checked in oidc mode")
	assert.Equal(t, AuthModeOIDC, cfg.Auth.Mode)
	assert.Equal(t, OIDC{
		Issuer:            "https://idp.example.com/realms/saas",
		Audience:          "saas-api",
		RolesClaim:        "realm_access.roles",
		TenantClaim:       "tenant",
		AllowedAlgorithms: []string{"RS256", "ES256"},
		DiscoveryTimeout:  3 * time.Second,
	}, cfg.Auth.OIDC)
}

func TestValidateOIDC(t *testing.T) {
	valid := OIDC{Issuer: "https://idp.example.com", Audience: "api", RolesClaim: "roles", DiscoveryTimeout: time.Second}
	tests := map[string]struct {
		edit func(*Auth)
		env  string
		want string
	}{
		"valid":             {func(*Auth) {}, "production", ""},
		"unknown mode":      {func(a *Auth) { a.Mode = "saml" }, "production", "auth.mode"},
		"no issuer":         {func(a *Auth) { a.OIDC.Issuer = "" }, "production", "auth.oidc.issuer"},
		"relative issuer":   {func(a *Auth) { a.OIDC.Issuer = "idp.example.com" }, "production", "auth.oidc.issuer"},
		"http in prod":      {func(a *Auth) { a.OIDC.Issuer = "http://idp.example.com" }, "production", "https"},
		"http in test":      {func(a *Auth) { a.OIDC.Issuer = "http://127.0.0.1:9999" }, "test", ""},
		"no audience":       {func(a *Auth) { a.OIDC.Audience = "" }, "production", "auth.oidc.audience"},
		"no roles claim":    {func(a *Auth) { a.OIDC.RolesClaim = "" }, "production", "auth.oidc.roles_claim"},
		"symmetric alg":     {func(a *Auth) { a.OIDC.AllowedAlgorithms = []string{"HS256"} }, "production", "allowed_algorithms"},
		"alg none":          {func(a *Auth) { a.OIDC.AllowedAlgorithms = []string{"none"} }, "production", "allowed_algorithms"},
		"no timeout":        {func(a *Auth) { a.OIDC.DiscoveryTimeout = 0 }, "production", "discovery_timeout"},
		"jwt mode ignores":  {func(a *Auth) { a.Mode = AuthModeJWT; a.OIDC = OIDC{} }, "production", ""},
		"empty mode is jwt": {func(a *Auth) { a.Mode = ""; a.OIDC = OIDC{} }, "production", ""},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			a := Auth{AuthFeatures: AuthFeatures{Mode: AuthModeOIDC, OIDC: valid}}
			tc.edit(&a)
			errs := a.validateOIDC(tc.env)
			if tc.want == "" {
				assert.Empty(t, errs)
				return
			}
			require.NotEmpty(t, errs)
			assert.Contains(t, errs[0].Error(), tc.want)
		})
	}
}

// TestShippedOIDCDefaults pins the auth.mode and auth.oidc defaults of
// config/features.yaml, merged with auth.jwt from config/default.yaml.
func TestShippedOIDCDefaults(t *testing.T) {
	t.Setenv(EnvEnvironment, "development")
	cfg, err := Load(filepath.Join("..", "..", "config"))
	require.NoError(t, err)
	assert.Equal(t, AuthModeJWT, cfg.Auth.Mode)
	assert.Equal(t, "roles", cfg.Auth.OIDC.RolesClaim)
	assert.Equal(t, "tenant_id", cfg.Auth.OIDC.TenantClaim)
	assert.Equal(t, 10*time.Second, cfg.Auth.OIDC.DiscoveryTimeout)
	assert.Equal(t, AlgHS256, cfg.Auth.JWT.Algorithm, "default.yaml's auth.jwt survives the merge")
}
