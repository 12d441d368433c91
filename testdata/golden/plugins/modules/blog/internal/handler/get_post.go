package handler

import (
	"context"

	"example.com/pluginplatform/modules/blog/api"
	"example.com/pluginplatform/modules/blog/internal/store"
)

// GetPost handles GET /api/v1/blog/posts/{id}: Get a post.
func (h *Handler) GetPost(ctx context.Context, req api.GetPostRequestObject) (api.GetPostResponseObject, error) {
	v, err := h.Posts.Get(ctx, req.ID)
	if err != nil {
		// An error wrapping store.ErrNotFound becomes the 404 response.
		return nil, err
	}
	return api.GetPost200JSONResponse(store.PostToAPI(v)), nil
}
