// Package plugins loads feature modules built with "go build
// -buildmode=plugin" (make plugins) from plugins.dir at start and adds them
// to the same registration path as the statically linked modules: the
// module registry (so /api/v1/system/modules and platformctl list them) and
// the fx graph (routes, permissions, migrations, health checks and every
// other option of Module.Options).
//
// A plugin's fx options must be part of the graph fx.New builds, so plugins
// are opened in main before fx.New, never from an fx constructor. Every
// failure is fatal and reported as one line naming the plugin, its file and
// the remedy: a platform silently missing a module would serve 404s and
// skip that module's migrations, which is worse than not starting.
//
// Limits of Go plugins, which this package cannot lift: Linux, macOS and
// FreeBSD only; the core must be built with cgo; plugin and core must come
// from the same Go toolchain, build flags and dependency versions; a loaded
// plugin can never be unloaded.
package plugins

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"go.uber.org/fx"
	"go.uber.org/zap"

	"github.com/example/helpdesk/pkg/config"
	"github.com/example/helpdesk/pkg/module"
)

// Symbol is the exported variable every plugin defines: a module.Module,
// generated in modules/NAME/plugin/main.go.
const Symbol = "Module"

// Ext is the file extension of plugin files; other files in the plugins
// directory are ignored.
const Ext = ".so"

// RebuildCommand rebuilds every plugin with the core's toolchain, flags and
// dependency graph; error messages tell operators to run it.
const RebuildCommand = "make plugins"

// Load reads the configuration from config.Dir() and returns Options for
// its plugins section, for callers that need nothing else from it
// (platformctl modules list); the platform's main reads the configuration
// once and calls Options itself.
func Load() (fx.Option, error) {
	cfg, err := config.Load(config.Dir())
	if err != nil {
		return nil, err
	}
	return Options(cfg.Plugins)
}

// Options opens the plugins cfg enables, registers their modules after the
// static ones and returns their fx options, to be passed to fx.New. It
// returns an empty option when plugins are disabled.
func Options(cfg config.Plugins) (fx.Option, error) {
	if !cfg.Enabled {
		return fx.Options(), nil
	}
	mods, err := defaultLoader.load(cfg.Dir)
	if err != nil {
		return nil, err
	}
	opts := make([]fx.Option, 0, len(mods)+1)
	opts = append(opts, fx.Invoke(logLoaded(mods)))
	for _, m := range mods {
		opts = append(opts, m.Options())
	}
	return fx.Module("plugins", opts...), nil
}

// Plugin is a module loaded from a plugin file. It implements
// module.Sourced so listings show the file it came from.
type Plugin struct {
	module.Module
	// Path is the plugin file the module was loaded from.
	Path string
}

// Source returns "plugin:" and the plugin file's path.
func (p Plugin) Source() string { return module.SourcePluginPrefix + p.Path }

// loader holds the operations load depends on, so tests can run it
// without building real plugins or touching the process-wide registry.
type loader struct {
	// supported reports whether this binary can open plugins at all.
	supported bool
	// open opens one plugin file and returns the module it exports.
	open func(name, path string) (module.Module, error)
	// registered returns the modules registered so far.
	registered func() []module.Module
	// register adds a module to the registry.
	register func(module.Module)
}

// defaultLoader opens real plugin files into the static module registry.
var defaultLoader = loader{
	supported:  supported,
	open:       openFile,
	registered: module.All,
	register:   module.Register,
}

