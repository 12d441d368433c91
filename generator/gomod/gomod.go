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
	"golang.org/x/mod/module"
	"golang.org/x/mod/semver"
)

// pseudoVersion is the version a replaced, never-published module is
// required at; the replace directive makes the version irrelevant.
const pseudoVersion = "v0.0.0"

// WireModules returns data (a go.mod of the module at projectPath) with a
// require and a replace of projectPath/modules/NAME => ./modules/NAME for
// each name, and without those of modules that no longer exist. Each
// requirement in deps (the modules' own go.mod requirements) the root lacks
// is added as indirect: the platform binary links the modules' packages, so
// the root's build list must hold what they import.
func WireModules(file string, data []byte, projectPath string, names []string, deps []module.Version) ([]byte, error) {
	f, err := modfile.Parse(file, data, nil)
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", file, err)
	}
	prefix := projectPath + "/modules/"
	missing := missingDeps(f, projectPath, deps)
	if wired(f, prefix, names) && len(missing) == 0 {
		return data, nil // leave the user's bytes exactly as they are
	}
	want := map[string]bool{}
	for _, n := range names {
		want[prefix+n] = true
	}
	// The requirements, laid out as the go command lays them out (direct
	// ones in one block, indirect ones in another, each sorted), so the
	// result is what go mod tidy would leave.
	var reqs []*modfile.Require
	for _, r := range f.Require {
		if !owned(r.Mod.Path, prefix) || want[r.Mod.Path] {
			reqs = append(reqs, r)
		}
	}
	for _, d := range missing {
		reqs = append(reqs, &modfile.Require{Mod: d, Indirect: true})
	}
	for _, n := range names {
		if !hasRequire(f, prefix+n) {
			reqs = append(reqs, &modfile.Require{Mod: module.Version{Path: prefix + n, Version: pseudoVersion}})
		}
	}
	f.SetRequireSeparateIndirect(reqs)
	for _, r := range slices.Clone(f.Replace) {
		if owned(r.Old.Path, prefix) && !want[r.Old.Path] {
			if err := f.DropReplace(r.Old.Path, r.Old.Version); err != nil {
				return nil, fmt.Errorf("edit %s: %w", file, err)
			}
		}
	}
	for _, n := range names {
		if err := f.AddReplace(prefix+n, "", "./modules/"+n, ""); err != nil {
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

// missingDeps lists the requirements of deps that f does not require at
// all, sorted by path; a version f already requires is the user's choice.
func missingDeps(f *modfile.File, projectPath string, deps []module.Version) []module.Version {
	have := map[string]bool{projectPath: true}
	for _, r := range f.Require {
		have[r.Mod.Path] = true
	}
	var out []module.Version
	for _, d := range deps {
		if !have[d.Path] && !strings.HasPrefix(d.Path, projectPath+"/") {
			have[d.Path] = true
			out = append(out, d)
		}
	}
	slices.SortFunc(out, func(a, b module.Version) int { return strings.Compare(a.Path, b.Path) })
	return out
}

// Requirements returns the requirements of a go.mod file.
func Requirements(file string, data []byte) ([]module.Version, error) {
	f, err := modfile.Parse(file, data, nil)
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", file, err)
	}
	out := make([]module.Version, 0, len(f.Require))
	for _, r := range f.Require {
		out = append(out, r.Mod)
	}
	return out, nil
}

// MergeSums returns sum (a go.sum) with every line of extra it lacks, in
// the order the go command writes: by module path, then version. With
// nothing to add it returns sum unchanged.
func MergeSums(sum []byte, extra ...[]byte) []byte {
	have := map[string]bool{}
	lines := nonEmptyLines(sum)
	for _, l := range lines {
		have[l] = true
	}
	added := false
	for _, e := range extra {
		for _, l := range nonEmptyLines(e) {
			if !have[l] {
				have[l] = true
				lines = append(lines, l)
				added = true
			}
		}
	}
	if !added {
		return sum
	}
	slices.SortStableFunc(lines, compareSumLines)
	return []byte(strings.Join(lines, "\n") + "\n")
}

func nonEmptyLines(data []byte) []string {
	var out []string
	for _, l := range strings.Split(string(data), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// compareSumLines orders go.sum lines as module.Sort does: path, then
// semantic version, then the "/go.mod" line after the module's own.
func compareSumLines(a, b string) int {
	pa, va, _ := strings.Cut(a, " ")
	pb, vb, _ := strings.Cut(b, " ")
	if c := strings.Compare(pa, pb); c != 0 {
		return c
	}
	va, _, _ = strings.Cut(va, " ")
	vb, _, _ = strings.Cut(vb, " ")
	va, sa, _ := strings.Cut(va, "/")
	vb, sb, _ := strings.Cut(vb, "/")
	if c := semver.Compare(va, vb); c != 0 {
		return c
	}
	return strings.Compare(sa, sb)
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

// Require returns data (a go.mod) with every requirement of reqs it lacks,
// a version raised where reqs needs a newer one, and a requirement made
// direct where reqs marks it direct: what go mod tidy does when the code
// of a feature joins the module. Versions are never lowered and nothing is
// removed. With nothing to change it returns data unchanged.
func Require(file string, data []byte, reqs []*modfile.Require) ([]byte, error) {
	f, err := modfile.Parse(file, data, nil)
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", file, err)
	}
	byPath := map[string]*modfile.Require{}
	all := slices.Clone(f.Require)
	for _, r := range all {
		byPath[r.Mod.Path] = r
	}
	changed := false
	for _, want := range reqs {
		have, ok := byPath[want.Mod.Path]
		if !ok {
			r := &modfile.Require{Mod: want.Mod, Indirect: want.Indirect}
			byPath[want.Mod.Path] = r
			all = append(all, r)
			changed = true
			continue
		}
		if semver.Compare(want.Mod.Version, have.Mod.Version) > 0 {
			have.Mod.Version = want.Mod.Version
			changed = true
		}
		if have.Indirect && !want.Indirect {
			have.Indirect = false
			changed = true
		}
	}
	if !changed {
		return data, nil
	}
	// Rebuild the blocks the way the go command lays them out; the
	// setters rewrite the syntax of requirements they keep.
	out := make([]*modfile.Require, len(all))
	for i, r := range all {
		out[i] = &modfile.Require{Mod: r.Mod, Indirect: r.Indirect}
	}
	f.SetRequireSeparateIndirect(out)
	f.Cleanup()
	formatted, err := f.Format()
	if err != nil {
		return nil, fmt.Errorf("format %s: %w", file, err)
	}
	return formatted, nil
}

// SortRequires returns data (a go.mod) with the lines of each require block
// sorted as go mod tidy sorts them: a template's block holds the project's
// module path, which sorts anywhere among the fixed ones.
func SortRequires(file string, data []byte) ([]byte, error) {
	f, err := modfile.Parse(file, data, nil)
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", file, err)
	}
	f.SortBlocks()
	out, err := f.Format()
	if err != nil {
		return nil, fmt.Errorf("format %s: %w", file, err)
	}
	return out, nil
}

// ParseRequires reads the requirements of a go.mod fragment: a file holding
// only require lines or blocks, such as a feature's dependency list.
func ParseRequires(file string, data []byte) ([]*modfile.Require, error) {
	f, err := modfile.ParseLax(file, data, nil)
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", file, err)
	}
	return f.Require, nil
}

// DropRequires returns data (a go.mod) without the indirect requirements
// of drops that it holds at exactly the dropped version, unless keep (the
// paths something still requires) names them: what go mod tidy removes
// when a raised requirement no longer needs a module. Direct requirements
// are never dropped. With nothing to drop it returns data unchanged.
func DropRequires(file string, data []byte, drops []*modfile.Require, keep map[string]bool) ([]byte, error) {
	if len(drops) == 0 {
		return data, nil
	}
	f, err := modfile.Parse(file, data, nil)
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", file, err)
	}
	changed := false
	for _, d := range drops {
		for _, r := range f.Require {
			if r.Mod == d.Mod && r.Indirect && !keep[r.Mod.Path] {
				if err := f.DropRequire(r.Mod.Path); err != nil {
					return nil, fmt.Errorf("drop %s from %s: %w", r.Mod.Path, file, err)
				}
				changed = true
				break
			}
		}
	}
	if !changed {
		return data, nil
	}
	f.Cleanup()
	formatted, err := f.Format()
	if err != nil {
		return nil, fmt.Errorf("format %s: %w", file, err)
	}
	return formatted, nil
}

// DropSums returns sum (a go.sum) without the lines of drops, except those
// keep (the lines something still needs) lists. With nothing to drop it
// returns sum unchanged.
func DropSums(sum []byte, drops, keep [][]byte) []byte {
	drop := map[string]bool{}
	for _, d := range drops {
		for _, l := range nonEmptyLines(d) {
			drop[l] = true
		}
	}
	for _, k := range keep {
		for _, l := range nonEmptyLines(k) {
			delete(drop, l)
		}
	}
	lines := nonEmptyLines(sum)
	out := slices.DeleteFunc(slices.Clone(lines), func(l string) bool { return drop[l] })
	if len(out) == len(lines) {
		return sum
	}
	return []byte(strings.Join(out, "\n") + "\n")
}
