// Package gomod wires feature modules into the project's root go.mod. The
// file is the user's, so goplt never rewrites it from a template: it makes
// the one structured edit `go mod edit` would make (a require and a replace
// per module) and leaves every other line as the user wrote it.
package gomod

import (
	"fmt"
	"slices"
	"strings"

	"golang.org/x/mod/modfile"
)

// pseudoVersion is the version a replaced, never-published module is
// required at; the replace directive makes the version irrelevant.
const pseudoVersion = "v0.0.0"

// WireModules returns data (a go.mod of the module at projectPath) with a
// require and a replace of projectPath/modules/NAME => ./modules/NAME for
// each name, and without those of modules that no longer exist.
func WireModules(file string, data []byte, projectPath string, names []string) ([]byte, error) {
	f, err := modfile.Parse(file, data, nil)
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", file, err)
	}
	prefix := projectPath + "/modules/"
	if wired(f, prefix, names) {
		return data, nil // leave the user's bytes exactly as they are
	}
	want := map[string]bool{}
	for _, n := range names {
		want[prefix+n] = true
	}
	for _, r := range slices.Clone(f.Require) {
		if owned(r.Mod.Path, prefix) && !want[r.Mod.Path] {
			if err := f.DropRequire(r.Mod.Path); err != nil {
				return nil, fmt.Errorf("edit %s: %w", file, err)
			}
		}
	}
	for _, r := range slices.Clone(f.Replace) {
		if owned(r.Old.Path, prefix) && !want[r.Old.Path] {
			if err := f.DropReplace(r.Old.Path, r.Old.Version); err != nil {
				return nil, fmt.Errorf("edit %s: %w", file, err)
			}
		}
	}
	for _, n := range names {
		path := prefix + n
		if !hasRequire(f, path) {
			f.AddNewRequire(path, pseudoVersion, false)
		}
		if err := f.AddReplace(path, "", "./modules/"+n, ""); err != nil {
			return nil, fmt.Errorf("edit %s: %w", file, err)
		}
	}
	f.Cleanup()
	out, err := f.Format()
	if err != nil {
		return nil, fmt.Errorf("format %s: %w", file, err)
	}
	return out, nil
}

// wired reports whether f already requires and replaces exactly names.
func wired(f *modfile.File, prefix string, names []string) bool {
	var req, rep []string
	for _, r := range f.Require {
		if owned(r.Mod.Path, prefix) {
			req = append(req, strings.TrimPrefix(r.Mod.Path, prefix))
		}
	}
	for _, r := range f.Replace {
		if owned(r.Old.Path, prefix) && r.New.Path == "./modules/"+strings.TrimPrefix(r.Old.Path, prefix) {
			rep = append(rep, strings.TrimPrefix(r.Old.Path, prefix))
		}
	}
	want := slices.Sorted(slices.Values(names))
	slices.Sort(req)
	slices.Sort(rep)
	return slices.Equal(req, want) && slices.Equal(rep, want)
}

// owned reports whether path is a module goplt wires: one directly under
// modules/ (a user's own nested requirement, say modules/x/y, is not).
func owned(path, prefix string) bool {
	rest, ok := strings.CutPrefix(path, prefix)
	return ok && rest != "" && !strings.Contains(rest, "/")
}

func hasRequire(f *modfile.File, path string) bool {
	for _, r := range f.Require {
		if r.Mod.Path == path {
			return true
		}
	}
	return false
}
