package entgen

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// workPrefix names entc's working copies in the system temp directory.
const workPrefix = "goplt-entc-"

// workLock is the file in a working copy that its run holds locked.
const workLock = ".goplt-lock"

// staleAfter is how old a working copy whose lock is free must be before
// it is removed: its run takes the lock microseconds after creating it.
// One with no lock file at all (made by a goplt from before the lock, which
// may still be running a cold entc) must be older than unlockedAfter.
const (
	staleAfter    = time.Minute
	unlockedAfter = time.Hour
)

var cleanOnce sync.Once

// newWorkDir makes a working copy's directory and locks it for this run;
// release unlocks and removes it. The first call of a process first
// removes the copies of runs that were killed (a kill -9 skips their
// deferred removal), and only those: a copy whose lock is held belongs to
// a run still going, in this process or another.
func newWorkDir() (dir string, release func(), err error) {
	cleanOnce.Do(func() { removeStaleWorkDirs(os.TempDir()) })
	dir, err = os.MkdirTemp("", workPrefix+"*")
	if err != nil {
		return "", nil, err
	}
	unlock, err := lockWorkDir(dir)
	if err != nil {
		_ = os.RemoveAll(dir) // best effort: the next run removes what is left
		return "", nil, err
	}
	return dir, func() {
		_ = os.RemoveAll(dir) // best effort: the next run removes what is left
		unlock()
	}, nil
}

// removeStaleWorkDirs removes the working copies under tmp that no live
// run holds.
func removeStaleWorkDirs(tmp string) {
	entries, err := os.ReadDir(tmp)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), workPrefix) {
			continue
		}
		dir := filepath.Join(tmp, e.Name())
		info, err := e.Info()
		if err != nil || time.Since(info.ModTime()) < staleAfter {
			continue
		}
		if free, locked := lockFree(dir); free && (locked || time.Since(info.ModTime()) > unlockedAfter) {
			_ = os.RemoveAll(dir) // what is left is tried again by the next run
		}
	}
}
