//go:build unix

package entgen

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// lockWorkDir takes the lock of a working copy until unlock.
func lockWorkDir(dir string) (unlock func(), err error) {
	f, err := os.OpenFile(filepath.Join(dir, workLock), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		_ = f.Close() // the Flock error is the one to report
		return nil, err
	}
	// Closing the file releases the lock; a failed close leaves it to the
	// process exit.
	return func() { _ = f.Close() }, nil
}

// lockFree reports whether no live run holds the working copy dir, and
// whether it has a lock file at all (a goplt from before the lock made
// none, and so does a run killed between creating the copy and locking it).
func lockFree(dir string) (free, hasLock bool) {
	f, err := os.OpenFile(filepath.Join(dir, workLock), os.O_RDWR, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return true, false
	}
	if err != nil {
		return false, true
	}
	free = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil
	_ = f.Close() // nothing written; closing releases the lock just taken
	return free, true
}
