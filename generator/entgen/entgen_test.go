package entgen

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/entc/gen"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/mod/modfile"

	"github.com/goplt/goplt/generator/model"
	"github.com/goplt/goplt/generator/spec"
)

func TestEntVersion_MatchesGoMod(t *testing.T) {
	data, err := os.ReadFile("../../go.mod")
	require.NoError(t, err)
	mf, err := modfile.Parse("go.mod", data, nil)
	require.NoError(t, err)
	for _, r := range mf.Require {
		if r.Mod.Path == "entgo.io/ent" {
			assert.Equal(t, r.Mod.Version, EntVersion, "the generated modules must require the ent goplt links")
			return
		}
	}
	t.Fatal("go.mod does not require entgo.io/ent")
}

func TestKey_ChangesWithEveryInputAndNotWithMapOrder(t *testing.T) {
	base := Options{ModuleDir: "/m", ModulePath: "example.com/acme/modules/blog",
		Schema: map[string][]byte{"a.go": []byte("package schema"), "b.go": []byte("package schema // b")}}
	k := Key(base)
	assert.Len(t, k, 64)
	assert.Equal(t, k, Key(Options{ModuleDir: "/elsewhere", ModulePath: base.ModulePath,
		Schema: map[string][]byte{"b.go": []byte("package schema // b"), "a.go": []byte("package schema")}}),
		"the module's location on disk does not change the output")

	changed := []Options{
		{ModulePath: "example.com/acme/modules/news", Schema: base.Schema},
		{ModulePath: base.ModulePath, Schema: map[string][]byte{"a.go": []byte("package schema"), "b.go": []byte("package schema // c")}},
		{ModulePath: base.ModulePath, Schema: map[string][]byte{"a.go": []byte("package schema"), "c.go": []byte("package schema // b")}},
		{ModulePath: base.ModulePath, Schema: map[string][]byte{"a.go": []byte("package schema")}},
		{ModulePath: base.ModulePath, Schema: base.Schema, Features: []gen.Feature{gen.FeatureUpsert}},
	}
	for i, o := range changed {
		assert.NotEqual(t, k, Key(o), "case %d", i)
	}
}

func TestGenerate_RejectsBadOptionsBeforeRunningEntc(t *testing.T) {
	for _, o := range []Options{
		{ModuleDir: "relative", ModulePath: "x", Schema: map[string][]byte{"a.go": nil}},
		{ModuleDir: "/abs", Schema: map[string][]byte{"a.go": nil}},
		{ModuleDir: "/abs", ModulePath: "x"},
		{ModuleDir: "/abs", ModulePath: "x", Schema: map[string][]byte{"../a.go": nil}},
	} {
		_, err := Generate(o)
		assert.Error(t, err)
	}
}

func TestPrepare_MakesRelativeReplacesAbsolute(t *testing.T) {
	mod := t.TempDir()
	gomod := "module example.com/acme/modules/blog\n\ngo 1.26\n\nrequire entgo.io/ent v0.14.5\n\n" +
		"replace example.com/acme => ../..\n\nreplace example.com/other v1.0.0 => example.com/fork v1.0.1\n"
	require.NoError(t, os.WriteFile(filepath.Join(mod, "go.mod"), []byte(gomod), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(mod, "go.sum"), []byte("sum\n"), 0o644))
	dir := t.TempDir()
	require.NoError(t, prepare(dir, Options{ModuleDir: mod, ModulePath: "example.com/acme/modules/blog",
		Schema: map[string][]byte{"post.gen.go": []byte("package schema\n")}}))

	got, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	require.NoError(t, err)
	assert.Contains(t, string(got), "example.com/acme => "+filepath.Dir(filepath.Dir(mod)))
	assert.Contains(t, string(got), "example.com/other v1.0.0 => example.com/fork v1.0.1")
	sum, err := os.ReadFile(filepath.Join(dir, "go.sum"))
	require.NoError(t, err)
	assert.Equal(t, "sum\n", string(sum))
	assert.FileExists(t, filepath.Join(dir, "ent", "schema", "post.gen.go"))
}

