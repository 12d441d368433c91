package generator_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/goplt/goplt/generator"
	"github.com/goplt/goplt/generator/spec"
)

// acceptedEdgeNames returns the names of spec.EdgeNames that module.yaml
// accepts in one role, given a spec text with the name in that role.
func acceptedEdgeNames(yaml func(name string) string) []string {
	var out []string
	for _, n := range spec.EdgeNames() {
		if _, err := spec.ParseModule(spec.ModuleFile, []byte(yaml(n))); err == nil {
			out = append(out, n)
		}
	}
	return out
}

// edgeProject writes the module.yaml files of a project holding every edge
// name spec accepts, all at once: a module per accepted module name (each
// with a route), and a module "test" with an entity per accepted entity
// name, one entity with a field per accepted field name, and one enum with
// a value per accepted enum value.
func edgeProject(t *testing.T, dir string) {
	t.Helper()
	modules := acceptedEdgeNames(func(n string) string { return "name: " + n + "\nversion: 0.1.0\n" })
	entities := acceptedEdgeNames(func(n string) string {
		return "name: shop\nversion: 0.1.0\nentities:\n  - name: " + n + "\n    fields: [{name: title, type: string}]\n"
	})
	fields := acceptedEdgeNames(func(n string) string {
		return "name: shop\nversion: 0.1.0\nentities:\n  - name: item\n    fields: [{name: " + n + ", type: string}]\n"
	})
	values := acceptedEdgeNames(func(n string) string {
		return "name: shop\nversion: 0.1.0\nentities:\n  - name: item\n    fields: [{name: kind, type: enum, values: [" + n + "]}]\n"
	})
	require.Contains(t, modules, "test", "the module that writes the big one")
	write := func(name, text string) {
		path := filepath.Join(dir, "modules", name, spec.ModuleFile)
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
	}
	for _, m := range modules {
		if m == "test" {
			continue
		}
		write(m, fmt.Sprintf("name: %s\nversion: 0.1.0\nroutes:\n  - {method: GET, path: /api/v1/%s/ping, public: true}\n", m, m))
	}
	var b strings.Builder
	b.WriteString("name: test\nversion: 0.1.0\npermissions: [test.x.read, test.x.write]\nentities:\n")
	b.WriteString("  - name: item\n    fields:\n")
	for _, f := range fields {
		fmt.Fprintf(&b, "      - {name: %s, type: string}\n", f)
	}
	fmt.Fprintf(&b, "      - {name: kind, type: enum, values: [%s]}\n", strings.Join(values, ", "))
	for _, e := range entities {
		fmt.Fprintf(&b, "  - name: %s\n    fields: [{name: title, type: string}]\n", e)
	}
	b.WriteString("routes:\n")
	// GET /api/v1/test is getTest: its handler file must not be get_test.go.
	b.WriteString("  - {method: GET, path: /api/v1/test, public: true}\n")
	b.WriteString("  - {method: GET, path: /api/v1/test/linux, public: true, operation_id: getLinux}\n")
	for _, e := range append([]string{"item"}, entities...) {
		g := spec.GoName(e)
		fmt.Fprintf(&b, "  - {method: POST, path: /api/v1/test/e/%s, permission: test.x.write, request: %s, response: %s, operation_id: createE%s}\n", e, e, e, g)
		fmt.Fprintf(&b, "  - {method: GET, path: /api/v1/test/e/%s, permission: test.x.read, response: \"[]%s\", operation_id: listE%s}\n", e, e, g)
		fmt.Fprintf(&b, "  - {method: GET, path: /api/v1/test/e/%s/:id, permission: test.x.read, response: %s, operation_id: getE%s}\n", e, e, g)
	}
	write("test", b.String())
}

// TestBuildEdgeNames generates one project holding every edge name goplt
// accepts (spec.TestEdgeNames walks the same names and checks the refused
// ones) and builds and vets it with every module in one go: a name goplt
// accepts must build. Like TestBuildAndRun it compiles a whole platform, so
// -short skips it.
func TestBuildEdgeNames(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a generated project; skipped with -short")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("needs the go tool")
	}
	dir := filepath.Join(t.TempDir(), "edge")
	_, err := generator.Init(generator.InitOptions{Dir: dir, Spec: spec.NewProject("edge", "example.com/edge"), Options: generator.Options{Goplt: goldenGoplt}})
	require.NoError(t, err)
	edgeProject(t, dir)
	_, err = generator.Gen(dir, generator.Options{Goplt: goldenGoplt})
	require.NoError(t, err)

	specs, err := spec.Load(dir)
	require.NoError(t, err)
	args := []string{"work", "init", "."}
	patterns := []string{"./..."}
	for _, m := range specs.Modules {
		args = append(args, "./modules/"+m.Name)
		patterns = append(patterns, "example.com/edge/modules/"+m.Name+"/...")
	}
	goCmd(t, dir, args...)
	goCmd(t, dir, append([]string{"vet"}, patterns...)...)
}

// TestGen_RefusedNameWritesNothing edits an existing project's module.yaml
// the way a user might, with names that match every pattern but would not
// build, and checks that goplt gen refuses them, each at its position, and
// leaves every file as it was.
func TestGen_RefusedNameWritesNothing(t *testing.T) {
	dir := initExample(t, "blog")
	file := filepath.Join(dir, "modules", "blog", spec.ModuleFile)
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	bad := strings.Replace(string(data), "entities:\n", "entities:\n  - name: migrate\n    fields: [{name: string, type: string}]\n", 1)
	bad += "  - {method: GET, path: /healthz, public: true}\n"
	require.NoError(t, os.WriteFile(file, []byte(bad), 0o644))
	before, times := tree(t, dir), mtimes(t, dir)

	_, err = generator.Gen(dir, generator.Options{Goplt: goldenGoplt})
	require.Error(t, err)
	for _, want := range []string{
		`modules/blog/module.yaml:8:11: entities[0].name: entity "migrate" does not fit`,
		`modules/blog/module.yaml:9:21: entities[0].fields[0].name: field "string" does not fit`,
		`: routes[5]: GET /healthz is served by the platform kernel; choose another path`,
	} {
		require.Contains(t, err.Error(), want)
	}
	require.Equal(t, before, tree(t, dir), "a refused spec must leave every file as it was")
	require.Equal(t, times, mtimes(t, dir), "a refused spec must not touch any file")
}
