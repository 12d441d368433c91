package handler

import (
	"context"
	"fmt"

	"example.com/shapes/modules/shop/api"
	"example.com/shapes/pkg/httpapi"
)

// PostShopPurchasesPay handles POST /api/v1/shop/purchases/{id}/pay: Pay an order as given.
//
// goplt found no entity operation behind this route, so it could not write
// a default body. Replace this one with your implementation; until then the
// route answers 501 not_implemented.
func (h *Handler) PostShopPurchasesPay(ctx context.Context, req api.PostShopPurchasesPayRequestObject) (api.PostShopPurchasesPayResponseObject, error) {
	return nil, fmt.Errorf("postShopPurchasesPay: %w", httpapi.ErrNotImplemented)
}
