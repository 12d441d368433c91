package handler

import (
	"context"
	"strconv"

	"github.com/example/helpdesk/modules/kb/api"
	"github.com/example/helpdesk/modules/kb/internal/store"
)

// CreateArticle handles POST /api/v1/kb/articles: Write an article.
// The body was validated against the OpenAPI schema before this runs.
func (h *Handler) CreateArticle(ctx context.Context, req api.CreateArticleRequestObject) (api.CreateArticleResponseObject, error) {
	v, err := h.Articles.Create(ctx, *req.Body)
	if err != nil {
		// The kernel answers store.ErrInvalid with 400, store.ErrConflict
		// with 409 and hides anything else behind a logged 500.
		return nil, err
	}
	// Location is the created article's URL, where a GET reads it back.
	return api.CreateArticle201JSONResponse{
		Body:    store.ArticleToAPI(v),
		Headers: api.CreateArticle201ResponseHeaders{Location: "/api/v1/kb/articles/" + strconv.Itoa(v.ID)},
	}, nil
}
