package gomod

import (
	"testing"

	"golang.org/x/mod/module"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const base = `module example.com/acme

go 1.26.0

// my comment stays
require github.com/gin-gonic/gin v1.12.0
`

func TestWireModules_AddsRequireAndReplace(t *testing.T) {
	out, err := WireModules("go.mod", []byte(base), "example.com/acme", []string{"blog", "wiki"}, nil)
	require.NoError(t, err)
	s := string(out)
	assert.Contains(t, s, "// my comment stays")
	assert.Contains(t, s, "example.com/acme/modules/blog v0.0.0")
	assert.Contains(t, s, "example.com/acme/modules/wiki v0.0.0")
	assert.Contains(t, s, "replace example.com/acme/modules/blog => ./modules/blog")
	assert.Contains(t, s, "example.com/acme/modules/wiki => ./modules/wiki")

	again, err := WireModules("go.mod", out, "example.com/acme", []string{"blog", "wiki"}, nil)
	require.NoError(t, err)
	assert.Equal(t, s, string(again), "wiring is idempotent")
}

func TestWireModules_RemovesModulesThatAreGone(t *testing.T) {
	out, err := WireModules("go.mod", []byte(base), "example.com/acme", []string{"blog", "wiki"}, nil)
	require.NoError(t, err)
	out, err = WireModules("go.mod", out, "example.com/acme", []string{"wiki"}, nil)
	require.NoError(t, err)
	assert.NotContains(t, string(out), "modules/blog")
	assert.Contains(t, string(out), "modules/wiki")
	assert.Contains(t, string(out), "github.com/gin-gonic/gin v1.12.0")
}

func TestWireModules_BadGoModNamesTheFile(t *testing.T) {
	_, err := WireModules("go.mod", []byte("module\n"), "example.com/acme", nil, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "go.mod")
}

func TestWireModules_KeepsBytesWhenNothingChanges(t *testing.T) {
	odd := "module   example.com/acme\n\ngo 1.26.0\n"
	out, err := WireModules("go.mod", []byte(odd), "example.com/acme", nil, nil)
	require.NoError(t, err)
	assert.Equal(t, odd, string(out))
}

func TestWireModules_AddsTheModulesRequirementsAsIndirect(t *testing.T) {
	deps := []module.Version{{Path: "github.com/gin-gonic/gin", Version: "v1.11.0"}, {Path: "ariga.io/atlas", Version: "v0.32.1"}, {Path: "example.com/acme", Version: "v0.0.0"}}
	out, err := WireModules("go.mod", []byte(base), "example.com/acme", []string{"blog"}, deps)
	require.NoError(t, err)
	s := string(out)
	assert.Contains(t, s, "ariga.io/atlas v0.32.1 // indirect")
	assert.Contains(t, s, "github.com/gin-gonic/gin v1.12.0", "the root's own version stays")
	assert.NotContains(t, s, "example.com/acme v0.0.0", "the project never requires itself")
}

func TestMergeSums_UnionInGoOrder(t *testing.T) {
	a := "github.com/x/y v1.2.0 h1:a=\ngithub.com/x/y v1.2.0/go.mod h1:b=\n"
	b := "github.com/x/y v1.10.0 h1:c=\ngithub.com/a/b v0.1.0/go.mod h1:d=\ngithub.com/x/y v1.2.0 h1:a=\n"
	assert.Equal(t, "github.com/a/b v0.1.0/go.mod h1:d=\ngithub.com/x/y v1.2.0 h1:a=\ngithub.com/x/y v1.2.0/go.mod h1:b=\ngithub.com/x/y v1.10.0 h1:c=\n", string(MergeSums([]byte(a), []byte(b))))
	assert.Equal(t, a, string(MergeSums([]byte(a), []byte(a))), "nothing to add keeps the bytes")
}

func TestRequire_AddsRaisesAndPromotesLikeTidy(t *testing.T) {
	in := []byte(`module example.com/acme

go 1.26.0

require (
	github.com/a/direct v1.0.0
	github.com/c/direct v1.0.0
)

require (
	github.com/b/indirect v1.2.0 // indirect
	github.com/d/indirect v1.0.0 // indirect
)
`)
	reqs, err := ParseRequires("deps.mod", []byte(`require (
	github.com/aa/new v0.1.0
	github.com/b/indirect v1.1.0 // indirect
	github.com/d/indirect v1.3.0
	github.com/e/new v2.0.0+incompatible // indirect
)
`))
	require.NoError(t, err)
	out, err := Require("go.mod", in, reqs)
	require.NoError(t, err)
	assert.Equal(t, `module example.com/acme

go 1.26.0

require (
	github.com/a/direct v1.0.0
	github.com/aa/new v0.1.0
	github.com/c/direct v1.0.0
	github.com/d/indirect v1.3.0
)

require (
	github.com/b/indirect v1.2.0 // indirect
	github.com/e/new v2.0.0+incompatible // indirect
)
`, string(out))

	again, err := Require("go.mod", out, reqs)
	require.NoError(t, err)
	assert.Equal(t, string(out), string(again), "a second run changes nothing")
}

func TestDropRequires_RemovesExactIndirectOnly(t *testing.T) {
	in := []byte(`module example.com/acme

go 1.26.0

require github.com/a/direct v1.0.0

require (
	github.com/b/indirect v1.2.0 // indirect
	github.com/c/indirect v1.0.0 // indirect
	github.com/d/indirect v1.0.0 // indirect
)
`)
	drops, err := ParseRequires("deps.drop.mod", []byte(`require (
	github.com/a/direct v1.0.0 // indirect
	github.com/b/indirect v1.2.0 // indirect
	github.com/c/indirect v0.9.0 // indirect
	github.com/d/indirect v1.0.0 // indirect
)
`))
	require.NoError(t, err)
	out, err := DropRequires("go.mod", in, drops, map[string]bool{"github.com/d/indirect": true})
	require.NoError(t, err)
	s := string(out)
	assert.Contains(t, s, "github.com/a/direct v1.0.0", "direct requirements stay")
	assert.NotContains(t, s, "github.com/b/indirect")
	assert.Contains(t, s, "github.com/c/indirect v1.0.0 // indirect", "another version stays")
	assert.Contains(t, s, "github.com/d/indirect v1.0.0 // indirect", "a kept path stays")

	same, err := DropRequires("go.mod", in, nil, nil)
	require.NoError(t, err)
	assert.Equal(t, in, same)
}

func TestDropSums_KeepsWhatIsNeeded(t *testing.T) {
	sum := "github.com/x/y v1.2.0 h1:a=\ngithub.com/x/y v1.2.0/go.mod h1:b=\ngithub.com/x/y v1.3.0 h1:c=\n"
	drop := []byte("github.com/x/y v1.2.0 h1:a=\ngithub.com/x/y v1.2.0/go.mod h1:b=\n")
	keep := []byte("github.com/x/y v1.2.0/go.mod h1:b=\n")
	assert.Equal(t, "github.com/x/y v1.2.0/go.mod h1:b=\ngithub.com/x/y v1.3.0 h1:c=\n",
		string(DropSums([]byte(sum), [][]byte{drop}, [][]byte{keep})))
	assert.Equal(t, sum, string(DropSums([]byte(sum), nil, nil)), "nothing to drop keeps the bytes")
}

func TestSortRequires_PlacesTheProjectModuleWhereTidyWould(t *testing.T) {
	in := "module github.com/yourorg/platform/modules/blog\n\ngo 1.26\n\nrequire (\n\tentgo.io/ent v0.14.5\n\tgithub.com/yourorg/platform v0.0.0\n\tgithub.com/gin-gonic/gin v1.12.0\n\tgo.uber.org/fx v1.24.0\n)\n"
	out, err := SortRequires("go.mod", []byte(in))
	require.NoError(t, err)
	assert.Equal(t, "module github.com/yourorg/platform/modules/blog\n\ngo 1.26\n\nrequire (\n\tentgo.io/ent v0.14.5\n\tgithub.com/gin-gonic/gin v1.12.0\n\tgithub.com/yourorg/platform v0.0.0\n\tgo.uber.org/fx v1.24.0\n)\n", string(out))
}
