package handler

import (
	"context"
	"fmt"

	"example.com/shapes/modules/shop/api"
	"example.com/shapes/pkg/httpapi"
)

// UpdateItem handles PUT /api/v1/shop/purchases/{id}/items/{item}: Replace an item.
//
// goplt found no entity operation behind this route, so it could not write
// a default body. Replace this one with your implementation; until then the
// route answers 501 not_implemented.
func (h *Handler) UpdateItem(ctx context.Context, req api.UpdateItemRequestObject) (api.UpdateItemResponseObject, error) {
	return nil, fmt.Errorf("updateItem: %w", httpapi.ErrNotImplemented)
}
