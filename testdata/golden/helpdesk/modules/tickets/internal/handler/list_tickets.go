package handler

import (
	"context"

	"github.com/example/helpdesk/modules/tickets/api"
	"github.com/example/helpdesk/modules/tickets/internal/store"
)

// ListTickets handles GET /api/v1/tickets/tickets: List tickets.
// limit and offset were checked against their bounds before this runs.
func (h *Handler) ListTickets(ctx context.Context, req api.ListTicketsRequestObject) (api.ListTicketsResponseObject, error) {
	limit, offset := 20, 0
	if req.Params.Limit != nil {
		limit = *req.Params.Limit
	}
	if req.Params.Offset != nil {
		offset = *req.Params.Offset
	}
	items, total, err := h.Tickets.List(ctx, limit, offset)
	if err != nil {
		return nil, err
	}
	return api.ListTickets200JSONResponse{
		Items: store.TicketsToAPI(items),
		Total: int64(total),
	}, nil
}
