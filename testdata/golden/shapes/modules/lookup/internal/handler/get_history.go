package handler

import (
	"context"
	"fmt"

	"example.com/shapes/modules/lookup/api"
	"example.com/shapes/pkg/httpapi"
)

// GetHistory handles GET /api/v1/lookup/{org}/{slug}/history/{rev}: One past target.
//
// goplt found no entity operation behind this route, so it could not write
// a default body. Replace this one with your implementation; until then the
// route answers 501 not_implemented.
func (h *Handler) GetHistory(ctx context.Context, req api.GetHistoryRequestObject) (api.GetHistoryResponseObject, error) {
	return nil, fmt.Errorf("getHistory: %w", httpapi.ErrNotImplemented)
}
