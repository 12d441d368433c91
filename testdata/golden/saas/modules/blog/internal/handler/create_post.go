package handler

import (
	"context"
	"strconv"

	"example.com/saas/modules/blog/api"
	"example.com/saas/modules/blog/internal/store"
)

// CreatePost handles POST /api/v1/blog/posts: Create a post.
// The body was validated against the OpenAPI schema before this runs.
func (h *Handler) CreatePost(ctx context.Context, req api.CreatePostRequestObject) (api.CreatePostResponseObject, error) {
	v, err := h.Posts.Create(ctx, *req.Body)
	if err != nil {
		// The kernel answers store.ErrInvalid with 400, store.ErrConflict
		// with 409 and hides anything else behind a logged 500.
		return nil, err
	}
	// Location is the created post's URL, where a GET reads it back.
	return api.CreatePost201JSONResponse{
		Body:    store.PostToAPI(v),
		Headers: api.CreatePost201ResponseHeaders{Location: "/api/v1/blog/posts/" + strconv.Itoa(v.ID)},
	}, nil
}
