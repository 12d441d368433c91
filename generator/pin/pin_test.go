package pin_test

import (
	"errors"
	"io/fs"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goplt/goplt/generator/pin"
)

func TestRelease_IsWhatTheModuleProxyCanServe(t *testing.T) {
	for v, want := range map[string]bool{
		"v0.4.1":                                    true,
		"v1.0.0-rc.1":                               true,
		"v0.4.2-0.20261205233000-3855ca1abcd":       true, // a pseudo-version
		"v0.0.0-devel+529bf663a141":                 false,
		"v0.4.2-0.20261205233000-3855ca1abcd+dirty": false,
		"(devel)":                                   false,
		"":                                          false,
		"0.4.1":                                     false,
	} {
		assert.Equal(t, want, pin.Release(v), v)
	}
}

func TestCompare(t *testing.T) {
	const devA, devB = "v0.0.0-devel+aaaaaaaaaaaa", "v0.0.0-devel+bbbbbbbbbbbb"
	for _, c := range []struct {
		recorded, running string
		want              pin.Skew
	}{
		{"v0.3.1", "v0.3.1", pin.Same},
		{devA, devA, pin.Same},
		{"", "v0.3.1", pin.Unrecorded},
		{"", devA, pin.Unrecorded},
		{"v0.3.1", "v0.3.2", pin.Patch},
		{"v0.3.1", "v0.3.2-rc.1", pin.Patch},
		{"v0.3.1", "v0.4.0", pin.Minor},
		{"v0.3.1", "v1.3.1", pin.Minor},
		{"v0.3.2", "v0.3.1", pin.Newer},
		{"v0.4.0", "v0.3.9", pin.Newer},
		{devA, devB, pin.DevelChanged},
		{devA, "v0.3.1", pin.Kind},
		{"v0.3.1", devA, pin.Kind},
	} {
		got := pin.Compare(c.recorded, c.running)
		assert.Equal(t, c.want, got, "%q then %q", c.recorded, c.running)
		assert.Equal(t, c.want >= pin.Minor, got.Refused(), "%q then %q", c.recorded, c.running)
	}
}

func TestCheck_RefusesUnlessAllowed(t *testing.T) {
	notice, err := pin.Check("v0.3.1", "v0.4.0", false)
	var skew *pin.SkewError
	require.True(t, errors.As(err, &skew))
	assert.Empty(t, notice)
	assert.Contains(t, err.Error(), "goplt upgrade (coming, not in this goplt yet)")
	assert.Contains(t, err.Error(), "use goplt v0.3.1 (make gen runs it)")

	notice, err = pin.Check("v0.3.1", "v0.4.0", true)
	require.NoError(t, err)
	assert.Contains(t, notice, "--allow-version-skew")

	notice, err = pin.Check("v0.3.1", "v0.3.1", false)
	require.NoError(t, err)
	assert.Empty(t, notice)
}

func TestDevel_NamesTheContent(t *testing.T) {
	tree := fstest.MapFS{
		"project/Makefile.tmpl": {Data: []byte("GOPLT ?= x\n")},
		"gen.go":                {Data: []byte("package gen\n")},
		"gen_test.go":           {Data: []byte("package gen\n")},
	}
	a, err := pin.Devel([]fs.FS{tree}, "entc v0.14.5")
	require.NoError(t, err)
	assert.Regexp(t, `^v0\.0\.0-devel\+[0-9a-f]{12}$`, a)
	assert.False(t, pin.Release(a))

	again, err := pin.Devel([]fs.FS{tree}, "entc v0.14.5")
	require.NoError(t, err)
	assert.Equal(t, a, again, "deterministic")

	tree["gen_test.go"] = &fstest.MapFile{Data: []byte("package gen // edited\n")}
	tests, err := pin.Devel([]fs.FS{tree}, "entc v0.14.5")
	require.NoError(t, err)
	assert.Equal(t, a, tests, "tests do not shape output")

	tree["project/Makefile.tmpl"] = &fstest.MapFile{Data: []byte("GOPLT ?= y\n")}
	edited, err := pin.Devel([]fs.FS{tree}, "entc v0.14.5")
	require.NoError(t, err)
	assert.NotEqual(t, a, edited, "a template edit counts")

	other, err := pin.Devel([]fs.FS{tree}, "entc v0.14.6")
	require.NoError(t, err)
	assert.NotEqual(t, edited, other)
}
