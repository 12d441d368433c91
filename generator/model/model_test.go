package model

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goplt/goplt/generator/spec"
)

func TestProject_EnvPrefix(t *testing.T) {
	for name, want := range map[string]string{"acme": "ACME", "my-app": "MY_APP", "app2": "APP2"} {
		assert.Equal(t, want, (&Project{Name: name}).EnvPrefix(), name)
	}
}

func TestProject_Title(t *testing.T) {
	assert.Equal(t, "My App", (&Project{Name: "my-app"}).Title())
	assert.Equal(t, "Acme", (&Project{Name: "acme"}).Title())
}

func TestPermission_Const(t *testing.T) {
	assert.Equal(t, "BlogPostCreate", Permission{Value: "blog.post.create"}.Const())
	assert.Equal(t, "BlogPostTagRead", Permission{Value: "blog.post_tag.read"}.Const())
}

func TestNew_HasSortedCorePermissions(t *testing.T) {
	p := New(spec.NewProject("acme", "example.com/acme"))
	var got []string
	for _, perm := range p.Permissions {
		got = append(got, perm.Value)
	}
	assert.Equal(t, []string{"system.health.check", "system.modules.read", "system.routes.read"}, got)
	assert.Equal(t, "sqlite", p.Database)
}

func TestNew_SetsEveryFeatureFlag(t *testing.T) {
	p := spec.NewProject("acme", "example.com/acme")
	p.Features = spec.FeatureNames()
	f := New(p).Features
	assert.Equal(t, Features{Names: spec.FeatureNames(), Audit: true, Events: true, Jobs: true, Notifications: true,
		Errors: true, Tenancy: true, OIDC: true, Casbin: true, Tracing: true}, f)
	assert.Equal(t, Features{}, New(spec.NewProject("acme", "example.com/acme")).Features)
}

func TestNew_SplitsStaticAndPluginModules(t *testing.T) {
	p := spec.NewProject("acme", "example.com/acme")
	p.Plugins = []string{"blog", "wiki"} // wiki is not a module yet
	proj := New(p, &spec.Module{Name: "notes", Version: "0.1.0"}, &spec.Module{Name: "blog", Version: "0.1.0"})

	names := func(ms []*Module) []string {
		var out []string
		for _, m := range ms {
			out = append(out, m.Name)
		}
		return out
	}
	assert.Equal(t, []string{"notes"}, names(proj.StaticModules()))
	assert.Equal(t, []string{"blog"}, names(proj.Plugins()))
	assert.True(t, proj.ListsPlugins())
	assert.Equal(t, []string{"blog", "wiki"}, proj.PluginNames)

	none := New(spec.NewProject("acme", "example.com/acme"), &spec.Module{Name: "notes", Version: "0.1.0"})
	assert.False(t, none.ListsPlugins())
	assert.Empty(t, none.Plugins())
	assert.Len(t, none.StaticModules(), 1)
}

// TestCoreRoutes_MatchSpecKernelRoutes keeps the kernel routes spec checks
// module routes against equal to the ones the platform serves.
func TestCoreRoutes_MatchSpecKernelRoutes(t *testing.T) {
	var got []spec.KernelRoute
	for _, r := range CoreRoutes {
		got = append(got, spec.KernelRoute{Method: r.Method, Path: r.Path})
	}
	assert.Equal(t, spec.KernelRoutes, got)
}

// TestPermissionConst_MatchesSpec: spec refuses two permissions with one
// constant by computing it the way Const does.
func TestPermissionConst_MatchesSpec(t *testing.T) {
	src := "name: blog\nversion: 0.1.0\npermissions: [blog.post_tag.read, blog.post.tag_read]\n"
	_, err := spec.ParseModule("module.yaml", []byte(src))
	require.ErrorContains(t, err, "perm."+Permission{Value: "blog.post_tag.read"}.Const())
}
