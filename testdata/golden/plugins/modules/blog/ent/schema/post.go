package schema

import "entgo.io/ent"

// This file belongs to you: goplt created it once and never overwrites it.
// The generated half of the Post schema (fields, mixins, table name) lives in
// post.gen.go; Go lets one type's methods span both files.

// Edges of the Post. Add relations to other entities of this module here,
// e.g. edge.To("comments", Comment.Type).
func (Post) Edges() []ent.Edge {
	return nil
}

// Indexes of the Post. Add indexes here, e.g. index.Fields("status").
func (Post) Indexes() []ent.Index {
	return nil
}

// Hooks of the Post. Add mutation hooks here, e.g. to derive a slug from the
// title before every save.
func (Post) Hooks() []ent.Hook {
	return nil
}
