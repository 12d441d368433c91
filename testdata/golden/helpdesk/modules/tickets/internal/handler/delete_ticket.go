package handler

import (
	"context"

	"github.com/example/helpdesk/modules/tickets/api"
)

// DeleteTicket handles DELETE /api/v1/tickets/tickets/{id}: Delete a ticket.
func (h *Handler) DeleteTicket(ctx context.Context, req api.DeleteTicketRequestObject) (api.DeleteTicketResponseObject, error) {
	if err := h.Tickets.Delete(ctx, req.ID); err != nil {
		// An error wrapping store.ErrNotFound becomes the 404 response.
		return nil, err
	}
	return api.DeleteTicket204Response{}, nil
}
