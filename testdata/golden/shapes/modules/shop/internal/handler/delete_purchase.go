package handler

import (
	"context"

	"example.com/shapes/modules/shop/api"
)

// DeletePurchase handles DELETE /api/v1/shop/purchases/{id}.
func (h *Handler) DeletePurchase(ctx context.Context, req api.DeletePurchaseRequestObject) (api.DeletePurchaseResponseObject, error) {
	if err := h.Purchases.Delete(ctx, req.ID); err != nil {
		// An error wrapping store.ErrNotFound becomes the 404 response.
		return nil, err
	}
	return api.DeletePurchase204Response{}, nil
}
