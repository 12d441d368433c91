package service

import (
	"context"

	"example.com/shapes/modules/shop/api"
	"example.com/shapes/modules/shop/ent"
	"example.com/shapes/modules/shop/internal/store"
)

// ItemService implements the use cases of items. goplt created it
// once; it is yours to change.
type ItemService struct {
	store *store.ItemStore
}

// NewItemService returns a ItemService backed by s.
func NewItemService(s *store.ItemStore) *ItemService {
	return &ItemService{store: s}
}

// Create stores a new item.
func (s *ItemService) Create(ctx context.Context, in api.ItemInput) (*ent.Item, error) {
	return s.store.Create(ctx, in)
}

// Get returns one item; the error wraps store.ErrNotFound when it is
// missing.
func (s *ItemService) Get(ctx context.Context, id int64) (*ent.Item, error) {
	return s.store.Get(ctx, id)
}

// List returns one page of items and the total count.
func (s *ItemService) List(ctx context.Context, limit, offset int) ([]*ent.Item, int, error) {
	return s.store.List(ctx, limit, offset)
}

// Update replaces a item.
func (s *ItemService) Update(ctx context.Context, id int64, in api.ItemInput) (*ent.Item, error) {
	return s.store.Update(ctx, id, in)
}

// Patch changes some fields of a item.
func (s *ItemService) Patch(ctx context.Context, id int64, in api.ItemPatch) (*ent.Item, error) {
	return s.store.Patch(ctx, id, in)
}

// Delete removes a item.
func (s *ItemService) Delete(ctx context.Context, id int64) error {
	return s.store.Delete(ctx, id)
}
