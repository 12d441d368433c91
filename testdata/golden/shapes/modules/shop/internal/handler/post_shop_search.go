package handler

import (
	"context"
	"fmt"

	"example.com/shapes/modules/shop/api"
	"example.com/shapes/pkg/httpapi"
)

// PostShopSearch handles POST /api/v1/shop/search: Orders like the one given.
//
// goplt found no entity operation behind this route, so it could not write
// a default body. Replace this one with your implementation; until then the
// route answers 501 not_implemented.
func (h *Handler) PostShopSearch(ctx context.Context, req api.PostShopSearchRequestObject) (api.PostShopSearchResponseObject, error) {
	return nil, fmt.Errorf("postShopSearch: %w", httpapi.ErrNotImplemented)
}
