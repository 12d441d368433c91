package gomod

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const base = `module example.com/acme

go 1.26.0

// my comment stays
require github.com/gin-gonic/gin v1.12.0
`

func TestWireModules_AddsRequireAndReplace(t *testing.T) {
	out, err := WireModules("go.mod", []byte(base), "example.com/acme", []string{"blog", "wiki"})
	require.NoError(t, err)
	s := string(out)
	assert.Contains(t, s, "// my comment stays")
	assert.Contains(t, s, "example.com/acme/modules/blog v0.0.0")
	assert.Contains(t, s, "example.com/acme/modules/wiki v0.0.0")
	assert.Contains(t, s, "replace example.com/acme/modules/blog => ./modules/blog")
	assert.Contains(t, s, "example.com/acme/modules/wiki => ./modules/wiki")

	again, err := WireModules("go.mod", out, "example.com/acme", []string{"blog", "wiki"})
	require.NoError(t, err)
	assert.Equal(t, s, string(again), "wiring is idempotent")
}

func TestWireModules_RemovesModulesThatAreGone(t *testing.T) {
	out, err := WireModules("go.mod", []byte(base), "example.com/acme", []string{"blog", "wiki"})
	require.NoError(t, err)
	out, err = WireModules("go.mod", out, "example.com/acme", []string{"wiki"})
	require.NoError(t, err)
	assert.NotContains(t, string(out), "modules/blog")
	assert.Contains(t, string(out), "modules/wiki")
	assert.Contains(t, string(out), "github.com/gin-gonic/gin v1.12.0")
}

func TestWireModules_BadGoModNamesTheFile(t *testing.T) {
	_, err := WireModules("go.mod", []byte("module\n"), "example.com/acme", nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "go.mod")
}

func TestWireModules_KeepsBytesWhenNothingChanges(t *testing.T) {
	odd := "module   example.com/acme\n\ngo 1.26.0\n"
	out, err := WireModules("go.mod", []byte(odd), "example.com/acme", nil)
	require.NoError(t, err)
	assert.Equal(t, odd, string(out))
}
