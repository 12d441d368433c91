package handler

import (
	"context"

	"example.com/pluginplatform/modules/blog/api"
	"example.com/pluginplatform/modules/blog/internal/store"
)

// UpdatePost handles PUT /api/v1/blog/posts/{id}: Replace a post.
func (h *Handler) UpdatePost(ctx context.Context, req api.UpdatePostRequestObject) (api.UpdatePostResponseObject, error) {
	v, err := h.Posts.Update(ctx, req.ID, *req.Body)
	if err != nil {
		return nil, err
	}
	return api.UpdatePost200JSONResponse(store.PostToAPI(v)), nil
}
