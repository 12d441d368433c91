package generator_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goplt/goplt/generator"
	"github.com/goplt/goplt/generator/spec"
)

// Speed targets live here, never in timed tests: make bench runs these.

// BenchmarkInit_RenderOnly is goplt init of the minimal example without
// the writes: load nothing, render every template, plan against an empty
// directory.
func BenchmarkInit_RenderOnly(b *testing.B) {
	p, err := spec.LoadProject(filepath.Join("..", "examples", "minimal", "goplt.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	dir := filepath.Join(b.TempDir(), "p")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := generator.Init(generator.InitOptions{Dir: dir, Spec: p, Options: generator.Options{DryRun: true, Goplt: goldenGoplt}}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGen_NoChange is goplt gen on an up-to-date project: it must
// write nothing, and with its Ent code cached it must not run entc.
func BenchmarkGen_NoChange(b *testing.B) {
	for _, name := range []string{"minimal", "blog", "helpdesk"} {
		b.Run(name, func(b *testing.B) {
			dir := initExample(b, name)
			b.ReportAllocs()
			for b.Loop() {
				p, err := generator.Gen(dir, generator.Options{Goplt: goldenGoplt})
				if err != nil {
					b.Fatal(err)
				}
				if p.Stale() {
					b.Fatal("an up-to-date project planned writes")
				}
			}
		})
	}
}

// syntheticModules and syntheticRoutes size the project of issue 7's
// targets: 20 modules of 10 routes each (200 routes).
const (
	syntheticModules = 20
	syntheticRoutes  = 10
)

// syntheticModule returns the module.yaml of module number i: one entity
// with its five CRUD routes and five more, extra fields added to the entity
// and extra routes added on top.
func syntheticModule(i, extraFields, extraRoutes int) string {
	name := fmt.Sprintf("mod%02d", i)
	var b strings.Builder
	fmt.Fprintf(&b, "name: %s\nversion: 0.1.0\n", name)
	fmt.Fprintf(&b, "permissions: [%[1]s.item.create, %[1]s.item.read, %[1]s.item.update, %[1]s.item.delete]\n", name)
	b.WriteString("entities:\n  - name: item\n    fields:\n")
	b.WriteString("      - {name: title, type: string, required: true}\n      - {name: count, type: int}\n")
	for f := range extraFields {
		fmt.Fprintf(&b, "      - {name: extra%d, type: string}\n", f)
	}
	b.WriteString("routes:\n")
	base := "/api/v1/" + name + "/items"
	for _, r := range []string{
		"POST " + base + " create request: item, response: item",
		"GET " + base + " read response: \"[]item\"",
		"GET " + base + "/:id read response: item",
		"PUT " + base + "/:id update request: item, response: item",
		"DELETE " + base + "/:id delete",
	} {
		method, rest, _ := strings.Cut(r, " ")
		path, rest, _ := strings.Cut(rest, " ")
		action, bodies, _ := strings.Cut(rest, " ")
		fmt.Fprintf(&b, "  - {method: %s, path: %s, permission: %s.item.%s, %s}\n", method, path, name, action, bodies)
	}
	for r := range syntheticRoutes - 5 + extraRoutes {
		fmt.Fprintf(&b, "  - {method: POST, path: %s/:id/action%d, permission: %s.item.update, response: item}\n", base, r, name)
	}
	return b.String()
}

// syntheticProject generates the 20x10 project (entc runs once per module
// here, outside the timed loop).
func syntheticProject(b *testing.B) string {
	b.Helper()
	dir := filepath.Join(b.TempDir(), "synthetic")
	if _, err := generator.Init(generator.InitOptions{Dir: dir, Spec: spec.NewProject("synthetic", "example.com/synthetic"), Options: generator.Options{Goplt: goldenGoplt}}); err != nil {
		b.Fatal(err)
	}
	for i := range syntheticModules {
		writeModule(b, dir, i, syntheticModule(i, 0, 0))
	}
	if _, err := generator.Gen(dir, generator.Options{Goplt: goldenGoplt}); err != nil {
		b.Fatal(err)
	}
	return dir
}

func writeModule(b *testing.B, dir string, i int, text string) {
	b.Helper()
	mdir := filepath.Join(dir, "modules", fmt.Sprintf("mod%02d", i))
	if err := os.MkdirAll(mdir, 0o755); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(mdir, "module.yaml"), []byte(text), 0o644); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkGen_Synthetic20x10 measures goplt gen on the 200-route project:
// with nothing changed (target under 100 ms, nothing written), after
// editing one module's routes (under 300 ms: oapi-codegen for that module
// only) and after adding a field to one entity (under 2.5 s: entc for that
// module only). Each edit iteration flips the module.yaml between two
// versions, so every run has a change to generate.
func BenchmarkGen_Synthetic20x10(b *testing.B) {
	dir := syntheticProject(b)
	gen := func(b *testing.B, wantStale bool) {
		p, err := generator.Gen(dir, generator.Options{Goplt: goldenGoplt})
		if err != nil {
			b.Fatal(err)
		}
		if p.Stale() != wantStale {
			b.Fatalf("plan stale = %v, want %v", p.Stale(), wantStale)
		}
	}
	b.Run("no-change", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			gen(b, false)
		}
	})
	for _, edit := range []struct {
		name                string
		fields, extraRoutes int
	}{{"edit-routes", 0, 1}, {"add-field", 1, 0}} {
		b.Run(edit.name, func(b *testing.B) {
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				n++
				if n%2 == 1 {
					writeModule(b, dir, 7, syntheticModule(7, edit.fields, edit.extraRoutes))
				} else {
					writeModule(b, dir, 7, syntheticModule(7, 0, 0))
				}
				gen(b, true)
			}
			writeModule(b, dir, 7, syntheticModule(7, 0, 0))
			gen(b, n%2 == 1)
		})
	}
}
