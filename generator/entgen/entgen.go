// Package entgen runs Ent's code generator (entc) as a library on a
// module's ent/schema package and returns the generated files in memory,
// so they go through the same plan as every other generated file.
//
// entc writes to disk and loads the schema with `go list` and `go run` from
// the current directory, so Generate works in a temporary copy of the
// module (go.mod, go.sum and the schema files only) and changes the
// process's working directory while entc runs. A warm run costs about a
// second; Key lets callers skip it when the inputs have not changed.
package entgen

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"entgo.io/ent/entc"
	"entgo.io/ent/entc/gen"
	"golang.org/x/mod/modfile"
)

// EntVersion is the Ent release linked into goplt (go.mod pins it); the
// generated module must require the same version, since the generated code
// is only guaranteed to compile against the runtime it came from.
const EntVersion = "v0.14.5"

// cacheFormat changes whenever Generate's output changes for the same
// inputs (a new feature, a new post-processing step), invalidating Keys.
const cacheFormat = "entgen/2"

// DefaultFeatures are the Ent features goplt enables:
//   - intercept: generates ent/intercept, which tenant-scoped entities use
//     to add "tenant_id = ?" to every query through a schema interceptor
//     (the multi-tenancy pattern of Ent's documentation);
//   - sql/versioned-migration: lets platformctl write versioned migration
//     files for PostgreSQL deployments instead of only auto-migrating.
//
// Upsert is left out on purpose: the generated CRUD handlers never need
// ON CONFLICT, and it adds a large builder file per entity.
var DefaultFeatures = []gen.Feature{gen.FeatureIntercept, gen.FeatureVersionedMigration}

// preparedTemplate adds GetPrepared to every entity client: a primary-key
// read whose statement text is built once (see prepared.tmpl).
//
//go:embed prepared.tmpl
var preparedTemplate string

// templates are goplt's own entc templates, run with Ent's.
var templates = []*gen.Template{gen.MustParse(gen.NewTemplate("prepared").Parse(preparedTemplate))}

// Options says what to generate.
type Options struct {
	// ModuleDir is the absolute directory of the module. Relative replace
	// targets of its go.mod are resolved from it.
	ModuleDir string
	// GoMod and GoSum are the module's go.mod (which must require
	// entgo.io/ent) and go.sum; when nil they are read from ModuleDir. A
	// module goplt is about to create passes its rendered files.
	GoMod, GoSum []byte
	// ModulePath is the Go module path, e.g. "example.com/acme/modules/blog";
	// the generated client is ModulePath+"/"+Dir.
	ModulePath string
	// Schema maps a file name (e.g. "post.gen.go") to its content, for every
	// file of the ent/schema package: generated and user-owned alike, since
	// entc loads the whole package.
	Schema map[string][]byte
	// Features are the Ent features to enable; nil means DefaultFeatures.
	Features []gen.Feature
	// Packages holds other files of the module the schema imports (its
	// own packages, e.g. "pkg/audit/audit.go"), by slash-separated path
	// relative to the module root. The copy entc works in has only go.mod,
	// go.sum, the schema and these.
	Packages map[string][]byte
	// Replaced provides modules the schema imports through a replace
	// directive of go.mod, by module path: each maps slash-separated paths
	// relative to that module's root (its go.mod included) to content.
	// Generate writes them into its copy and points the replace there, so
	// a feature module's schema can import platform packages that are not
	// on disk yet. A module missing here uses its replace as written.
	Replaced map[string]map[string][]byte
	// Dir is the slash-separated directory of the generated package within
	// the module, holding schema/; "" means "ent". The kernel's own tables
	// live in "internal/ent".
	Dir string
	// Graph, when not nil, is called with the schema graph entc loaded,
	// before it generates code: (*gen.Graph).Tables() gives the tables a
	// migration diff needs without loading the schema a second time. An
	// error stops the run. Key leaves it out: it does not change the output.
	Graph func(*gen.Graph) error
	// Starting, when not nil, is called just before entc runs, with cold
	// true when Go's build cache lacks Ent's packages: entc then compiles
	// them first, which takes about a minute instead of a second.
	Starting func(cold bool)
}

func (o Options) dir() string {
	if o.Dir == "" {
		return "ent"
	}
	return o.Dir
}

