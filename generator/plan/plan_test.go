package plan

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goplt/goplt/generator/manifest"
	"github.com/goplt/goplt/generator/render"
)

func gen(path, content string) render.File {
	return render.File{Path: path, Content: []byte(content), Owner: render.Generated}
}

func scaffold(path, content string) render.File {
	return render.File{Path: path, Content: []byte(content), Owner: render.Scaffold}
}

// write applies files to a new project and returns its root.
func write(t *testing.T, files ...render.File) string {
	t.Helper()
	root := t.TempDir()
	p, err := Compute(root, files, manifest.New(), Options{})
	require.NoError(t, err)
	require.NoError(t, Apply(p))
	return root
}

func replan(t *testing.T, root string, opts Options, files ...render.File) *Plan {
	t.Helper()
	m, err := manifest.Load(root)
	require.NoError(t, err)
	p, err := Compute(root, files, m, opts)
	require.NoError(t, err)
	return p
}

func actions(p *Plan) map[string]Action {
	out := map[string]Action{}
	for _, c := range p.Changes {
		out[c.Path] = c.Action
	}
	return out
}

func TestCompute_NewProjectCreatesEverything(t *testing.T) {
	p, err := Compute(t.TempDir(), []render.File{gen("a.go", "a"), scaffold("b.go", "b")}, manifest.New(), Options{})
	require.NoError(t, err)
	assert.Equal(t, map[string]Action{"a.go": Create, "b.go": Create}, actions(p))
}

func TestCompute_UserEditsOfScaffoldFilesAreSkipped(t *testing.T) {
	root := write(t, scaffold("svc.go", "pristine"))
	require.NoError(t, os.WriteFile(filepath.Join(root, "svc.go"), []byte("mine"), 0o644))
	p := replan(t, root, Options{}, scaffold("svc.go", "pristine v2"))
	assert.Equal(t, Skip, actions(p)["svc.go"])
	require.NoError(t, Apply(p))
	got, _ := os.ReadFile(filepath.Join(root, "svc.go"))
	assert.Equal(t, "mine", string(got))
}

func TestCompute_DeletedScaffoldFileStaysDeleted(t *testing.T) {
	root := write(t, scaffold("svc.go", "pristine"))
	require.NoError(t, os.Remove(filepath.Join(root, "svc.go")))
	p := replan(t, root, Options{}, scaffold("svc.go", "pristine"))
	assert.Equal(t, Skip, actions(p)["svc.go"])
}

func TestCompute_ChangedTemplateUpdatesGeneratedFile(t *testing.T) {
	root := write(t, gen("perm.go", "v1"))
	p := replan(t, root, Options{}, gen("perm.go", "v2"))
	assert.Equal(t, Update, actions(p)["perm.go"])
	require.NoError(t, Apply(p))
	got, _ := os.ReadFile(filepath.Join(root, "perm.go"))
	assert.Equal(t, "v2", string(got))
}

func TestCompute_HandEditedGeneratedFileIsAConflict(t *testing.T) {
	root := write(t, gen("perm.go", "v1"), gen("other.go", "o1"))
	require.NoError(t, os.WriteFile(filepath.Join(root, "perm.go"), []byte("edited"), 0o644))
	p := replan(t, root, Options{}, gen("perm.go", "v2"), gen("other.go", "o2"))
	assert.Equal(t, Conflict, actions(p)["perm.go"])

	var conflict *ConflictError
	require.ErrorAs(t, Apply(p), &conflict)
	assert.Equal(t, []string{"perm.go"}, conflict.Paths)
	other, _ := os.ReadFile(filepath.Join(root, "other.go"))
	assert.Equal(t, "o1", string(other), "a plan with a conflict writes nothing at all")

	p = replan(t, root, Options{Force: true}, gen("perm.go", "v2"), gen("other.go", "o2"))
	require.NoError(t, Apply(p))
	got, _ := os.ReadFile(filepath.Join(root, "perm.go"))
	assert.Equal(t, "v2", string(got))
	orig, _ := os.ReadFile(filepath.Join(root, "perm.go.orig"))
	assert.Equal(t, "edited", string(orig))
}

func TestCompute_FilesNoLongerRenderedAreDeletedOrOrphaned(t *testing.T) {
	root := write(t, gen("keep.go", "k"), gen("gone.go", "g"), scaffold("mine.go", "m"), scaffold("untouched.go", "u"))
	require.NoError(t, os.WriteFile(filepath.Join(root, "mine.go"), []byte("my work"), 0o644))
	p := replan(t, root, Options{}, gen("keep.go", "k"))
	assert.Equal(t, map[string]Action{"keep.go": Unchanged, "gone.go": Delete, "mine.go": Orphan, "untouched.go": Delete}, actions(p))
	require.NoError(t, Apply(p))
	assert.NoFileExists(t, filepath.Join(root, "gone.go"))
	assert.NoFileExists(t, filepath.Join(root, "untouched.go"))
	assert.FileExists(t, filepath.Join(root, "mine.go"))
	m, err := manifest.Load(root)
	require.NoError(t, err)
	assert.Contains(t, m.Files, "mine.go", "an orphan stays recorded so it is reported again")
}

