package handler

import (
	"context"

	"example.com/shapes/modules/feed/api"
	"example.com/shapes/modules/feed/internal/store"
)

// GetEntry handles GET /api/v1/feed/entries/{id}.
func (h *Handler) GetEntry(ctx context.Context, req api.GetEntryRequestObject) (api.GetEntryResponseObject, error) {
	v, err := h.Entries.Get(ctx, req.ID)
	if err != nil {
		// An error wrapping store.ErrNotFound becomes the 404 response.
		return nil, err
	}
	return api.GetEntry200JSONResponse(store.EntryToAPI(v)), nil
}
