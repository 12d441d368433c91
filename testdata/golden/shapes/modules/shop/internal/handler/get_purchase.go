package handler

import (
	"context"

	"example.com/shapes/modules/shop/api"
	"example.com/shapes/modules/shop/internal/store"
)

// GetPurchase handles GET /api/v1/shop/purchases/{id}.
func (h *Handler) GetPurchase(ctx context.Context, req api.GetPurchaseRequestObject) (api.GetPurchaseResponseObject, error) {
	v, err := h.Purchases.Get(ctx, req.ID)
	if err != nil {
		// An error wrapping store.ErrNotFound becomes the 404 response.
		return nil, err
	}
	return api.GetPurchase200JSONResponse(store.PurchaseToAPI(v)), nil
}
