package handler

import (
	"context"
	"strconv"

	"example.com/shapes/modules/shop/api"
	"example.com/shapes/modules/shop/internal/store"
)

// CreatePurchase handles POST /api/v1/shop/purchases.
// The body was validated against the OpenAPI schema before this runs.
func (h *Handler) CreatePurchase(ctx context.Context, req api.CreatePurchaseRequestObject) (api.CreatePurchaseResponseObject, error) {
	v, err := h.Purchases.Create(ctx, *req.Body)
	if err != nil {
		// The kernel answers store.ErrInvalid with 400, store.ErrConflict
		// with 409 and hides anything else behind a logged 500.
		return nil, err
	}
	// Location is the created purchase's URL, where a GET reads it back.
	return api.CreatePurchase201JSONResponse{
		Body:    store.PurchaseToAPI(v),
		Headers: api.CreatePurchase201ResponseHeaders{Location: "/api/v1/shop/purchases/" + strconv.Itoa(v.ID)},
	}, nil
}
