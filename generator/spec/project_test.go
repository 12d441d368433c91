package spec

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/goplt/goplt/schemas"
)

// roundTripProjects are projects whose values need care when written as
// YAML: quoting, numbers and booleans as strings, non-ASCII text.
func roundTripProjects() []*Project {
	full := NewProject("acme-2", "example.com/acme/platform")
	full.Database = Postgres
	full.Description = `Orders: "fast" & cheap # really`
	odd := NewProject("a", "a.b")
	odd.Description = "true"
	numeric := NewProject("x1", "example.com/x1")
	numeric.Description = "123"
	unicode := NewProject("cafe", "example.com/cafe")
	unicode.Description = "Café ☕ — l'été, 'quoted', - dash, ~, null, @at"
	spaces := NewProject("pad", "example.com/pad")
	spaces.Description = "  leading and trailing  "
	plugins := NewProject("plug", "example.com/plug")
	plugins.Features = []string{"audit"}
	plugins.Plugins = []string{"blog", "wiki"}
	return []*Project{NewProject("acme", "example.com/acme"), full, odd, numeric, unicode, spaces, plugins}
}

func TestProject_EncodeThenParseGivesTheSameProject(t *testing.T) {
	for _, p := range roundTripProjects() {
		t.Run(p.Name, func(t *testing.T) {
			got, err := ParseProject(p.File, p.Encode())
			require.NoError(t, err, "%s", p.Encode())
			assert.Equal(t, p, got)
		})
	}
}

func TestProject_EncodeIsByteStable(t *testing.T) {
	for _, p := range roundTripProjects() {
		first := p.Encode()
		assert.Equal(t, first, p.Encode())
		again, err := ParseProject(p.File, first)
		require.NoError(t, err)
		assert.Equal(t, string(first), string(again.Encode()))
	}
}

func TestProject_EncodeWritesTheCanonicalLayout(t *testing.T) {
	want := `# yaml-language-server: $schema=.goplt/schemas/goplt.schema.json
# goplt.yaml describes this project to goplt; run "goplt gen" after editing it.

# Version of the goplt.yaml format; always 1.
version: 1

# Project name: lower-case letters, digits and '-', starting with a letter and not ending with '-', at most 40 characters.
name: acme

# Go module path of the generated project, e.g. example.com/acme.
module: example.com/acme

# One line describing the project, used in the README; optional.
description: ""

# Database the platform stores its data in: sqlite (default) or postgres.
database: sqlite

# Optional kernel services to generate: audit, events, jobs, notifications, errors, tenancy, oidc, casbin, tracing.
features: []

# Feature modules (names of modules under modules/) built as Go plugins and loaded at start instead of linked into the core binary; needs cgo.
plugins: []
`
	assert.Equal(t, want, string(NewProject("acme", "example.com/acme").Encode()))
}

// TestProject_EncodeOutputValidatesAgainstSchema checks Encode against the
// schema file as an editor would use it: compiled on its own, not through
// this package's error reporting.
func TestProject_EncodeOutputValidatesAgainstSchema(t *testing.T) {
	c := jsonschema.NewCompiler()
	f, err := schemas.FS.Open("goplt.schema.json")
	require.NoError(t, err)
	doc, err := jsonschema.UnmarshalJSON(f)
	require.NoError(t, err)
	require.NoError(t, c.AddResource("goplt.schema.json", doc))
	sch, err := c.Compile("goplt.schema.json")
	require.NoError(t, err)
	for _, p := range roundTripProjects() {
		var v any
		require.NoError(t, yaml.Unmarshal(p.Encode(), &v))
		assert.NoError(t, sch.Validate(v), "%s", p.Encode())
	}
}

func TestProjectFields_CommentsAreTheSchemaDescriptions(t *testing.T) {
	sch, err := projectSchema()
	require.NoError(t, err)
	props := pointer(sch.raw, "/properties").(map[string]any)
	var keys []string
	for _, f := range projectFields {
		keys = append(keys, f.key)
		desc := pointer(props, "/"+f.key+"/description")
		assert.Equal(t, desc, f.comment, "field %s", f.key)
	}
	assert.ElementsMatch(t, keys, keysOf(props), "Encode must write every property of the schema")
}

