package service

import (
	"context"

	"example.com/pluginplatform/modules/notes/api"
	"example.com/pluginplatform/modules/notes/ent"
	"example.com/pluginplatform/modules/notes/internal/store"
)

// NoteService implements the use cases of notes. goplt created it
// once; it is yours to change.
type NoteService struct {
	store *store.NoteStore
}

// NewNoteService returns a NoteService backed by s.
func NewNoteService(s *store.NoteStore) *NoteService {
	return &NoteService{store: s}
}

// Create stores a new note.
func (s *NoteService) Create(ctx context.Context, in api.NoteInput) (*ent.Note, error) {
	return s.store.Create(ctx, in)
}

// Get returns one note; the error wraps store.ErrNotFound when it is
// missing.
func (s *NoteService) Get(ctx context.Context, id int64) (*ent.Note, error) {
	return s.store.Get(ctx, id)
}

// List returns one page of notes and the total count.
func (s *NoteService) List(ctx context.Context, limit, offset int) ([]*ent.Note, int, error) {
	return s.store.List(ctx, limit, offset)
}

// Update replaces a note.
func (s *NoteService) Update(ctx context.Context, id int64, in api.NoteInput) (*ent.Note, error) {
	return s.store.Update(ctx, id, in)
}

// Patch changes some fields of a note.
func (s *NoteService) Patch(ctx context.Context, id int64, in api.NotePatch) (*ent.Note, error) {
	return s.store.Patch(ctx, id, in)
}

// Delete removes a note.
func (s *NoteService) Delete(ctx context.Context, id int64) error {
	return s.store.Delete(ctx, id)
}
