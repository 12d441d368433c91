package handler

import (
	"context"
	"fmt"

	"example.com/shapes/modules/shop/api"
	"example.com/shapes/pkg/httpapi"
)

// PutShopOrdersItems handles PUT /api/v1/shop/orders/{id}/items: Replace all items of an order.
//
// goplt found no entity operation behind this route, so it could not write
// a default body. Replace this one with your implementation; until then the
// route answers 501 not_implemented.
func (h *Handler) PutShopOrdersItems(ctx context.Context, req api.PutShopOrdersItemsRequestObject) (api.PutShopOrdersItemsResponseObject, error) {
	return nil, fmt.Errorf("putShopOrdersItems: %w", httpapi.ErrNotImplemented)
}
