package handler

import (
	"context"

	"github.com/example/helpdesk/modules/kb/api"
	"github.com/example/helpdesk/modules/kb/internal/store"
)

// UpdateArticle handles PUT /api/v1/kb/articles/{id}: Rewrite an article.
func (h *Handler) UpdateArticle(ctx context.Context, req api.UpdateArticleRequestObject) (api.UpdateArticleResponseObject, error) {
	v, err := h.Articles.Update(ctx, req.ID, *req.Body)
	if err != nil {
		return nil, err
	}
	return api.UpdateArticle200JSONResponse(store.ArticleToAPI(v)), nil
}
