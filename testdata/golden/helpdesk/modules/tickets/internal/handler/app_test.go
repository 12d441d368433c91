package handler_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/fx"
	"go.uber.org/fx/fxtest"

	"github.com/example/helpdesk/internal/kernel"
	"github.com/example/helpdesk/internal/server"
	"github.com/example/helpdesk/modules/tickets"
	"github.com/example/helpdesk/modules/tickets/ent"
	"github.com/example/helpdesk/pkg/auth"
	"github.com/example/helpdesk/pkg/config"
	"github.com/example/helpdesk/pkg/httpapi"
)

// This file was written once by goplt and is yours: it starts the kernel
// plus this module through fx, as cmd/platform does, for the tests beside it.

// testConfig returns a valid kernel configuration with a private in-memory
// SQLite database named after the test, so tests never share state.
func testConfig(t *testing.T) *config.Config {
	t.Helper()
	name := strings.NewReplacer("/", "_", " ", "_").Replace(t.Name())
	return &config.Config{
		App: config.App{Name: "helpdesk", Environment: "test"},
		HTTP: config.HTTP{
			Addr:            "127.0.0.1:0",
			ReadTimeout:     5 * time.Second,
			WriteTimeout:    5 * time.Second,
			IdleTimeout:     5 * time.Second,
			ShutdownTimeout: 5 * time.Second,
		},
		Log: config.Log{Level: "error", Format: "json"},
		Database: config.Database{
			Driver:       config.DriverSQLite,
			DSN:          "file:" + name + "?mode=memory&cache=shared&_pragma=foreign_keys(1)",
			MaxOpenConns: 4,
			MaxIdleConns: 4,
		},
		Auth: config.Auth{
			JWT: config.JWT{
				Algorithm: config.AlgHS256,
				Secret:    "tickets-test-secret-0123456789abcdef",
				Issuer:    "helpdesk",
				TTL:       time.Hour,
			},
		},
		Authz: config.Authz{
			Roles: map[string][]string{
				"admin":  {"*"},
				"viewer": {"*.read"},
				// writer holds exactly the module's permissions.
				"writer": {"tickets.ticket.create", "tickets.ticket.delete", "tickets.ticket.read", "tickets.ticket.update"},
			},
		},
	}
}

// app is the kernel plus the tickets module, started and served over HTTP.
type app struct {
	srv    *httptest.Server
	authn  auth.Authenticator
	client *ent.Client
}

// start builds the platform through fx with cfg instead of the files in
// config/, and serves its router.
func start(t *testing.T, cfg *config.Config) *app {
	t.Helper()
	var (
		a      app
		router *server.Router
	)
	fxApp := fxtest.New(t,
		kernel.Services,
		tickets.Module.Options(),
		fx.Supply(cfg),
		fx.NopLogger,
		fx.Populate(&router, &a.authn, &a.client),
	)
	fxApp.RequireStart()
	t.Cleanup(fxApp.RequireStop)
	a.srv = httptest.NewServer(router)
	t.Cleanup(a.srv.Close)
	return &a
}

// token mints a token for alice with roles.
func (a *app) token(t *testing.T, roles ...string) string {
	t.Helper()
	tok, err := a.authn.GenerateToken("alice", roles, "tenant-1", time.Minute)
	require.NoError(t, err)
	return tok
}

// response is a completed HTTP exchange.
type response struct {
	status int
	body   []byte
}

// do sends a request with an optional bearer token and JSON body.
func (a *app) do(t *testing.T, method, path, token, body string) response {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = bytes.NewReader([]byte(body))
	}
	req, err := http.NewRequestWithContext(t.Context(), method, a.srv.URL+path, r)
	require.NoError(t, err)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := a.srv.Client().Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return response{status: res.StatusCode, body: b}
}

// decode unmarshals the body of r into a value of type T.
func decode[T any](t *testing.T, r response) T {
	t.Helper()
	var v T
	require.NoError(t, json.Unmarshal(r.body, &v), string(r.body))
	return v
}

// requireError asserts r is a kernel JSON error with status and code, and
// returns its message.
func requireError(t *testing.T, r response, status int, code httpapi.Code) string {
	t.Helper()
	require.Equal(t, status, r.status, string(r.body))
	e := decode[httpapi.ErrorBody](t, r)
	assert.Equal(t, code, e.Error.Code, string(r.body))
	assert.NotEmpty(t, e.Error.RequestID, "errors carry the request id")
	return e.Error.Message
}
