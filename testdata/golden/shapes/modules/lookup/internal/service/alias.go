package service

import (
	"context"

	"example.com/shapes/modules/lookup/api"
	"example.com/shapes/modules/lookup/ent"
	"example.com/shapes/modules/lookup/internal/store"
)

// AliasService implements the use cases of aliases. goplt created it
// once; it is yours to change.
type AliasService struct {
	store *store.AliasStore
}

// NewAliasService returns a AliasService backed by s.
func NewAliasService(s *store.AliasStore) *AliasService {
	return &AliasService{store: s}
}

// Create stores a new alias.
func (s *AliasService) Create(ctx context.Context, in api.AliasInput) (*ent.Alias, error) {
	return s.store.Create(ctx, in)
}

// Get returns one alias; the error wraps store.ErrNotFound when it is
// missing.
func (s *AliasService) Get(ctx context.Context, id int64) (*ent.Alias, error) {
	return s.store.Get(ctx, id)
}

// List returns one page of aliases and the total count.
func (s *AliasService) List(ctx context.Context, limit, offset int) ([]*ent.Alias, int, error) {
	return s.store.List(ctx, limit, offset)
}

// Update replaces a alias.
func (s *AliasService) Update(ctx context.Context, id int64, in api.AliasInput) (*ent.Alias, error) {
	return s.store.Update(ctx, id, in)
}

// Patch changes some fields of a alias.
func (s *AliasService) Patch(ctx context.Context, id int64, in api.AliasPatch) (*ent.Alias, error) {
	return s.store.Patch(ctx, id, in)
}

// Delete removes a alias.
func (s *AliasService) Delete(ctx context.Context, id int64) error {
	return s.store.Delete(ctx, id)
}
