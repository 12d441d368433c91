package migrations

import (
	"fmt"
	"slices"
	"strings"

	"entgo.io/ent/dialect"
	entschema "entgo.io/ent/dialect/sql/schema"
	"entgo.io/ent/schema/field"
)

// Kind classifies a Finding.
type Kind string

// The kinds of finding.
const (
	// RequiredWithoutDefault: a NOT NULL column without a default added
	// to an existing table. Blocking.
	RequiredWithoutDefault Kind = "required-without-default"
	// LossyTypeChange: a column type change that can lose data or fail
	// on existing rows. Blocking.
	LossyTypeChange Kind = "lossy-type-change"
	// DropColumn and DropTable: data dropped without an acknowledgement.
	// Blocking.
	DropColumn Kind = "drop-column"
	DropTable  Kind = "drop-table"
	// Tightened: a constraint that rows written before may violate (a
	// shorter maximum length, fewer enum values, NOT NULL). A warning:
	// Query counts the violating rows.
	Tightened Kind = "tightened"
)

// Finding is a change to look at before applying the migration to a
// database with rows in it. Table and Column let the caller point at the
// entity and field in module.yaml.
type Finding struct {
	Table  string
	Column string // empty for a table
	Kind   Kind
	// Message says what happens and what to do.
	Message string
	// Blocking findings withhold the migration file.
	Blocking bool
	// Query, for Tightened, counts the existing rows that violate the new
	// constraint.
	Query string
}

func (f Finding) String() string {
	return string(f.Kind) + ": " + f.Message
}

// TightenedColumns compares two versions of an Ent package's tables and
// reports constraints the new one tightens that the SQL schema does not
// show: Ent stores enums as plain strings, and SQLite ignores lengths. A
// caller passes the tables of the schema the last migration came from.
func TightenedColumns(dia string, before, after []*entschema.Table) []Finding {
	old := map[string]*entschema.Column{}
	for _, t := range before {
		for _, c := range t.Columns {
			old[t.Name+"."+c.Name] = c
		}
	}
	length := "char_length"
	if dia == dialect.SQLite {
		length = "length"
	}
	var out []Finding
	for _, t := range after {
		for _, c := range t.Columns {
			o := old[t.Name+"."+c.Name]
			if o == nil {
				continue
			}
			if o.Type == field.TypeEnum && c.Type == field.TypeEnum {
				if gone := removed(o.Enums, c.Enums); len(gone) > 0 {
					quoted := make([]string, len(gone))
					for i, v := range gone {
						quoted[i] = "'" + strings.ReplaceAll(v, "'", "''") + "'"
					}
					out = append(out, Finding{
						Table: t.Name, Column: c.Name, Kind: Tightened,
						Message: fmt.Sprintf("column %s.%s no longer allows %s: rows holding these values stay in the table and cannot be read back as a valid value", t.Name, c.Name, strings.Join(gone, ", ")),
						Query:   fmt.Sprintf(`SELECT count(*) FROM %q WHERE %q IN (%s)`, t.Name, c.Name, strings.Join(quoted, ", ")),
					})
				}
			}
			if o.Type == field.TypeString && c.Type == field.TypeString && c.Size > 0 && (o.Size == 0 || c.Size < o.Size) {
				out = append(out, Finding{
					Table: t.Name, Column: c.Name, Kind: Tightened,
					Message: fmt.Sprintf("column %s.%s is limited to %d characters: longer values already stored violate it", t.Name, c.Name, c.Size),
					Query:   fmt.Sprintf(`SELECT count(*) FROM %q WHERE %s(%q) > %d`, t.Name, length, c.Name, c.Size),
				})
			}
		}
	}
	return out
}

// removed lists the values of before missing from after, in before's order.
func removed(before, after []string) []string {
	var out []string
	for _, v := range before {
		if !slices.Contains(after, v) {
			out = append(out, v)
		}
	}
	return out
}
