package handler

import (
	"context"
	"fmt"

	"example.com/shapes/modules/deploys/api"
	"example.com/shapes/pkg/httpapi"
)

// PostDeploysDeploysCancel handles POST /api/v1/deploys/deploys/{id}/cancel: Cancel a deploy.
//
// goplt found no entity operation behind this route, so it could not write
// a default body. Replace this one with your implementation; until then the
// route answers 501 not_implemented.
func (h *Handler) PostDeploysDeploysCancel(ctx context.Context, req api.PostDeploysDeploysCancelRequestObject) (api.PostDeploysDeploysCancelResponseObject, error) {
	return nil, fmt.Errorf("postDeploysDeploysCancel: %w", httpapi.ErrNotImplemented)
}
