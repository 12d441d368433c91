package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goplt/goplt/generator"
	"github.com/goplt/goplt/generator/plan"
	"github.com/goplt/goplt/generator/spec"
)

// initProject creates a project with defaults and returns its directory.
func initProject(t *testing.T, args ...string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "acme")
	code, _, stderr := goplt(t, "", append([]string{"init", dir, "--module", "example.com/acme"}, args...)...)
	require.Equal(t, 0, code, stderr)
	return dir
}

// switchOnTracing edits goplt.yaml so that gen has files to create.
func switchOnTracing(t *testing.T, dir string) {
	t.Helper()
	path := filepath.Join(dir, "goplt.yaml")
	text, err := os.ReadFile(path)
	require.NoError(t, err)
	edited := strings.Replace(string(text), "\nfeatures: []\n", "\nfeatures: [tracing]\n", 1)
	require.NotEqual(t, string(text), edited)
	require.NoError(t, os.WriteFile(path, []byte(edited), 0o644))
}

func TestGenCheck_PrintsNothingWhenFresh(t *testing.T) {
	dir := initProject(t)
	code, stdout, stderr := goplt(t, dir, "gen", "--check")
	assert.Equal(t, exitOK, code)
	assert.Empty(t, stdout)
	assert.Empty(t, stderr)
}

func TestGenCheck_ListsOnlyWhatIsStale(t *testing.T) {
	dir := initProject(t)
	switchOnTracing(t, dir)
	code, stdout, stderr := goplt(t, dir, "gen", "--check")
	assert.Equal(t, exitDrift, code)
	assert.Contains(t, stdout, "create    internal/tracing/tracing.go")
	assert.NotContains(t, stdout, "unchanged")
	assert.NotContains(t, stdout, "created,", "no summary: only the stale files")
	assert.Contains(t, stderr, "are stale; run 'goplt gen'")

	code, stdout, stderr = goplt(t, dir, "gen", "--check", "-q")
	assert.Equal(t, exitDrift, code)
	assert.Empty(t, stdout)
	assert.Contains(t, stderr, "are stale", "-q keeps the error")
}

func TestGenDryRun_PlanGoesToStdout(t *testing.T) {
	dir := initProject(t)
	switchOnTracing(t, dir)
	code, stdout, stderr := goplt(t, dir, "gen", "--dry-run")
	require.Equal(t, exitOK, code, stderr)
	assert.Empty(t, stderr)
	assert.Contains(t, stdout, "create    internal/tracing/tracing.go")
	assert.Regexp(t, `\d+ created, \d+ updated, 0 deleted, \d+ unchanged`, stdout)
	assert.NotContains(t, stdout, "unchanged go.mod", "unchanged files only with -v")
	assert.NoFileExists(t, filepath.Join(dir, "internal/tracing/tracing.go"))

	code, verbose, _ := goplt(t, dir, "gen", "--dry-run", "-v")
	require.Equal(t, exitOK, code)
	assert.Contains(t, verbose, "unchanged pkg/perm/perm.go")

	code, quiet, _ := goplt(t, dir, "gen", "--dry-run", "-q")
	require.Equal(t, exitOK, code)
	assert.Equal(t, stdout, quiet, "-q keeps what --dry-run asked for")

	code, diff, _ := goplt(t, dir, "gen", "--dry-run", "--diff")
	require.Equal(t, exitOK, code)
	assert.Contains(t, diff, "--- a/internal/tracing/tracing.go\n+++ b/internal/tracing/tracing.go\n@@ -0,0 +1,")
}

func TestGen_QuietPrintsNothingWhenItWorks(t *testing.T) {
	dir := initProject(t)
	switchOnTracing(t, dir)
	code, stdout, stderr := goplt(t, dir, "-q", "gen")
	require.Equal(t, exitOK, code, stderr)
	assert.Empty(t, stdout)
	assert.Empty(t, stderr)
	assert.FileExists(t, filepath.Join(dir, "internal/tracing/tracing.go"))

	code, stdout, stderr = goplt(t, dir, "gen", "--quiet", "--verbose")
	assert.Equal(t, exitUsage, code)
	assert.Empty(t, stdout)
	assert.Contains(t, stderr, "cannot be combined")
}

