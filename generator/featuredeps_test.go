package generator_test

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/mod/modfile"

	"github.com/goplt/goplt/generator"
	"github.com/goplt/goplt/generator/spec"
)

var updateDeps = flag.Bool("update-deps", false, "record templates/deps from go mod tidy (needs the Go module proxy)")

// TestFeatureDeps records what each feature adds to go.mod and go.sum: it
// generates a project (with the blog example's module) per feature, runs
// go mod tidy in the root and in the module, and writes the difference from
// a project without features to templates/deps/FEATURE.{root,module}.{mod,sum}.
// goplt merges those sets into the go.mod files of a project, so a new
// project is tidy without running the go command; the build test checks
// that with go mod tidy -diff on every example.
func TestFeatureDeps(t *testing.T) {
	if !*updateDeps {
		t.Skip("records templates/deps; run go test ./generator -run TestFeatureDeps -update-deps after changing a feature's imports")
	}
	base := tidyProject(t, nil, false)
	baseMod := tidyProject(t, nil, true)
	out := filepath.Join("..", "templates", "deps")
	require.NoError(t, os.MkdirAll(out, 0o755))
	for _, f := range spec.FeatureNames() {
		t.Run(f, func(t *testing.T) {
			// The root's set is taken without modules (a module brings its
			// own requirements into the root), the module's with one.
			got := tidyProject(t, []string{f}, false)
			gotMod := tidyProject(t, []string{f}, true)
			for _, scope := range []string{"root", "module"} {
				b, g := base, got
				if scope == "module" {
					b, g = baseMod, gotMod
				}
				mod := requireDelta(t, b[scope+".mod"], g[scope+".mod"])
				sum := lineDelta(b[scope+".sum"], g[scope+".sum"])
				// What tidy removes: requirements and sums the feature's
				// raised versions no longer need.
				dropMod := requireDropped(t, b[scope+".mod"], g[scope+".mod"])
				dropSum := lineDelta(g[scope+".sum"], b[scope+".sum"])
				write := func(ext, content string) {
					path := filepath.Join(out, f+"."+scope+ext)
					if content == "" {
						require.NoError(t, os.RemoveAll(path))
						return
					}
					require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
				}
				write(".mod", mod)
				write(".sum", sum)
				write(".drop.mod", dropMod)
				write(".drop.sum", dropSum)
			}
		})
	}
}

// tidyProject generates a project with features (and the blog module when
// withModule is set), runs go mod tidy, and returns its go.mod and go.sum
// files keyed "root.mod", "root.sum", "module.mod", "module.sum".
func tidyProject(t *testing.T, features []string, withModule bool) map[string]string {
	t.Helper()
	p := spec.NewProject("acme", "example.com/acme")
	p.Features = features
	dir := filepath.Join(t.TempDir(), "acme")
	_, err := generator.Init(generator.InitOptions{Dir: dir, Spec: p, Options: generator.Options{Goplt: goldenGoplt}})
	require.NoError(t, err)
	if !withModule {
		goCmd(t, dir, "mod", "tidy")
		return map[string]string{"root.mod": readFile(t, dir, "go.mod"), "root.sum": readFile(t, dir, "go.sum")}
	}
	data, err := os.ReadFile(filepath.Join("..", "examples", "blog", "modules", "blog", "module.yaml"))
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "modules", "blog"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "modules", "blog", "module.yaml"), data, 0o644))
	_, err = generator.Gen(dir, generator.Options{Goplt: goldenGoplt})
	require.NoError(t, err)
	goCmd(t, dir, "mod", "tidy")
	goCmd(t, filepath.Join(dir, "modules", "blog"), "mod", "tidy")
	return map[string]string{"module.mod": readFile(t, dir, "modules/blog/go.mod"), "module.sum": readFile(t, dir, "modules/blog/go.sum")}
}

func readFile(t *testing.T, dir, path string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(path)))
	require.NoError(t, err)
	return string(data)
}

// requireDelta returns, as a require block, the requirements of got that
// base lacks or holds at another version or directness.
func requireDelta(t *testing.T, base, got string) string {
	t.Helper()
	parse := func(data string) map[string]*modfile.Require {
		f, err := modfile.Parse("go.mod", []byte(data), nil)
		require.NoError(t, err)
		m := map[string]*modfile.Require{}
		for _, r := range f.Require {
			if !strings.HasPrefix(r.Mod.Path, "example.com/acme") {
				m[r.Mod.Path] = r
			}
		}
		return m
	}
	b, g := parse(base), parse(got)
	var lines []string
	for path, r := range g {
		if old, ok := b[path]; ok && old.Mod.Version == r.Mod.Version && old.Indirect == r.Indirect {
			continue
		}
		line := "\t" + path + " " + r.Mod.Version
		if r.Indirect {
			line += " // indirect"
		}
		lines = append(lines, line)
	}
	if len(lines) == 0 {
		return ""
	}
	slices.Sort(lines)
	return "require (\n" + strings.Join(lines, "\n") + "\n)\n"
}

// requireDropped returns, as a require block, the requirements of base
// whose module got no longer requires at all.
func requireDropped(t *testing.T, base, got string) string {
	t.Helper()
	parse := func(data string) *modfile.File {
		f, err := modfile.Parse("go.mod", []byte(data), nil)
		require.NoError(t, err)
		return f
	}
	have := map[string]bool{}
	for _, r := range parse(got).Require {
		have[r.Mod.Path] = true
	}
	var lines []string
	for _, r := range parse(base).Require {
		if !have[r.Mod.Path] && !strings.HasPrefix(r.Mod.Path, "example.com/acme") {
			line := "\t" + r.Mod.Path + " " + r.Mod.Version
			if r.Indirect {
				line += " // indirect"
			}
			lines = append(lines, line)
		}
	}
	if len(lines) == 0 {
		return ""
	}
	slices.Sort(lines)
	return "require (\n" + strings.Join(lines, "\n") + "\n)\n"
}

// lineDelta returns the lines of got that base lacks.
func lineDelta(base, got string) string {
	have := map[string]bool{}
	for _, l := range strings.Split(base, "\n") {
		have[l] = true
	}
	var out []string
	for _, l := range strings.Split(got, "\n") {
		if l != "" && !have[l] {
			out = append(out, l)
		}
	}
	if len(out) == 0 {
		return ""
	}
	return strings.Join(out, "\n") + "\n"
}
