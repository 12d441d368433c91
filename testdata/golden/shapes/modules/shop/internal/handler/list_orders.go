package handler

import (
	"context"

	"example.com/shapes/modules/shop/api"
	"example.com/shapes/modules/shop/internal/store"
)

// ListOrders handles GET /api/v1/shop/orders.
// limit and offset were checked against their bounds before this runs.
func (h *Handler) ListOrders(ctx context.Context, req api.ListOrdersRequestObject) (api.ListOrdersResponseObject, error) {
	limit, offset := 20, 0
	if req.Params.Limit != nil {
		limit = *req.Params.Limit
	}
	if req.Params.Offset != nil {
		offset = *req.Params.Offset
	}
	items, total, err := h.Orders.List(ctx, limit, offset)
	if err != nil {
		return nil, err
	}
	return api.ListOrders200JSONResponse{
		Items: store.OrdersToAPI(items),
		Total: int64(total),
	}, nil
}