func TestInit_QuietAndVerbose(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "acme")
	code, stdout, stderr := goplt(t, "", "init", dir, "-q")
	require.Equal(t, exitOK, code, stderr)
	assert.Empty(t, stdout)
	assert.Empty(t, stderr)

	dir = filepath.Join(t.TempDir(), "acme")
	code, stdout, stderr = goplt(t, "", "init", dir, "-v")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "create    goplt.yaml", "-v lists what init wrote")
	assert.Contains(t, stderr, "Next steps")
}

func TestInit_DryRunPlanGoesToStdout(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "acme")
	code, stdout, stderr := goplt(t, "", "init", dir, "--dry-run")
	require.Equal(t, exitOK, code, stderr)
	assert.Empty(t, stderr)
	assert.Contains(t, stdout, "create    goplt.yaml")
	assert.NoDirExists(t, dir)
}

func TestUsageHints_NameTheCommandPath(t *testing.T) {
	for _, tc := range []struct {
		args []string
		hint string
	}{
		{[]string{"init", "--bogus"}, "Run 'goplt init --help' for usage."},
		{[]string{"add", "module", "blog", "--bogus"}, "Run 'goplt add module --help' for usage."},
		{[]string{"gen", "perms", "--bogus"}, "Run 'goplt gen perms --help' for usage."},
		{[]string{"--bogus"}, "Run 'goplt --help' for usage."},
		{[]string{"-x"}, "Run 'goplt --help' for usage."},
		{[]string{"bogus"}, "Run 'goplt --help' for usage."},
		{[]string{"add", "bogus"}, "Run 'goplt add --help' for usage."},
	} {
		code, stdout, stderr := goplt(t, "", tc.args...)
		assert.Equal(t, exitUsage, code, tc.args)
		assert.Empty(t, stdout, tc.args)
		assert.Contains(t, stderr, tc.hint, tc.args)
		assert.NotContains(t, stderr, "goplt goplt", tc.args)
	}
}

func TestMissingArgument_SaysWhatToType(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"add", "module"}, "missing NAME (the module to create, e.g. blog); type goplt add module NAME"},
		{[]string{"config", "get"}, "missing KEY (the setting's name, one of module-prefix, database, no-input, dev-database-url); type goplt config get KEY"},
		{[]string{"add"}, "goplt add needs a command; type goplt add module NAME"},
		{[]string{"add", "modul"}, `unknown command "modul" for "goplt add"; did you mean module?`},
		{[]string{"add", "module", "a", "b"}, `goplt add module takes one NAME, got 2 ("a b")`},
		{[]string{"init", "a", "b"}, `goplt init takes at most one DIR, got 2 ("a b")`},
		{[]string{"gen", "now"}, `goplt gen takes no arguments, got "now"`},
		{[]string{"version", "now"}, `goplt version takes no arguments, got "now"`},
	} {
		code, _, stderr := goplt(t, t.TempDir(), tc.args...)
		assert.Equal(t, exitUsage, code, tc.args)
		assert.Contains(t, stderr, tc.want, tc.args)
		assert.NotContains(t, stderr, "arg(s)", tc.args)
	}
}

func TestHelp_ListsExitCodesAndSettings(t *testing.T) {
	code, stdout, _ := goplt(t, "", "--help")
	require.Equal(t, exitOK, code)
	for _, want := range []string{"Exit status:", "  0  done", "  1  generated files are stale", "  2  bad usage", "  3  internal failure", configEnv} {
		assert.Contains(t, stdout, want)
	}
	for _, s := range knownSettings {
		assert.Contains(t, stdout, envName(s.key))
	}
	for i, line := range strings.Split(stdout, "\n") {
		assert.LessOrEqual(t, len([]rune(line)), 80, "help line %d is wider than a terminal: %q", i+1, line)
	}
}

func TestExitCode_ClassifiesErrorsByType(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want int
	}{
		{nil, exitOK},
		{&driftError{n: 3}, exitDrift},
		{fmt.Errorf("gen: %w", &plan.ConflictError{}), exitDrift},
		{spec.Diagnostics{{Pos: spec.Pos{File: "goplt.yaml", Line: 1, Col: 1}, Msg: "bad"}}, exitUsage},
		{usagef("--name: bad"), exitUsage},
		{&settingError{errors.New("GOPLT_DATABASE: bad")}, exitUsage},
		{errors.New("modules/blog already exists"), exitUsage},
		{&generator.ToolError{Tool: "entc", Err: errors.New("entc/load: boom")}, exitInternal},
		{fmt.Errorf("write x: %w", &fs.PathError{Op: "write", Path: "x", Err: syscall.ENOSPC}), exitInternal},
		{&os.LinkError{Op: "rename", Old: "a", New: "b", Err: syscall.EXDEV}, exitInternal},
	} {
		assert.Equal(t, tc.want, exitCode(tc.err), "%v", tc.err)
	}
}