func TestApply_NoOpRunWritesNothing(t *testing.T) {
	root := write(t, gen("a.go", "a"), scaffold("b.go", "b"))
	before := map[string]os.FileInfo{}
	for _, name := range []string{"a.go", "b.go", manifest.Path} {
		info, err := os.Stat(filepath.Join(root, name))
		require.NoError(t, err)
		before[name] = info
	}
	p := replan(t, root, Options{}, gen("a.go", "a"), scaffold("b.go", "b"))
	assert.False(t, p.Stale())
	require.NoError(t, Apply(p))
	for name, info := range before {
		now, err := os.Stat(filepath.Join(root, name))
		require.NoError(t, err)
		assert.Equal(t, info.ModTime(), now.ModTime(), name)
	}
}

func TestWriteFile_LeavesNoTempFiles(t *testing.T) {
	root := t.TempDir()
	require.NoError(t, WriteFile(root, "dir/x.txt", []byte("x")))
	entries, err := os.ReadDir(filepath.Join(root, "dir"))
	require.NoError(t, err)
	require.Len(t, entries, 1)
	assert.Equal(t, "x.txt", entries[0].Name())
}

func TestCompute_MaintainedUserFileIsUpdatedInPlace(t *testing.T) {
	root := write(t, scaffold("go.mod", "module x\n"))
	require.NoError(t, os.WriteFile(filepath.Join(root, "go.mod"), []byte("module x\n// mine\n"), 0o644))
	f := scaffold("go.mod", "module x\n// mine\nrequire x/modules/blog v0.0.0\n")
	f.Maintained = true
	p := replan(t, root, Options{}, f)
	assert.Equal(t, Update, actions(p)["go.mod"])
	require.NoError(t, Apply(p))
	m, err := manifest.Load(root)
	require.NoError(t, err)
	assert.Equal(t, manifest.Hash([]byte("module x\n")), m.Files["go.mod"].SHA256, "the manifest keeps the pristine hash")
}

func TestApply_FailurePartWayLeavesFilesWholeAndTheNextRunCompletes(t *testing.T) {
	root := write(t, gen("a.go", "a1"), gen("b.go", "b1"), gen("c.go", "c1"))
	before, err := os.ReadFile(filepath.Join(root, manifest.Path))
	require.NoError(t, err)

	FailPoint = func(path string) error {
		if path == "b.go" {
			return errors.New("disk full")
		}
		return nil
	}
	p := replan(t, root, Options{}, gen("a.go", "a2"), gen("b.go", "b2"), gen("c.go", "c2"))
	require.ErrorContains(t, Apply(p), "disk full")
	FailPoint = nil

	for name, want := range map[string]string{"a.go": "a2", "b.go": "b1", "c.go": "c1"} {
		got, err := os.ReadFile(filepath.Join(root, name))
		require.NoError(t, err)
		assert.Equal(t, want, string(got), "every file is wholly old or wholly new")
	}
	after, err := os.ReadFile(filepath.Join(root, manifest.Path))
	require.NoError(t, err)
	assert.Equal(t, string(before), string(after), "the manifest is written last")

	p = replan(t, root, Options{}, gen("a.go", "a2"), gen("b.go", "b2"), gen("c.go", "c2"))
	assert.Empty(t, p.Conflicts(), "a file already new is not taken for a hand edit")
	require.NoError(t, Apply(p))
	for name, want := range map[string]string{"a.go": "a2", "b.go": "b2", "c.go": "c2"} {
		got, err := os.ReadFile(filepath.Join(root, name))
		require.NoError(t, err)
		assert.Equal(t, want, string(got))
	}
	entries, err := os.ReadDir(root)
	require.NoError(t, err)
	for _, e := range entries {
		assert.NotContains(t, e.Name(), ".tmp", "no temporary file is left behind")
	}
}

func TestApply_SecondWriterIsLockedOut(t *testing.T) {
	root := t.TempDir()
	unlock, err := lock(root)
	require.NoError(t, err)
	defer unlock()
	p, err := Compute(root, []render.File{gen("a.go", "a")}, manifest.New(), Options{})
	require.NoError(t, err)
	err = Apply(p)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "another goplt is writing")
	assert.NoFileExists(t, filepath.Join(root, "a.go"))
}

func TestCompute_ManifestKeepsThePristineScaffold(t *testing.T) {
	root := write(t, scaffold("svc.go", "pristine"), gen("a.go", "a"))
	require.NoError(t, os.WriteFile(filepath.Join(root, "svc.go"), []byte("mine"), 0o644))
	p := replan(t, root, Options{}, scaffold("svc.go", "pristine v2"), gen("a.go", "a"))
	require.NoError(t, Apply(p))
	m, err := manifest.Load(root)
	require.NoError(t, err)
	assert.Equal(t, "pristine", m.Files["svc.go"].Pristine, "the base of a later three-way merge")
	assert.Empty(t, m.Files["a.go"].Pristine)
}
