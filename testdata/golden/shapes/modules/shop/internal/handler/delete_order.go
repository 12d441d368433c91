package handler

import (
	"context"

	"example.com/shapes/modules/shop/api"
)

// DeleteOrder handles DELETE /api/v1/shop/orders/{id}.
func (h *Handler) DeleteOrder(ctx context.Context, req api.DeleteOrderRequestObject) (api.DeleteOrderResponseObject, error) {
	if err := h.Orders.Delete(ctx, req.ID); err != nil {
		// An error wrapping store.ErrNotFound becomes the 404 response.
		return nil, err
	}
	return api.DeleteOrder204Response{}, nil
}
