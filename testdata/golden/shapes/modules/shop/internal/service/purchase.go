package service

import (
	"context"

	"example.com/shapes/modules/shop/api"
	"example.com/shapes/modules/shop/ent"
	"example.com/shapes/modules/shop/internal/store"
)

// PurchaseService implements the use cases of purchases. goplt created it
// once; it is yours to change.
type PurchaseService struct {
	store *store.PurchaseStore
}

// NewPurchaseService returns a PurchaseService backed by s.
func NewPurchaseService(s *store.PurchaseStore) *PurchaseService {
	return &PurchaseService{store: s}
}

// Create stores a new purchase.
func (s *PurchaseService) Create(ctx context.Context, in api.PurchaseInput) (*ent.Purchase, error) {
	return s.store.Create(ctx, in)
}

// Get returns one purchase; the error wraps store.ErrNotFound when it is
// missing.
func (s *PurchaseService) Get(ctx context.Context, id int64) (*ent.Purchase, error) {
	return s.store.Get(ctx, id)
}

// List returns one page of purchases and the total count.
func (s *PurchaseService) List(ctx context.Context, limit, offset int) ([]*ent.Purchase, int, error) {
	return s.store.List(ctx, limit, offset)
}

// Update replaces a purchase.
func (s *PurchaseService) Update(ctx context.Context, id int64, in api.PurchaseInput) (*ent.Purchase, error) {
	return s.store.Update(ctx, id, in)
}

// Patch changes some fields of a purchase.
func (s *PurchaseService) Patch(ctx context.Context, id int64, in api.PurchasePatch) (*ent.Purchase, error) {
	return s.store.Patch(ctx, id, in)
}

// Delete removes a purchase.
func (s *PurchaseService) Delete(ctx context.Context, id int64) error {
	return s.store.Delete(ctx, id)
}
