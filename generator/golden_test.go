package generator_test

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	pathpkg "path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/aymanbagabas/go-udiff"
	"github.com/stretchr/testify/require"

	"github.com/goplt/goplt/generator"
	"github.com/goplt/goplt/generator/plan"
	"github.com/goplt/goplt/generator/spec"
)

var update = flag.Bool("update", os.Getenv("UPDATE") != "", "rewrite testdata/golden from the current templates")

// goldenGoplt is the goplt version the tests render with and record, fixed
// so that goldens do not change with every template edit, as the version
// of a development build does (generator.DevelVersion). It is a release
// version, so the goldens show a release's output: make gen pinned to it.
const goldenGoplt = "v0.0.0-golden"

// examples lists the example specs under examples/.
func examples(t *testing.T) []string {
	t.Helper()
	matches, err := filepath.Glob("../examples/*/goplt.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, matches, "no examples found")
	var names []string
	for _, m := range matches {
		names = append(names, filepath.Base(filepath.Dir(m)))
	}
	return names
}

// initExample creates an example project in a new directory the way a
// user would: goplt init from its goplt.yaml, then its modules' module.yaml
// files dropped in and goplt gen.
func initExample(t testing.TB, name string) string {
	t.Helper()
	src := filepath.Join("..", "examples", name)
	p, err := spec.LoadProject(filepath.Join(src, "goplt.yaml"))
	require.NoError(t, err)
	dir := filepath.Join(t.TempDir(), name)
	_, err = generator.Init(generator.InitOptions{Dir: dir, Spec: p, Options: generator.Options{Goplt: goldenGoplt}})
	require.NoError(t, err)
	mods, err := filepath.Glob(filepath.Join(src, "modules", "*", "module.yaml"))
	require.NoError(t, err)
	if len(mods) == 0 {
		return dir
	}
	for _, m := range mods {
		rel, _ := filepath.Rel(src, m)
		data, err := os.ReadFile(m)
		require.NoError(t, err)
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(dir, rel)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, rel), data, 0o644))
	}
	_, err = generator.Gen(dir, generator.Options{Goplt: goldenGoplt})
	require.NoError(t, err)
	return dir
}

// TestGolden renders every example and compares the whole tree, both ways,
// with testdata/golden/<example>. go test ./generator -run TestGolden -update
// rewrites the goldens.
func TestGolden(t *testing.T) {
	for _, name := range examples(t) {
		t.Run(name, func(t *testing.T) {
			got := initExample(t, name)
			requireImportsUsed(t, got)
			golden := filepath.Join("..", "testdata", "golden", name)
			if *update {
				require.NoError(t, os.RemoveAll(golden))
				require.NoError(t, os.CopyFS(golden, os.DirFS(got)))
				require.NoError(t, os.Remove(filepath.Join(golden, ".goplt", "lock")))
				return
			}
			compareTrees(t, golden, got)
		})
	}
}

// requireImportsUsed fails for an import some generated Go file under dir
// does not use. Templates write exact import blocks (render formats
// without resolving imports), so an import must follow from its use for
// every shape of module: an unused one breaks the build of that shape.
func requireImportsUsed(t *testing.T, dir string) {
	t.Helper()
	var unused []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		used := map[string]bool{}
		ast.Inspect(f, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if id, ok := sel.X.(*ast.Ident); ok {
					used[id.Name] = true
				}
			}
			return true
		})
		for _, imp := range f.Imports {
			ipath, _ := strconv.Unquote(imp.Path.Value)
			name := assumedName(ipath)
			if imp.Name != nil {
				name = imp.Name.Name
			}
			if name != "_" && name != "." && ipath != "C" && !used[name] {
				rel, _ := filepath.Rel(dir, path)
				unused = append(unused, fmt.Sprintf("%s: %q imported and not used", rel, ipath))
			}
		}
		return nil
	})
	require.NoError(t, err)
	require.Empty(t, unused, "emit each import only when the template emits its use")
}

// assumedName is the package name an import path suggests, as goimports
// guesses it: the last element, skipping a major version suffix and a
// "go-" prefix, up to the first character no identifier holds.
func assumedName(ipath string) string {
	base := pathpkg.Base(ipath)
	if v, ok := strings.CutPrefix(base, "v"); ok {
		if _, err := strconv.Atoi(v); err == nil && pathpkg.Dir(ipath) != "." {
			base = pathpkg.Base(pathpkg.Dir(ipath))
		}
	}
	base = strings.TrimPrefix(base, "go-")
	if i := strings.IndexFunc(base, func(r rune) bool {
		return r != '_' && !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}); i >= 0 {
		base = base[:i]
	}
	return base
}

// TestGolden_SecondRunChangesNothing checks idempotence: goplt gen right
// after goplt init plans no write and touches no file.
func TestGolden_SecondRunChangesNothing(t *testing.T) {
	for _, name := range examples(t) {
		t.Run(name, func(t *testing.T) {
			dir := initExample(t, name)
			before := mtimes(t, dir)
			p, err := generator.Gen(dir, generator.Options{Goplt: goldenGoplt})
			require.NoError(t, err)
			require.False(t, p.Stale(), "second run plans writes: %v", changed(p))
			require.Equal(t, before, mtimes(t, dir))
		})
	}
}

// TestRender_IsDeterministic renders each example twice and expects the
// same bytes.
func TestRender_IsDeterministic(t *testing.T) {
	for _, name := range examples(t) {
		dir := initExample(t, name)
		specs, err := spec.Load(dir)
		require.NoError(t, err)
		a, err := generator.Files(dir, specs)
		require.NoError(t, err)
		b, err := generator.Files(dir, specs)
		require.NoError(t, err)
		require.Equal(t, a, b, name)
	}
}

func changed(p *plan.Plan) []string {
	var out []string
	for _, c := range p.Changes {
		if c.Action != plan.Unchanged && c.Action != plan.Skip {
			out = append(out, c.Action.String()+" "+c.Path)
		}
	}
	return out
}

// tree reads every file under dir except the lock, keyed by slash path.
func tree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		rel = filepath.ToSlash(rel)
		if rel == ".goplt/lock" {
			return nil
		}
		files[rel], err = os.ReadFile(path)
		return err
	})
	require.NoError(t, err)
	return files
}

func mtimes(t *testing.T, dir string) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for path := range tree(t, dir) {
		info, err := os.Stat(filepath.Join(dir, path))
		require.NoError(t, err)
		out[path] = info.ModTime().UnixNano()
	}
	return out
}

// compareTrees reports missing, extra and differing files, with a short
// diff of the first few differences.
func compareTrees(t *testing.T, wantDir, gotDir string) {
	t.Helper()
	want, got := tree(t, wantDir), tree(t, gotDir)
	var paths []string
	for p := range want {
		paths = append(paths, p)
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	var problems []string
	for _, p := range paths {
		w, inWant := want[p]
		g, inGot := got[p]
		switch {
		case !inGot:
			problems = append(problems, "missing: "+p)
		case !inWant:
			problems = append(problems, "extra: "+p)
		case !bytes.Equal(w, g):
			d, err := udiff.ToUnified("golden/"+p, "got/"+p, string(w), udiff.Lines(string(w), string(g)), 2)
			if err != nil {
				d = err.Error()
			}
			problems = append(problems, "differs: "+p+"\n"+d)
		}
	}
	if len(problems) > 10 {
		problems = append(problems[:10], fmt.Sprintf("... and %d more", len(problems)-10))
	}
	if len(problems) > 0 {
		t.Fatalf("generated tree differs from %s (run 'make golden' to accept):\n%s", wantDir, strings.Join(problems, "\n"))
	}
}
