package handler

import (
	"context"

	"github.com/example/helpdesk/modules/tickets/api"
	"github.com/example/helpdesk/modules/tickets/internal/store"
)

// CreateTicket handles POST /api/v1/tickets/tickets: Open a ticket.
// The body was validated against the OpenAPI schema before this runs.
func (h *Handler) CreateTicket(ctx context.Context, req api.CreateTicketRequestObject) (api.CreateTicketResponseObject, error) {
	v, err := h.Tickets.Create(ctx, *req.Body)
	if err != nil {
		// The kernel answers store.ErrInvalid with 400 and hides anything
		// else behind a logged 500.
		return nil, err
	}
	return api.CreateTicket201JSONResponse(store.TicketToAPI(v)), nil
}
