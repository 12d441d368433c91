package handler

import (
	"context"
	"fmt"

	"example.com/shapes/modules/ops/api"
	"example.com/shapes/pkg/httpapi"
)

// GetOpsStatus handles GET /api/v1/ops/status: Report status.
//
// goplt found no entity operation behind this route, so it could not write
// a default body. Replace this one with your implementation; until then the
// route answers 501 not_implemented.
func (h *Handler) GetOpsStatus(ctx context.Context, req api.GetOpsStatusRequestObject) (api.GetOpsStatusResponseObject, error) {
	return nil, fmt.Errorf("getOpsStatus: %w", httpapi.ErrNotImplemented)
}
