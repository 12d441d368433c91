package service

import (
	"context"

	"example.com/shapes/modules/deploys/api"
	"example.com/shapes/modules/deploys/ent"
	"example.com/shapes/modules/deploys/internal/store"
)

// DeployService implements the use cases of deploys. goplt created it
// once; it is yours to change.
type DeployService struct {
	store *store.DeployStore
}

// NewDeployService returns a DeployService backed by s.
func NewDeployService(s *store.DeployStore) *DeployService {
	return &DeployService{store: s}
}

// Create stores a new deploy.
func (s *DeployService) Create(ctx context.Context, in api.DeployInput) (*ent.Deploy, error) {
	return s.store.Create(ctx, in)
}

// Get returns one deploy; the error wraps store.ErrNotFound when it is
// missing.
func (s *DeployService) Get(ctx context.Context, id int64) (*ent.Deploy, error) {
	return s.store.Get(ctx, id)
}

// List returns one page of deploys and the total count.
func (s *DeployService) List(ctx context.Context, limit, offset int) ([]*ent.Deploy, int, error) {
	return s.store.List(ctx, limit, offset)
}

// Update replaces a deploy.
func (s *DeployService) Update(ctx context.Context, id int64, in api.DeployInput) (*ent.Deploy, error) {
	return s.store.Update(ctx, id, in)
}

// Patch changes some fields of a deploy.
func (s *DeployService) Patch(ctx context.Context, id int64, in api.DeployPatch) (*ent.Deploy, error) {
	return s.store.Patch(ctx, id, in)
}

// Delete removes a deploy.
func (s *DeployService) Delete(ctx context.Context, id int64) error {
	return s.store.Delete(ctx, id)
}
