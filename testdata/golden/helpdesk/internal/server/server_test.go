package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/fx"
	"go.uber.org/fx/fxtest"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/example/helpdesk/internal/kernel"
	"github.com/example/helpdesk/internal/server"
	"github.com/example/helpdesk/pkg/auth"
	"github.com/example/helpdesk/pkg/config"
	"github.com/example/helpdesk/pkg/health"
	"github.com/example/helpdesk/pkg/httpapi"
)

// testConfig returns a valid configuration with a private in-memory SQLite
// database named after the test, so parallel tests never share state.
func testConfig(t testing.TB) *config.Config {
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
				Secret:    "server-test-secret-0123456789abcdef",
				Issuer:    "helpdesk",
				TTL:       time.Hour,
			},
		},
		Authz: config.Authz{
			Roles: map[string][]string{
				"admin":  {"*"},
				"viewer": {"*.read"},
			},
		},
	}
}

// platform is a started kernel under test.
type platform struct {
	router *server.Router
	authn  auth.Authenticator
}

func start(t testing.TB, cfg *config.Config, extra ...fx.Option) *platform {
	t.Helper()
	var p platform
	opts := append([]fx.Option{
		kernel.Services,
		fx.Supply(cfg),
		fx.NopLogger,
		fx.Populate(&p.router, &p.authn),
	}, extra...)
	app := fxtest.New(t, opts...)
	app.RequireStart()
	t.Cleanup(app.RequireStop)
	return &p
}

func (p *platform) token(t testing.TB, roles ...string) string {
	t.Helper()
	tok, err := p.authn.GenerateToken("alice", roles, "tenant-1", time.Minute)
	require.NoError(t, err)
	return tok
}

func (p *platform) do(t *testing.T, method, path, token string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	p.router.ServeHTTP(rec, req)
	return rec
}

func decode(t *testing.T, rec *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	var body map[string]any
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body), rec.Body.String())
	return body
}

func errorCode(t *testing.T, rec *httptest.ResponseRecorder) string {
	t.Helper()
	var body httpapi.ErrorBody
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body), rec.Body.String())
	assert.NotEmpty(t, body.Error.RequestID, "errors carry the request id")
	return string(body.Error.Code)
}

func TestProbes(t *testing.T) {
	p := start(t, testConfig(t))

	rec := p.do(t, http.MethodGet, "/healthz", "")
	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, "ok", decode(t, rec)["status"])
	assert.NotEmpty(t, rec.Header().Get(httpapi.RequestIDHeader))

	rec = p.do(t, http.MethodGet, "/ready", "")
	assert.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Equal(t, "ok", decode(t, rec)["status"])
}

func TestReadyFailsWhenACheckFails(t *testing.T) {
	failing := fx.Provide(health.AsChecker(func() health.CheckerFunc {
		fail := func(context.Context) error { return errors.New("connection refused") }
		return health.CheckerFunc{CheckName: "cache", Fn: fail}
	}))
	p := start(t, testConfig(t), failing)

	rec := p.do(t, http.MethodGet, "/ready", "")
	assert.Equal(t, http.StatusServiceUnavailable, rec.Code)
	assert.Contains(t, rec.Body.String(), `"cache"`)
	assert.NotContains(t, rec.Body.String(), "connection refused", "public probe hides error details")

	rec = p.do(t, http.MethodGet, "/api/v1/system/health", p.token(t, "admin"))
	assert.Equal(t, http.StatusServiceUnavailable, rec.Code)
	assert.Contains(t, rec.Body.String(), "connection refused")
}

func TestMetrics(t *testing.T) {
	p := start(t, testConfig(t))
	p.do(t, http.MethodGet, "/api/v1/me", p.token(t, "viewer"))

	rec := p.do(t, http.MethodGet, "/metrics", "")
	require.Equal(t, http.StatusOK, rec.Code)
	body := rec.Body.String()
	assert.Contains(t, body, `http_requests_total{method="GET",route="/api/v1/me",status="200"} 1`)
	assert.Contains(t, body, "http_request_duration_seconds_bucket")
	assert.Contains(t, body, "go_goroutines")
}