func (o Options) features() []gen.Feature {
	if o.Features == nil {
		return DefaultFeatures
	}
	return o.Features
}

// mu serialises Generate: it changes the process's working directory.
var mu sync.Mutex

// Key is a content hash of everything Generate's output depends on that
// goplt controls: the schema files in name order, the Ent version, the
// package path and the features. Callers store the output under it and
// skip entc when the key is unchanged. Code the schema imports from other
// packages is not covered; a change there needs a forced run.
func Key(opts Options) string {
	h := sha256.New()
	write := func(s string) { h.Write(fmt.Appendf(nil, "%d:%s;", len(s), s)) } // a hash.Hash never returns an error
	write(cacheFormat)
	write(EntVersion)
	write(opts.ModulePath)
	write(opts.dir())
	for _, f := range opts.features() {
		write(f.Name)
	}
	for _, name := range slices.Sorted(maps.Keys(opts.Schema)) {
		write(name)
		write(string(opts.Schema[name]))
	}
	for _, name := range slices.Sorted(maps.Keys(opts.Packages)) {
		write(name)
		write(string(opts.Packages[name]))
	}
	for _, mod := range slices.Sorted(maps.Keys(opts.Replaced)) {
		write(mod)
		for _, name := range slices.Sorted(maps.Keys(opts.Replaced[mod])) {
			write(name)
			write(string(opts.Replaced[mod][name]))
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Generate runs entc on opts.Schema and returns every file it generates,
// keyed by its slash-separated path relative to the ent/ directory
// ("client.go", "post/post.go", "migrate/schema.go"). The schema files
// themselves are not returned.
func Generate(opts Options) (map[string][]byte, error) {
	if err := opts.check(); err != nil {
		return nil, err
	}
	// 1. A temporary copy of the module: entc writes next to the schema,
	// and nothing may touch the real tree before the plan is made.
	tmp, release, err := newWorkDir()
	if err != nil {
		return nil, fmt.Errorf("run entc for %s: %w", opts.ModulePath, err)
	}
	defer release()
	if err := prepare(tmp, opts); err != nil {
		return nil, fmt.Errorf("run entc for %s: %w", opts.ModulePath, err)
	}

	// 2. Run entc from inside the copy.
	target := filepath.Join(tmp, filepath.FromSlash(opts.dir()))
	if err := inDir(tmp, func() error {
		if opts.Starting != nil {
			opts.Starting(coldBuildCache(tmp))
		}
		cfg := &gen.Config{
			Target:    target,
			Package:   opts.ModulePath + "/" + opts.dir(),
			Features:  opts.features(),
			Templates: templates,
		}
		if opts.Graph != nil {
			cfg.Hooks = []gen.Hook{graphHook(opts.Graph)}
		}
		return entc.Generate("./"+opts.dir()+"/schema", cfg)
	}); err != nil {
		return nil, fmt.Errorf("run entc for %s: %w", opts.ModulePath, err)
	}

	// 3. Read back everything but the schema.
	out, err := readTree(target)
	if err != nil {
		return nil, fmt.Errorf("run entc for %s: read output: %w", opts.ModulePath, err)
	}
	return out, nil
}

// graphHook calls fn with the loaded graph before generating.
func graphHook(fn func(*gen.Graph) error) gen.Hook {
	return func(next gen.Generator) gen.Generator {
		return gen.GenerateFunc(func(g *gen.Graph) error {
			if err := fn(g); err != nil {
				return err
			}
			return next.Generate(g)
		})
	}
}

// entPackages are what entc's schema loader compiles on its first run,
// besides the schema itself: Ent's schema API and its dependencies.
var entPackages = []string{"entgo.io/ent", "entgo.io/ent/schema/edge", "entgo.io/ent/schema/field", "entgo.io/ent/schema/index"}

// coldBuildCache reports whether Go's build cache lacks a compiled Ent
// package for the module in dir (go list marks it stale). It errs on the
// side of warm: a failing go list reports false, and entc will say why.
func coldBuildCache(dir string) bool {
	args := append([]string{"list", "-deps", "-f", `{{if .Stale}}{{.ImportPath}}{{"\n"}}{{end}}`}, entPackages...)
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return false
	}
	for _, pkg := range strings.Fields(string(out)) {
		if strings.HasPrefix(pkg, "entgo.io/ent") {
			return true
		}
	}
	return false
}

// check reports options Generate cannot work with.
func (o Options) check() error {
	switch {
	case !filepath.IsAbs(o.ModuleDir):
		return fmt.Errorf("run entc: module directory %q is not absolute", o.ModuleDir)
	case o.ModulePath == "":
		return errors.New("run entc: module path is empty")
	case len(o.Schema) == 0:
		return fmt.Errorf("run entc for %s: no schema files", o.ModulePath)
	}
	for name := range o.Schema {
		if name != filepath.Base(name) || !strings.HasSuffix(name, ".go") {
			return fmt.Errorf("run entc for %s: schema file name %q must be a .go file name without directories", o.ModulePath, name)
		}
	}
	return nil
}

// prepare writes go.mod (relative replace targets made absolute, since the
// copy lives elsewhere), go.sum and the schema files into dir.
func prepare(dir string, opts Options) error {
	gomod := filepath.Join(opts.ModuleDir, "go.mod")
	data, err := orRead(opts.GoMod, gomod)
	if err != nil {
		return err
	}
	mf, err := modfile.Parse(gomod, data, nil)
	if err != nil {
		return err
	}
	for _, r := range mf.Replace {
		if opts.Replaced[r.Old.Path] != nil || r.New.Version != "" || filepath.IsAbs(r.New.Path) {
			continue // provided below, a module version or an absolute path: valid anywhere
		}
		abs := filepath.Join(opts.ModuleDir, filepath.FromSlash(r.New.Path))
		if err := mf.AddReplace(r.Old.Path, r.Old.Version, abs, ""); err != nil {
			return err
		}
	}
	for i, mod := range slices.Sorted(maps.Keys(opts.Replaced)) {
		modDir := filepath.Join(dir, "_replaced", strconv.Itoa(i))
		if err := writeFiles(modDir, opts.Replaced[mod]); err != nil {
			return fmt.Errorf("replaced module %s: %w", mod, err)
		}
		if err := mf.AddReplace(mod, "", modDir, ""); err != nil {
			return err
		}
	}
	if data, err = mf.Format(); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), data, 0o644); err != nil {
		return err
	}
	sum, err := orRead(opts.GoSum, filepath.Join(opts.ModuleDir, "go.sum"))
	if err != nil {
		return fmt.Errorf("%w (run go mod tidy in %s)", err, opts.ModuleDir)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644); err != nil {
		return err
	}
	schemaDir := filepath.Join(dir, filepath.FromSlash(opts.dir()), "schema")
	if err := os.MkdirAll(schemaDir, 0o755); err != nil {
		return err
	}
	for name, content := range opts.Schema {
		if err := os.WriteFile(filepath.Join(schemaDir, name), content, 0o644); err != nil {
			return err
		}
	}
	return writeFiles(dir, opts.Packages)
}

