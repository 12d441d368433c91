package migrations

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"ariga.io/atlas/sql/postgres"
	atlas "ariga.io/atlas/sql/schema"
	"ariga.io/atlas/sql/sqlite"
	"entgo.io/ent/dialect"
	entschema "entgo.io/ent/dialect/sql/schema"
)

// hook is Ent's diff hook: it rewrites renames, collects findings and
// acknowledged table drops, and names the change.
type hook struct {
	opts       Options
	dialect    string
	findings   []Finding
	dropTables []*atlas.Table
	parts      []string // name parts, in change order
}

func (h *hook) diffHook(next entschema.Differ) entschema.Differ {
	return entschema.DiffFunc(func(current, desired *atlas.Schema) ([]atlas.Change, error) {
		changes, err := next.Diff(current, desired)
		if err != nil {
			return nil, err
		}
		// Each diff starts afresh (Ent calls it once, but be safe).
		h.findings, h.dropTables, h.parts = nil, nil, nil
		kept := changes[:0]
		for _, c := range changes {
			switch c := c.(type) {
			case *atlas.AddTable:
				h.parts = append(h.parts, "create_"+c.T.Name)
			case *atlas.DropTable:
				h.dropTable(c.T)
				continue // Ent plans no table drops; the formatter adds them
			case *atlas.ModifyTable:
				c.Changes = h.modifyTable(c.T.Name, c.Changes)
				if len(c.Changes) == 0 {
					continue
				}
			}
			kept = append(kept, c)
		}
		return kept, nil
	})
}

func (h *hook) dropTable(t *atlas.Table) {
	if !slices.Contains(h.opts.Drops, t.Name) {
		h.findings = append(h.findings, Finding{
			Table: t.Name, Kind: DropTable, Blocking: true,
			Message: fmt.Sprintf("table %s is dropped with all its rows; acknowledge the drop to allow it", t.Name),
		})
		return
	}
	h.dropTables = append(h.dropTables, t)
	h.parts = append(h.parts, "drop_"+t.Name)
}

// modifyTable rewrites renames and inspects the changes of one table.
func (h *hook) modifyTable(table string, changes []atlas.Change) []atlas.Change {
	changes = h.renames(table, changes)
	var indexes bool
	for _, c := range changes {
		switch c := c.(type) {
		case *atlas.AddColumn:
			h.parts = append(h.parts, table+"_add_"+c.C.Name)
			if !c.C.Type.Null && c.C.Default == nil {
				h.findings = append(h.findings, Finding{
					Table: table, Column: c.C.Name, Kind: RequiredWithoutDefault, Blocking: true,
					Message: fmt.Sprintf("column %s.%s is added NOT NULL without a default, so the rows already in %s have no value for it; give the field a default or make it optional (and backfill it in a migration of your own)", table, c.C.Name, table),
				})
			}
		case *atlas.DropColumn:
			h.parts = append(h.parts, table+"_drop_"+c.C.Name)
			if !slices.Contains(h.opts.Drops, table+"."+c.C.Name) {
				h.findings = append(h.findings, Finding{
					Table: table, Column: c.C.Name, Kind: DropColumn, Blocking: true,
					Message: fmt.Sprintf("column %s.%s is dropped with its data; acknowledge the drop to allow it, or mark a new field renamed_from: %s to keep the data", table, c.C.Name, c.C.Name),
				})
			}
		case *atlas.RenameColumn:
			h.parts = append(h.parts, table+"_rename_"+c.From.Name+"_to_"+c.To.Name)
		case *atlas.ModifyColumn:
			h.parts = append(h.parts, table+"_alter_"+c.To.Name)
			h.modifyColumn(table, c)
		case *atlas.AddIndex, *atlas.DropIndex, *atlas.ModifyIndex, *atlas.RenameIndex:
			if !indexes {
				h.parts = append(h.parts, table+"_indexes")
				indexes = true
			}
		}
	}
	return changes
}

// renames replaces the drop of an old column and the add of its new name
// by a rename.
func (h *hook) renames(table string, changes []atlas.Change) []atlas.Change {
	renamed := h.opts.Renames[table]
	if len(renamed) == 0 {
		return changes
	}
	dropped := map[string]int{} // old column name -> index of its drop
	for i, c := range changes {
		if d, ok := c.(*atlas.DropColumn); ok {
			dropped[d.C.Name] = i
		}
	}
	remove := map[int]bool{}
	for i, c := range changes {
		add, ok := c.(*atlas.AddColumn)
		if !ok {
			continue
		}
		j, ok := dropped[renamed[add.C.Name]]
		if !ok {
			continue
		}
		changes[i] = &atlas.RenameColumn{From: changes[j].(*atlas.DropColumn).C, To: add.C}
		remove[j] = true
	}
	out := changes[:0]
	for i, c := range changes {
		if !remove[i] {
			out = append(out, c)
		}
	}
	return out
}

