package handler

import (
	"context"
	"fmt"

	"example.com/shapes/modules/feed/api"
	"example.com/shapes/pkg/httpapi"
)

// GetFeedLatest handles GET /api/v1/feed/latest: The latest entry.
//
// goplt found no entity operation behind this route, so it could not write
// a default body. Replace this one with your implementation; until then the
// route answers 501 not_implemented.
func (h *Handler) GetFeedLatest(ctx context.Context, req api.GetFeedLatestRequestObject) (api.GetFeedLatestResponseObject, error) {
	return nil, fmt.Errorf("getFeedLatest: %w", httpapi.ErrNotImplemented)
}