// load opens every *.so file of dir in name order and registers their
// modules. It registers nothing unless every plugin loads and no module
// name clashes, so a failed start leaves no half-registered state behind.
func (l loader) load(dir string) ([]Plugin, error) {
	if !l.supported {
		return nil, errors.New("plugins: plugins.enabled is true but this binary cannot load plugins: " +
			"build it with CGO_ENABLED=1 (make build) on Linux or macOS, or set plugins.enabled to false")
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("plugins: read plugins.dir: %w; build the plugins with: %s", err, RebuildCommand)
	}
	taken := map[string]string{}
	for _, m := range l.registered() {
		taken[m.Name()] = module.SourceOf(m)
	}
	var loaded []Plugin
	for _, e := range entries { // os.ReadDir sorts by file name.
		if e.IsDir() || filepath.Ext(e.Name()) != Ext {
			continue
		}
		name := strings.TrimSuffix(e.Name(), Ext)
		path := filepath.Join(dir, e.Name())
		m, err := l.open(name, path)
		if err != nil {
			return nil, err
		}
		if m.Name() == "" {
			return nil, fmt.Errorf("plugin %s (%s) exports a module with an empty name; rebuild it with: %s", name, path, RebuildCommand)
		}
		if src, dup := taken[m.Name()]; dup {
			return nil, fmt.Errorf("plugin %s (%s) provides module %q, which is already registered from %s; "+
				"a module is either linked statically or loaded as a plugin: remove %s or the duplicate", name, path, m.Name(), src, path)
		}
		p := Plugin{Module: m, Path: path}
		taken[m.Name()] = p.Source()
		loaded = append(loaded, p)
	}
	for _, p := range loaded {
		l.register(p)
	}
	return loaded, nil
}

// describeOpenError turns a plugin.Open error into one actionable line.
// plugin.Open reports a version mismatch as
//
//	plugin.Open("plugins/blog"): plugin was built with a different version of package github.com/example/helpdesk/pkg/module
//
// which names neither the plugin's role nor the fix.
func describeOpenError(name, path string, err error) error {
	msg := err.Error()
	// Drop the `plugin.Open("..."): ` prefix: the path is named anyway.
	if _, rest, ok := strings.Cut(msg, `"): `); ok && strings.HasPrefix(msg, "plugin.Open(") {
		msg = rest
	}
	msg = strings.Join(strings.Fields(msg), " ") // one line, whatever dlerror says
	const mismatch = "plugin was built with a different version of package "
	if pkg, ok := strings.CutPrefix(msg, mismatch); ok {
		pkg = strings.TrimSuffix(pkg, " (previous failure)")
		if isStdlib(pkg) {
			// Typically this program came from go run or go build, whose
			// flags are not make's: rebuilding the plugin would not help.
			return fmt.Errorf("plugin %s (%s) was built against a different version of package %s "+
				"(a standard library package: the Go toolchain or build flags differ, as between go run and make); "+
				"build this program and the plugins alike with: make build plugins",
				name, path, pkg)
		}
		return fmt.Errorf("plugin %s (%s) was built against a different version of package %s; rebuild it with: %s",
			name, path, pkg, RebuildCommand)
	}
	if strings.HasPrefix(msg, "plugin already loaded") {
		return fmt.Errorf("plugin %s (%s) contains a plugin package that is already loaded from another file in plugins.dir; remove the duplicate file",
			name, path)
	}
	return fmt.Errorf("plugin %s (%s) cannot be opened: %s; rebuild it with: %s", name, path, msg, RebuildCommand)
}

// isStdlib reports whether pkg is a standard library import path: its
// first element has no dot, unlike every module path.
func isStdlib(pkg string) bool {
	first, _, _ := strings.Cut(pkg, "/")
	return !strings.Contains(first, ".")
}

// logLoaded returns an fx invoke function that logs every loaded plugin
// once the logger exists; plugins are opened before fx.New builds it.
func logLoaded(mods []Plugin) func(*zap.Logger) {
	mods = slices.Clone(mods)
	return func(log *zap.Logger) {
		log = log.Named("plugins")
		for _, m := range mods {
			log.Info("plugin module loaded",
				zap.String("module", m.Name()),
				zap.String("version", m.Version()),
				zap.String("path", m.Path),
				zap.Int("permissions", len(m.Permissions())))
		}
	}
}
