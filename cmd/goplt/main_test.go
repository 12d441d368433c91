package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goplt/goplt/generator/entgen"
	"github.com/goplt/goplt/generator/plan"
)

func TestMain(m *testing.M) {
	// The prompt test re-executes this binary as goplt under a terminal,
	// with the environment the test chose.
	if os.Getenv("GOPLT_TEST_MAIN") == "1" {
		if path := os.Getenv("GOPLT_TEST_KILL_AT"); path != "" {
			killAt(path)
		}
		main()
	}
	// No setting of the user's may reach the tests: no GOPLT_* variable, no
	// settings file.
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); strings.HasPrefix(name, envPrefix+"_") {
			must(os.Unsetenv(name))
		}
	}
	must(os.Setenv("XDG_CONFIG_HOME", filepath.Join(os.TempDir(), "goplt-test-no-config")))
	os.Exit(m.Run())
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

// killAt makes this binary, re-executed as goplt, kill itself (SIGKILL, as
// kill -9) as it is about to replace the file at path: the new content is
// already in a temp file beside it.
func killAt(path string) {
	plan.FailPoint = func(p string) error {
		if p == path {
			self, _ := os.FindProcess(os.Getpid())
			must(self.Kill())
			select {} // the signal is on its way
		}
		return nil
	}
}

// goplt runs the CLI in-process and returns its exit code and output.
func goplt(t *testing.T, dir string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	if dir != "" {
		t.Chdir(dir)
	}
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestInit_WritesSpecAndProjectWithoutATerminal(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "acme")
	code, _, stderr := goplt(t, "", "init", dir, "--module", "example.com/acme", "--yes")
	require.Equal(t, 0, code, stderr)
	specText, err := os.ReadFile(filepath.Join(dir, "goplt.yaml"))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(specText), "# yaml-language-server: $schema=.goplt/schemas/goplt.schema.json\n"))
	assert.Contains(t, string(specText), "module: example.com/acme")
	for _, f := range []string{"go.mod", "cmd/platform/main.go", "pkg/perm/perm.go", ".goplt/manifest.json", ".goplt/schemas/goplt.schema.json"} {
		assert.FileExists(t, filepath.Join(dir, f))
	}
	assert.Contains(t, stderr, "make run")
}

func TestInit_FeaturesFlagWritesTheFeaturesList(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "acme")
	code, _, stderr := goplt(t, "", "init", dir, "--features", "tracing,audit", "--dry-run")
	require.Equal(t, 0, code, stderr)
	dir = filepath.Join(t.TempDir(), "acme")
	code, _, stderr = goplt(t, "", "init", dir, "--features", "all")
	require.Equal(t, 0, code, stderr)
	specText, err := os.ReadFile(filepath.Join(dir, "goplt.yaml"))
	require.NoError(t, err)
	assert.Contains(t, string(specText), "features: [audit, events, jobs, notifications, errors, tenancy, oidc, casbin, tracing]")

	dir = filepath.Join(t.TempDir(), "acme")
	code, _, stderr = goplt(t, "", "init", dir, "--plugins", "blog")
	require.Equal(t, 0, code, stderr)
	specText, err = os.ReadFile(filepath.Join(dir, "goplt.yaml"))
	require.NoError(t, err)
	assert.Contains(t, string(specText), "plugins: [blog]")
}

func TestInit_DefaultsNameFromDirAndModuleFromName(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "shop")
	code, _, stderr := goplt(t, "", "init", dir)
	require.Equal(t, 0, code, stderr)
	specText, err := os.ReadFile(filepath.Join(dir, "goplt.yaml"))
	require.NoError(t, err)
	assert.Contains(t, string(specText), "name: shop")
	assert.Contains(t, string(specText), "module: example.com/shop")
}

func TestInit_RefusesNonEmptyDirectory(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644))
	code, _, stderr := goplt(t, "", "init", dir, "--name", "acme")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "is not empty")
	assert.Contains(t, stderr, "--force")
	entries, _ := os.ReadDir(dir)
	assert.Len(t, entries, 1, "nothing may be written")

	code, _, stderr = goplt(t, "", "init", dir, "--name", "acme", "--force")
	require.Equal(t, 0, code, stderr)
	mine, _ := os.ReadFile(filepath.Join(dir, "notes.txt"))
	assert.Equal(t, "mine", string(mine))
}

