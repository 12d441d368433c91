package handler

import (
	"context"

	"github.com/example/helpdesk/modules/tickets/api"
	"github.com/example/helpdesk/modules/tickets/internal/store"
)

// GetTicket handles GET /api/v1/tickets/tickets/{id}: Get a ticket.
func (h *Handler) GetTicket(ctx context.Context, req api.GetTicketRequestObject) (api.GetTicketResponseObject, error) {
	v, err := h.Tickets.Get(ctx, req.ID)
	if err != nil {
		// An error wrapping store.ErrNotFound becomes the 404 response.
		return nil, err
	}
	return api.GetTicket200JSONResponse(store.TicketToAPI(v)), nil
}