// failingWriter fails every write, as a full disk or a closed pipe does.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) {
	return 0, &fs.PathError{Op: "write", Path: "/dev/stdout", Err: syscall.ENOSPC}
}

func TestExitCode_AFailedWriteOfThePlanIsAnInternalFailure(t *testing.T) {
	dir := initProject(t)
	t.Chdir(dir)
	var stderr bytes.Buffer
	code := run([]string{"gen", "--dry-run"}, strings.NewReader(""), failingWriter{}, &stderr)
	assert.Equal(t, exitInternal, code)
	assert.Contains(t, stderr.String(), "write standard output")
}

func TestExitCode_EntcFailureIsAnInternalFailure(t *testing.T) {
	if testing.Short() {
		t.Skip("runs entc; skipped with -short")
	}
	dir := initProject(t, "--features", "audit")
	// A schema file of the user's that does not compile: entc fails.
	broken := filepath.Join(dir, "internal", "ent", "schema", "broken.go")
	require.NoError(t, os.WriteFile(broken, []byte("package schema\n\nvar x int = \"no\"\n"), 0o644))
	code, _, stderr := goplt(t, dir, "gen")
	assert.Equal(t, exitInternal, code, stderr)
	assert.Contains(t, stderr, "run entc for example.com/acme")
}

func TestCompletion_FlagValues(t *testing.T) {
	// __complete is the hidden command the completion scripts call: one
	// candidate a line, then ":" and the directive.
	complete := func(t *testing.T, dir string, args ...string) []string {
		t.Helper()
		code, stdout, stderr := goplt(t, dir, append([]string{"__complete"}, args...)...)
		require.Equal(t, exitOK, code, stderr)
		return strings.Split(strings.TrimSpace(stdout), "\n")
	}
	names := func(lines []string) []string {
		var out []string
		for _, l := range lines {
			if !strings.HasPrefix(l, ":") {
				name, _, _ := strings.Cut(l, "\t")
				out = append(out, name)
			}
		}
		return out
	}

	assert.Equal(t, []string{"sqlite", "postgres"}, names(complete(t, "", "init", "acme", "--database", "")))

	features := names(complete(t, "", "init", "acme", "--features", ""))
	assert.Equal(t, append(spec.FeatureNames(), "all"), features)
	features = names(complete(t, "", "init", "acme", "--features", "audit,"))
	assert.Contains(t, features, "audit,events")
	assert.NotContains(t, features, "audit,audit", "a feature given is not offered again")

	dir := initProject(t)
	for _, name := range []string{"blog", "wiki"} {
		require.NoError(t, os.MkdirAll(filepath.Join(dir, "modules", name), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, "modules", name, "module.yaml"), []byte("name: "+name+"\n"), 0o644))
	}
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "modules", "notes"), 0o755)) // no module.yaml: not a module
	assert.Equal(t, []string{"blog", "wiki"}, names(complete(t, "", "init", dir, "--plugins", "")))
	assert.Equal(t, []string{"blog", "wiki"}, names(complete(t, dir, "init", "--plugins", "")), "DIR defaults to the working directory")
	assert.Equal(t, []string{"blog,wiki"}, names(complete(t, "", "init", dir, "--plugins", "blog,")))

	assert.Equal(t, settingKeys(), names(complete(t, "", "config", "get", "")))
}

// settingsFile writes a settings file into a fresh XDG_CONFIG_HOME.
func settingsFile(t *testing.T, content string) string {
	t.Helper()
	home := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", home)
	path := filepath.Join(home, "goplt", "config.yaml")
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
	return path
}

