package handler

import (
	"context"

	"example.com/shapes/modules/pub/api"
	"example.com/shapes/modules/pub/internal/store"
)

// GetNotice handles GET /api/v1/pub/notices/{id}: Read a notice.
func (h *Handler) GetNotice(ctx context.Context, req api.GetNoticeRequestObject) (api.GetNoticeResponseObject, error) {
	v, err := h.Notices.Get(ctx, req.ID)
	if err != nil {
		// An error wrapping store.ErrNotFound becomes the 404 response.
		return nil, err
	}
	return api.GetNotice200JSONResponse(store.NoticeToAPI(v)), nil
}