// writeFiles writes files, keyed by slash-separated paths relative to dir,
// into dir.
func writeFiles(dir string, files map[string][]byte) error {
	for name, content := range files {
		target := filepath.Join(dir, filepath.FromSlash(name))
		if !filepath.IsLocal(filepath.FromSlash(name)) {
			return fmt.Errorf("package file %q is not inside the module", name)
		}
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(target, content, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// orRead returns data, or the file's content when data is nil.
func orRead(data []byte, file string) ([]byte, error) {
	if data != nil {
		return data, nil
	}
	return os.ReadFile(file)
}

// inDir runs fn with dir as the working directory and restores it after.
func inDir(dir string, fn func() error) (err error) {
	mu.Lock()
	defer mu.Unlock()
	prev, err := os.Getwd()
	if err != nil {
		return err
	}
	if err := os.Chdir(dir); err != nil {
		return err
	}
	defer func() {
		if cerr := os.Chdir(prev); cerr != nil && err == nil {
			err = fmt.Errorf("restore working directory: %w", cerr)
		}
	}()
	return fn()
}

// readTree reads every file under root except the schema package.
func readTree(root string) (map[string][]byte, error) {
	out := map[string][]byte{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel == "schema" {
				return filepath.SkipDir
			}
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		out[rel] = data
		return nil
	})
	return out, err
}
