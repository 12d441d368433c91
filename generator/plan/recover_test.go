package plan

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goplt/goplt/generator/manifest"
	"github.com/goplt/goplt/generator/render"
)

// before is a small project as goplt last wrote it.
func before() []render.File {
	return []render.File{
		gen("a.go", "a1"), gen("b/b.go", "b1"), gen("c/c.go", "c1"), gen("gone.go", "g"),
		scaffold("svc.go", "s1"), scaffold("old/h.go", "h0"),
	}
}

// after is the same project once its input changed: every kind of write
// (update, create of a generated and a user-owned file, delete).
func after() []render.File {
	return []render.File{
		gen("a.go", "a2"), gen("b/b.go", "b2"), gen("c/c.go", "c2"), gen("new/n.go", "n"),
		scaffold("svc.go", "s1"), scaffold("new/h.go", "h"),
	}
}

// failPoints counts the points at which applying after() over before()
// can stop: one per file written or deleted, plus the journal and the
// manifest.
func failPoints(t *testing.T) int {
	t.Helper()
	root := write(t, before()...)
	n := 0
	FailPoint = func(string) error { n++; return nil }
	defer func() { FailPoint = nil }()
	require.NoError(t, Apply(replan(t, root, Options{}, after()...)))
	return n
}

// requireRecovers runs goplt again on a project whose last run stopped
// part way, with files as its input, and checks the run completes: no
// conflict, every file as rendered, no journal or temp file left, and the
// manifest such that the run after is a no-op.
func requireRecovers(t *testing.T, root string, files []render.File) {
	t.Helper()
	p := replan(t, root, Options{}, files...)
	require.Empty(t, p.Conflicts(), "goplt's own output is not taken for a hand edit")
	require.NoError(t, Apply(p))
	for _, f := range files {
		got, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(f.Path)))
		require.NoError(t, err)
		assert.Equal(t, string(f.Content), string(got), f.Path)
	}
	assert.Empty(t, leftovers(t, root), "no temp file is left behind")
	assert.NoFileExists(t, filepath.Join(root, filepath.FromSlash(manifest.JournalPath)))
	p = replan(t, root, Options{}, files...)
	assert.False(t, p.Stale(), "the run after the recovery has nothing to do")
	assert.Empty(t, p.Conflicts())
}

// leftovers lists the temp files under root.
func leftovers(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	require.NoError(t, filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.Contains(d.Name(), "tmp") {
			out = append(out, path)
		}
		return err
	}))
	return out
}

func TestApply_EveryFailedWriteIsRecoveredByTheNextRun(t *testing.T) {
	n := failPoints(t)
	for k := 1; k <= n; k++ {
		for name, next := range map[string][]render.File{"same input": after(), "input changed back": before()} {
			root := write(t, before()...)
			calls := 0
			FailPoint = func(string) error {
				if calls++; calls == k {
					return errors.New("no space left on device")
				}
				return nil
			}
			err := Apply(replan(t, root, Options{}, after()...))
			FailPoint = nil
			require.ErrorContains(t, err, "no space left", "write %d of %d", k, n)
			t.Run(fmt.Sprintf("failed at %d of %d, %s", k, n, name), func(t *testing.T) { requireRecovers(t, root, next) })
		}
	}
}

func TestApply_HandEditAfterAnInterruptedRunIsStillAConflict(t *testing.T) {
	root := write(t, before()...)
	FailPoint = func(path string) error {
		if path == "c/c.go" {
			return errors.New("no space left on device")
		}
		return nil
	}
	require.Error(t, Apply(replan(t, root, Options{}, after()...)))
	FailPoint = nil
	// a.go holds goplt's a2 now, c.go its old c1: a hand edit of either
	// is the user's and must be refused, journal or not.
	require.NoError(t, os.WriteFile(filepath.Join(root, "a.go"), []byte("mine"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(root, "c", "c.go"), []byte("mine too"), 0o644))
	p := replan(t, root, Options{}, before()...)
	assert.Equal(t, Conflict, actions(p)["a.go"])
	assert.Equal(t, Conflict, actions(p)["c/c.go"])
	assert.Equal(t, Update, actions(p)["b/b.go"], "b.go is goplt's b2, written before the failure")
}

func TestApply_RemovesOnlyGopltsOwnTempFiles(t *testing.T) {
	root := write(t, before()...)
	ours := []string{".a.go.goplt-tmp-123", "b/.b.go.goplt-tmp-9", ".goplt/.manifest.json.goplt-tmp-77", "b/.b.go.tmp4242"}
	theirs := []string{
		"notes.tmp", ".notes.tmp12", "b/.other.go.tmp12", "b/.b.go.tmp", "b/.b.go.tmpx1",
		"a.go.goplt-tmp-1", ".goplt-tmp-5", ".a.go.goplt-tmp-", ".a.go.goplt-tmp-1x",
	}
	for _, name := range append(append([]string{}, ours...), theirs...) {
		require.NoError(t, os.WriteFile(filepath.Join(root, filepath.FromSlash(name)), []byte("x"), 0o644))
	}
	require.NoError(t, Apply(replan(t, root, Options{}, after()...)))
	for _, name := range ours {
		assert.NoFileExists(t, filepath.Join(root, filepath.FromSlash(name)))
	}
	for _, name := range theirs {
		assert.FileExists(t, filepath.Join(root, filepath.FromSlash(name)), "not goplt's: kept")
	}
}

func TestApply_LeftoverJournalAloneIsCleanedByANoOpRun(t *testing.T) {
	root := write(t, before()...)
	FailPoint = func(path string) error {
		if path == manifest.Path {
			return errors.New("killed")
		}
		return nil
	}
	require.Error(t, Apply(replan(t, root, Options{}, after()...)))
	FailPoint = nil
	p := replan(t, root, Options{}, after()...)
	assert.False(t, p.Stale(), "every file was written before the manifest")
	assert.True(t, p.Resumed())
	requireRecovers(t, root, after())
}
