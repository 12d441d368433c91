package main

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goplt/goplt/generator/manifest"
)

// gopltKilled runs goplt in dir as a process and kills it with SIGKILL
// as it is about to write path.
func gopltKilled(t *testing.T, dir, path string, args ...string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOPLT_TEST_MAIN=1", "GOPLT_TEST_KILL_AT="+path)
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit, "goplt finished before writing %s: %s", path, out)
	require.Equal(t, "signal: killed", exit.Error(), "%s", out)
}

// requireClean checks a project holds no temp file or journal of goplt's.
func requireClean(t *testing.T, dir string) {
	t.Helper()
	require.NoError(t, filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && strings.Contains(d.Name(), "tmp") {
			t.Errorf("left behind: %s", path)
		}
		return err
	}))
	assert.NoFileExists(t, filepath.Join(dir, filepath.FromSlash(manifest.JournalPath)))
}

// newProject runs goplt init into a new directory under parent.
func newProject(t *testing.T, parent string, args ...string) string {
	t.Helper()
	dir := filepath.Join(parent, "acme")
	code, _, stderr := goplt(t, "", append([]string{"init", dir, "--module", "example.com/acme"}, args...)...)
	require.Equal(t, 0, code, stderr)
	return dir
}

func TestAddModule_KilledAddIsCompletedByTheNextRun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs entc; skipped with -short")
	}
	// Points before and after modules/wiki/module.yaml is written, and the
	// manifest, written last.
	for _, at := range []string{"go.mod", "modules/wiki/ent/client.go", "modules/wiki/module.yaml", "pkg/perm/perm.go", manifest.Path} {
		t.Run(at, func(t *testing.T) {
			dir := newProject(t, t.TempDir())
			gopltKilled(t, dir, at, "add", "module", "wiki")

			code, stdout, stderr := goplt(t, dir, "add", "module", "wiki")
			require.Equal(t, 0, code, "the add is rerun to completion: %s", stderr)
			assert.Contains(t, stdout, "stopped part way")
			assert.NotContains(t, stdout, "conflict ")
			requireClean(t, dir)
			code, _, stderr = goplt(t, dir, "gen", "--check")
			assert.Equal(t, 0, code, "the completed module is not stale: %s", stderr)

			code, _, stderr = goplt(t, dir, "add", "module", "wiki")
			assert.Equal(t, exitUsage, code, "a completed module is not added twice")
			assert.Contains(t, stderr, "already exists; edit modules/wiki/module.yaml")
		})
	}
}

func TestAddModule_GenAfterAKilledAddHasNoFalseConflicts(t *testing.T) {
	if testing.Short() {
		t.Skip("runs entc; skipped with -short")
	}
	for at, written := range map[string]bool{"modules/wiki/ent/client.go": false, "pkg/perm/perm.go": true} {
		t.Run(at, func(t *testing.T) {
			dir := newProject(t, t.TempDir())
			gopltKilled(t, dir, at, "add", "module", "wiki")

			code, stdout, stderr := goplt(t, dir, "gen")
			require.Equal(t, 0, code, stderr)
			assert.Contains(t, stdout, " 0 conflicts")
			requireClean(t, dir)
			if written {
				// module.yaml made it to disk: gen finished the module.
				assert.FileExists(t, filepath.Join(dir, "modules/wiki/module.go"))
				code, _, stderr = goplt(t, dir, "add", "module", "wiki")
				assert.Equal(t, exitUsage, code)
				assert.Contains(t, stderr, "already exists")
				return
			}
			// It did not: gen took back what the add had written, and the
			// add can start over.
			assert.NoFileExists(t, filepath.Join(dir, "modules/wiki/module.go"))
			code, _, stderr = goplt(t, dir, "add", "module", "wiki")
			require.Equal(t, 0, code, stderr)
			code, _, stderr = goplt(t, dir, "gen", "--check")
			assert.Equal(t, 0, code, stderr)
		})
	}
}

func TestAddModule_AddOverFilesGopltDidNotWriteIsRefused(t *testing.T) {
	dir := newProject(t, t.TempDir())
	// A module.yaml the user wrote, and a directory holding only their notes.
	for file, content := range map[string]string{
		"modules/wiki/module.yaml": "name: wiki\nversion: 0.1.0\n",
		"modules/notes/README.md":  "mine\n",
	} {
		path := filepath.Join(dir, filepath.FromSlash(file))
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
	}
	code, _, stderr := goplt(t, dir, "add", "module", "wiki")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "modules/wiki already exists; edit modules/wiki/module.yaml and run goplt gen instead")
	code, _, stderr = goplt(t, dir, "add", "module", "notes")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "holds files goplt did not write (modules/notes/README.md)")
	got, err := os.ReadFile(filepath.Join(dir, "modules/notes/README.md"))
	require.NoError(t, err)
	assert.Equal(t, "mine\n", string(got))
}

