package handler

import (
	"context"
	"fmt"

	"example.com/shapes/modules/shop/api"
	"example.com/shapes/pkg/httpapi"
)

// CreateItem handles POST /api/v1/shop/purchases/{id}/items: Add items to an order.
//
// goplt found no entity operation behind this route, so it could not write
// a default body. Replace this one with your implementation; until then the
// route answers 501 not_implemented.
func (h *Handler) CreateItem(ctx context.Context, req api.CreateItemRequestObject) (api.CreateItemResponseObject, error) {
	return nil, fmt.Errorf("createItem: %w", httpapi.ErrNotImplemented)
}
