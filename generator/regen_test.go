package generator_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goplt/goplt/generator"
	"github.com/goplt/goplt/generator/plan"
)

// edit rewrites a file of the project through fn.
func edit(t *testing.T, dir, path string, fn func(string) string) string {
	t.Helper()
	name := filepath.Join(dir, filepath.FromSlash(path))
	data, err := os.ReadFile(name)
	require.NoError(t, err)
	out := fn(string(data))
	require.NotEqual(t, string(data), out, "edit of %s changed nothing", path)
	require.NoError(t, os.WriteFile(name, []byte(out), 0o644))
	return out
}

// TestRegen_ModuleEditsKeepHandWrittenCode is the user's daily loop: edit
// files goplt gave them, edit module.yaml, goplt gen, keep working. The
// user's bytes survive, new routes get new stubs, removed routes lose their
// generated code, and the project still builds and passes its tests.
func TestRegen_ModuleEditsKeepHandWrittenCode(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles the regenerated project; skipped with -short")
	}
	dir := initExample(t, "blog")
	mod := "modules/blog/"

	// 1. The user changes files goplt scaffolded for them.
	mine := map[string]string{
		mod + "internal/handler/get_post.go": edit(t, dir, mod+"internal/handler/get_post.go", func(s string) string {
			return s + "\n// Cached by the CDN for a minute; see ops/cdn.md.\n"
		}),
		mod + "internal/service/post.go": edit(t, dir, mod+"internal/service/post.go", func(s string) string {
			return s + "\n// Published lists published posts.\nfunc (s *PostService) Published() string { return \"published\" }\n"
		}),
		mod + "ent/schema/post.go": edit(t, dir, mod+"ent/schema/post.go", func(s string) string {
			s = strings.Replace(s, `import "entgo.io/ent"`, "import (\n\t\"entgo.io/ent\"\n\t\"entgo.io/ent/schema/index\"\n)", 1)
			return strings.Replace(s, "func (Post) Indexes() []ent.Index {\n\treturn nil", "func (Post) Indexes() []ent.Index {\n\treturn []ent.Index{index.Fields(\"status\")}", 1)
		}),
	}

	// 2. module.yaml: a new field, a new route, a renamed permission, and
	// the delete route removed.
	edit(t, dir, mod+"module.yaml", func(s string) string {
		s = strings.Replace(s, "      - {name: views, type: int, min: 0, default: 0}\n",
			"      - {name: views, type: int, min: 0, default: 0}\n      - {name: summary, type: string, max_length: 300}\n", 1)
		s = strings.ReplaceAll(s, "blog.post.update", "blog.post.edit")
		s = strings.Replace(s, "  - {method: DELETE, path: /api/v1/blog/posts/:id, permission: blog.post.delete, summary: Delete a post}\n",
			"  - {method: GET, path: /api/v1/blog/posts/:id/summary, permission: blog.post.read, summary: Summarise a post}\n", 1)
		return s
	})

	p, err := generator.Gen(dir, generator.Options{Goplt: goldenGoplt})
	require.NoError(t, err)
	assert.Empty(t, p.Conflicts())

	for path, want := range mine {
		got, err := os.ReadFile(filepath.Join(dir, path))
		require.NoError(t, err)
		assert.Equal(t, want, string(got), "%s must keep the user's bytes", path)
	}
	stub, err := os.ReadFile(filepath.Join(dir, mod+"internal/handler/get_blog_posts_summary.go"))
	require.NoError(t, err, "a new route gets a new handler file")
	assert.Contains(t, string(stub), "httpapi.ErrNotImplemented")
	assert.NoFileExists(t, filepath.Join(dir, mod+"internal/handler/delete_post.go"), "the untouched stub of a removed route goes")
	routes, err := os.ReadFile(filepath.Join(dir, mod+"api/routes.gen.go"))
	require.NoError(t, err)
	assert.NotContains(t, string(routes), "DeletePost")
	assert.Contains(t, string(routes), "perm.BlogPostEdit")
	perms, err := os.ReadFile(filepath.Join(dir, "pkg/perm/perm.go"))
	require.NoError(t, err)
	assert.NotContains(t, string(perms), "BlogPostUpdate")
	entPost, err := os.ReadFile(filepath.Join(dir, mod+"ent/post.go"))
	require.NoError(t, err)
	assert.Contains(t, string(entPost), "Summary", "entc ran on the new field")
	migrate, err := os.ReadFile(filepath.Join(dir, mod+"ent/migrate/schema.go"))
	require.NoError(t, err)
	assert.Contains(t, string(migrate), "post_status", "entc saw the user's index")

	// 3. A second module joins; the first one's files are left alone.
	_, err = generator.AddModule(dir, generator.AddModuleOptions{Name: "comments", Entities: []string{"comment:post_id:int!,text:text!"}, Options: generator.Options{Goplt: goldenGoplt}})
	require.NoError(t, err)
	for path, want := range mine {
		got, err := os.ReadFile(filepath.Join(dir, path))
		require.NoError(t, err)
		assert.Equal(t, want, string(got), "%s must keep the user's bytes", path)
	}
	registry, err := os.ReadFile(filepath.Join(dir, "internal/registry/registry.go"))
	require.NoError(t, err)
	assert.Contains(t, string(registry), "commentsmodule.Module,")

	goCmd(t, dir, "build", "./...")
	goCmd(t, dir, "vet", "./...")
	for _, m := range []string{"blog", "comments"} {
		goCmd(t, filepath.Join(dir, "modules", m), "vet", "./...")
		goCmd(t, filepath.Join(dir, "modules", m), "test", "-count=1", "./...")
	}

	again, err := generator.Gen(dir, generator.Options{DryRun: true, Goplt: goldenGoplt})
	require.NoError(t, err)
	assert.False(t, again.Stale(), "a second gen has nothing to do: %v", changed(again))
	assert.Zero(t, again.Count(plan.Conflict))
}

