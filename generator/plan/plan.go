// Package plan compares rendered files with the disk and the manifest and
// decides, per file, what to do. Ownership is decided here; the apply step
// only carries the actions out.
package plan

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/goplt/goplt/generator/manifest"
	"github.com/goplt/goplt/generator/render"
)

// Action is what the plan does with one file.
type Action int

const (
	// Create writes a file that does not exist yet.
	Create Action = iota
	// Update rewrites a generated file whose content changed.
	Update
	// Unchanged leaves a file whose content is already right.
	Unchanged
	// Skip leaves a user-owned file alone.
	Skip
	// Conflict refuses to overwrite a generated file edited by hand.
	Conflict
	// Delete removes a generated file that nothing renders any more.
	Delete
	// Orphan reports a file nothing renders any more that goplt keeps,
	// because the user changed it.
	Orphan
)

var actionNames = [...]string{"create", "update", "unchanged", "skip", "conflict", "delete", "orphan"}

// String names the action as the CLI prints it.
func (a Action) String() string { return actionNames[a] }

// Change is the plan for one file.
type Change struct {
	// Path is slash-separated and relative to the project root.
	Path string
	// Action is what apply does.
	Action Action
	// Owner is the file's owner.
	Owner render.Owner
	// Old is the content on disk (nil when there is none).
	Old []byte
	// New is the content to write (nil for Delete and Orphan).
	New []byte
	// Reason says why, for skips, conflicts and orphans.
	Reason string
	// Backup asks apply to keep the old content as Path+".orig" (a forced
	// overwrite of a hand-edited file).
	Backup bool
}

// Plan is every change, sorted by path, and the manifest to write last.
type Plan struct {
	// Root is the project directory.
	Root string
	// Changes holds one entry per file goplt renders or once wrote.
	Changes []Change
	// Manifest is the record apply writes after every file.
	Manifest *manifest.Manifest
	// previous is the manifest Compute started from, as read from disk.
	previous *manifest.Manifest
}

// Options tunes Compute.
type Options struct {
	// Force overwrites generated files edited by hand (keeping a .orig copy).
	Force bool
	// Partial says files are only some of the project's (goplt gen perms):
	// files the manifest knows and files lacks are kept, not retired.
	Partial bool
	// Goplt is the goplt version the manifest records (a partial run keeps
	// the recorded one: it rendered only some files).
	Goplt string
}

// ConflictError is returned by apply when the plan holds conflicts.
type ConflictError struct{ Paths []string }

func (e *ConflictError) Error() string {
	return fmt.Sprintf("%d generated file(s) were edited by hand; nothing was written", len(e.Paths))
}

// Compute builds the plan of writing files into root, given the manifest of
// what goplt wrote before.
func Compute(root string, files []render.File, old *manifest.Manifest, opts Options) (*Plan, error) {
	p := &Plan{Root: root, Manifest: manifest.New(), previous: old}
	p.Manifest.Goplt = opts.Goplt
	if opts.Partial {
		p.Manifest.Goplt = old.Goplt
	}
	rendered := make(map[string]bool, len(files))
	for _, f := range files {
		rendered[f.Path] = true
		disk := f.Content // read from Path moments ago (a reused file)
		if !f.OnDisk {
			var err error
			if disk, err = read(root, f.Path); err != nil {
				return nil, err
			}
		}
		prev, known := old.Files[f.Path]
		c := decide(f, disk, prev, known, opts)
		p.Changes = append(p.Changes, c)
		p.Manifest.Files[f.Path] = entryAfter(c, f, prev, known)
	}
	for path, prev := range old.Files {
		if rendered[path] {
			continue
		}
		if opts.Partial {
			p.Manifest.Files[path] = prev
			continue
		}
		disk, err := read(root, path)
		if err != nil {
			return nil, err
		}
		if c, keep := retire(path, prev, disk); keep {
			p.Changes = append(p.Changes, c)
			if c.Action == Orphan {
				p.Manifest.Files[path] = prev
			}
		}
	}
	sort.Slice(p.Changes, func(i, j int) bool { return p.Changes[i].Path < p.Changes[j].Path })
	return p, nil
}

// decide picks the action for one rendered file.
func decide(f render.File, disk []byte, prev manifest.Entry, known bool, opts Options) Change {
	c := Change{Path: f.Path, Owner: f.Owner, Old: disk, New: f.Content}
	switch {
	case disk == nil && f.Owner == render.Scaffold && known:
		c.Action, c.Reason = Skip, "deleted by you; goplt does not recreate user-owned files"
	case disk == nil:
		c.Action = Create
	case bytes.Equal(disk, f.Content):
		c.Action = Unchanged
	case f.Maintained:
		c.Action, c.Reason = Update, "user-owned; goplt keeps its module wiring in step"
	case f.Owner == render.Scaffold:
		c.Action, c.Reason = Skip, "user-owned"
	case known && prev.SHA256 == manifest.Hash(disk):
		c.Action = Update
	case opts.Force:
		c.Action, c.Backup, c.Reason = Update, true, "edited by hand; overwritten by --force, old content kept in "+f.Path+".orig"
	default:
		c.Action, c.Reason = Conflict, "generated file edited by hand"
	}
	return c
}

// entryAfter is the manifest entry of a file once the change is applied.
// A user-owned file keeps the hash of the pristine content goplt first
// wrote (what a later upgrade merges against); a generated file, or one
// refused as a conflict, records what goplt would write now.
func entryAfter(c Change, f render.File, prev manifest.Entry, known bool) manifest.Entry {
	if known && c.Owner == render.Scaffold {
		if f.Source != prev.Source && prev.Pristine == string(c.New) {
			// The rendering still gives the pristine copy: record its
			// source hash, so the next run reuses the copy unformatted.
			prev.Source = f.Source
		}
		return prev
	}
	if known && c.Action == Conflict {
		return prev
	}
	hash := f.Hash
	if hash == "" {
		hash = manifest.Hash(c.New)
	}
	e := manifest.Entry{Owner: c.Owner.String(), SHA256: hash, Source: f.Source}
	if c.Owner == render.Scaffold {
		e.Pristine = string(c.New)
	}
	return e
}

// retire decides what happens to a file goplt wrote before and renders no
// more. Files the user never touched go; changed ones stay as orphans.
func retire(path string, prev manifest.Entry, disk []byte) (Change, bool) {
	owner := render.Scaffold
	if prev.Owner == render.Generated.String() {
		owner = render.Generated
	}
	c := Change{Path: path, Owner: owner, Old: disk}
	switch {
	case disk == nil:
		return c, false
	case manifest.Hash(disk) == prev.SHA256:
		c.Action = Delete
	default:
		c.Action, c.Reason = Orphan, "no longer generated and changed by you; kept: delete it or move its code"
	}
	return c, true
}

// read returns a file's content, or nil when it does not exist.
func read(root, path string) ([]byte, error) {
	data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(path)))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return data, nil
}

// Conflicts returns the changes apply refuses to carry out.
func (p *Plan) Conflicts() []Change {
	var out []Change
	for _, c := range p.Changes {
		if c.Action == Conflict {
			out = append(out, c)
		}
	}
	return out
}

// Count returns how many changes have action a.
func (p *Plan) Count(a Action) int {
	n := 0
	for _, c := range p.Changes {
		if c.Action == a {
			n++
		}
	}
	return n
}

// Stale reports whether applying the plan would change anything on disk.
func (p *Plan) Stale() bool {
	return p.Count(Create)+p.Count(Update)+p.Count(Delete)+p.Count(Conflict) > 0
}