func TestAuthentication(t *testing.T) {
	p := start(t, testConfig(t))

	rec := p.do(t, http.MethodGet, "/api/v1/me", "")
	assert.Equal(t, http.StatusUnauthorized, rec.Code)
	assert.Equal(t, "unauthorized", errorCode(t, rec))

	rec = p.do(t, http.MethodGet, "/api/v1/me", "garbage")
	assert.Equal(t, http.StatusUnauthorized, rec.Code)

	rec = p.do(t, http.MethodGet, "/api/v1/me", p.token(t, "viewer"))
	require.Equal(t, http.StatusOK, rec.Code)
	me := decode(t, rec)
	assert.Equal(t, "alice", me["sub"])
	assert.Equal(t, []any{"viewer"}, me["roles"])
	assert.Equal(t, "tenant-1", me["tenant_id"])
}

func TestAuthorization(t *testing.T) {
	p := start(t, testConfig(t))
	viewer, admin := p.token(t, "viewer"), p.token(t, "admin")

	tests := []struct {
		path  string
		token string
		want  int
	}{
		{"/api/v1/system/health", viewer, http.StatusForbidden},
		{"/api/v1/system/health", admin, http.StatusOK},
		{"/api/v1/system/modules", viewer, http.StatusOK},
		{"/api/v1/system/modules", admin, http.StatusOK},
		{"/api/v1/system/routes", viewer, http.StatusOK},
		{"/api/v1/system/routes", "", http.StatusUnauthorized},
	}
	for _, tc := range tests {
		rec := p.do(t, http.MethodGet, tc.path, tc.token)
		assert.Equal(t, tc.want, rec.Code, "%s: %s", tc.path, rec.Body.String())
		if tc.want == http.StatusForbidden {
			assert.Equal(t, "forbidden", errorCode(t, rec))
		}
	}
}

func TestRoutesListing(t *testing.T) {
	p := start(t, testConfig(t))
	rec := p.do(t, http.MethodGet, "/api/v1/system/routes", p.token(t, "admin"))
	require.Equal(t, http.StatusOK, rec.Code)

	var body struct {
		Routes []httpapi.RouteInfo `json:"routes"`
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body))
	byPath := map[string]httpapi.RouteInfo{}
	for _, r := range body.Routes {
		byPath[r.Path] = r
	}
	assert.True(t, byPath["/healthz"].Public)
	assert.Equal(t, "system.health.check", byPath["/api/v1/system/health"].Permission)
	assert.Equal(t, "authenticated", byPath["/api/v1/me"].Access)
	assert.Contains(t, byPath, "/api/v1/system/routes")
}

func TestNotFoundIsJSON(t *testing.T) {
	p := start(t, testConfig(t))
	rec := p.do(t, http.MethodGet, "/no/such/route", "")
	assert.Equal(t, http.StatusNotFound, rec.Code)
	assert.Equal(t, "not_found", errorCode(t, rec))
}

func TestWrongMethodIs405WithAllow(t *testing.T) {
	p := start(t, testConfig(t))
	rec := p.do(t, http.MethodDelete, "/healthz", "")
	assert.Equal(t, http.StatusMethodNotAllowed, rec.Code)
	assert.Equal(t, http.MethodGet, rec.Header().Get("Allow"))
	assert.Equal(t, "method_not_allowed", errorCode(t, rec))

	// An unknown path stays 404, and neither answer gets a route label of
	// its own in the metrics.
	assert.Equal(t, http.StatusNotFound, p.do(t, http.MethodDelete, "/no/such/route", "").Code)
	body := p.do(t, http.MethodGet, "/metrics", "").Body.String()
	assert.Contains(t, body, `http_requests_total{method="DELETE",route="unmatched",status="405"} 1`)
	assert.Contains(t, body, `http_requests_total{method="DELETE",route="unmatched",status="404"} 1`)
}

