package handler

import (
	"context"

	"example.com/pluginplatform/modules/notes/api"
	"example.com/pluginplatform/modules/notes/internal/store"
)

// CreateNote handles POST /api/v1/notes/notes: Create a note.
// The body was validated against the OpenAPI schema before this runs.
func (h *Handler) CreateNote(ctx context.Context, req api.CreateNoteRequestObject) (api.CreateNoteResponseObject, error) {
	v, err := h.Notes.Create(ctx, *req.Body)
	if err != nil {
		// The kernel answers store.ErrInvalid with 400 and hides anything
		// else behind a logged 500.
		return nil, err
	}
	return api.CreateNote201JSONResponse(store.NoteToAPI(v)), nil
}
