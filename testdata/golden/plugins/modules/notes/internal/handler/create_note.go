package handler

import (
	"context"
	"strconv"

	"example.com/pluginplatform/modules/notes/api"
	"example.com/pluginplatform/modules/notes/internal/store"
)

// CreateNote handles POST /api/v1/notes/notes: Create a note.
// The body was validated against the OpenAPI schema before this runs.
func (h *Handler) CreateNote(ctx context.Context, req api.CreateNoteRequestObject) (api.CreateNoteResponseObject, error) {
	v, err := h.Notes.Create(ctx, *req.Body)
	if err != nil {
		// The kernel answers store.ErrInvalid with 400, store.ErrConflict
		// with 409 and hides anything else behind a logged 500.
		return nil, err
	}
	// Location is the created note's URL, where a GET reads it back.
	return api.CreateNote201JSONResponse{
		Body:    store.NoteToAPI(v),
		Headers: api.CreateNote201ResponseHeaders{Location: "/api/v1/notes/notes/" + strconv.Itoa(v.ID)},
	}, nil
}
