package handler

import (
	"context"
	"fmt"

	"example.com/shapes/modules/pub/api"
	"example.com/shapes/pkg/httpapi"
)

// Ping handles GET /api/v1/pub/ping.
//
// goplt found no entity operation behind this route, so it could not write
// a default body. Replace this one with your implementation; until then the
// route answers 501 not_implemented.
func (h *Handler) Ping(ctx context.Context, req api.PingRequestObject) (api.PingResponseObject, error) {
	return nil, fmt.Errorf("ping: %w", httpapi.ErrNotImplemented)
}
