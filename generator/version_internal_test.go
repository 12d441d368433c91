package generator

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goplt/goplt/generator/pin"
	"github.com/goplt/goplt/schemas"
	"github.com/goplt/goplt/templates"
)

// TestDevelVersion_HashesEveryGeneratorSource keeps the embed patterns of
// sources in step with the generator's tree: a Go file they miss (a
// package nested deeper) could change goplt's output without changing a
// development build's version.
func TestDevelVersion_HashesEveryGeneratorSource(t *testing.T) {
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		_, err = fs.Stat(sources, filepath.ToSlash(path))
		assert.NoError(t, err, "%s is not embedded in sources: widen the go:embed patterns", path)
		return nil
	})
	require.NoError(t, err)
	assert.Regexp(t, `^v0\.0\.0-devel\+[0-9a-f]{12}$`, DevelVersion())
	assert.Equal(t, DevelVersion(), Version("(devel)"))
	assert.Equal(t, DevelVersion(), Version("v0.3.2-0.20261205233000-3855ca1abcde+dirty"))
	assert.Equal(t, "v0.3.1", Version("v0.3.1"))
	_, err = os.Stat("version.go")
	require.NoError(t, err, "run from the generator directory")
}

// BenchmarkDevelVersion hashes what a development build's version names,
// as every goplt run does once.
func BenchmarkDevelVersion(b *testing.B) {
	for b.Loop() {
		if _, err := pin.Devel([]fs.FS{templates.FS, schemas.FS, sources}); err != nil {
			b.Fatal(err)
		}
	}
}
