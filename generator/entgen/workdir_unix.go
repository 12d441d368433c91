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
		f.Close()
		return nil, err
	}
	return func() { f.Close() }, nil
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
	defer f.Close()
	return syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil, true
}