func TestSettings_FlagBeatsEnvironmentBeatsFileBeatsDefault(t *testing.T) {
	file := settingsFile(t, "module-prefix: github.com/fromfile\ndatabase: postgres\ndev-database-url: postgres://file\n")
	t.Setenv("GOPLT_MODULE_PREFIX", "github.com/fromenv")

	code, stdout, stderr := goplt(t, "", "config", "list")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "module-prefix=github.com/fromenv\t# GOPLT_MODULE_PREFIX\n")
	assert.Contains(t, stdout, "database=postgres\t# database in "+file+"\n")
	assert.Contains(t, stdout, "no-input=false\t# default\n")
	assert.Contains(t, stdout, "dev-database-url=postgres://file\t# dev-database-url in "+file+"\n")

	t.Setenv("GOPLT_DEV_DATABASE_URL", "postgres://env")
	code, stdout, _ = goplt(t, "", "config", "get", "dev-database-url")
	require.Equal(t, exitOK, code)
	assert.Equal(t, "postgres://env\n", stdout)

	// init takes its defaults from the settings ...
	dir := filepath.Join(t.TempDir(), "shop")
	code, _, stderr = goplt(t, "", "init", dir)
	require.Equal(t, exitOK, code, stderr)
	specText, err := os.ReadFile(filepath.Join(dir, "goplt.yaml"))
	require.NoError(t, err)
	assert.Contains(t, string(specText), "module: github.com/fromenv/shop")
	assert.Contains(t, string(specText), "database: postgres")

	// ... and a flag beats them.
	dir = filepath.Join(t.TempDir(), "shop")
	code, _, stderr = goplt(t, "", "init", dir, "--database", "sqlite", "--module", "example.org/shop")
	require.Equal(t, exitOK, code, stderr)
	specText, err = os.ReadFile(filepath.Join(dir, "goplt.yaml"))
	require.NoError(t, err)
	assert.Contains(t, string(specText), "module: example.org/shop")
	assert.Contains(t, string(specText), "database: sqlite")
}

func TestSettings_ConfigFlagAndVariableNameTheFile(t *testing.T) {
	settingsFile(t, "database: postgres\n")
	other := filepath.Join(t.TempDir(), "team.yaml")
	require.NoError(t, os.WriteFile(other, []byte("database: sqlite\nno-input: true\n"), 0o644))

	code, stdout, _ := goplt(t, "", "config", "get", "database")
	require.Equal(t, exitOK, code)
	assert.Equal(t, "postgres\n", stdout)
	code, stdout, _ = goplt(t, "", "--config", other, "config", "get", "database")
	require.Equal(t, exitOK, code)
	assert.Equal(t, "sqlite\n", stdout)
	t.Setenv(configEnv, other)
	code, stdout, _ = goplt(t, "", "config", "list")
	require.Equal(t, exitOK, code)
	assert.Contains(t, stdout, "no-input=true\t# no-input in "+other+"\n")

	missing := filepath.Join(t.TempDir(), "missing.yaml")
	code, _, stderr := goplt(t, "", "--config", missing, "config", "list")
	assert.Equal(t, exitUsage, code, "a settings file asked for must exist")
	assert.Contains(t, stderr, missing)
}

func TestSettings_NoFileIsFine(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	code, stdout, stderr := goplt(t, "", "config", "list", "-v")
	require.Equal(t, exitOK, code, stderr)
	assert.Contains(t, stdout, "module-prefix=example.com\t# default\n")
	assert.Contains(t, stdout, "(not found)")
}

func TestSettings_BadValuesSayWhereTheyCameFrom(t *testing.T) {
	file := settingsFile(t, "database: mysql\ndatabse: postgres\n")
	code, _, stderr := goplt(t, "", "init", filepath.Join(t.TempDir(), "acme"))
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, `database in `+file+` "mysql": use "sqlite" or "postgres"`)
	assert.Contains(t, stderr, `unknown setting "databse" ignored`)

	t.Setenv("GOPLT_DATABASE", "oracle")
	code, _, stderr = goplt(t, "", "init", filepath.Join(t.TempDir(), "acme"))
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, `GOPLT_DATABASE "oracle"`)

	t.Setenv("GOPLT_DATABASE", "")
	t.Setenv("GOPLT_NO_INPUT", "yes please")
	code, _, stderr = goplt(t, "", "init", filepath.Join(t.TempDir(), "acme"), "--database", "sqlite")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, `GOPLT_NO_INPUT "yes please": use true or false`)

	// Settings only init uses do not stop other commands.
	code, _, stderr = goplt(t, "", "version")
	assert.Equal(t, exitOK, code, stderr)

	settingsFile(t, "database: [unclosed\n")
	code, _, stderr = goplt(t, "", "version")
	assert.Equal(t, exitUsage, code, "a settings file that is not YAML")
	assert.Contains(t, stderr, "config.yaml")
}
