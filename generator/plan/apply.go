package plan

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/goplt/goplt/generator/manifest"
)

// Apply carries the plan out. A plan holding conflicts writes nothing.
//
// Any run can stop part way: a full disk, a file it may not replace, a kill.
// So Apply first records in a journal (manifest.JournalPath, synced to disk)
// the manifest entry of every file it is about to write, then writes each
// file atomically (temp file in the same directory, fsync, rename), then the
// manifest, and removes the journal last. Whenever it stops, every file is
// wholly old or wholly new, and the next run's manifest.Load recognises the
// new ones by the journal, so goplt's own output is never reported as a hand
// edit; that run then records them and removes the journal and any temp
// file left behind.
func Apply(p *Plan) error {
	if conflicts := p.Conflicts(); len(conflicts) > 0 {
		err := &ConflictError{}
		for _, c := range conflicts {
			err.Paths = append(err.Paths, c.Path)
		}
		return err
	}
	if !p.Stale() && !p.Resumed() && manifestUpToDate(p) && !journalTempLeft(p.Root) {
		return nil // a no-op run touches nothing, not even mtimes
	}
	unlock, err := lock(p.Root)
	if err != nil {
		return err
	}
	defer unlock()
	removeTemps(p)
	if p.Resumed() {
		// Record what the interrupted run finished before this run's
		// journal replaces that run's.
		if err := WriteFile(p.Root, manifest.Path, p.previous.Encode()); err != nil {
			return err
		}
	}
	if j := p.journal(); len(j.Files)+len(j.Delete) > 0 {
		if err := writeSynced(p.Root, manifest.JournalPath, j.Encode()); err != nil {
			return err
		}
	}
	for _, c := range p.Changes {
		if err := applyChange(p.Root, c); err != nil {
			return err
		}
	}
	if err := writeSynced(p.Root, manifest.Path, p.Manifest.Encode()); err != nil {
		return err
	}
	if err := os.Remove(filepath.Join(p.Root, filepath.FromSlash(manifest.JournalPath))); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove %s: %w", manifest.JournalPath, err)
	}
	return nil
}

// Resumed reports whether the last run on the project stopped part way:
// this plan's run completes it.
func (p *Plan) Resumed() bool {
	return p.previous != nil && p.previous.Interrupted != nil
}

// journal lists the manifest entry of every file the plan writes.
func (p *Plan) journal() *manifest.Journal {
	j := manifest.NewJournal()
	for _, c := range p.Changes {
		switch c.Action {
		case Create, Update:
			if e, ok := p.Manifest.Files[c.Path]; ok {
				j.Files[c.Path] = e
			}
		case Delete:
			j.Delete = append(j.Delete, c.Path)
		}
	}
	return j
}

// writeSynced is WriteFile that also syncs the directory, so the rename
// is on disk before what follows: the journal before any file it
// describes changes, the manifest before the journal goes.
func writeSynced(root, name string, content []byte) error {
	if err := WriteFile(root, name, content); err != nil {
		return err
	}
	dir, err := os.Open(filepath.Join(root, filepath.FromSlash(path.Dir(name))))
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	err = dir.Sync()
	if cerr := dir.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

// applyChange carries out one change.
func applyChange(root string, c Change) error {
	switch c.Action {
	case Create, Update:
		if c.Backup {
			if err := WriteFile(root, c.Path+".orig", c.Old); err != nil {
				return err
			}
		}
		return WriteFile(root, c.Path, c.New)
	case Delete:
		if err := failPoint(c.Path); err != nil {
			return fmt.Errorf("delete %s: %w", c.Path, err)
		}
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
	if p.previous != nil && p.previous.Version == p.Manifest.Version && p.previous.Goplt == p.Manifest.Goplt && maps.Equal(p.previous.Files, p.Manifest.Files) {
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
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(name)+tempMark+"*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			_ = os.Remove(tmp.Name()) // best effort: removeTemps deletes leftovers on a later run
		}
	}()
	_, err = tmp.Write(content)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), fileMode(path)); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := failPoint(path); err != nil {
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

// FailPoint, when set, runs as apply is about to replace or delete each
// file: for a write, once the new content is synced to a temp file and
// before the rename. An error fails that write the way a full disk would.
// Tests set it to interrupt a run part way (and to kill the process there);
// it is nil otherwise.
var FailPoint func(path string) error

func failPoint(path string) error {
	if FailPoint == nil {
		return nil
	}
	return FailPoint(path)
}

// tempMark marks the temp files WriteFile creates: ".NAME.goplt-tmp-123".
// A run killed between creating one and renaming it leaves it behind;
// removeTemps deletes such leftovers, and only those.
const tempMark = ".goplt-tmp-"

// removeTemps deletes the temp files an interrupted run left beside the
// files goplt writes: in every directory holding a file the manifest or
// the plan knows, the entries named by tempMark, and the ".NAME.tmpDIGITS"
// files earlier versions of goplt made beside a file NAME it wrote.
// Nothing else is touched. A leftover that cannot be removed is left for
// a later run: it holds nothing of the user's.
func removeTemps(p *Plan) {
	known := map[string]map[string]bool{} // directory -> names goplt writes there
	add := func(rel string) {
		dir, base := path.Split(rel)
		if known[dir] == nil {
			known[dir] = map[string]bool{}
		}
		known[dir][base] = true
	}
	add(manifest.Path)
	for _, m := range []*manifest.Manifest{p.previous, p.Manifest} {
		if m == nil {
			continue
		}
		for rel := range m.Files {
			add(rel)
		}
	}
	for _, c := range p.Changes {
		add(c.Path)
	}
	if p.Resumed() {
		for rel := range p.previous.Interrupted.Files {
			add(rel)
		}
	}
	for dir, names := range known {
		entries, err := os.ReadDir(filepath.Join(p.Root, filepath.FromSlash(dir)))
		if err != nil {
			continue // not there yet, or unreadable: nothing of ours to find
		}
		for _, e := range entries {
			if e.Type().IsRegular() && isTemp(e.Name(), names) {
				_ = os.Remove(filepath.Join(p.Root, filepath.FromSlash(dir), e.Name())) // else left for a later run
			}
		}
	}
}

// IsTemp reports whether name is the name of a temp file WriteFile makes.
func IsTemp(name string) bool { return isTemp(name, nil) }

// journalTempLeft reports whether a run was killed while writing its
// journal: the one temp file a run can leave without leaving a journal.
func journalTempLeft(root string) bool {
	entries, err := os.ReadDir(filepath.Join(root, filepath.FromSlash(path.Dir(manifest.JournalPath))))
	if err != nil {
		return false
	}
	for _, e := range entries {
		if isTemp(e.Name(), nil) {
			return true
		}
	}
	return false
}

// isTemp reports whether name is a temp file of goplt's, given the names
// of the files goplt writes in the same directory.
func isTemp(name string, names map[string]bool) bool {
	if !strings.HasPrefix(name, ".") {
		return false
	}
	if i := strings.LastIndex(name, tempMark); i > 1 && digits(name[i+len(tempMark):]) {
		return true
	}
	i := strings.LastIndex(name, ".tmp")
	return i > 1 && digits(name[i+len(".tmp"):]) && names[name[1:i]]
}

// digits reports whether s is a non-empty run of decimal digits, the
// random part os.CreateTemp puts in a name.
func digits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
