package spec

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// Pos is a 1-based position in a spec file.
type Pos struct {
	File      string // the path as given to Parse or Load, e.g. "goplt.yaml"
	Line, Col int
}

// String returns the position as "file:line:col", e.g. "goplt.yaml:3:9".
func (p Pos) String() string {
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Diagnostic is one problem found in a spec file.
type Diagnostic struct {
	Pos Pos    // where the problem is
	Msg string // what is wrong and what to do, lower case, no trailing period
}

// String returns the diagnostic as "file:line:col: msg".
func (d Diagnostic) String() string {
	return d.Pos.String() + ": " + d.Msg
}

// Diagnostics is every problem found, sorted by file, line, column; it
// implements error (one diagnostic per line).
type Diagnostics []Diagnostic

// Error returns the diagnostics one per line, without a trailing newline.
func (ds Diagnostics) Error() string {
	lines := make([]string, len(ds))
	for i, d := range ds {
		lines[i] = d.String()
	}
	return strings.Join(lines, "\n")
}

// diagnostics collects problems for one file while it is checked.
type diagnostics struct {
	file string
	list Diagnostics
	// typos records, per mapping (by line and column), the fields an
	// unknown key there was taken to be a misspelling of, so that the
	// semantic checks do not also report those fields as missing.
	typos map[[2]int][]string
}

// misspelled records that mapping m has an unknown key that looks like field.
func (c *diagnostics) misspelled(m *yaml.Node, field string) {
	if c.typos == nil {
		c.typos = map[[2]int][]string{}
	}
	k := [2]int{m.Line, m.Column}
	c.typos[k] = append(c.typos[k], field)
}

// isMisspelled reports whether the mapping at pos has an unknown key that
// looks like one of fields.
func (c *diagnostics) isMisspelled(pos Pos, fields ...string) bool {
	for _, f := range c.typos[[2]int{pos.Line, pos.Col}] {
		if slices.Contains(fields, f) {
			return true
		}
	}
	return false
}

// addf records a problem at line and col (clamped to 1, the first position).
func (c *diagnostics) addf(line, col int, format string, args ...any) {
	c.list = append(c.list, Diagnostic{
		Pos: Pos{File: c.file, Line: max(line, 1), Col: max(col, 1)},
		Msg: fmt.Sprintf(format, args...),
	})
}

// err returns the problems sorted by position with exact duplicates removed,
// or nil when there are none. Two layers often find the same problem (the
// schema pattern and the Go check of a name, say); they word it the same way
// on purpose, so dropping duplicates leaves one line per problem.
func (c *diagnostics) err() error {
	if len(c.list) == 0 {
		return nil
	}
	ds := slices.Clone(c.list)
	slices.SortStableFunc(ds, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
			cmp.Compare(a.Msg, b.Msg),
		)
	})
	return slices.Compact(ds)
}
