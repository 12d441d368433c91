package schema

import "entgo.io/ent"

// This file belongs to you: goplt created it once and never overwrites it.
// The generated half of the Notice schema (fields, mixins, table name) lives in
// notice.gen.go; Go lets one type's methods span both files.

// Edges of the Notice. Add relations to other entities of this module here,
// e.g. edge.To("comments", Comment.Type).
func (Notice) Edges() []ent.Edge {
	return nil
}

// Indexes of the Notice. Add indexes here, e.g. index.Fields("status").
func (Notice) Indexes() []ent.Index {
	return nil
}

// Hooks of the Notice. Add mutation hooks here, e.g. to derive a slug from the
// title before every save.
func (Notice) Hooks() []ent.Hook {
	return nil
}
