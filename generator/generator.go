// Package generator runs goplt's pipeline: load the specs, build the model,
// render every file in memory, plan the writes against the disk and the
// manifest, and apply the plan. Nothing touches the disk before the whole
// plan is computed and valid.
package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"

	"github.com/goplt/goplt/generator/manifest"
	"github.com/goplt/goplt/generator/model"
	"github.com/goplt/goplt/generator/openapi"
	"github.com/goplt/goplt/generator/plan"
	"github.com/goplt/goplt/generator/render"
	"github.com/goplt/goplt/generator/spec"
	"github.com/goplt/goplt/schemas"
)

// SpecFile is the project spec's name at the project root.
const SpecFile = spec.ProjectFile

// Options tunes a run of the pipeline.
type Options struct {
	// Force overwrites generated files edited by hand, keeping .orig copies.
	Force bool
	// DryRun computes and returns the plan without writing anything.
	DryRun bool
	// Progress, when not nil, hears of slow steps before they run.
	Progress Progress
	// Goplt is the running goplt's version (Version), which gen checks
	// against the one the project recorded and records; empty means
	// DevelVersion(). Tests that compare output pass a fixed one.
	Goplt string
	// AllowVersionSkew regenerates a project that another goplt version
	// recorded even where the version rule refuses (package pin).
	AllowVersionSkew bool
	// Notice, when not nil, hears the one-line note or warning of the
	// version check.
	Notice func(string)
}

// version is the version this run renders with and records.
func (o Options) version() string {
	if o.Goplt != "" {
		return o.Goplt
	}
	return DevelVersion()
}

// InitOptions tunes Init.
type InitOptions struct {
	Options
	// Dir is the directory of the new project.
	Dir string
	// Spec is the project spec to write as goplt.yaml and render.
	Spec *spec.Project
	// SpecText, when set, is written as goplt.yaml instead of Spec's
	// canonical encoding, keeping the comments of a spec given with --spec.
	SpecText []byte
	// AllowNonEmpty lets Init write into a directory that has files.
	AllowNonEmpty bool
}

// Init creates a new project in opts.Dir from opts.Spec.
func Init(opts InitOptions) (*plan.Plan, error) {
	text := opts.SpecText
	if text == nil {
		text = opts.Spec.Encode()
	}
	if !opts.AllowNonEmpty {
		if err := checkEmpty(opts.Dir, text); err != nil {
			return nil, err
		}
	}
	specs := &spec.Specs{Project: opts.Spec, Files: map[string][]byte{SpecFile: text}}
	m, err := manifest.Load(opts.Dir)
	if err != nil {
		return nil, err
	}
	if m.Goplt != "" { // goplt.yaml of an interrupted init, or --force into a project
		if err := checkVersion(m.Goplt, opts.Options); err != nil {
			return nil, err
		}
	}
	files, err := files(opts.Dir, specs, m, opts.Options)
	if err != nil {
		return nil, err
	}
	return run(opts.Dir, files, opts.Options, false)
}

// Gen regenerates the project at root from goplt.yaml and every
// modules/*/module.yaml.
func Gen(root string, opts Options) (*plan.Plan, error) {
	specs, err := spec.Load(root)
	if err != nil {
		return nil, err
	}
	m, err := manifest.Load(root)
	if err != nil {
		return nil, err
	}
	if err := checkVersion(m.Goplt, opts); err != nil {
		return nil, err
	}
	fs, err := files(root, specs, m, opts)
	if err != nil {
		return nil, err
	}
	return runWith(root, fs, m, opts, false)
}

// GenPerms regenerates only the typed permission package, pkg/perm.
func GenPerms(root string, opts Options) (*plan.Plan, error) {
	specs, err := spec.Load(root)
	if err != nil {
		return nil, err
	}
	m, err := manifest.Load(root)
	if err != nil {
		return nil, err
	}
	if err := checkVersion(m.Goplt, opts); err != nil {
		return nil, err
	}
	files, err := render.Project(model.New(specs.Project, specs.Modules...), known(root, m))
	if err != nil {
		return nil, err
	}
	var perms []render.File
	for _, f := range files {
		if f.Path == permFile {
			perms = append(perms, f)
		}
	}
	return runWith(root, perms, m, opts, true)
}

// known lets rendering reuse what goplt formatted from the same rendering
// before (the manifest keeps each Go file's source hash) instead of
// formatting it again: a generated file unchanged on disk, or the pristine
// copy of a user-owned file, which the plan compares with the user's
// version as it would a fresh rendering. On an unchanged project that
// skips nearly all of gofmt. A generated file edited since is formatted
// anew, and the plan then reports it as the conflict it is.
func known(root string, m *manifest.Manifest) render.Known {
	if len(m.Files) == 0 {
		return nil
	}
	return func(path, source string) (render.Reuse, bool) {
		e, ok := m.Files[path]
		if !ok || source == "" || e.Source != source {
			return render.Reuse{}, false
		}
		switch e.Owner {
		case render.Generated.String():
			disk, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(path)))
			if err != nil || manifest.Hash(disk) != e.SHA256 {
				return render.Reuse{}, false
			}
			return render.Reuse{Content: disk, Hash: e.SHA256, OnDisk: true}, true
		case render.Scaffold.String():
			if e.Pristine == "" {
				return render.Reuse{}, false
			}
			return render.Reuse{Content: []byte(e.Pristine), Hash: e.SHA256}, true
		}
		return render.Reuse{}, false
	}
}