// modifyColumn reports a type change that can lose data and a column
// that becomes NOT NULL or shorter.
func (h *hook) modifyColumn(table string, c *atlas.ModifyColumn) {
	col := c.To.Name
	if c.Change.Is(atlas.ChangeNull) && c.From.Type.Null && !c.To.Type.Null {
		h.findings = append(h.findings, Finding{
			Table: table, Column: col, Kind: Tightened,
			Message: fmt.Sprintf("column %s.%s becomes NOT NULL: rows where it is NULL fail the migration", table, col),
			Query:   fmt.Sprintf(`SELECT count(*) FROM %q WHERE %q IS NULL`, table, col),
		})
	}
	if !c.Change.Is(atlas.ChangeType) {
		return
	}
	from, to := c.From.Type.Type, c.To.Type.Type
	if fs, ok := from.(*atlas.StringType); ok {
		if ts, ok := to.(*atlas.StringType); ok {
			if ts.Size > 0 && (fs.Size == 0 || ts.Size < fs.Size) {
				h.findings = append(h.findings, h.tooLong(table, col, ts.Size))
			}
			return
		}
	}
	if widens(from, to) {
		return
	}
	h.findings = append(h.findings, Finding{
		Table: table, Column: col, Kind: LossyTypeChange, Blocking: true,
		Message: fmt.Sprintf("column %s.%s changes type from %s to %s, which can lose data or fail on existing rows; add a new field, copy the values in a migration of your own, then drop the old one", table, col, h.formatType(from), h.formatType(to)),
	})
}

func (h *hook) tooLong(table, col string, size int) Finding {
	length := "char_length"
	if h.dialect == dialect.SQLite {
		length = "length"
	}
	return Finding{
		Table: table, Column: col, Kind: Tightened,
		Message: fmt.Sprintf("column %s.%s is limited to %d characters: longer values already stored violate it", table, col, size),
		Query:   fmt.Sprintf(`SELECT count(*) FROM %q WHERE %s(%q) > %d`, table, length, col, size),
	}
}

// widens reports whether every value of from fits in to unchanged.
func widens(from, to atlas.Type) bool {
	switch to := to.(type) {
	case *atlas.StringType:
		// Anything has a text form, but only text is unbounded.
		_, num := from.(*atlas.IntegerType)
		return num || to.Size == 0 && to.T != "character"
	case *atlas.IntegerType:
		f, ok := from.(*atlas.IntegerType)
		return ok && intRank(f.T) <= intRank(to.T) && f.Unsigned == to.Unsigned
	case *atlas.FloatType:
		f, ok := from.(*atlas.FloatType)
		return ok && f.Precision <= to.Precision && floatRank(f.T) <= floatRank(to.T)
	}
	return false
}

func intRank(t string) int {
	switch strings.ToLower(t) {
	case "smallint", "int2", "tinyint":
		return 1
	case "integer", "int", "int4", "mediumint":
		return 2
	}
	return 3 // bigint, int8 and SQLite's integer of any width
}

func floatRank(t string) int {
	switch strings.ToLower(t) {
	case "real", "float4", "float":
		return 1
	}
	return 2
}

func (h *hook) formatType(t atlas.Type) string {
	var (
		s   string
		err error
	)
	if h.dialect == dialect.SQLite {
		s, err = sqlite.FormatType(t)
	} else {
		s, err = postgres.FormatType(t)
	}
	if err != nil {
		return fmt.Sprintf("%T", t)
	}
	return s
}

// maxName bounds the descriptive part of a file name.
const maxName = 60

// name describes the change for the file name: its first parts, then
// how many more there are.
func (h *hook) name() string {
	parts := h.parts
	if len(parts) == 0 {
		parts = []string{"changes"}
	}
	name := strings.Join(parts, "_")
	for n := len(parts) - 1; len(name) > maxName && n > 0; n-- {
		name = strings.Join(parts[:n], "_") + fmt.Sprintf("_and_%d_more", len(parts)-n)
	}
	if h.opts.Prefix != "" {
		name = h.opts.Prefix + "_" + name
	}
	return name
}

func (h *hook) sortedFindings() []Finding {
	out := slices.Clone(h.findings)
	slices.SortStableFunc(out, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.Table, b.Table), cmp.Compare(a.Column, b.Column))
	})
	return out
}
