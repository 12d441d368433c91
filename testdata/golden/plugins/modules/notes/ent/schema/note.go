package schema

import "entgo.io/ent"

// This file belongs to you: goplt created it once and never overwrites it.
// The generated half of the Note schema (fields, mixins, table name) lives in
// note.gen.go; Go lets one type's methods span both files.

// Edges of the Note. Add relations to other entities of this module here,
// e.g. edge.To("comments", Comment.Type).
func (Note) Edges() []ent.Edge {
	return nil
}

// Indexes of the Note. Add indexes here, e.g. index.Fields("status").
func (Note) Indexes() []ent.Index {
	return nil
}

// Hooks of the Note. Add mutation hooks here, e.g. to derive a slug from the
// title before every save.
func (Note) Hooks() []ent.Hook {
	return nil
}
