package generator_test

import (
	"path/filepath"
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
		if _, err := generator.Init(generator.InitOptions{Dir: dir, Spec: p, Options: generator.Options{DryRun: true}}); err != nil {
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
				p, err := generator.Gen(dir, generator.Options{})
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
