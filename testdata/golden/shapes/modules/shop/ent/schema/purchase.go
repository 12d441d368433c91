package schema

import "entgo.io/ent"

// This file belongs to you: goplt created it once and never overwrites it.
// The generated half of the Purchase schema (fields, mixins, table name) lives in
// purchase.gen.go; Go lets one type's methods span both files.

// Edges of the Purchase. Add relations to other entities of this module here,
// e.g. edge.To("comments", Comment.Type).
func (Purchase) Edges() []ent.Edge {
	return nil
}

// Indexes of the Purchase. Add indexes here, e.g. index.Fields("status").
func (Purchase) Indexes() []ent.Index {
	return nil
}

// Hooks of the Purchase. Add mutation hooks here, e.g. to derive a slug from the
// title before every save.
func (Purchase) Hooks() []ent.Hook {
	return nil
}
