package service

import (
	"context"

	"example.com/shapes/modules/pub/api"
	"example.com/shapes/modules/pub/ent"
	"example.com/shapes/modules/pub/internal/store"
)

// NoticeService implements the use cases of notices. goplt created it
// once; it is yours to change.
type NoticeService struct {
	store *store.NoticeStore
}

// NewNoticeService returns a NoticeService backed by s.
func NewNoticeService(s *store.NoticeStore) *NoticeService {
	return &NoticeService{store: s}
}

// Create stores a new notice.
func (s *NoticeService) Create(ctx context.Context, in api.NoticeInput) (*ent.Notice, error) {
	return s.store.Create(ctx, in)
}

// Get returns one notice; the error wraps store.ErrNotFound when it is
// missing.
func (s *NoticeService) Get(ctx context.Context, id int64) (*ent.Notice, error) {
	return s.store.Get(ctx, id)
}

// List returns one page of notices and the total count.
func (s *NoticeService) List(ctx context.Context, limit, offset int) ([]*ent.Notice, int, error) {
	return s.store.List(ctx, limit, offset)
}

// Update replaces a notice.
func (s *NoticeService) Update(ctx context.Context, id int64, in api.NoticeInput) (*ent.Notice, error) {
	return s.store.Update(ctx, id, in)
}

// Patch changes some fields of a notice.
func (s *NoticeService) Patch(ctx context.Context, id int64, in api.NoticePatch) (*ent.Notice, error) {
	return s.store.Patch(ctx, id, in)
}

// Delete removes a notice.
func (s *NoticeService) Delete(ctx context.Context, id int64) error {
	return s.store.Delete(ctx, id)
}
