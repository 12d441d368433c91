package handler

import (
	"context"

	"example.com/pluginplatform/modules/blog/api"
	"example.com/pluginplatform/modules/blog/internal/store"
)

// ListPosts handles GET /api/v1/blog/posts: List posts.
// limit and offset were checked against their bounds before this runs.
func (h *Handler) ListPosts(ctx context.Context, req api.ListPostsRequestObject) (api.ListPostsResponseObject, error) {
	limit, offset := 20, 0
	if req.Params.Limit != nil {
		limit = *req.Params.Limit
	}
	if req.Params.Offset != nil {
		offset = *req.Params.Offset
	}
	items, total, err := h.Posts.List(ctx, limit, offset)
	if err != nil {
		return nil, err
	}
	return api.ListPosts200JSONResponse{
		Items: store.PostsToAPI(items),
		Total: int64(total),
	}, nil
}
