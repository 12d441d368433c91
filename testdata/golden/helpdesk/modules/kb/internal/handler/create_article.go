package handler

import (
	"context"

	"github.com/example/helpdesk/modules/kb/api"
	"github.com/example/helpdesk/modules/kb/internal/store"
)

// CreateArticle handles POST /api/v1/kb/articles: Write an article.
// The body was validated against the OpenAPI schema before this runs.
func (h *Handler) CreateArticle(ctx context.Context, req api.CreateArticleRequestObject) (api.CreateArticleResponseObject, error) {
	v, err := h.Articles.Create(ctx, *req.Body)
	if err != nil {
		// The kernel answers store.ErrInvalid with 400 and hides anything
		// else behind a logged 500.
		return nil, err
	}
	return api.CreateArticle201JSONResponse(store.ArticleToAPI(v)), nil
}
