package schema

import "entgo.io/ent"

// This file belongs to you: goplt created it once and never overwrites it.
// The generated half of the Job schema (fields, mixins, table name) lives in
// job.gen.go; Go lets one type's methods span both files.

// Edges of the Job. Add relations to other entities of this module here,
// e.g. edge.To("comments", Comment.Type).
func (Job) Edges() []ent.Edge {
	return nil
}

// Indexes of the Job. Add indexes here, e.g. index.Fields("status").
func (Job) Indexes() []ent.Index {
	return nil
}

// Hooks of the Job. Add mutation hooks here, e.g. to derive a slug from the
// title before every save.
func (Job) Hooks() []ent.Hook {
	return nil
}