func TestRequestIDPropagation(t *testing.T) {
	p := start(t, testConfig(t))

	req := httptest.NewRequest(http.MethodGet, "/healthz", nil)
	req.Header.Set(httpapi.RequestIDHeader, "abc-123")
	rec := httptest.NewRecorder()
	p.router.ServeHTTP(rec, req)
	assert.Equal(t, "abc-123", rec.Header().Get(httpapi.RequestIDHeader))

	req = httptest.NewRequest(http.MethodGet, "/healthz", nil)
	req.Header.Set(httpapi.RequestIDHeader, "bad id\n")
	rec = httptest.NewRecorder()
	p.router.ServeHTTP(rec, req)
	assert.NotEqual(t, "bad id\n", rec.Header().Get(httpapi.RequestIDHeader))
	assert.NotEmpty(t, rec.Header().Get(httpapi.RequestIDHeader))
}

func TestPanicBecomesJSON500(t *testing.T) {
	boom := fx.Provide(httpapi.AsRoute(func() httpapi.Route {
		return httpapi.Route{
			Method:  http.MethodGet,
			Path:    "/boom",
			Public:  true,
			Handler: func(*gin.Context) { panic("boom") },
		}
	}))
	p := start(t, testConfig(t), boom)

	rec := p.do(t, http.MethodGet, "/boom", "")
	assert.Equal(t, http.StatusInternalServerError, rec.Code)
	assert.Equal(t, "internal", errorCode(t, rec))
}

// TestBodyLimit: a body over http.max_body_bytes is answered 413 in the
// error shape, without the handler reading it whole: at once when its
// length is declared, at the limit when it is not (chunked).
func TestBodyLimit(t *testing.T) {
	var read int
	echo := routeOption(httpapi.Route{
		Method: http.MethodPost,
		Path:   "/echo",
		Public: true,
		Handler: func(c *gin.Context) {
			b, err := io.ReadAll(c.Request.Body)
			read += len(b)
			if err != nil {
				httpapi.RespondDecodeError(c, err)
				return
			}
			c.String(http.StatusOK, "%d", len(b))
		},
	})
	cfg := testConfig(t)
	cfg.HTTP.MaxBodyBytes = 1024
	p := start(t, cfg, echo)
	post := func(body io.Reader, length int64) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, "/echo", body)
		req.ContentLength = length
		rec := httptest.NewRecorder()
		p.router.ServeHTTP(rec, req)
		return rec
	}

	rec := post(strings.NewReader(strings.Repeat("x", 1024)), 1024)
	require.Equal(t, http.StatusOK, rec.Code, "a body at the limit is fine")

	read = 0
	rec = post(strings.NewReader(strings.Repeat("x", 1025)), 1025)
	assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
	assert.Equal(t, "payload_too_large", errorCode(t, rec))
	assert.Zero(t, read, "a declared length over the limit is refused before the handler")

	read = 0
	rec = post(strings.NewReader(strings.Repeat("x", 1<<20)), -1)
	assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
	assert.Equal(t, "payload_too_large", errorCode(t, rec))
	assert.LessOrEqual(t, read, 1024, "reading stops at the limit")

	metrics := p.do(t, http.MethodGet, "/metrics", "").Body.String()
	assert.Contains(t, metrics, `http_requests_total{method="POST",route="/echo",status="413"} 2`)
}

