package service

import (
	"context"

	"github.com/example/helpdesk/modules/tickets/api"
	"github.com/example/helpdesk/modules/tickets/ent"
	"github.com/example/helpdesk/modules/tickets/internal/store"
)

// TicketService implements the use cases of tickets. goplt created it
// once; it is yours to change.
type TicketService struct {
	store *store.TicketStore
}

// NewTicketService returns a TicketService backed by s.
func NewTicketService(s *store.TicketStore) *TicketService {
	return &TicketService{store: s}
}

// Create stores a new ticket.
func (s *TicketService) Create(ctx context.Context, in api.TicketInput) (*ent.Ticket, error) {
	return s.store.Create(ctx, in)
}

// Get returns one ticket; the error wraps store.ErrNotFound when it is
// missing.
func (s *TicketService) Get(ctx context.Context, id int64) (*ent.Ticket, error) {
	return s.store.Get(ctx, id)
}

// List returns one page of tickets and the total count.
func (s *TicketService) List(ctx context.Context, limit, offset int) ([]*ent.Ticket, int, error) {
	return s.store.List(ctx, limit, offset)
}

// Update replaces a ticket.
func (s *TicketService) Update(ctx context.Context, id int64, in api.TicketInput) (*ent.Ticket, error) {
	return s.store.Update(ctx, id, in)
}

// Patch changes some fields of a ticket.
func (s *TicketService) Patch(ctx context.Context, id int64, in api.TicketPatch) (*ent.Ticket, error) {
	return s.store.Patch(ctx, id, in)
}

// Delete removes a ticket.
func (s *TicketService) Delete(ctx context.Context, id int64) error {
	return s.store.Delete(ctx, id)
}
