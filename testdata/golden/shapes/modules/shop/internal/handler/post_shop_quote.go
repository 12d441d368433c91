package handler

import (
	"context"
	"fmt"

	"example.com/shapes/modules/shop/api"
	"example.com/shapes/pkg/httpapi"
)

// PostShopQuote handles POST /api/v1/shop/quote: Price a basket.
//
// goplt found no entity operation behind this route, so it could not write
// a default body. Replace this one with your implementation; until then the
// route answers 501 not_implemented.
func (h *Handler) PostShopQuote(ctx context.Context, req api.PostShopQuoteRequestObject) (api.PostShopQuoteResponseObject, error) {
	return nil, fmt.Errorf("postShopQuote: %w", httpapi.ErrNotImplemented)
}
