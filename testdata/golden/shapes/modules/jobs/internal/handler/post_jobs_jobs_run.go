package handler

import (
	"context"
	"fmt"

	"example.com/shapes/modules/jobs/api"
	"example.com/shapes/pkg/httpapi"
)

// PostJobsJobsRun handles POST /api/v1/jobs/jobs/{id}/run: Run a job now.
//
// goplt found no entity operation behind this route, so it could not write
// a default body. Replace this one with your implementation; until then the
// route answers 501 not_implemented.
func (h *Handler) PostJobsJobsRun(ctx context.Context, req api.PostJobsJobsRunRequestObject) (api.PostJobsJobsRunResponseObject, error) {
	return nil, fmt.Errorf("postJobsJobsRun: %w", httpapi.ErrNotImplemented)
}
