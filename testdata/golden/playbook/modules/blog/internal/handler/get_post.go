package handler

import (
	"context"
	"fmt"

	"github.com/yourorg/platform/modules/blog/api"
	"github.com/yourorg/platform/pkg/httpapi"
)

// GetPost handles GET /api/v1/blog/posts/{id}.
//
// goplt found no entity operation behind this route, so it could not write
// a default body. Replace this one with your implementation; until then the
// route answers 501 not_implemented.
func (h *Handler) GetPost(ctx context.Context, req api.GetPostRequestObject) (api.GetPostResponseObject, error) {
	return nil, fmt.Errorf("getPost: %w", httpapi.ErrNotImplemented)
}
