package config

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestValidateAuthzEngine(t *testing.T) {
	roles := map[string][]string{"viewer": {"*.read"}, "editor": {"blog.*"}}
	authz := func(engine string, inherits map[string][]string) Authz {
		return Authz{Roles: roles, AuthzFeatures: AuthzFeatures{Engine: engine, Casbin: Casbin{Inherits: inherits}}}
	}
	tests := map[string]struct {
		authz Authz
		want  string
	}{
		"default is memory":     {authz("", nil), ""},
		"memory":                {authz(AuthzEngineMemory, nil), ""},
		"casbin":                {authz(AuthzEngineCasbin, nil), ""},
		"casbin inherits":       {authz(AuthzEngineCasbin, map[string][]string{"editor": {"viewer"}}), ""},
		"inherits unknown role": {authz(AuthzEngineCasbin, map[string][]string{"editor": {"root"}}), `authz.casbin.inherits.editor: unknown role "root"`},
		"inherits with memory":  {authz("", map[string][]string{"editor": {"viewer"}}), "requires authz.engine casbin"},
		"unknown engine":        {authz("opa", nil), "authz.engine"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			errs := tc.authz.validateEngine()
			if tc.want == "" {
				assert.Empty(t, errs)
				return
			}
			require.Len(t, errs, 1)
			assert.Contains(t, errs[0].Error(), tc.want)
		})
	}
}

// TestShippedCasbinDefaults pins the authz.engine default of
// config/features.yaml, merged with authz.roles from config/default.yaml.
func TestShippedCasbinDefaults(t *testing.T) {
	t.Setenv(EnvEnvironment, "development")
	cfg, err := Load(filepath.Join("..", "..", "config"))
	require.NoError(t, err)
	assert.Equal(t, AuthzEngineMemory, cfg.Authz.Engine)
	assert.Empty(t, cfg.Authz.Casbin.ModelFile)
	assert.Empty(t, cfg.Authz.Casbin.Inherits)
	assert.Contains(t, cfg.Authz.Roles, "admin", "default.yaml's authz.roles survive the merge")
}
