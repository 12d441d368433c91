package handler

import (
	"context"
	"fmt"

	"example.com/shapes/modules/lookup/api"
	"example.com/shapes/pkg/httpapi"
)

// GetLookup handles GET /api/v1/lookup/{org}/{slug}: Resolve a name.
//
// goplt found no entity operation behind this route, so it could not write
// a default body. Replace this one with your implementation; until then the
// route answers 501 not_implemented.
func (h *Handler) GetLookup(ctx context.Context, req api.GetLookupRequestObject) (api.GetLookupResponseObject, error) {
	return nil, fmt.Errorf("getLookup: %w", httpapi.ErrNotImplemented)
}
