package handler

import (
	"context"
	"fmt"

	"example.com/shapes/modules/shop/api"
	"example.com/shapes/pkg/httpapi"
)

// PostShopOrdersPay handles POST /api/v1/shop/orders/{id}/pay: Pay an order as given.
//
// goplt found no entity operation behind this route, so it could not write
// a default body. Replace this one with your implementation; until then the
// route answers 501 not_implemented.
func (h *Handler) PostShopOrdersPay(ctx context.Context, req api.PostShopOrdersPayRequestObject) (api.PostShopOrdersPayResponseObject, error) {
	return nil, fmt.Errorf("postShopOrdersPay: %w", httpapi.ErrNotImplemented)
}
