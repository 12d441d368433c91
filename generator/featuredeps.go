package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/mod/modfile"

	"github.com/goplt/goplt/generator/gomod"
	"github.com/goplt/goplt/generator/model"
	"github.com/goplt/goplt/generator/render"
	"github.com/goplt/goplt/templates"
)

// Scopes of a feature's dependency list: what the project's root go.mod
// needs, and what each feature module's go.mod needs (its tests link the
// kernel, so the kernel's non-test dependencies reach it as indirect ones).
const (
	scopeRoot   = "root"
	scopeModule = "module"
)

// featureDeps returns the requirements and go.sum lines that the enabled
// features add to a go.mod of scope, and the kernel's go.sum lines they make
// unneeded (a feature that raises a shared dependency's version leaves the
// old version's hash behind; go mod tidy drops it). templates/deps/
// FEATURE.SCOPE.mod and .sum hold them, recorded from go mod tidy by
// TestFeatureDeps -update-deps; in the .sum file a dropped line starts
// with "-".
func featureDeps(p *model.Project, scope string) ([]*modfile.Require, [][]byte, []string, error) {
	var (
		reqs  []*modfile.Require
		sums  [][]byte
		drops []string
	)
	for _, name := range p.Features.Names {
		base := "deps/" + name + "." + scope
		mod, err := fs.ReadFile(templates.FS, base+".mod")
		if errors.Is(err, fs.ErrNotExist) {
			continue // the feature needs nothing beyond the kernel's modules
		}
		if err != nil {
			return nil, nil, nil, err
		}
		r, err := gomod.ParseRequires(base+".mod", mod)
		if err != nil {
			return nil, nil, nil, err
		}
		reqs = append(reqs, r...)
		sum, err := fs.ReadFile(templates.FS, base+".sum")
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, nil, nil, err
		}
		var add []string
		for _, l := range strings.Split(string(sum), "\n") {
			if d, ok := strings.CutPrefix(l, "-"); ok {
				drops = append(drops, d)
			} else {
				add = append(add, l)
			}
		}
		sums = append(sums, []byte(strings.Join(add, "\n")))
	}
	return reqs, sums, drops, nil
}

// addFeatureDeps makes the go.mod and go.sum in dir ("" for the root, else
// "modules/NAME/") hold what the enabled features need. An existing file
// is the user's: it gets the structured edit (requirements added or
// raised, never removed; go.sum lines added, never dropped) and is marked
// Maintained.
func addFeatureDeps(root string, p *model.Project, files []render.File, dir, scope string) error {
	reqs, sums, drops, err := featureDeps(p, scope)
	if err != nil || len(reqs) == 0 {
		return err
	}
	for i, f := range files {
		if f.Path != dir+"go.mod" && f.Path != dir+"go.sum" {
			continue
		}
		base := f.Content
		disk, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(f.Path)))
		if err == nil {
			base = disk
		}
		out := gomod.MergeSums(base, sums...)
		if disk == nil {
			out = gomod.DropSums(out, drops)
		}
		if f.Path == dir+"go.mod" {
			if out, err = gomod.Require(f.Path, base, reqs); err != nil {
				return fmt.Errorf("add feature dependencies: %w", err)
			}
		}
		files[i].Content = out
		files[i].Maintained = disk != nil
	}
	return nil
}