func TestAddModule_InterruptedAddRerunWithOtherEntitiesIsRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("runs entc; skipped with -short")
	}
	dir := newProject(t, t.TempDir())
	gopltKilled(t, dir, "pkg/perm/perm.go", "add", "module", "wiki", "--entity", "page:title:string!")
	code, _, stderr := goplt(t, dir, "add", "module", "wiki", "--entity", "article:title:string!")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "interrupted goplt add module wiki with other --entity flags")
	code, _, stderr = goplt(t, dir, "add", "module", "wiki", "--entity", "page:title:string!")
	require.Equal(t, 0, code, stderr)
	requireClean(t, dir)
}

// mountTmpfs mounts a tmpfs of size bytes on a new directory, or skips the
// test where mounting is not permitted.
func mountTmpfs(t *testing.T, size int) string {
	t.Helper()
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size="+strconv.Itoa(size)); err != nil {
		t.Skipf("a full disk needs a small tmpfs, and mounting one is not permitted here: %v", err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(dir, syscall.MNT_DETACH); err != nil {
			t.Errorf("unmount %s: %v", dir, err)
		}
	})
	return dir
}

// diskUsage is the bytes used on the file system holding dir.
func diskUsage(t *testing.T, dir string) int {
	t.Helper()
	var st syscall.Statfs_t
	require.NoError(t, syscall.Statfs(dir, &st))
	return int(st.Blocks-st.Bfree) * int(st.Bsize)
}

func TestAddModule_FullDiskAddIsCompletedOnceSpaceIsFreed(t *testing.T) {
	if testing.Short() {
		t.Skip("runs entc; skipped with -short")
	}
	// Measure what init and add take, then give a fresh project room for
	// init and half of the add.
	probe := newProject(t, t.TempDir())
	code, _, stderr := goplt(t, probe, "add", "module", "wiki")
	require.Equal(t, 0, code, stderr)
	var addBytes int
	require.NoError(t, filepath.WalkDir(filepath.Join(probe, "modules"), func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			info, err := d.Info()
			if err == nil {
				addBytes += int(info.Size()+4095) &^ 4095
			}
		}
		return err
	}))

	mnt := mountTmpfs(t, 64<<20)
	dir := newProject(t, mnt)
	size := diskUsage(t, mnt) + addBytes/2
	require.NoError(t, syscall.Mount("tmpfs", mnt, "tmpfs", syscall.MS_REMOUNT, "size="+strconv.Itoa(size)))

	code, _, stderr = goplt(t, dir, "add", "module", "wiki")
	require.Equal(t, exitInternal, code, "a full disk is no mistake of the user's")
	require.Contains(t, stderr, "no space left on device")
	require.Positive(t, countFiles(t, filepath.Join(dir, "modules", "wiki")), "the disk filled part way through the add: %s", stderr)

	require.NoError(t, syscall.Mount("tmpfs", mnt, "tmpfs", syscall.MS_REMOUNT, "size="+strconv.Itoa(64<<20)))
	_, stdout, _ := goplt(t, dir, "gen", "--check")
	assert.NotContains(t, stdout, "conflict ", "files the failed add wrote are goplt's")
	code, stdout, stderr = goplt(t, dir, "add", "module", "wiki")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, " 0 conflicts")
	requireClean(t, dir)
	code, _, stderr = goplt(t, dir, "gen", "--check")
	assert.Equal(t, 0, code, stderr)
}

func TestAddModule_PluginListedBeforeTheModuleExists(t *testing.T) {
	if testing.Short() {
		t.Skip("runs entc; skipped with -short")
	}
	parent := t.TempDir()
	code, _, stderr := goplt(t, "", "init", filepath.Join(parent, "acme"), "--module", "example.com/acme", "--plugins", "wiki")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stderr, "goplt add module wiki")
	dir := filepath.Join(parent, "acme")
	// gen cannot build a plugin that is not a module yet, and says how to
	// make it one: that advice must work.
	code, _, stderr = goplt(t, dir, "gen")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "add it with goplt add module wiki")
	code, _, stderr = goplt(t, dir, "add", "module", "wiki")
	require.Equal(t, 0, code, stderr)
	code, _, stderr = goplt(t, dir, "gen", "--check")
	assert.Equal(t, 0, code, stderr)
	registry, err := os.ReadFile(filepath.Join(dir, "plugins.mk"))
	require.NoError(t, err)
	assert.Contains(t, string(registry), "wiki")
}