// TestClientGoneIsNot500: a request whose client disconnects is neither
// logged as an error nor counted as a 500; it is recorded as 499.
func TestClientGoneIsNot500(t *testing.T) {
	core, logs := observer.New(zapcore.InfoLevel)
	reached := make(chan struct{})
	slow := routeOption(httpapi.Route{
		Method: http.MethodGet,
		Path:   "/slow",
		Public: true,
		Handler: func(c *gin.Context) {
			close(reached)
			<-c.Request.Context().Done() // a query the client's departure cancels
			httpapi.RespondError(c, fmt.Errorf("query: %w", c.Request.Context().Err()))
		},
	})
	p := start(t, testConfig(t), slow, fx.Decorate(func() *zap.Logger { return zap.New(core) }))

	ctx, cancel := context.WithCancel(context.Background())
	req := httptest.NewRequestWithContext(ctx, http.MethodGet, "/slow", nil)
	done := make(chan struct{})
	go func() {
		defer close(done)
		p.router.ServeHTTP(httptest.NewRecorder(), req)
	}()
	<-reached
	cancel()
	<-done

	metrics := p.do(t, http.MethodGet, "/metrics", "").Body.String()
	assert.Contains(t, metrics, `http_requests_total{method="GET",route="/slow",status="499"} 1`)
	assert.NotContains(t, metrics, `route="/slow",status="500"`)
	access := logs.FilterMessage("http request").FilterField(zap.Int("status", httpapi.StatusClientClosedRequest)).All()
	require.Len(t, access, 1, "the request is logged with status 499")
	assert.Equal(t, zapcore.InfoLevel, access[0].Level, "a client's departure is not a server error")
	assert.Empty(t, logs.FilterLevelExact(zapcore.ErrorLevel).All())
}

// startErr builds the app with extra options and returns the start error.
func startErr(t *testing.T, extra ...fx.Option) error {
	t.Helper()
	opts := append([]fx.Option{kernel.Services, fx.Supply(testConfig(t)), fx.NopLogger}, extra...)
	app := fx.New(opts...)
	if err := app.Err(); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := app.Start(ctx)
	if err == nil {
		require.NoError(t, app.Stop(ctx))
	}
	return err
}

func routeOption(r httpapi.Route) fx.Option {
	return fx.Provide(httpapi.AsRoute(func() httpapi.Route { return r }))
}

func TestDenyByDefault(t *testing.T) {
	noop := func(*gin.Context) {}
	err := startErr(t, routeOption(httpapi.Route{Method: http.MethodGet, Path: "/api/v1/leaky", Handler: noop}))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "GET /api/v1/leaky")
	assert.Contains(t, err.Error(), "deny by default")
}

func TestDuplicateRouteRefused(t *testing.T) {
	noop := func(*gin.Context) {}
	err := startErr(t, routeOption(httpapi.Route{Method: http.MethodGet, Path: "/healthz", Public: true, Handler: noop}))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "GET /healthz")
	assert.Contains(t, err.Error(), "more than once")
}

func TestValidateRejectsAmbiguousRoute(t *testing.T) {
	ambiguous := httpapi.Route{
		Method:     http.MethodGet,
		Path:       "/x",
		Public:     true,
		Permission: "system.routes.read",
		Handler:    func(*gin.Context) {},
	}
	err := server.Validate([]httpapi.Route{ambiguous})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "ambiguous")
}

// TestStartLineNamesURL checks the line that says where the server
// listens gives a URL that answers, and that only development adds how to
// mint a token.
func TestStartLineNamesURL(t *testing.T) {
	for env, wantHint := range map[string]bool{"development": true, "test": false} {
		t.Run(env, func(t *testing.T) {
			cfg := testConfig(t)
			cfg.App.Environment = env
			// Every interface: the URL names localhost instead of "[::]".
			cfg.HTTP.Addr = ":0"
			core, logs := observer.New(zapcore.InfoLevel)
			start(t, cfg, fx.Decorate(func() *zap.Logger { return zap.New(core) }))

			listening := logs.FilterMessage("http server listening").All()
			require.Len(t, listening, 1)
			url, _ := listening[0].ContextMap()["url"].(string)
			assert.True(t, strings.HasPrefix(url, "http://localhost:"), url)
			resp, err := http.Get(url + "/healthz")
			require.NoError(t, err)
			require.NoError(t, resp.Body.Close())
			assert.Equal(t, http.StatusOK, resp.StatusCode)

			hints := logs.FilterMessageSnippet("platformctl token").All()
			if !wantHint {
				assert.Empty(t, hints)
				return
			}
			require.Len(t, hints, 1)
			assert.Contains(t, hints[0].Message, "go run ./cmd/platformctl token --sub alice --roles admin")
		})
	}
}

