// Package manifest records what goplt wrote into a project: per file, who
// owns it and the hash of the bytes goplt last wrote. The hash is how a hand
// edit of a generated file is told apart from goplt's own output.
package manifest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Path is the manifest's slash-separated path relative to the project root.
const Path = ".goplt/manifest.json"

// JournalPath is where apply records, before it writes any file, the
// entries the manifest will hold for the files it is about to write. apply
// removes it once the manifest is written, so a journal found by Load means
// the last run stopped part way (a full disk, a file it could not replace,
// a kill): the journal tells goplt's own half-written output from hand edits.
const JournalPath = ".goplt/journal.json"

// Version is the manifest format version.
const Version = 1

// Manifest is the record of every file goplt wrote.
type Manifest struct {
	// Version is the format version, for later migrations of the file.
	Version int `json:"version"`
	// Goplt is the version of the goplt that last generated the project
	// (package pin): gen checks it against its own and records its own.
	// Kept here, not in goplt.yaml, because it moves with the files and
	// pristine copies that goplt rendered, written last and atomically by
	// the run that rendered them, and no hand edit of the user's spec can
	// lose it. Empty for a project generated before goplt recorded it.
	Goplt string `json:"goplt,omitempty"`
	// Files maps a slash-separated project path to its entry.
	Files map[string]Entry `json:"files"`
	// Interrupted is the journal of a run that stopped part way, nil
	// normally. Load has already folded into Files the entry of every file
	// that run finished writing; the next apply records the result and
	// removes the journal.
	Interrupted *Journal `json:"-"`
}

// Journal is what a run is about to do: the manifest entry each file it
// writes will have, and the files it deletes.
type Journal struct {
	// Version is the format version.
	Version int `json:"version"`
	// Files maps a slash-separated project path to its entry to come.
	Files map[string]Entry `json:"files"`
	// Delete lists the files the run deletes: one already gone was deleted
	// by goplt, not by the user.
	Delete []string `json:"delete,omitempty"`
}

// Entry is what goplt knows about one file it wrote.
type Entry struct {
	// Owner is "generated" or "scaffold".
	Owner string `json:"owner"`
	// SHA256 is the hex hash of the content goplt last wrote.
	SHA256 string `json:"sha256"`
	// Pristine is the content goplt scaffolded for a user-owned file, kept
	// so a later upgrade can three-way merge the user's edits with a newer
	// scaffold; empty for generated files, which are simply rewritten.
	Pristine string `json:"pristine,omitempty"`
	// Source is the hash of the unformatted rendering a Go file was
	// formatted from (render.SourceHash): when a later rendering has the
	// same hash, goplt reuses the result (a generated file unchanged on
	// disk, or a scaffold's Pristine copy) instead of formatting it again.
	Source string `json:"source,omitempty"`
}

// New returns an empty manifest.
func New() *Manifest { return &Manifest{Version: Version, Files: map[string]Entry{}} }

// Load reads the manifest of the project at root; a project without one
// (a new directory) gets an empty manifest. When the last run stopped part
// way, a file it wrote is recorded as that run would have recorded it, so
// goplt's own output is never taken for a hand edit.
func Load(root string) (*Manifest, error) {
	m := New()
	data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(Path)))
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("read manifest: %w", err)
	default:
		if err := json.Unmarshal(data, m); err != nil {
			return nil, fmt.Errorf("read manifest %s: %w; delete it to let goplt rebuild it (hand edits of generated files then go undetected once)", Path, err)
		}
		if m.Files == nil {
			m.Files = map[string]Entry{}
		}
	}
	j, err := loadJournal(root)
	if err != nil || j == nil {
		return m, err
	}
	m.Interrupted = j
	for path, e := range j.Files {
		disk, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(path)))
		if err == nil && Hash(disk) == e.SHA256 {
			m.Files[path] = e
		}
	}
	for _, path := range j.Delete {
		_, err := os.Lstat(filepath.Join(root, filepath.FromSlash(path)))
		if errors.Is(err, fs.ErrNotExist) {
			delete(m.Files, path)
		}
	}
	return m, nil
}

// loadJournal reads the journal of an interrupted run, nil when there is none.
func loadJournal(root string) (*Journal, error) {
	data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(JournalPath)))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read journal: %w", err)
	}
	j := &Journal{}
	if err := json.Unmarshal(data, j); err != nil {
		return nil, fmt.Errorf("read journal %s: %w; delete it and rerun (files an interrupted goplt run wrote may then show as conflicts: check them, then use --force)", JournalPath, err)
	}
	return j, nil
}

// NewJournal returns an empty journal.
func NewJournal() *Journal { return &Journal{Version: Version, Files: map[string]Entry{}} }

// Encode returns the journal as indented JSON with sorted keys.
func (j *Journal) Encode() []byte {
	data, err := json.MarshalIndent(j, "", "  ")
	if err != nil {
		panic(fmt.Sprintf("encode journal: %v", err)) // plain strings only: cannot fail
	}
	return append(data, '\n')
}

// Encode returns the manifest as indented JSON with sorted keys, so it diffs
// well in code review.
func (m *Manifest) Encode() []byte {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		panic(fmt.Sprintf("encode manifest: %v", err)) // plain strings only: cannot fail
	}
	return append(data, '\n')
}

// Hash is the hex SHA-256 of content.
func Hash(content []byte) string {
	sum := sha256.Sum256(content)
	return hex.EncodeToString(sum[:])
}
