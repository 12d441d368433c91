package handler

import (
	"context"

	"example.com/pluginplatform/modules/notes/api"
	"example.com/pluginplatform/modules/notes/internal/store"
)

// ListNotes handles GET /api/v1/notes/notes: List notes.
// limit and offset were checked against their bounds before this runs.
func (h *Handler) ListNotes(ctx context.Context, req api.ListNotesRequestObject) (api.ListNotesResponseObject, error) {
	limit, offset := 20, 0
	if req.Params.Limit != nil {
		limit = *req.Params.Limit
	}
	if req.Params.Offset != nil {
		offset = *req.Params.Offset
	}
	items, total, err := h.Notes.List(ctx, limit, offset)
	if err != nil {
		return nil, err
	}
	return api.ListNotes200JSONResponse{
		Items: store.NotesToAPI(items),
		Total: int64(total),
	}, nil
}
