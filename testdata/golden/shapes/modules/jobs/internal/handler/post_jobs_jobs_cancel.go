package handler

import (
	"context"
	"fmt"

	"example.com/shapes/modules/jobs/api"
	"example.com/shapes/pkg/httpapi"
)

// PostJobsJobsCancel handles POST /api/v1/jobs/jobs/{id}/cancel: Cancel a job.
//
// goplt found no entity operation behind this route, so it could not write
// a default body. Replace this one with your implementation; until then the
// route answers 501 not_implemented.
func (h *Handler) PostJobsJobsCancel(ctx context.Context, req api.PostJobsJobsCancelRequestObject) (api.PostJobsJobsCancelResponseObject, error) {
	return nil, fmt.Errorf("postJobsJobsCancel: %w", httpapi.ErrNotImplemented)
}
