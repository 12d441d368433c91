package plugins

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/fx"

	"example.com/blogplatform/pkg/config"
	"example.com/blogplatform/pkg/module"
	"example.com/blogplatform/pkg/perm"
)

type fakeModule struct{ name string }

func (m fakeModule) Name() string    { return m.name }
func (m fakeModule) Version() string { return "1.2.3" }
func (m fakeModule) Permissions() []perm.Permission {
	return []perm.Permission{perm.Permission(m.name + ".item.read")}
}
func (m fakeModule) Options() fx.Option { return fx.Options() }

// fakeLoader returns a loader whose plugin files hold the module named in
// exports (file name -> module name) and whose registry is reg.
func fakeLoader(reg *module.Registry, exports map[string]string) loader {
	return loader{
		supported: true,
		open: func(name, path string) (module.Module, error) {
			mod, ok := exports[filepath.Base(path)]
			if !ok {
				return nil, errors.New("plugin " + name + " (" + path + ") cannot be opened: unexpected file")
			}
			return fakeModule{mod}, nil
		},
		registered: reg.All,
		register:   reg.Register,
	}
}

// pluginDir creates dir with the given empty files.
func pluginDir(t *testing.T, files ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, f), nil, 0o600))
	}
	return dir
}

func TestLoadRegistersPluginsInNameOrderAfterStaticModules(t *testing.T) {
	var reg module.Registry
	reg.Register(fakeModule{"notes"})
	dir := pluginDir(t, "wiki.so", "blog.so", "README.md", "blog.so.bak")
	require.NoError(t, os.Mkdir(filepath.Join(dir, "sub.so"), 0o700))

	loaded, err := fakeLoader(&reg, map[string]string{"blog.so": "blog", "wiki.so": "wiki"}).load(dir)
	require.NoError(t, err)

	require.Len(t, loaded, 2)
	assert.Equal(t, "blog", loaded[0].Name())
	assert.Equal(t, filepath.Join(dir, "blog.so"), loaded[0].Path)
	assert.Equal(t, "wiki", loaded[1].Name())

	var sources []string
	for _, m := range reg.All() {
		sources = append(sources, m.Name()+"="+module.SourceOf(m))
	}
	assert.Equal(t, []string{
		"blog=plugin:" + filepath.Join(dir, "blog.so"),
		"notes=static",
		"wiki=plugin:" + filepath.Join(dir, "wiki.so"),
	}, sources)
	assert.Equal(t, "plugin:"+filepath.Join(dir, "blog.so"), module.Describe(loaded[0]).Source)
}

func TestLoadRefusesANameClashWithAStaticModule(t *testing.T) {
	var reg module.Registry
	reg.Register(fakeModule{"blog"})
	dir := pluginDir(t, "a.so", "blog.so")

	_, err := fakeLoader(&reg, map[string]string{"a.so": "a", "blog.so": "blog"}).load(dir)

	require.Error(t, err)
	assert.Equal(t, `plugin blog (`+filepath.Join(dir, "blog.so")+`) provides module "blog", which is already registered from static; `+
		`a module is either linked statically or loaded as a plugin: remove `+filepath.Join(dir, "blog.so")+` or the duplicate`, err.Error())
	assert.Len(t, reg.All(), 1, "nothing is registered when one plugin fails, not even the good one")
}

func TestLoadRefusesTwoPluginsWithTheSameModule(t *testing.T) {
	var reg module.Registry
	dir := pluginDir(t, "blog.so", "blog-copy.so")

	_, err := fakeLoader(&reg, map[string]string{"blog.so": "blog", "blog-copy.so": "blog"}).load(dir)

	require.Error(t, err)
	// blog-copy.so sorts first, so blog.so is the duplicate.
	assert.Contains(t, err.Error(), `plugin blog (`+filepath.Join(dir, "blog.so")+`) provides module "blog", which is already registered from plugin:`+filepath.Join(dir, "blog-copy.so"))
	assert.Empty(t, reg.All())
}

