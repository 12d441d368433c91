// Package generator runs goplt's pipeline: load the specs, build the model,
// render every file in memory, plan the writes against the disk and the
// manifest, and apply the plan. Nothing touches the disk before the whole
// plan is computed and valid.
package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/goplt/goplt/generator/manifest"
	"github.com/goplt/goplt/generator/model"
	"github.com/goplt/goplt/generator/plan"
	"github.com/goplt/goplt/generator/render"
	"github.com/goplt/goplt/generator/spec"
	"github.com/goplt/goplt/schemas"
)

// SpecFile is the project spec's name at the project root.
const SpecFile = "goplt.yaml"

// schemaCopy is where the project keeps the JSON Schema of goplt.yaml, so
// editors validate it offline (goplt.yaml's first line points at it).
const schemaCopy = ".goplt/schemas/goplt.schema.json"

// Options tunes a run of the pipeline.
type Options struct {
	// Force overwrites generated files edited by hand, keeping .orig copies.
	Force bool
	// DryRun computes and returns the plan without writing anything.
	DryRun bool
}

// InitOptions tunes Init.
type InitOptions struct {
	Options
	// Dir is the directory of the new project.
	Dir string
	// Spec is the project spec to write as goplt.yaml and render.
	Spec *spec.Project
	// AllowNonEmpty lets Init write into a directory that has files.
	AllowNonEmpty bool
}

// Init creates a new project in opts.Dir from opts.Spec.
func Init(opts InitOptions) (*plan.Plan, error) {
	if !opts.AllowNonEmpty {
		if err := checkEmpty(opts.Dir); err != nil {
			return nil, err
		}
	}
	files, err := Files(opts.Spec)
	if err != nil {
		return nil, err
	}
	return run(opts.Dir, files, opts.Options)
}

// Gen regenerates the project at root from its goplt.yaml.
func Gen(root string, opts Options) (*plan.Plan, error) {
	p, err := spec.LoadProject(filepath.Join(root, SpecFile))
	if err != nil {
		return nil, err
	}
	files, err := Files(p)
	if err != nil {
		return nil, err
	}
	return run(root, files, opts)
}

// Files renders every file goplt owns or scaffolds for the spec. goplt.yaml
// itself is among them as a scaffold file: init writes it, and later runs
// only read it, since it is the user's.
func Files(p *spec.Project) ([]render.File, error) {
	files, err := render.Project(model.New(p))
	if err != nil {
		return nil, err
	}
	schema, err := fs.ReadFile(schemas.FS, "goplt.schema.json")
	if err != nil {
		return nil, fmt.Errorf("read embedded schema: %w", err)
	}
	return append(files,
		render.File{Path: SpecFile, Content: p.Encode(), Owner: render.Scaffold},
		render.File{Path: schemaCopy, Content: schema, Owner: render.Generated},
	), nil
}

// run plans files against root and applies the plan unless it is a dry run.
func run(root string, files []render.File, opts Options) (*plan.Plan, error) {
	old, err := manifest.Load(root)
	if err != nil {
		return nil, err
	}
	p, err := plan.Compute(root, files, old, plan.Options{Force: opts.Force})
	if err != nil {
		return nil, err
	}
	if opts.DryRun {
		return p, nil
	}
	return p, plan.Apply(p)
}

// checkEmpty refuses a directory that already holds files.
func checkEmpty(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read %s: %w", dir, err)
	}
	if len(entries) > 0 {
		return fmt.Errorf("%s is not empty (%d entries); choose a new directory or pass --force to write into it (files you own are never overwritten)", dir, len(entries))
	}
	return nil
}

// FindRoot returns the nearest directory at or above dir that holds
// goplt.yaml, the way git finds its repository.
func FindRoot(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := abs; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, SpecFile)); err == nil {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no %s in %s or any parent directory; run goplt init first, or cd into a goplt project", SpecFile, abs)
		}
	}
}