func keysOf(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestParseProject_FillsDefaultsForAbsentOptionalFields(t *testing.T) {
	p, err := ParseProject("spec/goplt.yaml", []byte("name: acme\nmodule: example.com/acme\n"))
	require.NoError(t, err)
	want := NewProject("acme", "example.com/acme")
	want.File = "spec/goplt.yaml"
	assert.Equal(t, want, p)
}

func TestParseProject_ReadsEveryField(t *testing.T) {
	src := "# hand-written\nversion: 1\nname: shop\nmodule: example.com/shop\ndescription: 'Shop: orders'\ndatabase: postgres\n"
	p, err := ParseProject("goplt.yaml", []byte(src))
	require.NoError(t, err)
	assert.Equal(t, &Project{File: "goplt.yaml", Version: 1, Name: "shop", Module: "example.com/shop", Description: "Shop: orders", Database: "postgres"}, p)
}

func TestParseProject_ReadsTheExampleSpecs(t *testing.T) {
	files, _ := filepath.Glob("../../examples/*/goplt.yaml")
	for _, file := range files {
		_, err := LoadProject(file)
		assert.NoError(t, err, file)
	}
}

func TestLoadProject_DiagnosticsNameTheFileAsGiven(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "goplt.yaml")
	require.NoError(t, os.WriteFile(path, []byte("name: acme\n"), 0o644))
	_, err := LoadProject(path)
	var ds Diagnostics
	require.ErrorAs(t, err, &ds)
	require.Len(t, ds, 1)
	assert.Equal(t, path+`:1:1: missing required field "module"; add e.g. module: example.com/acme`, ds[0].String())
}

func TestLoadProject_MissingFileIsAnErrorNamingThePath(t *testing.T) {
	_, err := LoadProject(filepath.Join(t.TempDir(), "goplt.yaml"))
	require.Error(t, err)
	assert.ErrorIs(t, err, fs.ErrNotExist)
	assert.Contains(t, err.Error(), "goplt.yaml")
}

func TestDiagnostics_ErrorPrintsOneDiagnosticPerLine(t *testing.T) {
	ds := Diagnostics{
		{Pos: Pos{File: "goplt.yaml", Line: 1, Col: 1}, Msg: "a"},
		{Pos: Pos{File: "goplt.yaml", Line: 3, Col: 9}, Msg: "b"},
	}
	assert.Equal(t, "goplt.yaml:1:1: a\ngoplt.yaml:3:9: b", ds.Error())
	assert.Equal(t, "goplt.yaml:3:9", ds[1].Pos.String())
}

func TestCheckName(t *testing.T) {
	for _, ok := range []string{"acme", "a", "acme-2", "a1-b2-c3", strings.Repeat("a", 40)} {
		assert.NoError(t, CheckName(ok), ok)
	}
	for name, want := range map[string]string{
		"":                      `name must not be empty; use lower-case letters, digits and '-', starting with a letter and not ending with '-', e.g. acme`,
		"Acme":                  `name "Acme" is not valid; use lower-case letters, digits and '-', starting with a letter and not ending with '-', e.g. "acme"`,
		"1acme":                 `name "1acme" is not valid; use lower-case letters, digits and '-', starting with a letter and not ending with '-', e.g. "acme"`,
		"acme-":                 `name "acme-" is not valid; use lower-case letters, digits and '-', starting with a letter and not ending with '-', e.g. "acme"`,
		"my_app":                `name "my_app" is not valid; use lower-case letters, digits and '-', starting with a letter and not ending with '-', e.g. "my-app"`,
		"!!":                    `name "!!" is not valid; use lower-case letters, digits and '-', starting with a letter and not ending with '-'`,
		strings.Repeat("a", 41): `name "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" is 41 characters long; use at most 40`,
		"type":                  `name "type" is a Go keyword; choose another name, e.g. "type-app"`,
		"internal":              `name "internal" is reserved for a directory of the generated project; choose another name, e.g. "internal-app"`,
		"pkg":                   `name "pkg" is reserved for a directory of the generated project; choose another name, e.g. "pkg-app"`,
	} {
		err := CheckName(name)
		if assert.Error(t, err, name) {
			assert.Equal(t, want, err.Error())
		}
	}
}

func TestCheckModulePath(t *testing.T) {
	for _, ok := range []string{"example.com/acme", "github.com/acme/platform", "acme.io", "example.com/a/v2", "gopkg.in/acme.v1"} {
		assert.NoError(t, CheckModulePath(ok), ok)
	}
	for path, want := range map[string]string{
		"":                  `module must not be empty; use a path like example.com/acme`,
		"acme":              `module "acme" is not a valid Go module path: missing dot in first path element; use a path like example.com/acme`,
		"x y":               `module "x y" is not a valid Go module path: invalid char ' '; use a path like example.com/acme`,
		"example.com/Acme":  `module "example.com/Acme" has upper-case letters; use "example.com/acme"`,
		"Example.com/acme":  `module "Example.com/acme" has upper-case letters; use "example.com/acme"`,
		"example.com//acme": `module "example.com//acme" is not a valid Go module path: double slash; use a path like example.com/acme`,
		"-x.com":            `module "-x.com" is not a valid Go module path: leading dash; use a path like example.com/acme`,
	} {
		err := CheckModulePath(path)
		if assert.Error(t, err, path) {
			assert.Equal(t, want, err.Error())
		}
	}
}

