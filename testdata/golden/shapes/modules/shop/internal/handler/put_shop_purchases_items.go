package handler

import (
	"context"
	"fmt"

	"example.com/shapes/modules/shop/api"
	"example.com/shapes/pkg/httpapi"
)

// PutShopPurchasesItems handles PUT /api/v1/shop/purchases/{id}/items: Replace all items of an order.
//
// goplt found no entity operation behind this route, so it could not write
// a default body. Replace this one with your implementation; until then the
// route answers 501 not_implemented.
func (h *Handler) PutShopPurchasesItems(ctx context.Context, req api.PutShopPurchasesItemsRequestObject) (api.PutShopPurchasesItemsResponseObject, error) {
	return nil, fmt.Errorf("putShopPurchasesItems: %w", httpapi.ErrNotImplemented)
}
