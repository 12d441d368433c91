package plan

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"

	"github.com/goplt/goplt/generator/manifest"
)

// Apply carries the plan out: each file is written atomically (temp file in
// the same directory, fsync, rename) and the manifest is written last, so a
// run killed half way leaves every file old or new and the next run repairs
// the rest. A plan holding conflicts writes nothing.
func Apply(p *Plan) error {
	if conflicts := p.Conflicts(); len(conflicts) > 0 {
		err := &ConflictError{}
		for _, c := range conflicts {
			err.Paths = append(err.Paths, c.Path)
		}
		return err
	}
	if !p.Stale() && manifestUpToDate(p) {
		return nil // a no-op run touches nothing, not even mtimes
	}
	unlock, err := lock(p.Root)
	if err != nil {
		return err
	}
	defer unlock()
	for _, c := range p.Changes {
		if err := applyChange(p.Root, c); err != nil {
			return err
		}
	}
	return WriteFile(p.Root, manifest.Path, p.Manifest.Encode())
}

// beforeWrite lets tests make a write fail part way through a plan.
var beforeWrite = func(path string) error { return nil }

// applyChange carries out one change.
func applyChange(root string, c Change) error {
	if c.Action == Create || c.Action == Update || c.Action == Delete {
		if err := beforeWrite(c.Path); err != nil {
			return err
		}
	}
	switch c.Action {
	case Create, Update:
		if c.Backup {
			if err := WriteFile(root, c.Path+".orig", c.Old); err != nil {
				return err
			}
		}
		return WriteFile(root, c.Path, c.New)
	case Delete:
		if err := os.Remove(filepath.Join(root, filepath.FromSlash(c.Path))); err != nil && !os.IsNotExist(err) {
			return fmt.Errorf("delete %s: %w", c.Path, err)
		}
	}
	return nil
}

// manifestUpToDate reports whether the manifest on disk already says what
// the plan would write: the entries Compute started from are the same
// (cheap, the common case), or else the encoded bytes are.
func manifestUpToDate(p *Plan) bool {
	if p.previous != nil && p.previous.Version == p.Manifest.Version && maps.Equal(p.previous.Files, p.Manifest.Files) {
		if _, err := os.Stat(filepath.Join(p.Root, filepath.FromSlash(manifest.Path))); err == nil {
			return true
		}
	}
	disk, err := read(p.Root, manifest.Path)
	return err == nil && string(disk) == string(p.Manifest.Encode())
}

// WriteFile writes content to the slash-separated path under root
// atomically: readers see the old file or the new one, never half of it.
func WriteFile(root, path string, content []byte) (err error) {
	name := filepath.Join(root, filepath.FromSlash(path))
	dir := filepath.Dir(name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(name)+".tmp*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(content); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), fileMode(path)); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// fileMode keeps scripts executable and everything else 0644.
func fileMode(path string) os.FileMode {
	if filepath.Ext(path) == ".sh" {
		return 0o755
	}
	return 0o644
}
