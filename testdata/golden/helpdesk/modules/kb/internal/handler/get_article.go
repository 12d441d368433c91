package handler

import (
	"context"

	"github.com/example/helpdesk/modules/kb/api"
	"github.com/example/helpdesk/modules/kb/internal/store"
)

// GetArticle handles GET /api/v1/kb/articles/{id}: Read an article.
func (h *Handler) GetArticle(ctx context.Context, req api.GetArticleRequestObject) (api.GetArticleResponseObject, error) {
	v, err := h.Articles.Get(ctx, req.ID)
	if err != nil {
		// An error wrapping store.ErrNotFound becomes the 404 response.
		return nil, err
	}
	return api.GetArticle200JSONResponse(store.ArticleToAPI(v)), nil
}
