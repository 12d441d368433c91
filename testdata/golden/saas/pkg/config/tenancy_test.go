package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const tenancyYAML = `
tenancy:
  resolvers: [claim, header]
  required: true
  claim: tenant_id
  header: X-Tenant-ID
  base_domain: ""
  select_permission: ""
  anonymous_select: false
`

func TestLoadTenancy(t *testing.T) {
	t.Setenv(EnvEnvironment, "")
	cfg, err := Load(writeConfig(t, map[string]string{"default.yaml": baseYAML + tenancyYAML}))
	require.NoError(t, err)
	assert.Equal(t, Tenancy{
		Resolvers: []string{ResolverClaim, ResolverHeader},
		Required:  true,
		Claim:     "tenant_id",
		Header:    "X-Tenant-ID",
	}, cfg.Tenancy)
}

func TestLoadTenancyFromEnvironment(t *testing.T) {
	t.Setenv(EnvEnvironment, "")
	t.Setenv("SAAS_TENANCY_RESOLVERS", "subdomain,claim")
	t.Setenv("SAAS_TENANCY_BASE_DOMAIN", "example.com")
	cfg, err := Load(writeConfig(t, map[string]string{"default.yaml": baseYAML + tenancyYAML}))
	require.NoError(t, err)
	assert.Equal(t, []string{ResolverSubdomain, ResolverClaim}, cfg.Tenancy.Resolvers)
	assert.Equal(t, "example.com", cfg.Tenancy.BaseDomain)
	assert.Empty(t, cfg.Tenancy.SelectPermission, "no one may choose a tenant by default")
	assert.False(t, cfg.Tenancy.AnonymousSelect)

	t.Setenv("SAAS_TENANCY_SELECT_PERMISSION", "system.tenants.select")
	cfg, err = Load(writeConfig(t, map[string]string{"default.yaml": baseYAML + tenancyYAML}))
	require.NoError(t, err)
	assert.Equal(t, "system.tenants.select", cfg.Tenancy.SelectPermission)
}

func TestValidateTenancy(t *testing.T) {
	valid := Tenancy{
		Resolvers:  []string{ResolverClaim, ResolverHeader, ResolverSubdomain},
		Required:   true,
		Claim:      "tenant_id",
		Header:     "X-Tenant-ID",
		BaseDomain: "example.com",
	}
	assert.Empty(t, valid.validate())
	assert.Empty(t, Tenancy{}.validate(), "tenancy off: nothing resolved, nothing required")

	for name, tc := range map[string]struct {
		edit func(*Tenancy)
		want string
	}{
		"unknown resolver":        {func(t *Tenancy) { t.Resolvers = []string{"cookie"} }, "unknown resolver"},
		"duplicate resolver":      {func(t *Tenancy) { t.Resolvers = []string{"header", "header"} }, "more than once"},
		"required without any":    {func(t *Tenancy) { t.Resolvers = nil }, "needs at least one resolver"},
		"empty claim":             {func(t *Tenancy) { t.Claim = "" }, "tenancy.claim"},
		"bad header":              {func(t *Tenancy) { t.Header = "X Tenant" }, "tenancy.header"},
		"authorization as header": {func(t *Tenancy) { t.Header = "authorization" }, "tenancy.header"},
		"empty base domain":       {func(t *Tenancy) { t.BaseDomain = "" }, "tenancy.base_domain"},
		"base domain with port":   {func(t *Tenancy) { t.BaseDomain = "example.com:8080" }, "tenancy.base_domain"},
		"leading dot":             {func(t *Tenancy) { t.BaseDomain = ".example.com" }, "tenancy.base_domain"},
		"select pattern":          {func(t *Tenancy) { t.SelectPermission = "system.*" }, "tenancy.select_permission"},
		"select one segment":      {func(t *Tenancy) { t.SelectPermission = "select" }, "tenancy.select_permission"},
	} {
		t.Run(name, func(t *testing.T) {
			c := valid
			c.Resolvers = append([]string(nil), valid.Resolvers...)
			tc.edit(&c)
			errs := c.validate()
			require.Len(t, errs, 1)
			assert.Contains(t, errs[0].Error(), tc.want)
		})
	}
}
