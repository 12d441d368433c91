package schema

import "entgo.io/ent"

// This file belongs to you: goplt created it once and never overwrites it.
// The generated half of the Deploy schema (fields, mixins, table name) lives in
// deploy.gen.go; Go lets one type's methods span both files.

// Edges of the Deploy. Add relations to other entities of this module here,
// e.g. edge.To("comments", Comment.Type).
func (Deploy) Edges() []ent.Edge {
	return nil
}

// Indexes of the Deploy. Add indexes here, e.g. index.Fields("status").
func (Deploy) Indexes() []ent.Index {
	return nil
}

// Hooks of the Deploy. Add mutation hooks here, e.g. to derive a slug from the
// title before every save.
func (Deploy) Hooks() []ent.Hook {
	return nil
}