// knownAt narrows known to one path, for the OpenAPI documents.
func knownAt(known render.Known, path string) openapi.Known {
	if known == nil {
		return nil
	}
	return func(source string) ([]byte, bool) {
		r, ok := known(path, source)
		return r.Content, ok
	}
}

// permFile is the generated permission package.
const permFile = "pkg/perm/perm.go"

// Files renders every file goplt owns or scaffolds for specs, in memory.
// root is the project directory, from which the user-owned inputs of
// generation are read: the root go.mod (to wire modules into it) and the
// user's halves of Ent schemas.
func Files(root string, s *spec.Specs) ([]render.File, error) {
	m, err := manifest.Load(root)
	if err != nil {
		return nil, err
	}
	return files(root, s, m, Options{})
}

// files is Files with the project's manifest already read, rendering with
// opts' goplt version and reporting slow steps to opts.Progress.
func files(root string, s *spec.Specs, m *manifest.Manifest, opts Options) ([]render.File, error) {
	progress := opts.Progress
	p := model.New(s.Project, s.Modules...)
	p.Goplt = opts.version()
	reuse := known(root, m)
	files, err := render.Project(p, reuse)
	if err != nil {
		return nil, err
	}
	if err := addFeatureDeps(root, p, files, "", scopeRoot); err != nil {
		return nil, err
	}
	if p.Features.KernelEnt() {
		ent, err := kernelEntFiles(root, p, files, progress)
		if err != nil {
			return nil, err
		}
		files = append(files, ent...)
	}
	// The platform's OpenAPI document and the modules are independent of
	// one another: build them on every core (entc and oapi-codegen
	// serialise themselves) and keep module order.
	var (
		wg        sync.WaitGroup
		doc       []byte
		source    string
		docErr    error
		platform  = files
		perModule = make([][]render.File, len(p.Modules))
		errs      = make([]error, len(p.Modules))
		sem       = make(chan struct{}, runtime.GOMAXPROCS(0))
	)
	wg.Go(func() {
		doc, source, docErr = openapi.PlatformCached(p, knownAt(reuse, "api/openapi.yaml"))
	})
	for i, m := range p.Modules {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			perModule[i], errs[i] = moduleFiles(root, m, reuse, platform, progress)
		})
	}
	wg.Wait()
	if docErr != nil {
		return nil, fmt.Errorf("build api/openapi.yaml: %w", docErr)
	}
	for _, err := range errs {
		if err != nil {
			return nil, err // the first module's, as a sequential run reports
		}
	}
	files = append(files, render.File{Path: "api/openapi.yaml", Content: doc, Owner: render.Generated, Source: source})
	for _, mf := range perModule {
		files = append(files, mf...)
	}
	if files, err = wireGoMod(root, p, files); err != nil {
		return nil, err
	}
	for path, content := range s.Files {
		files = append(files, render.File{Path: path, Content: content, Owner: render.Scaffold})
	}
	for _, name := range []string{"goplt.schema.json", "module.schema.json"} {
		schema, err := fs.ReadFile(schemas.FS, name)
		if err != nil {
			return nil, fmt.Errorf("read embedded schema: %w", err)
		}
		files = append(files, render.File{Path: ".goplt/schemas/" + name, Content: schema, Owner: render.Generated})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, nil
}

// run plans files against root and applies the plan unless it is a dry run.
// A partial run renders only some files and leaves the others alone.
func run(root string, files []render.File, opts Options, partial bool) (*plan.Plan, error) {
	old, err := manifest.Load(root)
	if err != nil {
		return nil, err
	}
	return runWith(root, files, old, opts, partial)
}

// runWith is run with the manifest already read.
func runWith(root string, files []render.File, old *manifest.Manifest, opts Options, partial bool) (*plan.Plan, error) {
	p, err := plan.Compute(root, files, old, plan.Options{Force: opts.Force, Partial: partial, Goplt: opts.version()})
	if err != nil {
		return nil, err
	}
	if opts.DryRun {
		return p, nil
	}
	return p, plan.Apply(p)
}

// checkEmpty refuses a directory that already holds files, unless they
// are what an init of the same spec wrote before it stopped part way (a
// full disk, a kill): rerunning the init then completes it.
func checkEmpty(dir string, specText []byte) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read %s: %w", dir, err)
	}
	if len(entries) == 0 {
		return nil
	}
	if spec, ok, err := interruptedInit(dir); err != nil {
		return err
	} else if ok && spec != nil && !bytes.Equal(spec, specText) {
		return fmt.Errorf("%s holds a project that an interrupted goplt init began from another spec; rerun it with the same flags, run goplt gen in %s to complete it as it is, or choose a new directory", dir, dir)
	} else if ok {
		return nil
	}
	return fmt.Errorf("%s is not empty (%d entries); choose a new directory or pass --force to write into it (files you own are never overwritten)", dir, len(entries))
}

// interruptedInit reports whether dir holds only what a goplt run that
// never finished wrote, and the goplt.yaml it wrote, if any.
func interruptedInit(dir string) (specText []byte, ok bool, err error) {
	m, err := manifest.Load(dir)
	if err != nil {
		return nil, false, nil // not a project goplt can read: not empty
	}
	_, err = os.Stat(filepath.Join(dir, filepath.FromSlash(manifest.Path)))
	if m.Interrupted == nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil // a finished project
	}
	foreign, ours, err := foreignFiles(dir, ".", m)
	if err != nil || len(foreign) > 0 {
		return nil, false, err
	}
	return ours[SpecFile], true, nil
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