// TestSchemaPatternsAreNoStricterThanGoChecks keeps the two layers in step:
// whatever a schema pattern rejects, the Go check behind it must reject too,
// so the schema never blocks a value with a message the Go check cannot
// explain.
func TestSchemaPatternsAreNoStricterThanGoChecks(t *testing.T) {
	samples := []string{
		"", "a", "A", "acme", "acme-", "-acme", "a--b", "a_b", "a.b", "1a", "func", "internal",
		"example.com", "example.com/acme", "example.com/Acme", "acme", "x y", ".a.com", "a.com.", "a.com/",
		"a.com//b", "a.com/b~c", "a.com/b_c", "a-.com", "a.com/.b", "a.com/b.", "a.com/con", "xn--a.com",
		"a.com/b/v2", "gopkg.in/a.v1", "a\nb", "one line", strings.Repeat("a", 40), strings.Repeat("a", 41),
		"0.1.0", "1.2", "v1.0.0", "01.0.0", "core >= 0.1.0", "core>=0.1.0", "core", "core >> 1", "blog.post.read",
		"Blog.post.read", "blog.post", "blog.post.read.x", "createPost", "CreatePost", "[]post", "[]", "/", "/a",
		"/posts/:id", "/posts/{id}", "/posts/{id", "//", "posts", "/a/:id/:id", "/A", "snake_case", "_x",
	}
	for _, load := range []func() (*schema, error){projectSchema, moduleSchema} {
		sch, err := load()
		require.NoError(t, err)
		checkPatterns(t, sch, samples)
	}
	assert.Equal(t, namePattern.String(), pointer(must(projectSchema()).raw, "/properties/name/pattern"))
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func checkPatterns(t *testing.T, sch *schema, samples []string) {
	for ptr, check := range sch.checks {
		prop := pointer(sch.raw, ptr).(map[string]any)
		pattern, _ := prop["pattern"].(string)
		require.NotEmpty(t, pattern, ptr)
		re := regexp.MustCompile(pattern)
		maxLen, hasMax := prop["maxLength"].(json.Number)
		for _, s := range samples {
			tooLong := false
			if hasMax {
				n, _ := maxLen.Int64()
				tooLong = int64(len([]rune(s))) > n
			}
			if !re.MatchString(s) || tooLong {
				assert.Error(t, check("x", s), "%s: schema rejects %q but the Go check accepts it", ptr, s)
			}
		}
	}
}

// TestSchemas_AreWellFormed checks every embedded schema: it compiles as
// draft 2020-12, has an $id under goplt.dev, and documents every property.
func TestSchemas_AreWellFormed(t *testing.T) {
	files, err := fs.Glob(schemas.FS, "*.json")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, name := range files {
		t.Run(name, func(t *testing.T) {
			s, err := loadSchema(name, nil)
			require.NoError(t, err)
			assert.Equal(t, "https://json-schema.org/draft/2020-12/schema", pointer(s.raw, "/$schema"))
			assert.Equal(t, "https://goplt.dev/schemas/"+name, pointer(s.raw, "/$id"))
			walkProperties(t, s.raw, "")
		})
	}
}

// walkProperties asserts that every property schema below v has a title
// and a description, and every object schema forbids unknown fields.
func walkProperties(t *testing.T, v any, at string) {
	switch v := v.(type) {
	case map[string]any:
		if props, ok := v["properties"].(map[string]any); ok {
			assert.Equal(t, false, v["additionalProperties"], "%s: additionalProperties must be false", at)
			for name, p := range props {
				pm, _ := p.(map[string]any)
				if _, ref := pm["$ref"]; !ref {
					assert.NotEmpty(t, pm["title"], "%s/properties/%s: no title", at, name)
				}
				assert.NotEmpty(t, pm["description"], "%s/properties/%s: no description", at, name)
			}
		}
		for k, child := range v {
			if k == "if" || k == "then" || k == "else" || k == "examples" {
				continue // conditions and sample values, not property definitions
			}
			walkProperties(t, child, at+"/"+k)
		}
	case []any:
		for _, child := range v {
			walkProperties(t, child, at)
		}
	}
}

func TestParseProject_NeverPanicsOnHostileYAML(t *testing.T) {
	bomb := "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
	for _, src := range []string{
		bomb,
		"name: &x [*x]\n",
		strings.Repeat("[", 5000),
		strings.Repeat("- ", 3000) + "x\n",
		"? [a, b]\n: c\nname: acme\nmodule: example.com/acme\n",
		"name: !!binary aGVsbG8=\nmodule: example.com/acme\n",
		"name: acme\nmodule: example.com/acme\nversion: .inf\n",
		"name: acme\nmodule: example.com/acme\nversion: 99999999999999999999999\n",
		"\xff\xfe",
		"name: *missing\n",
	} {
		assert.NotPanics(t, func() {
			_, err := ParseProject("goplt.yaml", []byte(src))
			var ds Diagnostics
			if assert.ErrorAs(t, err, &ds, "%q", src) {
				assertWellFormed(t, ds)
			}
		}, "%q", src)
	}
}

func FuzzParseProject(f *testing.F) {
	for _, p := range roundTripProjects() {
		f.Add(p.Encode())
	}
	cases, _ := filepath.Glob(filepath.Join(errorCases, "*", ProjectFile))
	for _, file := range cases {
		data, err := os.ReadFile(file)
		if err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParseProject("goplt.yaml", data)
		if err != nil {
			ds, ok := err.(Diagnostics)
			if !ok {
				t.Fatalf("error is %T, not Diagnostics: %v", err, err)
			}
			if len(ds) == 0 {
				t.Fatal("empty Diagnostics returned as an error")
			}
			for _, d := range ds {
				if d.Pos.Line < 1 || d.Pos.Col < 1 || d.Pos.File != "goplt.yaml" {
					t.Fatalf("bad position in %q", d)
				}
			}
			return
		}
		// Whatever parses must survive a round trip through Encode.
		again, err := ParseProject("goplt.yaml", p.Encode())
		if err != nil {
			t.Fatalf("Encode output does not parse: %v\n%s", err, p.Encode())
		}
		if !reflect.DeepEqual(again, p) {
			t.Fatalf("round trip changed the project: %+v -> %+v", p, again)
		}
		if !bytes.Equal(again.Encode(), p.Encode()) {
			t.Fatal("Encode is not stable")
		}
	})
}

