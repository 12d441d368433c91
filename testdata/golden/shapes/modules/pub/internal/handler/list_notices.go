package handler

import (
	"context"

	"example.com/shapes/modules/pub/api"
	"example.com/shapes/modules/pub/internal/store"
)

// ListNotices handles GET /api/v1/pub/notices: List notices.
// limit and offset were checked against their bounds before this runs.
func (h *Handler) ListNotices(ctx context.Context, req api.ListNoticesRequestObject) (api.ListNoticesResponseObject, error) {
	limit, offset := 20, 0
	if req.Params.Limit != nil {
		limit = *req.Params.Limit
	}
	if req.Params.Offset != nil {
		offset = *req.Params.Offset
	}
	items, total, err := h.Notices.List(ctx, limit, offset)
	if err != nil {
		return nil, err
	}
	return api.ListNotices200JSONResponse{
		Items: store.NoticesToAPI(items),
		Total: int64(total),
	}, nil
}
