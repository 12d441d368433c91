//go:build unix

package plan

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// lock takes the project's exclusive write lock, so two goplt runs never
// write one project at once. The lock is released when the process exits.
func lock(root string) (unlock func(), err error) {
	dir := filepath.Join(root, ".goplt")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("lock project: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(dir, "lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock project: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		_ = f.Close() // the Flock error is the one to report
		return nil, fmt.Errorf("lock project: another goplt is writing %s (%w); wait for it to finish", root, err)
	}
	// Closing the file releases the lock; should the close fail, the
	// process exit releases it.
	return func() { _ = f.Close() }, nil
}
