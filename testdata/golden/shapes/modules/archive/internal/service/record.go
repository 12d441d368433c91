package service

import (
	"context"

	"example.com/shapes/modules/archive/api"
	"example.com/shapes/modules/archive/ent"
	"example.com/shapes/modules/archive/internal/store"
)

// RecordService implements the use cases of records. goplt created it
// once; it is yours to change.
type RecordService struct {
	store *store.RecordStore
}

// NewRecordService returns a RecordService backed by s.
func NewRecordService(s *store.RecordStore) *RecordService {
	return &RecordService{store: s}
}

// Create stores a new record.
func (s *RecordService) Create(ctx context.Context, in api.RecordInput) (*ent.Record, error) {
	return s.store.Create(ctx, in)
}

// Get returns one record; the error wraps store.ErrNotFound when it is
// missing.
func (s *RecordService) Get(ctx context.Context, id int64) (*ent.Record, error) {
	return s.store.Get(ctx, id)
}

// List returns one page of records and the total count.
func (s *RecordService) List(ctx context.Context, limit, offset int) ([]*ent.Record, int, error) {
	return s.store.List(ctx, limit, offset)
}

// Update replaces a record.
func (s *RecordService) Update(ctx context.Context, id int64, in api.RecordInput) (*ent.Record, error) {
	return s.store.Update(ctx, id, in)
}

// Patch changes some fields of a record.
func (s *RecordService) Patch(ctx context.Context, id int64, in api.RecordPatch) (*ent.Record, error) {
	return s.store.Patch(ctx, id, in)
}

// Delete removes a record.
func (s *RecordService) Delete(ctx context.Context, id int64) error {
	return s.store.Delete(ctx, id)
}
