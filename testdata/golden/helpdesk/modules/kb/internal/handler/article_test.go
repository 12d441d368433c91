package handler_test

import (
	"net/http"
	"os"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/example/helpdesk/modules/kb/api"
	"github.com/example/helpdesk/pkg/config"
	"github.com/example/helpdesk/pkg/httpapi"
)

// This file was written once by goplt and is yours: it walks the article
// entity through its routes over HTTP. Extend it as the handlers grow.

func TestArticlesSQLite(t *testing.T) {
	testArticles(t, start(t, testConfig(t)))
}

// TestArticlesPostgres runs the same scenario against PostgreSQL when
// DATABASE_URL is set.
func TestArticlesPostgres(t *testing.T) {
	dsn := os.Getenv("DATABASE_URL")
	if dsn == "" {
		t.Skip("DATABASE_URL not set; skipping the PostgreSQL variant (set it to a postgres:// URL to run)")
	}
	cfg := testConfig(t)
	cfg.Database.Driver = config.DriverPostgres
	cfg.Database.DSN = dsn
	a := start(t, cfg)
	// The database outlives test runs: start from an empty table.
	_, err := a.client.Article.Delete().Exec(t.Context())
	require.NoError(t, err)
	testArticles(t, a)
}

// testArticles walks a article through its life cycle.
func testArticles(t *testing.T, a *app) {
	writer, viewer := a.token(t, "writer"), a.token(t, "viewer")
	sample := `{"slug": "sample slug", "title": "sample title", "body": "sample body", "tags": {"k": "v"}}`

	r := a.do(t, http.MethodPost, "/api/v1/kb/articles", writer, sample)
	require.Equal(t, 201, r.status, string(r.body))
	created := decode[api.Article](t, r)
	require.NotNil(t, created.ID)
	id := *created.ID
	_, err := a.client.Article.Get(t.Context(), int(id))
	require.NoError(t, err, "the article is in the database")

	r = a.do(t, http.MethodGet, "/api/v1/kb/articles/"+strconv.FormatInt(id, 10), viewer, "")
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	assert.Equal(t, created, decode[api.Article](t, r))
	requireError(t, a.do(t, http.MethodGet, "/api/v1/kb/articles/"+strconv.FormatInt(987654321, 10), viewer, ""), http.StatusNotFound, httpapi.CodeNotFound)

	r = a.do(t, http.MethodGet, "/api/v1/kb/articles", viewer, "")
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	list := decode[api.ArticleList](t, r)
	assert.Equal(t, int64(1), list.Total)
	require.Len(t, list.Items, 1)
	assert.Equal(t, id, *list.Items[0].ID)

	r = a.do(t, http.MethodPut, "/api/v1/kb/articles/"+strconv.FormatInt(id, 10), writer, sample)
	require.Equal(t, 200, r.status, string(r.body))

	// Authentication and authorization.
	requireError(t, a.do(t, http.MethodPost, "/api/v1/kb/articles", "", sample), http.StatusUnauthorized, httpapi.CodeUnauthorized)
	assert.Contains(t, requireError(t, a.do(t, http.MethodPost, "/api/v1/kb/articles", viewer, sample), http.StatusForbidden, httpapi.CodeForbidden),
		"kb.article.create")

	// Validation names the missing field.
	assert.Contains(t, requireError(t, a.do(t, http.MethodPost, "/api/v1/kb/articles", writer, `{"title": "sample title", "body": "sample body", "tags": {"k": "v"}}`), http.StatusBadRequest, httpapi.CodeBadRequest),
		"slug")
}
