package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

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

// depSet is what the enabled features change in a go.mod of one scope.
type depSet struct {
	// reqs and sums are added (requirements raised where needed).
	reqs []*modfile.Require
	sums [][]byte
	// dropReqs and dropSums are what go mod tidy removes once the added
	// requirements raise a module that no longer needs them.
	dropReqs []*modfile.Require
	dropSums [][]byte
}

// featureDeps returns the requirements and go.sum lines that the enabled
// features add to, and drop from, a go.mod of scope.
// templates/deps/FEATURE.SCOPE.mod and .sum hold the additions,
// FEATURE.SCOPE.drop.mod and .drop.sum the removals, all recorded from go
// mod tidy by TestFeatureDeps -update-deps.
func featureDeps(p *model.Project, scope string) (depSet, error) {
	var d depSet
	for _, name := range p.Features.Names {
		base := "deps/" + name + "." + scope
		reqs, sum, err := readDeps(base)
		if err != nil {
			return depSet{}, err
		}
		d.reqs = append(d.reqs, reqs...)
		d.sums = append(d.sums, sum)
		drops, dropSum, err := readDeps(base + ".drop")
		if err != nil {
			return depSet{}, err
		}
		d.dropReqs = append(d.dropReqs, drops...)
		d.dropSums = append(d.dropSums, dropSum)
	}
	return d, nil
}

// readDeps reads base.mod and base.sum; missing files mean nothing.
func readDeps(base string) ([]*modfile.Require, []byte, error) {
	mod, err := fs.ReadFile(templates.FS, base+".mod")
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, nil, err
	}
	var reqs []*modfile.Require
	if len(mod) > 0 {
		if reqs, err = gomod.ParseRequires(base+".mod", mod); err != nil {
			return nil, nil, err
		}
	}
	sum, err := fs.ReadFile(templates.FS, base+".sum")
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, nil, err
	}
	return reqs, sum, nil
}

// addFeatureDeps makes the go.mod and go.sum in dir ("" for the root, else
// "modules/NAME/") hold what the enabled features need. An existing file
// is the user's: it gets the structured edit (requirements added or
// raised, never removed) and is marked Maintained.
func addFeatureDeps(root string, p *model.Project, files []render.File, dir, scope string) error {
	d, err := featureDeps(p, scope)
	if err != nil || len(d.reqs)+len(d.dropReqs) == 0 {
		return err
	}
	keep := map[string]bool{}
	for _, r := range d.reqs {
		keep[r.Mod.Path] = true
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
		out := gomod.MergeSums(base, d.sums...)
		if f.Path == dir+"go.mod" {
			if out, err = gomod.Require(f.Path, base, d.reqs); err != nil {
				return fmt.Errorf("add feature dependencies: %w", err)
			}
		}
		// Drops apply to a file goplt writes anew; an existing one is the
		// user's, whose own code may still need what tidy would drop.
		if disk == nil {
			if f.Path == dir+"go.mod" {
				if out, err = gomod.DropRequires(f.Path, out, d.dropReqs, keep); err != nil {
					return fmt.Errorf("drop superseded dependencies: %w", err)
				}
			} else {
				out = gomod.DropSums(out, d.dropSums, d.sums)
			}
		}
		files[i].Content = out
		files[i].Maintained = disk != nil
	}
	return nil
}