func TestLoadStopsAtTheFirstBrokenPlugin(t *testing.T) {
	var reg module.Registry
	dir := pluginDir(t, "a.so", "b.so")

	_, err := fakeLoader(&reg, map[string]string{"a.so": "a"}).load(dir)

	require.EqualError(t, err, "plugin b ("+filepath.Join(dir, "b.so")+") cannot be opened: unexpected file")
	assert.Empty(t, reg.All())
}

func TestLoadRefusesAnEmptyModuleName(t *testing.T) {
	var reg module.Registry
	dir := pluginDir(t, "x.so")

	_, err := fakeLoader(&reg, map[string]string{"x.so": ""}).load(dir)

	require.Error(t, err)
	assert.Contains(t, err.Error(), "exports a module with an empty name")
}

func TestLoadNamesTheRebuildCommandWhenTheDirectoryIsMissing(t *testing.T) {
	var reg module.Registry
	_, err := fakeLoader(&reg, nil).load(filepath.Join(t.TempDir(), "missing"))

	require.Error(t, err)
	assert.Regexp(t, `^plugins: read plugins.dir: open .*missing: no such file or directory; build the plugins with: make plugins$`, err.Error())
}

func TestLoadFailsClearlyWithoutPluginSupport(t *testing.T) {
	var reg module.Registry
	l := fakeLoader(&reg, nil)
	l.supported = false

	_, err := l.load(t.TempDir())

	require.Error(t, err)
	assert.Contains(t, err.Error(), "cannot load plugins: build it with CGO_ENABLED=1")
}

func TestOptionsDoesNothingWhenDisabled(t *testing.T) {
	before := len(module.All())
	opt, err := Options(config.Plugins{Enabled: false, Dir: filepath.Join(t.TempDir(), "missing")})
	require.NoError(t, err)
	require.NoError(t, fx.New(opt, fx.NopLogger).Err())
	assert.Len(t, module.All(), before)
}

func TestDescribeOpenErrorIsOneActionableLine(t *testing.T) {
	tests := []struct {
		name string
		err  string
		want string
	}{
		{
			name: "dependency mismatch",
			err:  `plugin.Open("plugins/blog"): plugin was built with a different version of package example.com/blogplatform/pkg/module`,
			want: "plugin blog (plugins/blog.so) was built against a different version of package example.com/blogplatform/pkg/module; rebuild it with: make plugins",
		},
		{
			name: "toolchain or flags mismatch",
			err:  `plugin.Open("plugins/blog"): plugin was built with a different version of package internal/goarch`,
			want: "plugin blog (plugins/blog.so) was built against a different version of package internal/goarch " +
				"(a standard library package: the Go toolchain or build flags differ, as between go run and make); " +
				"build this program and the plugins alike with: make build plugins",
		},
		{
			name: "second attempt",
			err:  `plugin.Open("plugins/blog"): plugin was built with a different version of package github.com/gin-gonic/gin (previous failure)`,
			want: "plugin blog (plugins/blog.so) was built against a different version of package github.com/gin-gonic/gin; rebuild it with: make plugins",
		},
		{
			name: "same plugin twice",
			err:  `plugin.Open("plugins/blog"): plugin already loaded`,
			want: "plugin blog (plugins/blog.so) contains a plugin package that is already loaded from another file in plugins.dir; remove the duplicate file",
		},
		{
			name: "not a shared object",
			err:  "plugin.Open(\"plugins/blog.so\"): plugins/blog.so: invalid ELF header\n",
			want: "plugin blog (plugins/blog.so) cannot be opened: plugins/blog.so: invalid ELF header; rebuild it with: make plugins",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := describeOpenError("blog", "plugins/blog.so", errors.New(tt.err))
			assert.Equal(t, tt.want, got.Error())
		})
	}
}
