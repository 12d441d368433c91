package schema

import "entgo.io/ent"

// This file belongs to you: goplt created it once and never overwrites it.
// The generated half of the Record schema (fields, mixins, table name) lives in
// record.gen.go; Go lets one type's methods span both files.

// Edges of the Record. Add relations to other entities of this module here,
// e.g. edge.To("comments", Comment.Type).
func (Record) Edges() []ent.Edge {
	return nil
}

// Indexes of the Record. Add indexes here, e.g. index.Fields("status").
func (Record) Indexes() []ent.Index {
	return nil
}

// Hooks of the Record. Add mutation hooks here, e.g. to derive a slug from the
// title before every save.
func (Record) Hooks() []ent.Hook {
	return nil
}
