package service

import (
	"context"

	"example.com/shapes/modules/jobs/api"
	"example.com/shapes/modules/jobs/ent"
	"example.com/shapes/modules/jobs/internal/store"
)

// JobService implements the use cases of jobs. goplt created it
// once; it is yours to change.
type JobService struct {
	store *store.JobStore
}

// NewJobService returns a JobService backed by s.
func NewJobService(s *store.JobStore) *JobService {
	return &JobService{store: s}
}

// Create stores a new job.
func (s *JobService) Create(ctx context.Context, in api.JobInput) (*ent.Job, error) {
	return s.store.Create(ctx, in)
}

// Get returns one job; the error wraps store.ErrNotFound when it is
// missing.
func (s *JobService) Get(ctx context.Context, id int64) (*ent.Job, error) {
	return s.store.Get(ctx, id)
}

// List returns one page of jobs and the total count.
func (s *JobService) List(ctx context.Context, limit, offset int) ([]*ent.Job, int, error) {
	return s.store.List(ctx, limit, offset)
}

// Update replaces a job.
func (s *JobService) Update(ctx context.Context, id int64, in api.JobInput) (*ent.Job, error) {
	return s.store.Update(ctx, id, in)
}

// Patch changes some fields of a job.
func (s *JobService) Patch(ctx context.Context, id int64, in api.JobPatch) (*ent.Job, error) {
	return s.store.Patch(ctx, id, in)
}

// Delete removes a job.
func (s *JobService) Delete(ctx context.Context, id int64) error {
	return s.store.Delete(ctx, id)
}
