package generator

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/mod/module"

	"github.com/goplt/goplt/generator/apigen"
	"github.com/goplt/goplt/generator/entgen"
	"github.com/goplt/goplt/generator/gomod"
	"github.com/goplt/goplt/generator/manifest"
	"github.com/goplt/goplt/generator/model"
	"github.com/goplt/goplt/generator/openapi"
	"github.com/goplt/goplt/generator/render"
)

// moduleFiles renders everything of one feature module: its templates, its
// OpenAPI document, the oapi-codegen Gin strict server and the Ent code.
// platform holds the rendered files of the platform (root) module, which
// the module's Ent schema may import (the tenant mixin uses pkg/tenant).
func moduleFiles(root string, m *model.Module, known render.Known, platform []render.File, progress Progress) ([]render.File, error) {
	files, err := render.Module(m, known)
	if err != nil {
		return nil, err
	}
	for i, f := range files {
		if f.Path == m.Dir()+"/go.mod" {
			if files[i].Content, err = gomod.SortRequires(f.Path, f.Content); err != nil {
				return nil, err
			}
		}
	}
	if err := addFeatureDeps(root, m.Project(), files, m.Dir()+"/", scopeModule); err != nil {
		return nil, err
	}
	docPath := m.Dir() + "/api/openapi.yaml"
	doc, source, err := openapi.ModuleCached(m, knownAt(known, docPath))
	if err != nil {
		return nil, fmt.Errorf("build %s: %w", docPath, err)
	}
	api, err := apiFiles(root, m, doc)
	if err != nil {
		return nil, err
	}
	files = append(files, render.File{Path: docPath, Content: doc, Owner: render.Generated, Source: source})
	files = append(files, api...)
	if len(m.Entities) == 0 {
		return files, nil
	}
	ent, err := entFiles(root, m, files, platform, progress)
	if err != nil {
		return nil, err
	}
	return append(files, ent...), nil
}

// toolCache records what an external generator (entc, oapi-codegen) made
// from a module's inputs, so unchanged inputs reuse the files on disk
// instead of running the tool again.
type toolCache struct {
	// Key is the tool's content hash of the inputs the files came from.
	Key string `json:"key"`
	// Files maps each generated path (relative to the tool's output
	// directory) to the hash of its content.
	Files map[string]string `json:"files"`
}

// cachedOutput returns the files under dir (a slash path ending in "/")
// that the cache at cachePath recorded for key, and their hashes, when
// every one is still on disk with the recorded hash.
func cachedOutput(root, cachePath, key, dir string) (map[string][]byte, map[string]string, bool) {
	data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(cachePath)))
	if err != nil {
		return nil, nil, false
	}
	var c toolCache
	if json.Unmarshal(data, &c) != nil || c.Key != key || len(c.Files) == 0 {
		return nil, nil, false
	}
	out := map[string][]byte{}
	for name, sum := range c.Files {
		content, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(dir+name)))
		if err != nil || manifest.Hash(content) != sum {
			return nil, nil, false
		}
		out[name] = content
	}
	return out, c.Files, true
}

