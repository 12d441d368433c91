package handler

import (
	"context"

	"github.com/example/helpdesk/modules/kb/api"
	"github.com/example/helpdesk/modules/kb/internal/store"
)

// ListArticles handles GET /api/v1/kb/articles: Browse articles.
// limit and offset were checked against their bounds before this runs.
func (h *Handler) ListArticles(ctx context.Context, req api.ListArticlesRequestObject) (api.ListArticlesResponseObject, error) {
	limit, offset := 11, 0
	if req.Params.Limit != nil {
		limit = *req.Params.Limit
	}
	if req.Params.Offset != nil {
		offset = *req.Params.Offset
	}
	items, total, err := h.Articles.List(ctx, limit, offset)
	if err != nil {
		return nil, err
	}
	return api.ListArticles200JSONResponse{
		Items: store.ArticlesToAPI(items),
		Total: int64(total),
	}, nil
}
