package handler

import (
	"context"
	"fmt"

	"example.com/shapes/modules/shop/api"
	"example.com/shapes/pkg/httpapi"
)

// GetItem handles GET /api/v1/shop/purchases/{id}/items/{item}: One item of an order.
//
// goplt found no entity operation behind this route, so it could not write
// a default body. Replace this one with your implementation; until then the
// route answers 501 not_implemented.
func (h *Handler) GetItem(ctx context.Context, req api.GetItemRequestObject) (api.GetItemResponseObject, error) {
	return nil, fmt.Errorf("getItem: %w", httpapi.ErrNotImplemented)
}
