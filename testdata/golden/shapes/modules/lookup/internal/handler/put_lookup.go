package handler

import (
	"context"
	"fmt"

	"example.com/shapes/modules/lookup/api"
	"example.com/shapes/pkg/httpapi"
)

// PutLookup handles PUT /api/v1/lookup/{org}/{slug}: Point a name.
//
// goplt found no entity operation behind this route, so it could not write
// a default body. Replace this one with your implementation; until then the
// route answers 501 not_implemented.
func (h *Handler) PutLookup(ctx context.Context, req api.PutLookupRequestObject) (api.PutLookupResponseObject, error) {
	return nil, fmt.Errorf("putLookup: %w", httpapi.ErrNotImplemented)
}
