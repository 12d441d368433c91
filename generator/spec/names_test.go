package spec

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEdgeNames walks EdgeNames through every role a name can take in
// module.yaml: each is either refused with a positioned error that says
// what to do, or accepted (TestBuildEdgeNames in package generator builds
// a project holding every accepted one).
func TestEdgeNames(t *testing.T) {
	roles := map[string]struct {
		yaml   func(n string) string
		line   int
		before string // what precedes the name on its line
	}{
		"module": {func(n string) string { return "name: " + n + "\nversion: 0.1.0\n" }, 1, "name: "},
		"entity": {func(n string) string {
			return "name: shop\nversion: 0.1.0\nentities:\n  - name: " + n + "\n    fields: [{name: title, type: string}]\n"
		}, 4, "name: "},
		"field": {func(n string) string {
			return "name: shop\nversion: 0.1.0\nentities:\n  - name: item\n    fields: [{name: " + n + ", type: string}]\n"
		}, 5, "name: "},
		"enum value": {func(n string) string {
			return "name: shop\nversion: 0.1.0\nentities:\n  - name: item\n    fields: [{name: kind, type: enum, values: [" + n + "]}]\n"
		}, 5, "values: ["},
	}
	accepted := map[string]int{}
	for role, r := range roles {
		for _, name := range EdgeNames() {
			_, err := ParseModule(ModuleFile, []byte(r.yaml(name)))
			if err == nil {
				accepted[role]++
				continue
			}
			var ds Diagnostics
			require.ErrorAs(t, err, &ds, "%s %q", role, name)
			require.Len(t, ds, 1, "%s %q: %s", role, name, ds)
			d := ds[0]
			where := fmt.Sprintf("%s %q: %s", role, name, d)
			assert.Equal(t, r.line, d.Pos.Line, where)
			line := strings.Split(r.yaml(name), "\n")[r.line-1]
			assert.Equal(t, strings.Index(line, r.before+name)+len(r.before)+1, d.Pos.Col, where)
			assert.Contains(t, d.Msg, "; ", "no what-to-do: %s", where)
			assert.Contains(t, d.Msg, name, where)
		}
	}
	// The walk means something only if both outcomes happen in each role.
	for role := range roles {
		assert.NotZero(t, accepted[role], "%s: every edge name refused", role)
		assert.Less(t, accepted[role], len(EdgeNames()), "%s: every edge name accepted", role)
	}
}

// TestCheck_ParamClashAcrossModules: two modules share one router, so a
// parameter name at one position must agree across them too.
func TestCheck_ParamClashAcrossModules(t *testing.T) {
	parse := func(name, path string) *Module {
		m, err := ParseModule("modules/"+name+"/module.yaml", []byte(
			"name: "+name+"\nversion: 0.1.0\nroutes:\n  - {method: GET, path: "+path+", public: true}\n"))
		require.NoError(t, err)
		return m
	}
	s := &Specs{Modules: []*Module{parse("blog", "/api/v1/shared/:id"), parse("shop", "/api/v1/shared/:key/items")}}
	err := s.Check()
	require.Error(t, err)
	assert.Equal(t, "modules/shop/module.yaml:4:25: parameter :key of /api/v1/shared/:key/items clashes with :id of GET /api/v1/shared/:id (modules/blog/module.yaml:4:25) at the same position; the router allows one name per position: use :id", err.Error())
}

// TestEntPackages_CoverGeneratedImports keeps entPackages honest: every
// package imported by a generated file that also imports entity packages
// (Ent's builders, the module's store, service and handlers) must be a
// name no entity can take, or the golden's own entity.
func TestEntPackages_CoverGeneratedImports(t *testing.T) {
	files, err := filepath.Glob("../../testdata/golden/*/modules/*/ent/*.go")
	require.NoError(t, err)
	more, err := filepath.Glob("../../testdata/golden/*/modules/*/internal/*/*.go")
	require.NoError(t, err)
	files = append(files, more...)
	require.NotEmpty(t, files)
	for _, file := range files {
		f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.ImportsOnly)
		require.NoError(t, err)
		modDir := file[:strings.Index(file, "/ent/")+1]
		if !strings.Contains(file, "/ent/") {
			modDir = file[:strings.Index(file, "/internal/")+1]
		}
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			name := path.Base(p)
			if im.Name != nil {
				name = im.Name.Name
			}
			if name == "_" || strings.HasPrefix(name, "v") && len(name) <= 3 {
				continue // blank imports; major-version paths (jwt/v5)
			}
			if name == path.Base(modDir)+"module" {
				continue // the module's own package (model's ImportName); checkEntityNames refuses it
			}
			if _, err := os.Stat(modDir + "ent/" + name); err == nil && !entPackages[name] {
				continue // the golden's own entity package
			}
			assert.True(t, entPackages[name] || isPredeclared(name), "%s imports %s as %q: add it to entPackages", file, p, name)
		}
	}
}

