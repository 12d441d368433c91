package spec

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite testdata/errors/*/want.txt from the current output")

// errorCases is where TestErrors finds its cases: one directory per case
// holding one bad spec file and want.txt, the exact diagnostics expected.
const errorCases = "../../testdata/errors"

// parsers maps the spec file a case holds to the function that parses it.
var parsers = map[string]func(file string, data []byte) error{
	ProjectFile: func(file string, data []byte) error { _, err := ParseProject(file, data); return err },
	ModuleFile:  func(file string, data []byte) error { _, err := ParseModule(file, data); return err },
}

// TestErrors parses the spec file of each case in testdata/errors and
// compares the diagnostics with want.txt. Add a case by adding a directory;
// rewrite every want.txt with go test ./generator/spec -run TestErrors -update.
func TestErrors(t *testing.T) {
	dirs, err := os.ReadDir(errorCases)
	require.NoError(t, err)
	for _, dir := range dirs {
		if !dir.IsDir() {
			continue
		}
		t.Run(dir.Name(), func(t *testing.T) {
			caseDir := filepath.Join(errorCases, dir.Name())
			var got string
			found := 0
			for file, parse := range parsers {
				data, err := os.ReadFile(filepath.Join(caseDir, file))
				if errors.Is(err, os.ErrNotExist) {
					continue
				}
				require.NoError(t, err)
				found++
				err = parse(file, data)
				require.Error(t, err, "%s is valid; an error case must hold a bad spec", file)
				var ds Diagnostics
				require.ErrorAs(t, err, &ds)
				assertWellFormed(t, ds)
				got = ds.Error() + "\n"
			}
			require.Equal(t, 1, found, "want exactly one spec file in %s", caseDir)

			wantFile := filepath.Join(caseDir, "want.txt")
			if *update {
				require.NoError(t, os.WriteFile(wantFile, []byte(got), 0o644))
			}
			want, err := os.ReadFile(wantFile)
			require.NoError(t, err, "run with -update to create want.txt")
			assert.Equal(t, string(want), got)
		})
	}
}

// assertWellFormed checks what every diagnostic must be: positioned,
// lower case, without a trailing period, sorted, and not repeated.
func assertWellFormed(t *testing.T, ds Diagnostics) {
	t.Helper()
	require.NotEmpty(t, ds)
	for _, d := range ds {
		assert.GreaterOrEqual(t, d.Pos.Line, 1, d.String())
		assert.GreaterOrEqual(t, d.Pos.Col, 1, d.String())
		assert.NotEmpty(t, d.Pos.File, d.String())
		assert.False(t, strings.HasSuffix(d.Msg, "."), "trailing period: %s", d)
		first := d.Msg[:1]
		assert.Equal(t, strings.ToLower(first), first, "not lower case: %s", d)
	}
	assert.True(t, slices.IsSortedFunc(ds, func(a, b Diagnostic) int {
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line - b.Pos.Line
		}
		return a.Pos.Col - b.Pos.Col
	}), "not sorted:\n%s", ds)
	assert.Equal(t, len(ds), len(slices.Compact(slices.Clone(ds))), "repeated:\n%s", ds)
}
