package handler

import (
	"context"
	"fmt"

	"example.com/shapes/modules/ops/api"
	"example.com/shapes/pkg/httpapi"
)

// PostOpsCacheFlush handles POST /api/v1/ops/cache/flush: Flush the cache.
//
// goplt found no entity operation behind this route, so it could not write
// a default body. Replace this one with your implementation; until then the
// route answers 501 not_implemented.
func (h *Handler) PostOpsCacheFlush(ctx context.Context, req api.PostOpsCacheFlushRequestObject) (api.PostOpsCacheFlushResponseObject, error) {
	return nil, fmt.Errorf("postOpsCacheFlush: %w", httpapi.ErrNotImplemented)
}
