package handler

import (
	"context"

	"example.com/shapes/modules/shop/api"
	"example.com/shapes/modules/shop/internal/store"
)

// ListPurchases handles GET /api/v1/shop/purchases.
// limit and offset were checked against their bounds before this runs.
func (h *Handler) ListPurchases(ctx context.Context, req api.ListPurchasesRequestObject) (api.ListPurchasesResponseObject, error) {
	limit, offset := 20, 0
	if req.Params.Limit != nil {
		limit = *req.Params.Limit
	}
	if req.Params.Offset != nil {
		offset = *req.Params.Offset
	}
	items, total, err := h.Purchases.List(ctx, limit, offset)
	if err != nil {
		return nil, err
	}
	return api.ListPurchases200JSONResponse{
		Items: store.PurchasesToAPI(items),
		Total: int64(total),
	}, nil
}