// TestFeatures_MatchTheSchemaEnum keeps the Features table and the enum of
// goplt.schema.json equal, in the same order.
func TestFeatures_MatchTheSchemaEnum(t *testing.T) {
	data, err := fs.ReadFile(schemas.FS, "goplt.schema.json")
	require.NoError(t, err)
	var doc struct {
		Properties struct {
			Features struct {
				Items struct {
					Enum []string `json:"enum"`
				} `json:"items"`
			} `json:"features"`
		} `json:"properties"`
	}
	require.NoError(t, json.Unmarshal(data, &doc))
	assert.Equal(t, doc.Properties.Features.Items.Enum, FeatureNames())
}

func TestParseProject_SortsPluginsByName(t *testing.T) {
	p, err := ParseProject("goplt.yaml", []byte("name: acme\nmodule: example.com/acme\nplugins: [wiki, blog]\n"))
	require.NoError(t, err)
	assert.Equal(t, []string{"blog", "wiki"}, p.Plugins)
	assert.True(t, p.IsPlugin("wiki"))
	assert.False(t, p.IsPlugin("notes"))
	assert.Contains(t, string(p.Encode()), "plugins: [blog, wiki]\n")
}

func TestParseProject_RefusesBadPluginLists(t *testing.T) {
	for _, src := range []string{"plugins: [blog, blog]\n", "plugins: [Blog]\n", "plugins: blog\n"} {
		_, err := ParseProject("goplt.yaml", []byte("name: acme\nmodule: example.com/acme\n"+src))
		var ds Diagnostics
		assert.ErrorAs(t, err, &ds, "%s", src)
	}
}

func TestParseProject_SortsFeaturesInTableOrder(t *testing.T) {
	p, err := ParseProject("goplt.yaml", []byte("name: acme\nmodule: example.com/acme\nfeatures: [tracing, audit]\n"))
	require.NoError(t, err)
	assert.Equal(t, []string{"audit", "tracing"}, p.Features)
	assert.True(t, p.Has("audit"))
	assert.False(t, p.Has("events"))
	assert.Contains(t, string(p.Encode()), "features: [audit, tracing]\n")
}
