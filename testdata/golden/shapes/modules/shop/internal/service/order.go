package service

import (
	"context"

	"example.com/shapes/modules/shop/api"
	"example.com/shapes/modules/shop/ent"
	"example.com/shapes/modules/shop/internal/store"
)

// OrderService implements the use cases of orders. goplt created it
// once; it is yours to change.
type OrderService struct {
	store *store.OrderStore
}

// NewOrderService returns a OrderService backed by s.
func NewOrderService(s *store.OrderStore) *OrderService {
	return &OrderService{store: s}
}

// Create stores a new order.
func (s *OrderService) Create(ctx context.Context, in api.OrderInput) (*ent.Order, error) {
	return s.store.Create(ctx, in)
}

// Get returns one order; the error wraps store.ErrNotFound when it is
// missing.
func (s *OrderService) Get(ctx context.Context, id int64) (*ent.Order, error) {
	return s.store.Get(ctx, id)
}

// List returns one page of orders and the total count.
func (s *OrderService) List(ctx context.Context, limit, offset int) ([]*ent.Order, int, error) {
	return s.store.List(ctx, limit, offset)
}

// Update replaces a order.
func (s *OrderService) Update(ctx context.Context, id int64, in api.OrderInput) (*ent.Order, error) {
	return s.store.Update(ctx, id, in)
}

// Patch changes some fields of a order.
func (s *OrderService) Patch(ctx context.Context, id int64, in api.OrderPatch) (*ent.Order, error) {
	return s.store.Patch(ctx, id, in)
}

// Delete removes a order.
func (s *OrderService) Delete(ctx context.Context, id int64) error {
	return s.store.Delete(ctx, id)
}
