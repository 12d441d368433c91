package service

import (
	"context"

	"example.com/shapes/modules/feed/api"
	"example.com/shapes/modules/feed/ent"
	"example.com/shapes/modules/feed/internal/store"
)

// EntryService implements the use cases of entries. goplt created it
// once; it is yours to change.
type EntryService struct {
	store *store.EntryStore
}

// NewEntryService returns a EntryService backed by s.
func NewEntryService(s *store.EntryStore) *EntryService {
	return &EntryService{store: s}
}

// Create stores a new entry.
func (s *EntryService) Create(ctx context.Context, in api.EntryInput) (*ent.Entry, error) {
	return s.store.Create(ctx, in)
}

// Get returns one entry; the error wraps store.ErrNotFound when it is
// missing.
func (s *EntryService) Get(ctx context.Context, id int64) (*ent.Entry, error) {
	return s.store.Get(ctx, id)
}

// List returns one page of entries and the total count.
func (s *EntryService) List(ctx context.Context, limit, offset int) ([]*ent.Entry, int, error) {
	return s.store.List(ctx, limit, offset)
}

// Update replaces a entry.
func (s *EntryService) Update(ctx context.Context, id int64, in api.EntryInput) (*ent.Entry, error) {
	return s.store.Update(ctx, id, in)
}

// Patch changes some fields of a entry.
func (s *EntryService) Patch(ctx context.Context, id int64, in api.EntryPatch) (*ent.Entry, error) {
	return s.store.Patch(ctx, id, in)
}

// Delete removes a entry.
func (s *EntryService) Delete(ctx context.Context, id int64) error {
	return s.store.Delete(ctx, id)
}
