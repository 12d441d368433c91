package schema

import "entgo.io/ent"

// This file belongs to you: goplt created it once and never overwrites it.
// The generated half of the Alias schema (fields, mixins, table name) lives in
// alias.gen.go; Go lets one type's methods span both files.

// Edges of the Alias. Add relations to other entities of this module here,
// e.g. edge.To("comments", Comment.Type).
func (Alias) Edges() []ent.Edge {
	return nil
}

// Indexes of the Alias. Add indexes here, e.g. index.Fields("status").
func (Alias) Indexes() []ent.Index {
	return nil
}

// Hooks of the Alias. Add mutation hooks here, e.g. to derive a slug from the
// title before every save.
func (Alias) Hooks() []ent.Hook {
	return nil
}
