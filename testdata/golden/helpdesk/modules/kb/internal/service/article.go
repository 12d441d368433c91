package service

import (
	"context"

	"github.com/example/helpdesk/modules/kb/api"
	"github.com/example/helpdesk/modules/kb/ent"
	"github.com/example/helpdesk/modules/kb/internal/store"
)

// ArticleService implements the use cases of articles. goplt created it
// once; it is yours to change.
type ArticleService struct {
	store *store.ArticleStore
}

// NewArticleService returns a ArticleService backed by s.
func NewArticleService(s *store.ArticleStore) *ArticleService {
	return &ArticleService{store: s}
}

// Create stores a new article.
func (s *ArticleService) Create(ctx context.Context, in api.ArticleInput) (*ent.Article, error) {
	return s.store.Create(ctx, in)
}

// Get returns one article; the error wraps store.ErrNotFound when it is
// missing.
func (s *ArticleService) Get(ctx context.Context, id int64) (*ent.Article, error) {
	return s.store.Get(ctx, id)
}

// List returns one page of articles and the total count.
func (s *ArticleService) List(ctx context.Context, limit, offset int) ([]*ent.Article, int, error) {
	return s.store.List(ctx, limit, offset)
}

// Update replaces a article.
func (s *ArticleService) Update(ctx context.Context, id int64, in api.ArticleInput) (*ent.Article, error) {
	return s.store.Update(ctx, id, in)
}

// Patch changes some fields of a article.
func (s *ArticleService) Patch(ctx context.Context, id int64, in api.ArticlePatch) (*ent.Article, error) {
	return s.store.Patch(ctx, id, in)
}

// Delete removes a article.
func (s *ArticleService) Delete(ctx context.Context, id int64) error {
	return s.store.Delete(ctx, id)
}
