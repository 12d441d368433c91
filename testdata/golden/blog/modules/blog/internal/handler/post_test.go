package handler_test

import (
	"net/http"
	"os"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"example.com/blogplatform/modules/blog/api"
	"example.com/blogplatform/pkg/config"
	"example.com/blogplatform/pkg/httpapi"
)

// This file was written once by goplt and is yours: it walks the post
// entity through its routes over HTTP. Extend it as the handlers grow.

func TestPostsSQLite(t *testing.T) {
	testPosts(t, start(t, testConfig(t)))
}

// TestPostsPostgres runs the same scenario against PostgreSQL when
// DATABASE_URL is set.
func TestPostsPostgres(t *testing.T) {
	dsn := os.Getenv("DATABASE_URL")
	if dsn == "" {
		t.Skip("DATABASE_URL not set; skipping the PostgreSQL variant (set it to a postgres:// URL to run)")
	}
	cfg := testConfig(t)
	cfg.Database.Driver = config.DriverPostgres
	cfg.Database.DSN = dsn
	a := start(t, cfg)
	// The database outlives test runs: start from an empty table.
	_, err := a.client.Post.Delete().Exec(t.Context())
	require.NoError(t, err)
	testPosts(t, a)
}

// testPosts walks a post through its life cycle.
func testPosts(t *testing.T, a *app) {
	writer, viewer := a.token(t, "writer"), a.token(t, "viewer")
	sample := `{"title": "sample title", "body": "sample body", "status": "draft", "views": 0}`

	r := a.do(t, http.MethodPost, "/api/v1/blog/posts", writer, sample)
	require.Equal(t, 201, r.status, string(r.body))
	created := decode[api.Post](t, r)
	require.NotNil(t, created.ID)
	id := *created.ID
	_, err := a.client.Post.Get(t.Context(), int(id))
	require.NoError(t, err, "the post is in the database")

	r = a.do(t, http.MethodGet, "/api/v1/blog/posts/"+strconv.FormatInt(id, 10), viewer, "")
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	assert.Equal(t, created, decode[api.Post](t, r))
	requireError(t, a.do(t, http.MethodGet, "/api/v1/blog/posts/"+strconv.FormatInt(987654321, 10), viewer, ""), http.StatusNotFound, httpapi.CodeNotFound)

	r = a.do(t, http.MethodGet, "/api/v1/blog/posts", viewer, "")
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	list := decode[api.PostList](t, r)
	assert.Equal(t, int64(1), list.Total)
	require.Len(t, list.Items, 1)
	assert.Equal(t, id, *list.Items[0].ID)

	r = a.do(t, http.MethodPut, "/api/v1/blog/posts/"+strconv.FormatInt(id, 10), writer, sample)
	require.Equal(t, 200, r.status, string(r.body))

	// Authentication and authorization.
	requireError(t, a.do(t, http.MethodPost, "/api/v1/blog/posts", "", sample), http.StatusUnauthorized, httpapi.CodeUnauthorized)
	assert.Contains(t, requireError(t, a.do(t, http.MethodPost, "/api/v1/blog/posts", viewer, sample), http.StatusForbidden, httpapi.CodeForbidden),
		"blog.post.create")

	// Validation names the missing field.
	assert.Contains(t, requireError(t, a.do(t, http.MethodPost, "/api/v1/blog/posts", writer, `{"body": "sample body", "status": "draft", "views": 0}`), http.StatusBadRequest, httpapi.CodeBadRequest),
		"title")

	r = a.do(t, http.MethodDelete, "/api/v1/blog/posts/"+strconv.FormatInt(id, 10), writer, "")
	require.Equal(t, http.StatusNoContent, r.status, string(r.body))
	n, err := a.client.Post.Query().Count(t.Context())
	require.NoError(t, err)
	assert.Zero(t, n)
}
