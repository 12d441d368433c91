package handler

import (
	"context"
	"fmt"

	"example.com/shapes/modules/shop/api"
	"example.com/shapes/pkg/httpapi"
)

// ListItems handles GET /api/v1/shop/purchases/{id}/items: Items of an order.
//
// goplt found no entity operation behind this route, so it could not write
// a default body. Replace this one with your implementation; until then the
// route answers 501 not_implemented.
func (h *Handler) ListItems(ctx context.Context, req api.ListItemsRequestObject) (api.ListItemsResponseObject, error) {
	return nil, fmt.Errorf("listItems: %w", httpapi.ErrNotImplemented)
}