// TestEntClientIdents keeps entClientIdents and entClientFixed equal to the
// top-level identifiers Ent declares in a generated ent package (the blog
// golden's, with its one entity, post).
func TestEntClientIdents(t *testing.T) {
	files, err := filepath.Glob("../../testdata/golden/blog/modules/blog/ent/*.go")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	got := map[string]bool{}
	for _, file := range files {
		f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
		require.NoError(t, err)
		for _, decl := range f.Decls {
			switch decl := decl.(type) {
			case *ast.FuncDecl:
				if decl.Recv == nil {
					got[decl.Name.Name] = true
				}
			case *ast.GenDecl:
				for _, s := range decl.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						got[s.Name.Name] = true
					case *ast.ValueSpec:
						for _, n := range s.Names {
							got[n.Name] = true
						}
					}
				}
			}
		}
	}
	delete(got, "_")
	want := maps.Clone(entClientFixed)
	for _, id := range entClientIdents("Post") {
		want[id] = true
	}
	assert.Equal(t, slices.Sorted(maps.Keys(want)), slices.Sorted(maps.Keys(got)))
}

// TestGeneratedLocals keeps generatedLocals equal to the lower-case
// identifiers of the goldens' generated code that imports entity packages,
// but for the goldens' own entity packages and module import names.
func TestGeneratedLocals(t *testing.T) {
	files, err := filepath.Glob("../../testdata/golden/*/modules/*/ent/*.go")
	require.NoError(t, err)
	more, err := filepath.Glob("../../testdata/golden/*/modules/*/internal/*/*.go")
	require.NoError(t, err)
	own := map[string]bool{}
	dirs, err := filepath.Glob("../../testdata/golden/*/modules/*/ent/schema/*.go")
	require.NoError(t, err)
	for _, d := range dirs {
		own[strings.TrimSuffix(strings.TrimSuffix(filepath.Base(d), ".go"), ".gen")] = true
	}
	// Names Ent derives from the examples' own entities and fields (plurals,
	// struct fields, AddX parameters) say nothing about other projects.
	specs, err := filepath.Glob("../../examples/*/modules/*/module.yaml")
	require.NoError(t, err)
	for _, file := range specs {
		data, err := os.ReadFile(file)
		require.NoError(t, err)
		m, err := ParseModule(file, data)
		require.NoError(t, err)
		for _, e := range m.Entities {
			own[strings.ReplaceAll(Plural(e.Name), "_", "")] = true
			for _, f := range e.Fields {
				n := strings.ReplaceAll(f.Name, "_", "")
				own[n], own["add"+n], own[Plural(n)] = true, true, true
			}
		}
	}
	got := map[string]bool{}
	for _, file := range append(files, more...) {
		f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
		require.NoError(t, err)
		sels := map[*ast.Ident]bool{}
		ast.Inspect(f, func(n ast.Node) bool {
			if s, ok := n.(*ast.SelectorExpr); ok {
				sels[s.Sel] = true
			}
			return true
		})
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			name := path.Base(p)
			if im.Name != nil {
				name = im.Name.Name
			}
			got[name] = true
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && !sels[id] {
				got[id.Name] = true
			}
			return true
		})
	}
	for name := range got {
		if !regexp.MustCompile(`^[a-z][a-z0-9]*$`).MatchString(name) || own[name] || strings.HasSuffix(name, "module") {
			continue
		}
		assert.True(t, generatedLocals[name], "generated code uses %q: add it to generatedLocals", name)
	}
}

// TestCheckModuleName_SuggestionsAreAccepted: a refused module name's
// "e.g." is a name the same check accepts, so following the advice works.
func TestCheckModuleName_SuggestionsAreAccepted(t *testing.T) {
	eg := regexp.MustCompile(`e\.g\. "([^"]+)"`)
	for _, name := range EdgeNames() {
		err := CheckModuleName(name)
		if err == nil {
			continue
		}
		if m := eg.FindStringSubmatch(err.Error()); m != nil {
			assert.NoError(t, CheckModuleName(m[1]), "suggested for %q: %v", name, err)
		}
	}
}
