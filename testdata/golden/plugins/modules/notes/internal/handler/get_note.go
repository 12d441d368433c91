package handler

import (
	"context"

	"example.com/pluginplatform/modules/notes/api"
	"example.com/pluginplatform/modules/notes/internal/store"
)

// GetNote handles GET /api/v1/notes/notes/{id}: Get a note.
func (h *Handler) GetNote(ctx context.Context, req api.GetNoteRequestObject) (api.GetNoteResponseObject, error) {
	v, err := h.Notes.Get(ctx, req.ID)
	if err != nil {
		// An error wrapping store.ErrNotFound becomes the 404 response.
		return nil, err
	}
	return api.GetNote200JSONResponse(store.NoteToAPI(v)), nil
}
