package schema

import "entgo.io/ent"

// This file belongs to you: goplt created it once and never overwrites it.
// The generated half of the Entry schema (fields, mixins, table name) lives in
// entry.gen.go; Go lets one type's methods span both files.

// Edges of the Entry. Add relations to other entities of this module here,
// e.g. edge.To("comments", Comment.Type).
func (Entry) Edges() []ent.Edge {
	return nil
}

// Indexes of the Entry. Add indexes here, e.g. index.Fields("status").
func (Entry) Indexes() []ent.Index {
	return nil
}

// Hooks of the Entry. Add mutation hooks here, e.g. to derive a slug from the
// title before every save.
func (Entry) Hooks() []ent.Hook {
	return nil
}