// TestRegen_FeaturesSwitchedOnAndOff lists every kernel feature in the
// goplt.yaml of an existing project with a module, regenerates, and
// expects the platform to build, vet and pass its own tests with them;
// then takes them away again and expects the same. The user's go.mod keeps
// requirements goplt added (it only adds), so the second build proves the
// feature code really went.
func TestRegen_FeaturesSwitchedOnAndOff(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles the regenerated project; skipped with -short")
	}
	dir := initExample(t, "blog")
	setFeatures := func(list string) {
		edit(t, dir, "goplt.yaml", func(s string) string {
			if strings.Contains(s, "\nfeatures:") {
				head, _, _ := strings.Cut(s, "\nfeatures:")
				return head + "\nfeatures: " + list + "\n"
			}
			return s + "features: " + list + "\n"
		})
		p, err := generator.Gen(dir, generator.Options{Goplt: goldenGoplt})
		require.NoError(t, err)
		require.Empty(t, p.Conflicts())
	}

	setFeatures("[audit, events, jobs, notifications, errors, tenancy, oidc, casbin, tracing]")
	for _, f := range []string{"internal/audit/module.go", "internal/events/module.go", "internal/tracing/tracing.go", "internal/ent/client.go"} {
		assert.FileExists(t, filepath.Join(dir, f))
	}
	goCmd(t, dir, "build", "./...")
	goCmd(t, dir, "vet", "./...")
	goCmd(t, dir, "test", "-count=1", "./...")
	goCmd(t, filepath.Join(dir, "modules", "blog"), "test", "-count=1", "./...")

	setFeatures("[]")
	for _, f := range []string{"internal/audit/module.go", "internal/events/module.go", "internal/tracing/tracing.go", "internal/ent/client.go"} {
		assert.NoFileExists(t, filepath.Join(dir, f))
	}
	goCmd(t, dir, "build", "./...")
	goCmd(t, dir, "vet", "./...")
	goCmd(t, dir, "test", "-count=1", "./...")
}
