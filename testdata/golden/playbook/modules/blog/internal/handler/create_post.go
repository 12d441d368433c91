package handler

import (
	"context"
	"fmt"

	"github.com/yourorg/platform/modules/blog/api"
	"github.com/yourorg/platform/pkg/httpapi"
)

// CreatePost handles POST /api/v1/blog/posts.
//
// goplt found no entity operation behind this route, so it could not write
// a default body. Replace this one with your implementation; until then the
// route answers 501 not_implemented.
func (h *Handler) CreatePost(ctx context.Context, req api.CreatePostRequestObject) (api.CreatePostResponseObject, error) {
	return nil, fmt.Errorf("createPost: %w", httpapi.ErrNotImplemented)
}
