package handler

import (
	"context"

	"github.com/example/helpdesk/modules/tickets/api"
	"github.com/example/helpdesk/modules/tickets/internal/store"
)

// UpdateTicket handles PATCH /api/v1/tickets/tickets/{id}: Change a ticket.
func (h *Handler) UpdateTicket(ctx context.Context, req api.UpdateTicketRequestObject) (api.UpdateTicketResponseObject, error) {
	v, err := h.Tickets.Patch(ctx, req.ID, *req.Body)
	if err != nil {
		return nil, err
	}
	return api.UpdateTicket200JSONResponse(store.TicketToAPI(v)), nil
}