// TestShutdownDrains: on stop /ready answers 503 at once while the
// listener still accepts for http.drain_delay; then the listener closes,
// the request in flight still finishes, and the stop succeeds.
func TestShutdownDrains(t *testing.T) {
	cfg := testConfig(t)
	cfg.HTTP.DrainDelay = time.Second
	core, logs := observer.New(zapcore.InfoLevel)
	reached := make(chan struct{})
	upload := routeOption(httpapi.Route{
		Method: http.MethodPost,
		Path:   "/upload",
		Public: true,
		Handler: func(c *gin.Context) {
			close(reached)
			body, err := io.ReadAll(c.Request.Body)
			if err != nil {
				httpapi.RespondError(c, err)
				return
			}
			c.String(http.StatusOK, "%d bytes", len(body))
		},
	})
	app := fx.New(kernel.Services, fx.Supply(cfg), fx.NopLogger, upload,
		fx.Decorate(func() *zap.Logger { return zap.New(core) }))
	require.NoError(t, app.Start(t.Context()))
	listening := logs.FilterMessage("http server listening").All()
	require.Len(t, listening, 1)
	base, _ := listening[0].ContextMap()["url"].(string)
	// A new connection per request: a kept-alive one would hide whether
	// the listener still accepts.
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	get := func(path string) (*http.Response, error) {
		req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, base+path, nil)
		if err != nil {
			return nil, err
		}
		return client.Do(req)
	}

	// A client that sends its body slowly keeps a request in flight.
	bodyR, bodyW := io.Pipe()
	uploaded := make(chan *http.Response, 1)
	go func() {
		defer close(uploaded)
		req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, base+"/upload", bodyR)
		if err != nil {
			return
		}
		if resp, err := client.Do(req); err == nil {
			uploaded <- resp
		}
	}()
	_, err := bodyW.Write([]byte("first half, "))
	require.NoError(t, err)
	<-reached

	ctx, cancel := context.WithTimeout(t.Context(), cfg.HTTP.ShutdownTimeout)
	defer cancel()
	stopped := make(chan error, 1)
	go func() { stopped <- app.Stop(ctx) }()

	require.Eventually(t, func() bool {
		resp, err := get("/ready")
		if err != nil {
			return false
		}
		_ = resp.Body.Close()
		return resp.StatusCode == http.StatusServiceUnavailable
	}, cfg.HTTP.DrainDelay, 10*time.Millisecond, "/ready answers 503 while the listener still accepts")
	require.Eventually(t, func() bool {
		resp, err := get("/healthz")
		if err == nil {
			_ = resp.Body.Close()
		}
		return err != nil
	}, cfg.HTTP.ShutdownTimeout, 10*time.Millisecond, "the listener closes after the drain delay")

	_, err = bodyW.Write([]byte("second half"))
	require.NoError(t, err)
	require.NoError(t, bodyW.Close())
	resp, ok := <-uploaded
	require.True(t, ok, "the request in flight is answered")
	got, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "23 bytes", string(got))
	require.NoError(t, <-stopped)
}

func TestBadListenAddressFailsStart(t *testing.T) {
	cfg := testConfig(t)
	cfg.HTTP.Addr = "256.0.0.1:bad"
	app := fx.New(kernel.Services, fx.Supply(cfg), fx.NopLogger)
	require.NoError(t, app.Err())
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := app.Start(ctx)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "listen")
}

// TestPostgresReady runs against a real PostgreSQL when DATABASE_URL is set
// (CI provides one through a service container).
func TestPostgresReady(t *testing.T) {
	dsn := os.Getenv("DATABASE_URL")
	if dsn == "" {
		t.Skip("DATABASE_URL not set; skipping PostgreSQL integration test (set it to a postgres:// URL to run)")
	}
	cfg := testConfig(t)
	cfg.Database.Driver = config.DriverPostgres
	cfg.Database.DSN = dsn
	p := start(t, cfg)

	rec := p.do(t, http.MethodGet, "/ready", "")
	assert.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
}
