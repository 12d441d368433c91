package migrations

import (
	"bytes"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"ariga.io/atlas/sql/migrate"
	entschema "entgo.io/ent/dialect/sql/schema"
	"entgo.io/ent/entc/gen"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goplt/goplt/generator/entgen"
	"github.com/goplt/goplt/generator/model"
	"github.com/goplt/goplt/generator/spec"
)

// blogSchema renders the blog example's post entity with the model's Ent
// expressions (as the module template does), plus extra fields.
func blogSchema(t *testing.T, extra ...string) []byte {
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
	for _, f := range extra {
		b.WriteString("\t\t" + f + ",\n")
	}
	b.WriteString("\t}\n}\n")
	return b.Bytes()
}

// entTables runs entc on schema in module mod and returns the graph's
// tables, as goplt gen would get them (entgen.Options.Graph).
func entTables(t *testing.T, mod string, schema []byte) []*entschema.Table {
	t.Helper()
	var tables []*entschema.Table
	_, err := entgen.Generate(entgen.Options{ModuleDir: mod, ModulePath: "example.com/acme/modules/blog",
		Schema: map[string][]byte{"post.gen.go": schema},
		Graph: func(g *gen.Graph) (err error) {
			tables, err = g.Tables()
			return err
		}})
	require.NoError(t, err)
	return tables
}

// TestEntGraph diffs the tables of a real Ent schema (every field type
// the blog example has): the first migration creates the table, a second
// diff finds nothing (no noise from the replay), and an added field gives
// a file named after it.
func TestDiff_RealEntGraphHasNoReplayNoise(t *testing.T) {
	if testing.Short() {
		t.Skip("runs entc; skipped under -short")
	}
	mod := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(mod, "go.mod"),
		[]byte("module example.com/acme/modules/blog\n\ngo 1.26\n\nrequire entgo.io/ent "+entgen.EntVersion+"\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(mod, "tools.go"),
		[]byte("//go:build tools\n\npackage blog\n\nimport _ \"entgo.io/ent/entc/gen\"\n"), 0o644))
	cmd := exec.Command("go", "mod", "tidy")
	cmd.Dir = mod
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)

	v1 := entTables(t, mod, blogSchema(t))
	v2 := entTables(t, mod, blogSchema(t, `field.String("slug").Optional()`, `field.Int("likes").Default(0)`))
	for bname, b := range backends() {
		t.Run(bname, func(t *testing.T) {
			b.skipWithoutServer(t)
			dir := &migrate.MemDir{}
			first := b.diff(t, Options{Tables: v1, Dir: dir, Prefix: "blog", Now: at(t0)})
			require.Len(t, first.Files, 1)
			assert.Equal(t, "20261205100000_blog_create_blog_posts.sql", first.Files[0].Name)
			write(t, dir, first)
			db := b.database(t)
			apply(t, db, first.Files)
			_, err := db.Exec(`INSERT INTO blog_posts (title, status, featured) VALUES ('kept', 'draft', false)`)
			require.NoError(t, err)

			again := b.diff(t, Options{Tables: v1, Dir: dir, Prefix: "blog", Now: at(t1)})
			assert.Empty(t, again.Files, "replaying the directory gives back the schema exactly")
			assert.Empty(t, again.Findings)

			next := b.diff(t, Options{Tables: v2, Dir: dir, Prefix: "blog", Now: at(t1)})
			assert.Empty(t, next.Findings)
			require.Len(t, next.Files, 1)
			assert.Equal(t, "20261205110000_blog_blog_posts_add_slug_blog_posts_add_likes.sql", next.Files[0].Name)
			apply(t, db, next.Files)
			assert.Equal(t, []string{"kept"}, strings1(t, db, `SELECT title FROM blog_posts WHERE likes = 0 AND slug IS NULL`))
			assert.True(t, strings.Contains(string(next.Sum), next.Files[0].Name))
		})
	}
}

// TestDiff_GoldenModulesHaveNoReplayNoise diffs the Ent schema of every
// module of the golden examples (edges, indexes, mixins, every field type)
// on an empty directory, then again on the result: the second diff must
// find nothing, or every goplt gen would write a new file.
func TestDiff_GoldenModulesHaveNoReplayNoise(t *testing.T) {
	if testing.Short() {
		t.Skip("runs entc once per module; skipped under -short")
	}
	dirs, err := filepath.Glob("../../testdata/golden/*/modules/*/ent/schema")
	require.NoError(t, err)
	require.NotEmpty(t, dirs)
	for _, schemaDir := range dirs {
		modDir, err := filepath.Abs(filepath.Join(schemaDir, "..", ".."))
		require.NoError(t, err)
		name, _ := filepath.Rel("../../testdata/golden", filepath.Join(schemaDir, "..", ".."))
		t.Run(filepath.ToSlash(name), func(t *testing.T) {
			files, err := filepath.Glob(filepath.Join(schemaDir, "*.go"))
			require.NoError(t, err)
			schema := map[string][]byte{}
			for _, f := range files {
				data, err := os.ReadFile(f)
				require.NoError(t, err)
				if bytes.Contains(data, []byte(`"example.com/`)) {
					t.Skip("the schema imports the platform's packages")
				}
				schema[filepath.Base(f)] = data
			}
			if !slices.ContainsFunc(slices.Collect(maps.Values(schema)), func(d []byte) bool { return bytes.Contains(d, []byte("ent.Schema")) }) {
				t.Skip("the module has no entity")
			}
			gomod, err := os.ReadFile(filepath.Join(modDir, "go.mod"))
			require.NoError(t, err)
			modPath := strings.TrimPrefix(strings.SplitN(string(gomod), "\n", 2)[0], "module ")
			var tables []*entschema.Table
			_, err = entgen.Generate(entgen.Options{ModuleDir: modDir, ModulePath: modPath, Schema: schema,
				Graph: func(g *gen.Graph) (err error) {
					tables, err = g.Tables()
					return err
				}})
			require.NoError(t, err)
			for bname, b := range backends() {
				t.Run(bname, func(t *testing.T) {
					b.skipWithoutServer(t)
					dir := &migrate.MemDir{}
					first := b.diff(t, Options{Tables: tables, Dir: dir, Now: at(t0)})
					require.Len(t, first.Files, 1)
					write(t, dir, first)
					apply(t, b.database(t), first.Files)
					again := b.diff(t, Options{Tables: tables, Dir: dir, Now: at(t1)})
					for _, f := range again.Files {
						t.Errorf("noise: %s\n%s", f.Name, f.Data)
					}
				})
			}
		})
	}
}