// toolFiles turns a tool's output under dir into generated files, plus the
// cache file that lets the next run skip the tool.
//
// hashes, when not nil, are the hashes of out read from disk (a cache hit):
// the files are then marked OnDisk and nothing is hashed again.
func toolFiles(dir, cachePath, key string, out map[string][]byte, hashes map[string]string) ([]render.File, error) {
	cache := toolCache{Key: key, Files: map[string]string{}}
	var files []render.File
	for _, name := range slices.Sorted(maps.Keys(out)) {
		f := render.File{Path: dir + name, Content: out[name], Owner: render.Generated}
		if h, ok := hashes[name]; ok {
			f.OnDisk, f.Hash = true, h
		} else {
			f.Hash = manifest.Hash(out[name])
		}
		cache.Files[name] = f.Hash
		files = append(files, f)
	}
	data, err := json.MarshalIndent(cache, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(files, render.File{Path: cachePath, Content: append(data, '\n'), Owner: render.Generated}), nil
}

// apiFiles runs oapi-codegen on the module's document, or reuses its
// output when the document is unchanged.
func apiFiles(root string, m *model.Module, doc []byte) ([]render.File, error) {
	dir, cachePath := m.Dir()+"/api/", ".goplt/cache/api/"+m.Name+".json"
	key := apigen.Key(doc, "api")
	out, hashes, ok := cachedOutput(root, cachePath, key, dir)
	if !ok {
		code, err := apigen.Gin(doc, "api")
		if err != nil {
			return nil, &ToolError{Tool: "oapi-codegen", Err: fmt.Errorf("generate %sapi.gen.go: %w", dir, err)}
		}
		out = map[string][]byte{"api.gen.go": code}
	}
	return toolFiles(dir, cachePath, key, out, hashes)
}

// entFiles runs entc (or reuses its cached output) for m's ent/schema
// package. The platform packages the schema imports come from platform,
// the rendered root files, not from disk: in a new project, or when a
// feature is switched on, they are not written yet.
func entFiles(root string, m *model.Module, files, platform []render.File, progress Progress) ([]render.File, error) {
	t := entTarget{dir: m.Dir() + "/", modulePath: m.ImportPath(), ent: "ent", cache: ".goplt/cache/ent/" + m.Name + ".json", progress: progress}
	return runEnt(root, t, files, func(opts *entgen.Options) {
		if pkgs := platformPackages(root, m.Project().Module, opts.Schema, platform); len(pkgs) > 0 {
			opts.Replaced = map[string]map[string][]byte{m.Project().Module: pkgs}
		}
	})
}

// kernelEntFiles runs entc (or reuses its cached output) for the kernel's
// own tables in internal/ent/schema (the audit log, the event outbox).
func kernelEntFiles(root string, p *model.Project, files []render.File, progress Progress) ([]render.File, error) {
	return runEnt(root, entTarget{modulePath: p.Module, ent: "internal/ent", cache: ".goplt/cache/kernel-ent.json", progress: progress}, files, nil)
}

// entTarget says where an Ent package lives.
type entTarget struct {
	dir        string // the Go module's directory: "" for the root, else "modules/NAME/"
	modulePath string // its module path
	ent        string // the generated package's directory within the module
	cache      string // where the tool cache is kept
	progress   Progress
}

// runEnt runs entc for t: the generated schema halves from files, the
// user's halves from disk when they exist there. adjust, when not nil,
// completes the options before the cache key is taken.
func runEnt(root string, t entTarget, files []render.File, adjust func(*entgen.Options)) ([]render.File, error) {
	schemaDir := t.dir + t.ent + "/schema/"
	opts := entgen.Options{ModuleDir: filepath.Join(absRoot(root), filepath.FromSlash(t.dir)), ModulePath: t.modulePath, Dir: t.ent, Schema: map[string][]byte{}}
	for _, f := range files {
		switch {
		case strings.HasPrefix(f.Path, schemaDir) && !strings.Contains(strings.TrimPrefix(f.Path, schemaDir), "/"):
			opts.Schema[path.Base(f.Path)] = userVersion(root, f)
		case f.Path == t.dir+"go.mod":
			opts.GoMod = userVersion(root, f)
		case f.Path == t.dir+"go.sum":
			opts.GoSum = userVersion(root, f)
		}
	}
	if err := addUserSchemaFiles(root, schemaDir, opts.Schema); err != nil {
		return nil, err
	}
	opts.Packages = importedPackages(root, t, opts.Schema, files)
	if adjust != nil {
		adjust(&opts)
	}

	dir := t.dir + t.ent + "/"
	key := entgen.Key(opts)
	out, hashes, ok := cachedOutput(root, t.cache, key, dir)
	if !ok {
		if t.progress != nil {
			opts.Starting = func(cold bool) { t.progress(Step{Tool: "entc", Module: t.modulePath, Cold: cold}) }
		}
		var err error
		if out, err = entgen.Generate(opts); err != nil {
			return nil, &ToolError{Tool: "entc", Err: err}
		}
	}
	// entc marks its files "Code generated by ent": goplt owns them all.
	return toolFiles(dir, t.cache, key, out, hashes)
}

// importedPackages returns the non-test Go files of the module's own
// packages that the schema imports (the kernel's audit schema uses
// pkg/audit's errors), keyed by path relative to the module.
func importedPackages(root string, t entTarget, schema map[string][]byte, files []render.File) map[string][]byte {
	return ownPackages(root, t.dir, t.modulePath, t.ent+"/", schema, files)
}

// platformPackages returns a go.mod for the platform module and the
// non-test Go files of the platform packages the schema imports, keyed by
// path relative to the project root; nil when the schema imports none.
//
// The go.mod names the module only: the feature module's own go.mod,
// which is tidy, already requires everything those packages import, and
// the platform's go.mod changes when modules are wired into it, which
// would change the Ent cache key on the run after a module is added.
func platformPackages(root, platformPath string, schema map[string][]byte, platform []render.File) map[string][]byte {
	out := ownPackages(root, "", platformPath, "modules/", schema, platform)
	if len(out) == 0 {
		return nil
	}
	out["go.mod"] = []byte("module " + platformPath + "\n\ngo " + model.GoVersion + "\n")
	return out
}

// ownPackages returns the non-test Go files, among files (the rendering of
// the module at dir), of the packages of modulePath that src imports,
// directly or through each other, keyed by path relative to dir. Packages
// under skip (the generated ent package, nested modules) are left out.
func ownPackages(root, dir, modulePath, skip string, src map[string][]byte, files []render.File) map[string][]byte {
	imports := func(content []byte) []string {
		var dirs []string
		prefix := `"` + modulePath + `/`
		for _, line := range strings.Split(string(content), "\n") {
			if _, rest, ok := strings.Cut(line, prefix); ok {
				if pkg, _, ok := strings.Cut(rest, `"`); ok && !strings.HasPrefix(pkg, skip) {
					dirs = append(dirs, dir+pkg+"/")
				}
			}
		}
		return dirs
	}
	var byDir map[string][]render.File // indexed on first need: most schemas import nothing
	out := map[string][]byte{}
	seen := map[string]bool{}
	var visit func(content []byte)
	visit = func(content []byte) {
		for _, d := range imports(content) {
			if seen[d] {
				continue
			}
			seen[d] = true
			if byDir == nil {
				byDir = map[string][]render.File{}
				for _, f := range files {
					fdir, name := path.Split(f.Path)
					if strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go") {
						byDir[fdir] = append(byDir[fdir], f)
					}
				}
			}
			for _, f := range byDir[d] {
				rel := strings.TrimPrefix(f.Path, dir)
				out[rel] = userVersion(root, f)
				visit(out[rel])
			}
		}
	}
	for _, name := range slices.Sorted(maps.Keys(src)) {
		visit(src[name])
	}
	return out
}

