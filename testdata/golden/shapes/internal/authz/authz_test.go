package authz

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"example.com/shapes/pkg/auth"
	"example.com/shapes/pkg/authz"
	"example.com/shapes/pkg/perm"
)

// patternCases pins the wildcard grammar; every engine must agree with it.
var patternCases = []struct {
	pattern string
	perm    perm.Permission
	want    bool
}{
	{"*", "system.health.check", true},
	{"*", "blog.post.read", true},
	{"*.read", "blog.post.read", true},
	{"*.read", "system.modules.read", true},
	{"*.read", "system.health.check", false},
	{"*.read", "blog.post.reader", false},
	{"*.read", "read", false},
	{"blog.*", "blog.post.read", true},
	{"blog.*", "blog.comment.delete", true},
	{"blog.*", "blog", false},
	{"blog.*", "blogger.post.read", false},
	{"blog.post.*", "blog.post.read", true},
	{"blog.post.*", "blog.comment.read", false},
	{"blog.post.read", "blog.post.read", true},
	{"blog.post.read", "blog.post.write", false},
}

func TestPatternMatch(t *testing.T) {
	for _, tc := range patternCases {
		t.Run(tc.pattern+"~"+tc.perm.String(), func(t *testing.T) {
			p, err := perm.ParsePattern(tc.pattern)
			require.NoError(t, err)
			assert.Equal(t, tc.want, p.Match(tc.perm))
			assert.Equal(t, tc.pattern, p.String())
		})
	}
}

func TestParsePatternRejects(t *testing.T) {
	for _, s := range []string{"", "blog.*.read", "*.*", "**", "blog..read", "*.post.read", "blog*", ".read"} {
		t.Run(s, func(t *testing.T) {
			_, err := perm.ParsePattern(s)
			assert.Error(t, err)
		})
	}
}

func defaultRoles() map[string][]string {
	return map[string][]string{
		"admin":  {"*"},
		"viewer": {"*.read"},
		"editor": {"blog.*", "system.health.check"},
	}
}

// engine builds an authz.Authorizer from roles. The table-driven tests
// below run against every engine, so all of them grant exactly the same.
type engine struct {
	name string
	new  func(roles map[string][]string) (authz.Authorizer, error)
}

// engines lists the engines under test; other engines' test files append
// to it in init.
var engines = []engine{
	{"memory", func(roles map[string][]string) (authz.Authorizer, error) { return New(roles) }},
}

// forEachEngine runs f as a subtest per engine.
func forEachEngine(t *testing.T, f func(t *testing.T, e engine)) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) { f(t, e) })
	}
}

func TestAuthorize(t *testing.T) {
	forEachEngine(t, testAuthorize)
}

func testAuthorize(t *testing.T, e engine) {
	a, err := e.new(defaultRoles())
	require.NoError(t, err)

	tests := []struct {
		name  string
		roles []string
		perm  perm.Permission
		want  error
	}{
		{"admin any", []string{"admin"}, perm.SystemHealthCheck, nil},
		{"viewer read", []string{"viewer"}, perm.SystemModulesRead, nil},
		{"viewer check", []string{"viewer"}, perm.SystemHealthCheck, authz.ErrForbidden},
		{"editor module", []string{"editor"}, "blog.post.delete", nil},
		{"editor exact", []string{"editor"}, perm.SystemHealthCheck, nil},
		{"editor other", []string{"editor"}, perm.SystemRoutesRead, authz.ErrForbidden},
		{"second role", []string{"unknown", "viewer"}, perm.SystemRoutesRead, nil},
		{"unknown role", []string{"root"}, perm.SystemRoutesRead, authz.ErrForbidden},
		{"no roles", nil, perm.SystemRoutesRead, authz.ErrForbidden},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := auth.WithUser(context.Background(), auth.User{ID: "u", Roles: tc.roles})
			err := a.Authorize(ctx, tc.perm)
			if tc.want == nil {
				assert.NoError(t, err)
				return
			}
			assert.ErrorIs(t, err, tc.want)
		})
	}
}

// TestAuthorizePatterns grants each pattern of patternCases through a role
// and checks that every engine matches it as perm.Pattern does.
func TestAuthorizePatterns(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		for _, tc := range patternCases {
			a, err := e.new(map[string][]string{"r": {tc.pattern}})
			require.NoError(t, err)
			ctx := auth.WithUser(context.Background(), auth.User{ID: "u", Roles: []string{"r"}})
			err = a.Authorize(ctx, tc.perm)
			if tc.want {
				assert.NoError(t, err, "%s grants %s", tc.pattern, tc.perm)
			} else {
				assert.ErrorIs(t, err, authz.ErrForbidden, "%s denies %s", tc.pattern, tc.perm)
			}
		}
	})
}

func TestAuthorizeUnauthenticated(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		a, err := e.new(defaultRoles())
		require.NoError(t, err)
		assert.ErrorIs(t, a.Authorize(context.Background(), perm.SystemHealthCheck), authz.ErrUnauthenticated)
	})
}

func TestNewRejectsBadPattern(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		roles := map[string][]string{
			"broken": {"blog.*.read"},
		}
		_, err := e.new(roles)
		require.Error(t, err)
		assert.Contains(t, err.Error(), `role "broken"`)
	})
}

func TestAuthorizeDoesNotAllocate(t *testing.T) {
	a, err := New(defaultRoles())
	require.NoError(t, err)
	roles := []string{"viewer", "editor"}
	user := auth.User{ID: "u", Roles: roles}
	ctx := auth.WithUser(context.Background(), user)
	allocs := testing.AllocsPerRun(100, func() {
		_ = a.Authorize(ctx, "blog.post.read")
		_ = a.Authorize(ctx, perm.SystemRoutesRead)
	})
	assert.Zero(t, allocs)
}
