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

// Version is the manifest format version.
const Version = 1

// Manifest is the record of every file goplt wrote.
type Manifest struct {
	// Version is the format version, for later migrations of the file.
	Version int `json:"version"`
	// Files maps a slash-separated project path to its entry.
	Files map[string]Entry `json:"files"`
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
// (a new directory) gets an empty manifest.
func Load(root string) (*Manifest, error) {
	data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(Path)))
	if errors.Is(err, fs.ErrNotExist) {
		return New(), nil
	}
	if err != nil {
		return nil, fmt.Errorf("read manifest: %w", err)
	}
	m := New()
	if err := json.Unmarshal(data, m); err != nil {
		return nil, fmt.Errorf("read manifest %s: %w; delete it to let goplt rebuild it (hand edits of generated files then go undetected once)", Path, err)
	}
	if m.Files == nil {
		m.Files = map[string]Entry{}
	}
	return m, nil
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
