package handler

import (
	"context"

	"example.com/shapes/modules/shop/api"
	"example.com/shapes/modules/shop/internal/store"
)

// UpdatePurchase handles PATCH /api/v1/shop/purchases/{id}.
func (h *Handler) UpdatePurchase(ctx context.Context, req api.UpdatePurchaseRequestObject) (api.UpdatePurchaseResponseObject, error) {
	v, err := h.Purchases.Patch(ctx, req.ID, *req.Body)
	if err != nil {
		return nil, err
	}
	return api.UpdatePurchase200JSONResponse(store.PurchaseToAPI(v)), nil
}
