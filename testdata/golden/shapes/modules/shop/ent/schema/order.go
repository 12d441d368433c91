package schema

import "entgo.io/ent"

// This file belongs to you: goplt created it once and never overwrites it.
// The generated half of the Order schema (fields, mixins, table name) lives in
// order.gen.go; Go lets one type's methods span both files.

// Edges of the Order. Add relations to other entities of this module here,
// e.g. edge.To("comments", Comment.Type).
func (Order) Edges() []ent.Edge {
	return nil
}

// Indexes of the Order. Add indexes here, e.g. index.Fields("status").
func (Order) Indexes() []ent.Index {
	return nil
}

// Hooks of the Order. Add mutation hooks here, e.g. to derive a slug from the
// title before every save.
func (Order) Hooks() []ent.Hook {
	return nil
}
