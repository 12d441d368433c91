package handler

import (
	"context"
	"fmt"

	"example.com/shapes/modules/ops/api"
	"example.com/shapes/pkg/httpapi"
)

// DeleteOpsCache handles DELETE /api/v1/ops/cache.
//
// goplt found no entity operation behind this route, so it could not write
// a default body. Replace this one with your implementation; until then the
// route answers 501 not_implemented.
func (h *Handler) DeleteOpsCache(ctx context.Context, req api.DeleteOpsCacheRequestObject) (api.DeleteOpsCacheResponseObject, error) {
	return nil, fmt.Errorf("deleteOpsCache: %w", httpapi.ErrNotImplemented)
}
