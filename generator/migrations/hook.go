package migrations

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	"ariga.io/atlas/sql/migrate"
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
	backfills  []backfill
}

// backfill sets a column's NULLs to its default before it becomes NOT
// NULL.
type backfill struct {
	table, column, expr string
}

func (b backfill) change() *migrate.Change {
	return &migrate.Change{
		Cmd:     fmt.Sprintf(`UPDATE %q SET %q = %s WHERE %q IS NULL`, b.table, b.column, b.expr, b.column),
		Comment: fmt.Sprintf("set the NULLs of %q.%q to its default before it becomes NOT NULL", b.table, b.column),
	}
}

// at is where the backfill goes in plan: before the change of its column.
func (b backfill) at(plan []*migrate.Change) int {
	for i, c := range plan {
		if mt, ok := c.Source.(*atlas.ModifyTable); ok && mt.T.Name == b.table {
			for _, cc := range mt.Changes {
				if mc, ok := cc.(*atlas.ModifyColumn); ok && mc.To.Name == b.column {
					return i
				}
			}
		}
	}
	return 0
}

// defaultExpr is the SQL of a column default; "" for none.
func defaultExpr(d atlas.Expr) string {
	switch d := d.(type) {
	case *atlas.Literal:
		return d.V
	case *atlas.RawExpr:
		return d.X
	}
	return ""
}

func (h *hook) diffHook(next entschema.Differ) entschema.Differ {
	return entschema.DiffFunc(func(current, desired *atlas.Schema) ([]atlas.Change, error) {
		// Each diff starts afresh (Ent calls it once, but be safe).
		h.findings, h.dropTables, h.parts, h.backfills = nil, nil, nil, nil
		renames := h.renameCurrent(current, desired)
		changes, err := next.Diff(current, desired)
		if err != nil {
			return nil, err
		}
		kept := h.renameChanges(renames)
		for _, c := range changes {
			switch c := c.(type) {
			case *atlas.AddTable:
				h.parts = append(h.parts, "create_"+c.T.Name)
			case *atlas.DropTable:
				h.dropTable(c.T)
				continue // Ent plans no table drops; the formatter adds them
			case *atlas.ModifyTable:
				h.modifyTable(c.T.Name, c.Changes)
			}
			kept = append(kept, c)
		}
		return kept, nil
	})
}

func (h *hook) dropTable(t *atlas.Table) {
	if slices.Contains(h.opts.Unmanaged, t.Name) {
		return
	}
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

// modifyTable inspects the changes of one table.
func (h *hook) modifyTable(table string, changes []atlas.Change) {
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
		case *atlas.ModifyColumn:
			h.parts = append(h.parts, table+"_alter_"+c.To.Name)
			h.modifyColumn(table, c)
		case *atlas.AddIndex:
			if c.I.Unique {
				h.uniqueIndex(table, c.I, changes)
			}
			if !indexes {
				h.parts = append(h.parts, table+"_indexes")
				indexes = true
			}
		case *atlas.DropIndex, *atlas.ModifyIndex, *atlas.RenameIndex:
			if !indexes {
				h.parts = append(h.parts, table+"_indexes")
				indexes = true
			}
		}
	}
}

// uniqueIndex reports a unique index on an existing table, which rows
// holding the same values violate. A column added in the same change
// holds its default in every old row: only a table of one row passes.
func (h *hook) uniqueIndex(table string, idx *atlas.Index, changes []atlas.Change) {
	var cols, notNull []string
	for _, p := range idx.Parts {
		if p.C == nil {
			return // an expression: leave it to the database
		}
		for _, c := range changes {
			if a, ok := c.(*atlas.AddColumn); ok && a.C.Name == p.C.Name {
				if a.C.Default == nil {
					return // every old row holds NULL, and NULLs never collide
				}
				h.findings = append(h.findings, Finding{
					Table: table, Column: p.C.Name, Kind: Tightened,
					Message: fmt.Sprintf("column %s.%s is added unique with a default: every row already in %s gets the same value, so the migration fails unless it holds at most one row", table, p.C.Name, table),
					Query:   fmt.Sprintf(`SELECT count(*) FROM %q`, table),
				})
				return
			}
		}
		cols = append(cols, fmt.Sprintf("%q", p.C.Name))
		notNull = append(notNull, fmt.Sprintf("%q IS NOT NULL", p.C.Name))
	}
	h.findings = append(h.findings, Finding{
		Table: table, Column: idx.Parts[0].C.Name, Kind: Tightened,
		Message: fmt.Sprintf("%s in %s become unique: rows holding the same values violate it", strings.Join(cols, ", "), table),
		Query:   fmt.Sprintf(`SELECT count(*) FROM (SELECT 1 FROM %q WHERE %s GROUP BY %s HAVING count(*) > 1) AS duplicates`, table, strings.Join(notNull, " AND "), strings.Join(cols, ", ")),
	})
}

// rename is a column renamed through Options.Renames.
type rename struct {
	table    *atlas.Table
	from, to *atlas.Column
}

// renameCurrent renames, in the current schema, the columns the desired
// one renames, so the differ compares each column with its new self
// (reporting only real changes) instead of dropping and adding it.
func (h *hook) renameCurrent(current, desired *atlas.Schema) []rename {
	var out []rename
	for _, table := range slices.Sorted(maps.Keys(h.opts.Renames)) {
		ct, ok := current.Table(table)
		if !ok {
			continue
		}
		dt, ok := desired.Table(table)
		if !ok {
			continue
		}
		cols := h.opts.Renames[table]
		for _, to := range slices.Sorted(maps.Keys(cols)) {
			from := cols[to]
			c, ok := ct.Column(from)
			if !ok || hasColumn(ct, to) || hasColumn(dt, from) || !hasColumn(dt, to) {
				continue // already renamed, or not a rename of this schema
			}
			old := *c
			c.Name = to // indexes and keys hold the same column
			out = append(out, rename{table: dt, from: &old, to: c})
		}
	}
	return out
}

func hasColumn(t *atlas.Table, name string) bool {
	_, ok := t.Column(name)
	return ok
}

// renameChanges are the renames as changes of their own: PostgreSQL's
// planner puts a rename after the other changes of its table, which may
// already use the new name.
func (h *hook) renameChanges(renames []rename) []atlas.Change {
	out := make([]atlas.Change, len(renames))
	for i, r := range renames {
		out[i] = &atlas.ModifyTable{T: r.table, Changes: []atlas.Change{&atlas.RenameColumn{From: r.from, To: r.to}}}
		h.parts = append(h.parts, r.table.Name+"_rename_"+r.from.Name+"_to_"+r.to.Name)
	}
	return out
}

// modifyColumn reports a type change that can lose data and a column
// that becomes NOT NULL or shorter.
func (h *hook) modifyColumn(table string, c *atlas.ModifyColumn) {
	col := c.To.Name
	if c.Change.Is(atlas.ChangeNull) && c.From.Type.Null && !c.To.Type.Null {
		if expr := defaultExpr(c.To.Default); expr != "" {
			// The default fills the NULLs: SQLite's table copy does so
			// itself (IFNULL), PostgreSQL gets an UPDATE first.
			if h.dialect == dialect.Postgres {
				h.backfills = append(h.backfills, backfill{table: table, column: col, expr: expr})
			}
		} else {
			h.findings = append(h.findings, Finding{
				Table: table, Column: col, Kind: Tightened,
				Message: fmt.Sprintf("column %s.%s becomes NOT NULL: rows where it is NULL fail the migration", table, col),
				Query:   fmt.Sprintf(`SELECT count(*) FROM %q WHERE %q IS NULL`, table, col),
			})
		}
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
