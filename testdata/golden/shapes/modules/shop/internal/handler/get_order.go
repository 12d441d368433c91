package handler

import (
	"context"

	"example.com/shapes/modules/shop/api"
	"example.com/shapes/modules/shop/internal/store"
)

// GetOrder handles GET /api/v1/shop/orders/{id}.
func (h *Handler) GetOrder(ctx context.Context, req api.GetOrderRequestObject) (api.GetOrderResponseObject, error) {
	v, err := h.Orders.Get(ctx, req.ID)
	if err != nil {
		// An error wrapping store.ErrNotFound becomes the 404 response.
		return nil, err
	}
	return api.GetOrder200JSONResponse(store.OrderToAPI(v)), nil
}