// userVersion is the content of a file as the build will see it: the
// user's copy on disk for a scaffold file that exists, else the rendering.
func userVersion(root string, f render.File) []byte {
	if f.Owner == render.Scaffold && !f.Maintained {
		if disk, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(f.Path))); err == nil {
			return disk
		}
	}
	return f.Content
}

// addUserSchemaFiles adds the .go files the user put in the schema
// package themselves (mixins, say), which entc must see too.
func addUserSchemaFiles(root, dir string, schema map[string][]byte) error {
	entries, err := os.ReadDir(filepath.Join(root, filepath.FromSlash(dir)))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read %s: %w", dir, err)
	}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") || schema[name] != nil {
			continue
		}
		if schema[name], err = os.ReadFile(filepath.Join(root, filepath.FromSlash(dir), name)); err != nil {
			return fmt.Errorf("read %s: %w", dir+name, err)
		}
	}
	return nil
}

// wireGoMod makes the root go.mod require and replace every module, and
// require what the modules require, by a structured edit of the user's
// go.mod (or of the rendered one in a new project); the root go.sum gains
// the modules' go.sum lines the same way.
func wireGoMod(root string, p *model.Project, files []render.File) ([]render.File, error) {
	var (
		names []string
		deps  []module.Version
		sums  [][]byte
	)
	for _, m := range p.Modules {
		names = append(names, m.Name)
	}
	for _, f := range files {
		if !strings.HasPrefix(f.Path, "modules/") {
			continue
		}
		switch path.Base(f.Path) {
		case "go.mod":
			reqs, err := gomod.Requirements(f.Path, userVersion(root, f))
			if err != nil {
				return nil, err
			}
			deps = append(deps, reqs...)
		case "go.sum":
			sums = append(sums, userVersion(root, f))
		}
	}
	for i, f := range files {
		if f.Path != "go.mod" && f.Path != "go.sum" {
			continue
		}
		// A Maintained file's Content is already the user's file, edited
		// (feature dependencies); otherwise the user's copy is the base.
		base := f.Content
		if !f.Maintained {
			if disk, err := os.ReadFile(filepath.Join(root, f.Path)); err == nil {
				base, files[i].Maintained = disk, true
			}
		}
		wired := gomod.MergeSums(base, sums...)
		if f.Path == "go.mod" {
			var err error
			if wired, err = gomod.WireModules("go.mod", base, p.Module, names, deps); err != nil {
				return nil, err
			}
		}
		files[i].Content = wired
	}
	return files, nil
}

// absRoot makes root absolute for tools that need it (entc's temporary
// module resolves replace directives against it).
func absRoot(root string) string {
	abs, err := filepath.Abs(root)
	if err != nil {
		return root
	}
	return abs
}
