package handler

import (
	"context"

	"example.com/shapes/modules/shop/api"
	"example.com/shapes/modules/shop/internal/store"
)

// UpdateOrder handles PATCH /api/v1/shop/orders/{id}.
func (h *Handler) UpdateOrder(ctx context.Context, req api.UpdateOrderRequestObject) (api.UpdateOrderResponseObject, error) {
	v, err := h.Orders.Patch(ctx, req.ID, *req.Body)
	if err != nil {
		return nil, err
	}
	return api.UpdateOrder200JSONResponse(store.OrderToAPI(v)), nil
}
