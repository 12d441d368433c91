package authz

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/fx"
	"go.uber.org/fx/fxtest"

	"example.com/saas/pkg/auth"
	"example.com/saas/pkg/authz"
	"example.com/saas/pkg/config"
	"example.com/saas/pkg/perm"
)

func init() {
	engines = append(engines, engine{"casbin", func(roles map[string][]string) (authz.Authorizer, error) {
		return NewCasbin("", roles, nil)
	}})
}

// TestCasbinModelMatchesShippedFile keeps config/casbin/model.conf, the
// documented starting point for a custom model, identical to the built-in.
func TestCasbinModelMatchesShippedFile(t *testing.T) {
	shipped, err := os.ReadFile(filepath.Join("..", "..", "config", "casbin", "model.conf"))
	require.NoError(t, err)
	assert.Equal(t, string(shipped), casbinModel)
}

func TestCasbinRoleInheritance(t *testing.T) {
	roles := map[string][]string{
		"viewer":  {"*.read"},
		"editor":  {"blog.*"},
		"manager": {"system.health.check"},
	}
	inherits := map[string][]string{
		"editor":  {"viewer"},
		"manager": {"editor", "editor"}, // duplicates are harmless
	}
	a, err := NewCasbin("", roles, inherits)
	require.NoError(t, err)

	tests := []struct {
		role string
		perm perm.Permission
		want error
	}{
		{"editor", perm.SystemModulesRead, nil},              // from viewer
		{"editor", perm.Permission("blog.post.delete"), nil}, // its own
		{"editor", perm.SystemHealthCheck, authz.ErrForbidden},
		{"manager", perm.SystemRoutesRead, nil},                             // viewer through editor
		{"manager", perm.Permission("blog.post.create"), nil},               // from editor
		{"viewer", perm.Permission("blog.post.delete"), authz.ErrForbidden}, // inheritance is one-way
	}
	for _, tc := range tests {
		ctx := auth.WithUser(context.Background(), auth.User{ID: "u", Roles: []string{tc.role}})
		err := a.Authorize(ctx, tc.perm)
		if tc.want == nil {
			assert.NoError(t, err, "%s %s", tc.role, tc.perm)
		} else {
			assert.ErrorIs(t, err, tc.want, "%s %s", tc.role, tc.perm)
		}
	}
}

func TestCasbinDuplicatePatterns(t *testing.T) {
	a, err := NewCasbin("", map[string][]string{"viewer": {"*.read", "*.read"}}, nil)
	require.NoError(t, err)
	ctx := auth.WithUser(context.Background(), auth.User{ID: "u", Roles: []string{"viewer"}})
	assert.NoError(t, a.Authorize(ctx, perm.Permission("blog.post.read")))
}

func TestCasbinCustomModelFile(t *testing.T) {
	// A stricter model: no inheritance and exact permissions only.
	custom := `
[request_definition]
r = sub, obj
[policy_definition]
p = sub, obj
[policy_effect]
e = some(where (p.eft == allow))
[matchers]
m = r.sub == p.sub && r.obj == p.obj
`
	path := filepath.Join(t.TempDir(), "model.conf")
	require.NoError(t, os.WriteFile(path, []byte(custom), 0o600))
	cfg := config.Authz{Roles: map[string][]string{"viewer": {"*.read", "blog.post.read"}}}
	cfg.Engine = config.AuthzEngineCasbin
	cfg.Casbin.ModelFile = path
	a, err := provideCasbin(cfg)
	require.NoError(t, err)
	ctx := auth.WithUser(context.Background(), auth.User{ID: "u", Roles: []string{"viewer"}})
	assert.NoError(t, a.Authorize(ctx, perm.Permission("blog.post.read")))
	assert.ErrorIs(t, a.Authorize(ctx, perm.SystemModulesRead), authz.ErrForbidden, "the custom model ignores wildcards")

	cfg.Casbin.ModelFile = filepath.Join(t.TempDir(), "missing.conf")
	_, err = provideCasbin(cfg)
	assert.ErrorContains(t, err, "read model")
	_, err = NewCasbin("[matchers]\nm = nonsense(", nil, nil)
	assert.ErrorContains(t, err, "casbin")
}

func TestProvideSelectsEngine(t *testing.T) {
	authorizer := func(cfg *config.Config) authz.Authorizer {
		var a authz.Authorizer
		fxtest.New(t, fx.Supply(cfg), Module, CasbinModule, fx.Populate(&a)).RequireStart().RequireStop()
		return a
	}
	cfg := &config.Config{Authz: config.Authz{Roles: defaultRoles()}}
	assert.IsType(t, &RoleAuthorizer{}, authorizer(cfg), "memory is the default")

	cfg.Authz.Engine = config.AuthzEngineCasbin
	assert.IsType(t, &CasbinAuthorizer{}, authorizer(cfg))
}

// TestCasbinConcurrentAuthorize is meant for -race: requests authorize in
// parallel.
func TestCasbinConcurrentAuthorize(t *testing.T) {
	a, err := NewCasbin("", defaultRoles(), nil)
	require.NoError(t, err)
	ctx := auth.WithUser(context.Background(), auth.User{ID: "u", Roles: []string{"viewer", "editor"}})
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				assert.NoError(t, a.Authorize(ctx, perm.Permission("blog.post.read")))
				assert.NoError(t, a.Authorize(ctx, perm.SystemRoutesRead))
			}
		})
	}
	wg.Wait()
}

// BenchmarkAuthorize compares the engines on a hit through the second role.
func BenchmarkAuthorize(b *testing.B) {
	for _, e := range engines {
		b.Run(e.name, func(b *testing.B) {
			a, err := e.new(defaultRoles())
			require.NoError(b, err)
			ctx := auth.WithUser(context.Background(), auth.User{ID: "u", Roles: []string{"viewer", "editor"}})
			b.ReportAllocs()
			for b.Loop() {
				if err := a.Authorize(ctx, perm.Permission("blog.post.delete")); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
