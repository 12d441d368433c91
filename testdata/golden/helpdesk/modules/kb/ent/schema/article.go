package schema

import "entgo.io/ent"

// This file belongs to you: goplt created it once and never overwrites it.
// The generated half of the Article schema (fields, mixins, table name) lives in
// article.gen.go; Go lets one type's methods span both files.

// Edges of the Article. Add relations to other entities of this module here,
// e.g. edge.To("comments", Comment.Type).
func (Article) Edges() []ent.Edge {
	return nil
}

// Indexes of the Article. Add indexes here, e.g. index.Fields("status").
func (Article) Indexes() []ent.Index {
	return nil
}

// Hooks of the Article. Add mutation hooks here, e.g. to derive a slug from the
// title before every save.
func (Article) Hooks() []ent.Hook {
	return nil
}
