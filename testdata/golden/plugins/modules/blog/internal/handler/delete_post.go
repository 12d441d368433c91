package handler

import (
	"context"

	"example.com/pluginplatform/modules/blog/api"
)

// DeletePost handles DELETE /api/v1/blog/posts/{id}: Delete a post.
func (h *Handler) DeletePost(ctx context.Context, req api.DeletePostRequestObject) (api.DeletePostResponseObject, error) {
	if err := h.Posts.Delete(ctx, req.ID); err != nil {
		// An error wrapping store.ErrNotFound becomes the 404 response.
		return nil, err
	}
	return api.DeletePost204Response{}, nil
}
