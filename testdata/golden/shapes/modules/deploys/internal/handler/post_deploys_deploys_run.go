package handler

import (
	"context"
	"fmt"

	"example.com/shapes/modules/deploys/api"
	"example.com/shapes/pkg/httpapi"
)

// PostDeploysDeploysRun handles POST /api/v1/deploys/deploys/{id}/run: Run a deploy now.
//
// goplt found no entity operation behind this route, so it could not write
// a default body. Replace this one with your implementation; until then the
// route answers 501 not_implemented.
func (h *Handler) PostDeploysDeploysRun(ctx context.Context, req api.PostDeploysDeploysRunRequestObject) (api.PostDeploysDeploysRunResponseObject, error) {
	return nil, fmt.Errorf("postDeploysDeploysRun: %w", httpapi.ErrNotImplemented)
}
