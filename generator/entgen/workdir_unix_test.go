//go:build unix

package entgen

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRemoveStaleWorkDirs_RemovesOnlyCopiesOfRunsThatAreGone(t *testing.T) {
	tmp := t.TempDir()
	old := time.Now().Add(-10 * time.Minute)
	mk := func(name string, lock bool, mtime time.Time) string {
		dir := filepath.Join(tmp, name)
		require.NoError(t, os.MkdirAll(filepath.Join(dir, "ent"), 0o755))
		if lock {
			require.NoError(t, os.WriteFile(filepath.Join(dir, workLock), nil, 0o600))
		}
		require.NoError(t, os.Chtimes(dir, mtime, mtime))
		return dir
	}
	killed := mk(workPrefix+"1", true, old)                                 // a run killed -9: lock free
	unlocked := mk(workPrefix+"2", false, time.Now().Add(-2*unlockedAfter)) // from a goplt before the lock
	recent := mk(workPrefix+"6", false, old)                                // the same, maybe still running
	fresh := mk(workPrefix+"3", false, time.Now())                          // a run about to take its lock
	live := mk(workPrefix+"4", true, old)                                   // a long run still going
	unlock, err := lockWorkDir(live)
	require.NoError(t, err)
	defer unlock()
	theirs := mk("goplt-other-5", false, old)

	removeStaleWorkDirs(tmp)
	assert.NoDirExists(t, killed)
	assert.NoDirExists(t, unlocked)
	assert.DirExists(t, fresh)
	assert.DirExists(t, recent, "an old goplt's copy may be a cold entc run still going")
	assert.DirExists(t, live, "a locked copy belongs to a live run")
	assert.DirExists(t, theirs)
}

func TestNewWorkDir_IsRemovedOnRelease(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	dir, release, err := newWorkDir()
	require.NoError(t, err)
	free, _ := lockFree(dir)
	assert.False(t, free, "held while the run goes on")
	release()
	assert.NoDirExists(t, dir)
}
