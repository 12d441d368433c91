package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAddModule_RefusesBadNames(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "acme")
	code, _, stderr := goplt(t, "", "init", dir, "--module", "example.com/acme")
	require.Equal(t, 0, code, stderr)
	for name, want := range map[string]string{
		"func":    "Go keyword",
		"a/b":     "not valid",
		"Blog":    "not valid",
		"auth":    "package of the platform kernel",
		"core":    "reserved",
		"modules": "reserved",
	} {
		code, _, stderr := goplt(t, dir, "add", "module", name)
		assert.Equal(t, exitUsage, code, name)
		assert.Contains(t, stderr, want, name)
	}
	assert.NoDirExists(t, filepath.Join(dir, "modules"))
}

func TestAddModule_BadEntityFlagSaysTheFormat(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "acme")
	code, _, stderr := goplt(t, "", "init", dir, "--module", "example.com/acme")
	require.Equal(t, 0, code, stderr)
	code, _, stderr = goplt(t, dir, "add", "module", "blog", "--entity", "post")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "ENTITY:FIELD:TYPE")
	code, _, stderr = goplt(t, dir, "add", "module", "blog", "--entity", "post:title:strin")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "modules/blog/module.yaml")
	assert.NoDirExists(t, filepath.Join(dir, "modules"))
}

func TestAddModule_ScaffoldsAndWiresTheModule(t *testing.T) {
	if testing.Short() {
		t.Skip("runs entc; skipped with -short")
	}
	dir := filepath.Join(t.TempDir(), "acme")
	code, _, stderr := goplt(t, "", "init", dir, "--module", "example.com/acme")
	require.Equal(t, 0, code, stderr)
	code, _, stderr = goplt(t, dir, "add", "module", "blog", "--entity", "post:title:string!,body:text")
	require.Equal(t, 0, code, stderr)
	for _, f := range []string{
		"modules/blog/module.yaml", "modules/blog/go.mod", "modules/blog/module.go",
		"modules/blog/api/openapi.yaml", "modules/blog/api/api.gen.go", "modules/blog/api/routes.gen.go",
		"modules/blog/ent/client.go", "modules/blog/ent/schema/post.gen.go", "modules/blog/ent/schema/post.go",
		"modules/blog/internal/handler/create_post.go", "modules/blog/internal/service/post.go",
	} {
		assert.FileExists(t, filepath.Join(dir, f))
	}
	spec, err := os.ReadFile(filepath.Join(dir, "modules/blog/module.yaml"))
	require.NoError(t, err)
	assert.Contains(t, string(spec), "- {name: title, type: string, required: true}")
	assert.Contains(t, string(spec), "path: /api/v1/blog/posts/:id, permission: blog.post.delete")
	gomod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	require.NoError(t, err)
	assert.Contains(t, string(gomod), "replace example.com/acme/modules/blog => ./modules/blog")
	perms, err := os.ReadFile(filepath.Join(dir, "pkg/perm/perm.go"))
	require.NoError(t, err)
	assert.Contains(t, string(perms), `BlogPostCreate Permission = "blog.post.create"`)

	code, _, stderr = goplt(t, dir, "add", "module", "blog")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "already exists")

	code, _, stderr = goplt(t, dir, "gen", "--check")
	assert.Equal(t, 0, code, "a fresh module is not stale: %s", stderr)

	// A module.yaml edit makes the generated files stale until goplt gen.
	yamlPath := filepath.Join(dir, "modules/blog/module.yaml")
	f, err := os.OpenFile(yamlPath, os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.WriteString("  - {method: GET, path: /api/v1/blog/ping, public: true, summary: Liveness of the blog}\n")
	require.NoError(t, err)
	require.NoError(t, f.Close())
	code, stdout, _ := goplt(t, filepath.Join(dir, "modules", "blog"), "gen", "--check")
	assert.Equal(t, exitDrift, code)
	assert.Contains(t, stdout, "update    modules/blog/api/routes.gen.go")
	assert.Contains(t, stdout, "create    modules/blog/internal/handler/get_blog_ping.go")
	assert.NoFileExists(t, filepath.Join(dir, "modules/blog/internal/handler/get_blog_ping.go"), "--check writes nothing")
	code, _, stderr = goplt(t, dir, "gen")
	require.Equal(t, 0, code, stderr)
	code, _, _ = goplt(t, dir, "gen", "--check")
	assert.Equal(t, 0, code)
}

func TestGenPerms_RewritesOnlyThePermPackage(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "acme")
	code, _, stderr := goplt(t, "", "init", dir, "--module", "example.com/acme")
	require.Equal(t, 0, code, stderr)
	permFile := filepath.Join(dir, "pkg", "perm", "perm.go")
	require.NoError(t, os.Remove(permFile))
	registry := filepath.Join(dir, "internal", "registry", "registry.go")
	require.NoError(t, os.Remove(registry))

	code, _, stderr = goplt(t, dir, "gen", "perms")
	require.Equal(t, 0, code, stderr)
	assert.FileExists(t, permFile)
	assert.NoFileExists(t, registry, "gen perms touches nothing else")
}
