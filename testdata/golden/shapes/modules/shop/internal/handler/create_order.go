package handler

import (
	"context"

	"example.com/shapes/modules/shop/api"
	"example.com/shapes/modules/shop/internal/store"
)

// CreateOrder handles POST /api/v1/shop/orders.
// The body was validated against the OpenAPI schema before this runs.
func (h *Handler) CreateOrder(ctx context.Context, req api.CreateOrderRequestObject) (api.CreateOrderResponseObject, error) {
	v, err := h.Orders.Create(ctx, *req.Body)
	if err != nil {
		// The kernel answers store.ErrInvalid with 400 and hides anything
		// else behind a logged 500.
		return nil, err
	}
	return api.CreateOrder201JSONResponse(store.OrderToAPI(v)), nil
}