func TestAddModule_ModuleMadeAPluginAfterItIsAdded(t *testing.T) {
	if testing.Short() {
		t.Skip("runs entc; skipped with -short")
	}
	dir := newProject(t, t.TempDir())
	code, _, stderr := goplt(t, dir, "add", "module", "wiki")
	require.Equal(t, 0, code, stderr)
	specPath := filepath.Join(dir, "goplt.yaml")
	specText, err := os.ReadFile(specPath)
	require.NoError(t, err)
	require.Contains(t, string(specText), "\nplugins: []\n")
	specText = []byte(strings.Replace(string(specText), "\nplugins: []\n", "\nplugins: [wiki]\n", 1))
	require.NoError(t, os.WriteFile(specPath, specText, 0o644))
	code, _, stderr = goplt(t, dir, "gen")
	require.Equal(t, 0, code, stderr)
	registry, err := os.ReadFile(filepath.Join(dir, "plugins.mk"))
	require.NoError(t, err)
	assert.Contains(t, string(registry), "wiki")

	// The same holds for a dependency on a module still to be added.
	yamlPath := filepath.Join(dir, "modules/wiki/module.yaml")
	wiki, err := os.ReadFile(yamlPath)
	require.NoError(t, err)
	wiki = []byte(strings.Replace(string(wiki), `dependencies: ["core >= `, `dependencies: ["notes", "core >= `, 1))
	require.NoError(t, os.WriteFile(yamlPath, wiki, 0o644))
	code, _, stderr = goplt(t, dir, "gen")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "add it with goplt add module notes")
	code, _, stderr = goplt(t, dir, "add", "module", "notes")
	require.Equal(t, 0, code, stderr)
	code, _, stderr = goplt(t, dir, "gen", "--check")
	assert.Equal(t, 0, code, stderr)
}

func TestInit_KilledInitIsCompletedByRerunningIt(t *testing.T) {
	for _, at := range []string{manifest.JournalPath, "Dockerfile", "goplt.yaml", "pkg/perm/perm.go", manifest.Path} {
		t.Run(at, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "acme")
			gopltKilled(t, "", at, "init", dir, "--module", "example.com/acme")

			code, _, stderr := goplt(t, "", "init", dir, "--module", "example.com/acme")
			require.Equal(t, 0, code, "the init is rerun to completion: %s", stderr)
			requireClean(t, dir)
			code, _, stderr = goplt(t, dir, "gen", "--check")
			assert.Equal(t, 0, code, stderr)

			code, _, stderr = goplt(t, "", "init", dir, "--module", "example.com/acme")
			assert.Equal(t, exitUsage, code, "a finished project is not initialised twice")
			assert.Contains(t, stderr, "is not empty")
		})
	}
}

func TestInit_KilledInitRerunWithAnotherSpecIsRefused(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "acme")
	gopltKilled(t, "", "pkg/perm/perm.go", "init", dir, "--module", "example.com/acme")
	code, _, stderr := goplt(t, "", "init", dir, "--module", "example.com/other")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "interrupted goplt init began from another spec")
	// gen completes it as it is.
	code, _, stderr = goplt(t, dir, "gen")
	require.Equal(t, 0, code, stderr)
	requireClean(t, dir)
}

// countFiles counts the files under dir.
func countFiles(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	require.NoError(t, filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return err
	}))
	return n
}

func TestGen_WriteRefusedPartWayThenInputChangedBackHasNoFalseConflicts(t *testing.T) {
	dir := newProject(t, t.TempDir())
	immutable := filepath.Join(dir, "pkg", "config", "features.gen.go")
	if out, err := exec.Command("chattr", "+i", immutable).CombinedOutput(); err != nil {
		t.Skipf("chattr +i is not available here: %v %s", err, out)
	}
	// Best effort, for a test that fails before it makes the file mutable
	// again itself: then the temp dir can still be removed.
	defer func() { _ = exec.Command("chattr", "-i", immutable).Run() }()
	specPath := filepath.Join(dir, "goplt.yaml")
	original, err := os.ReadFile(specPath)
	require.NoError(t, err)
	require.Contains(t, string(original), "\nfeatures: []\n")
	tracing := strings.Replace(string(original), "\nfeatures: []\n", "\nfeatures: [tracing]\n", 1)
	require.NoError(t, os.WriteFile(specPath, []byte(tracing), 0o644))

	code, _, stderr := goplt(t, dir, "gen")
	require.Equal(t, exitInternal, code)
	require.Contains(t, stderr, "operation not permitted")
	require.FileExists(t, filepath.Join(dir, "internal", "tracing", "tracing.go"), "the run stopped part way")

	// The user gives up on tracing and makes the file writable again.
	require.NoError(t, exec.Command("chattr", "-i", immutable).Run())
	require.NoError(t, os.WriteFile(specPath, original, 0o644))
	code, stdout, stderr := goplt(t, dir, "gen")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, " 0 conflicts")
	assert.NoFileExists(t, filepath.Join(dir, "internal", "tracing", "tracing.go"), "goplt takes back what it wrote")
	requireClean(t, dir)
	code, _, stderr = goplt(t, dir, "gen", "--check")
	assert.Equal(t, 0, code, stderr)
}
