package handler

import (
	"context"
	"strconv"

	"github.com/example/helpdesk/modules/tickets/api"
	"github.com/example/helpdesk/modules/tickets/internal/store"
)

// CreateTicket handles POST /api/v1/tickets/tickets: Open a ticket.
// The body was validated against the OpenAPI schema before this runs.
func (h *Handler) CreateTicket(ctx context.Context, req api.CreateTicketRequestObject) (api.CreateTicketResponseObject, error) {
	v, err := h.Tickets.Create(ctx, *req.Body)
	if err != nil {
		// The kernel answers store.ErrInvalid with 400, store.ErrConflict
		// with 409 and hides anything else behind a logged 500.
		return nil, err
	}
	// Location is the created ticket's URL, where a GET reads it back.
	return api.CreateTicket201JSONResponse{
		Body:    store.TicketToAPI(v),
		Headers: api.CreateTicket201ResponseHeaders{Location: "/api/v1/tickets/tickets/" + strconv.Itoa(v.ID)},
	}, nil
}