func TestPrepare_MissingGoSumSaysWhatToDo(t *testing.T) {
	mod := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module x\n"), 0o644))
	err := prepare(t.TempDir(), Options{ModuleDir: mod, ModulePath: "x", Schema: map[string][]byte{"a.go": nil}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "go mod tidy")
}

// postSchema renders the blog example's post entity the way the lead's
// template does, with the model's Ent expressions.
func postSchema(t *testing.T) []byte {
	t.Helper()
	m, err := spec.LoadModule("../openapi/testdata/blog.module.yaml")
	require.NoError(t, err)
	e := model.New(spec.NewProject("acme", "example.com/acme"), m).Modules[0].Entities[0]
	var b bytes.Buffer
	b.WriteString("package schema\n\nimport (\n\t\"entgo.io/ent\"\n\t\"entgo.io/ent/dialect/entsql\"\n\t\"entgo.io/ent/schema\"\n\t\"entgo.io/ent/schema/field\"\n")
	for _, imp := range e.SchemaImports() {
		b.WriteString("\t\"" + imp + "\"\n")
	}
	b.WriteString(")\n\ntype " + e.GoName() + " struct{ ent.Schema }\n\n")
	b.WriteString("func (" + e.GoName() + ") Annotations() []schema.Annotation {\n\treturn []schema.Annotation{entsql.Annotation{Table: \"" + e.Table() + "\"}}\n}\n\n")
	b.WriteString("func (" + e.GoName() + ") Fields() []ent.Field {\n\treturn []ent.Field{\n")
	for _, f := range e.Fields {
		b.WriteString("\t\t" + f.EntBuilder() + ",\n")
	}
	b.WriteString("\t}\n}\n")
	return b.Bytes()
}

func goCmd(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "go %s:\n%s", strings.Join(args, " "), out)
}

// TestGenerate_BlogSchemaGivesACompilingClient runs entc on the blog post
// schema in a fresh module and builds the result. It needs the module proxy
// or a warm cache and up to a minute of compiling: not under -short.
func TestGenerate_BlogSchemaGivesACompilingClient(t *testing.T) {
	if testing.Short() {
		t.Skip("runs entc and go build; skipped under -short")
	}
	// A module like modules/blog: go.mod requiring ent, a go.sum made by
	// go mod tidy, which a tools file keeps complete for entc's loader.
	mod := t.TempDir()
	schema := postSchema(t)
	require.NoError(t, os.WriteFile(filepath.Join(mod, "go.mod"),
		[]byte("module example.com/acme/modules/blog\n\ngo 1.26\n\nrequire entgo.io/ent "+EntVersion+"\n"), 0o644))
	require.NoError(t, os.MkdirAll(filepath.Join(mod, "ent", "schema"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(mod, "ent", "schema", "post.gen.go"), schema, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(mod, "tools.go"),
		[]byte("//go:build tools\n\npackage blog\n\nimport _ \"entgo.io/ent/entc/gen\"\n"), 0o644))
	goCmd(t, mod, "mod", "tidy")

	var (
		tables []string
		loaded time.Time
	)
	opts := Options{ModuleDir: mod, ModulePath: "example.com/acme/modules/blog",
		Schema: map[string][]byte{"post.gen.go": schema},
		Graph: func(g *gen.Graph) error {
			loaded = time.Now()
			ts, err := g.Tables()
			for _, t := range ts {
				tables = append(tables, t.Name)
			}
			return err
		}}
	wd, err := os.Getwd()
	require.NoError(t, err)
	start := time.Now()
	files, err := Generate(opts)
	require.NoError(t, err)
	t.Logf("first Generate: %v (schema loaded after %v), %d files", time.Since(start), loaded.Sub(start), len(files))
	assert.Equal(t, []string{"blog_posts"}, tables, "the graph of the same run gives the tables")
	after, err := os.Getwd()
	require.NoError(t, err)
	assert.Equal(t, wd, after, "the working directory is restored")

	for _, name := range []string{"client.go", "post.go", "post/post.go", "post/where.go", "migrate/schema.go", "intercept/intercept.go", "ent.go", "prepared.go"} {
		require.Contains(t, files, name)
		assert.True(t, bytes.HasPrefix(files[name], []byte("// Code generated by ent, DO NOT EDIT.")), name)
	}
	for name := range files {
		assert.False(t, strings.HasPrefix(name, "schema/"), name)
	}
	assert.Contains(t, string(files["migrate/schema.go"]), `"blog_posts"`)
	assert.Contains(t, string(files["post.go"]), "AuthorID *int64")
	assert.Contains(t, string(files["post.go"]), "Title string")
	assert.Contains(t, string(files["prepared.go"]), "func (c *PostClient) GetPrepared(ctx context.Context, id int) (*Post, error)",
		"goplt's own template runs with Ent's")

	start = time.Now()
	again, err := Generate(opts)
	require.NoError(t, err)
	t.Logf("warm Generate: %v (schema loaded after %v)", time.Since(start), loaded.Sub(start))
	assert.Equal(t, files, again, "entc output is deterministic")

	for name, data := range files {
		path := filepath.Join(mod, "ent", filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, data, 0o644))
	}
	goCmd(t, mod, "mod", "tidy")
	goCmd(t, mod, "build", "./...")
}
