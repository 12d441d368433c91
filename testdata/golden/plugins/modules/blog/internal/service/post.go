package service

import (
	"context"

	"example.com/pluginplatform/modules/blog/api"
	"example.com/pluginplatform/modules/blog/ent"
	"example.com/pluginplatform/modules/blog/internal/store"
)

// PostService implements the use cases of posts. goplt created it
// once; it is yours to change.
type PostService struct {
	store *store.PostStore
}

// NewPostService returns a PostService backed by s.
func NewPostService(s *store.PostStore) *PostService {
	return &PostService{store: s}
}

// Create stores a new post.
func (s *PostService) Create(ctx context.Context, in api.PostInput) (*ent.Post, error) {
	return s.store.Create(ctx, in)
}

// Get returns one post; the error wraps store.ErrNotFound when it is
// missing.
func (s *PostService) Get(ctx context.Context, id int64) (*ent.Post, error) {
	return s.store.Get(ctx, id)
}

// List returns one page of posts and the total count.
func (s *PostService) List(ctx context.Context, limit, offset int) ([]*ent.Post, int, error) {
	return s.store.List(ctx, limit, offset)
}

// Update replaces a post.
func (s *PostService) Update(ctx context.Context, id int64, in api.PostInput) (*ent.Post, error) {
	return s.store.Update(ctx, id, in)
}

// Patch changes some fields of a post.
func (s *PostService) Patch(ctx context.Context, id int64, in api.PostPatch) (*ent.Post, error) {
	return s.store.Patch(ctx, id, in)
}

// Delete removes a post.
func (s *PostService) Delete(ctx context.Context, id int64) error {
	return s.store.Delete(ctx, id)
}
