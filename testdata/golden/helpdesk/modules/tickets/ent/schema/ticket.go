package schema

import "entgo.io/ent"

// This file belongs to you: goplt created it once and never overwrites it.
// The generated half of the Ticket schema (fields, mixins, table name) lives in
// ticket.gen.go; Go lets one type's methods span both files.

// Edges of the Ticket. Add relations to other entities of this module here,
// e.g. edge.To("comments", Comment.Type).
func (Ticket) Edges() []ent.Edge {
	return nil
}

// Indexes of the Ticket. Add indexes here, e.g. index.Fields("status").
func (Ticket) Indexes() []ent.Index {
	return nil
}

// Hooks of the Ticket. Add mutation hooks here, e.g. to derive a slug from the
// title before every save.
func (Ticket) Hooks() []ent.Hook {
	return nil
}
