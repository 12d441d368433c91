package schema

import "entgo.io/ent"

// This file belongs to you: goplt created it once and never overwrites it.
// The generated half of the Item schema (fields, mixins, table name) lives in
// item.gen.go; Go lets one type's methods span both files.

// Edges of the Item. Add relations to other entities of this module here,
// e.g. edge.To("comments", Comment.Type).
func (Item) Edges() []ent.Edge {
	return nil
}

// Indexes of the Item. Add indexes here, e.g. index.Fields("status").
func (Item) Indexes() []ent.Index {
	return nil
}

// Hooks of the Item. Add mutation hooks here, e.g. to derive a slug from the
// title before every save.
func (Item) Hooks() []ent.Hook {
	return nil
}