func TestInit_BadFlagsNameTheFlagAndWriteNothing(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--module", "not a path"}, `--module "not a path"`},
		{[]string{"--name", "Bad_Name"}, `--name "Bad_Name"`},
		{[]string{"--database", "mysql"}, `--database "mysql": use "sqlite" or "postgres"`},
		{[]string{"--spec", "x.yaml", "--name", "a"}, "--name cannot be combined with --spec"},
		{[]string{"--spec", "missing.yaml"}, "--spec: stat missing.yaml: no such file"},
		{[]string{"--features", "audit,kafka"}, `--features "kafka": use any of audit, events,`},
		{[]string{"--plugins", "Blog"}, `--plugins "Blog"`},
	} {
		dir := filepath.Join(t.TempDir(), "p")
		code, _, stderr := goplt(t, "", append([]string{"init", dir}, tc.args...)...)
		assert.Equal(t, exitUsage, code, tc.args)
		assert.Contains(t, stderr, tc.want)
		assert.NoDirExists(t, dir)
	}
}

func TestInit_SpecFileErrorsArePositioned(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "goplt.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("version: 1\nname: acme\nmodule: example.com/acme\ndatabase: mysql\n"), 0o644))
	out := filepath.Join(dir, "out")
	code, _, stderr := goplt(t, "", "init", out, "--spec", bad)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, bad+":4:11: ")
	assert.Contains(t, stderr, "nothing was written")
	assert.NoDirExists(t, out)
}

func TestGen_HandEditedGeneratedFileIsAConflict(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "acme")
	code, _, stderr := goplt(t, "", "init", dir, "--module", "example.com/acme")
	require.Equal(t, 0, code, stderr)

	code, _, stderr = goplt(t, dir, "gen", "--check")
	require.Equal(t, 0, code, "fresh project must not be stale: %s", stderr)

	permFile := filepath.Join(dir, "pkg", "perm", "perm.go")
	pristine, err := os.ReadFile(permFile)
	require.NoError(t, err)
	edited := append(append([]byte{}, pristine...), []byte("\n// my edit\n")...)
	require.NoError(t, os.WriteFile(permFile, edited, 0o644))

	code, stdout, stderr := goplt(t, filepath.Join(dir, "pkg"), "gen") // from a subdirectory
	assert.Equal(t, exitDrift, code)
	assert.Contains(t, stdout, "conflict  pkg/perm/perm.go")
	assert.Contains(t, stdout, "-// my edit")
	assert.Contains(t, stderr, "--force")
	now, _ := os.ReadFile(permFile)
	assert.Equal(t, edited, now, "a conflict writes nothing")

	code, _, stderr = goplt(t, dir, "gen", "--force")
	require.Equal(t, 0, code, stderr)
	now, _ = os.ReadFile(permFile)
	assert.Equal(t, pristine, now)
	orig, _ := os.ReadFile(permFile + ".orig")
	assert.Equal(t, edited, orig)
}

func TestGen_OutsideAProjectSaysWhatToDo(t *testing.T) {
	code, _, stderr := goplt(t, t.TempDir(), "gen")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "no goplt.yaml")
	assert.Contains(t, stderr, "goplt init")
}

func TestVersion_PrintsTheSameWithTheFlagAndTheCommand(t *testing.T) {
	code, stdout, _ := goplt(t, "", "version")
	assert.Equal(t, 0, code)
	assert.Regexp(t, `^goplt \S+\n$`, stdout)
	code, flag, stderr := goplt(t, "", "--version")
	assert.Equal(t, 0, code, stderr)
	assert.Equal(t, stdout, flag)

	code, verbose, _ := goplt(t, "", "version", "-v")
	assert.Equal(t, 0, code)
	assert.True(t, strings.HasPrefix(verbose, stdout))
	assert.Contains(t, verbose, "entc "+entgen.EntVersion)
}

func TestHelp_EveryCommandHasExamples(t *testing.T) {
	root := newRootCmd(&env{})
	for _, c := range root.Commands() {
		if c.Name() == "help" || c.Name() == "completion" {
			continue
		}
		assert.NotEmpty(t, c.Example, c.Name())
	}
}

func TestCompletion_Bash(t *testing.T) {
	code, stdout, _ := goplt(t, "", "completion", "bash")
	assert.Equal(t, 0, code)
	assert.Contains(t, stdout, "goplt")
}

func TestInit_SpecFileIsKeptWithItsComments(t *testing.T) {
	dir := t.TempDir()
	specText := "# Our platform.\nversion: 1\nname: acme # short\nmodule: example.com/acme\n"
	specFile := filepath.Join(dir, "in.yaml")
	require.NoError(t, os.WriteFile(specFile, []byte(specText), 0o644))
	out := filepath.Join(dir, "acme")
	code, _, stderr := goplt(t, "", "init", out, "--spec", specFile)
	require.Equal(t, 0, code, stderr)
	got, err := os.ReadFile(filepath.Join(out, "goplt.yaml"))
	require.NoError(t, err)
	assert.Equal(t, specText, string(got))
}
