package audit_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/fx"
	"go.uber.org/fx/fxtest"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	internalaudit "example.com/saas/internal/audit"
	"example.com/saas/internal/ent"
	"example.com/saas/internal/kernel"
	"example.com/saas/internal/server"
	"example.com/saas/pkg/audit"
	"example.com/saas/pkg/auth"
	"example.com/saas/pkg/config"
	"example.com/saas/pkg/database"
	"example.com/saas/pkg/httpapi"
	"example.com/saas/pkg/perm"
)

// testConfig mirrors internal/server's test configuration: a private
// in-memory SQLite database per test.
func testConfig(t *testing.T) *config.Config {
	t.Helper()
	name := strings.NewReplacer("/", "_", " ", "_").Replace(t.Name())
	return &config.Config{
		App: config.App{Name: "saas", Environment: "test"},
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
		Auth: config.Auth{JWT: config.JWT{
			Algorithm: config.AlgHS256,
			Secret:    "audit-test-secret-0123456789abcdef",
			Issuer:    "saas",
			TTL:       time.Hour,
		}},
		Authz: config.Authz{Roles: map[string][]string{
			"admin":  {"*"},
			"viewer": {"*.read"},
		}},
	}
}

// platform is a started kernel with two blog-like test routes.
type platform struct {
	router *server.Router
	authn  auth.Authenticator
	client *ent.Client
}

func start(t *testing.T, extra ...fx.Option) *platform {
	t.Helper()
	var (
		p  platform
		db database.Database
	)
	routes := fx.Provide(httpapi.AsRoutes(func() []httpapi.Route {
		return []httpapi.Route{
			{
				Method: http.MethodPost, Path: "/api/v1/things", Permission: perm.Permission("things.thing.create"),
				Handler: func(c *gin.Context) { c.JSON(http.StatusCreated, gin.H{"id": 1}) },
			},
			{
				Method: http.MethodDelete, Path: "/api/v1/things/:id", Permission: perm.Permission("things.thing.delete"),
				Handler: func(c *gin.Context) { panic("boom") },
			},
			{
				Method: http.MethodGet, Path: "/api/v1/things", Permission: perm.Permission("things.thing.read"),
				Handler: func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"things": []int{}}) },
			},
			{
				Method: http.MethodPost, Path: "/api/v1/echo", Authenticated: true,
				Handler: func(c *gin.Context) { c.Status(http.StatusNoContent) },
			},
		}
	}))
	opts := append([]fx.Option{
		kernel.Services,
		fx.Supply(testConfig(t)),
		fx.NopLogger,
		routes,
		fx.Populate(&p.router, &p.authn, &db),
	}, extra...)
	app := fxtest.New(t, opts...)
	app.RequireStart()
	t.Cleanup(app.RequireStop)
	p.client = ent.NewClient(ent.Driver(db.Driver()))
	return &p
}

func (p *platform) do(t *testing.T, method, path string, roles ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, path, nil)
	req.Header.Set(httpapi.RequestIDHeader, "req-"+strings.ToLower(method))
	if roles != nil {
		tok, err := p.authn.GenerateToken("alice", roles, "tenant-1", time.Minute)
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	rec := httptest.NewRecorder()
	p.router.ServeHTTP(rec, req)
	return rec
}

func (p *platform) entries(t *testing.T) []internalaudit.Entry {
	t.Helper()
	es, err := internalaudit.Latest(t.Context(), p.client, 100)
	require.NoError(t, err)
	return es
}

func TestMutatingPermissionRequestIsAudited(t *testing.T) {
	p := start(t)

	rec := p.do(t, http.MethodPost, "/api/v1/things", "admin")
	require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())

	es := p.entries(t)
	require.Len(t, es, 1)
	e := es[0]
	assert.Equal(t, "alice", e.Actor)
	assert.Equal(t, "things.thing.create", e.Action.Action)
	assert.Equal(t, "/api/v1/things", e.Target)
	assert.Equal(t, "req-post", e.RequestID)
	assert.Empty(t, e.TenantID, "no tenancy feature: records are platform-wide")
	assert.Equal(t, map[string]any{
		"method": "POST",
		"path":   "/api/v1/things",
		"route":  "/api/v1/things",
		"status": float64(http.StatusCreated),
	}, e.Metadata)
	assert.WithinDuration(t, time.Now(), e.Time, time.Minute)
}

func TestReadsAndNonPermissionRoutesAreNotAudited(t *testing.T) {
	p := start(t)

	require.Equal(t, http.StatusOK, p.do(t, http.MethodGet, "/api/v1/things", "viewer").Code)
	require.Equal(t, http.StatusNoContent, p.do(t, http.MethodPost, "/api/v1/echo", "viewer").Code)
	require.Equal(t, http.StatusOK, p.do(t, http.MethodGet, "/healthz").Code)
	require.Equal(t, http.StatusNotFound, p.do(t, http.MethodPost, "/api/v1/nowhere", "admin").Code)

	assert.Empty(t, p.entries(t))
}

func TestDeniedMutatingRequestsAreAudited(t *testing.T) {
	p := start(t)

	require.Equal(t, http.StatusForbidden, p.do(t, http.MethodPost, "/api/v1/things", "viewer").Code)
	require.Equal(t, http.StatusUnauthorized, p.do(t, http.MethodPost, "/api/v1/things").Code)

	es := p.entries(t)
	require.Len(t, es, 2)
	assert.Equal(t, "alice", es[0].Actor, "403: the caller is known")
	assert.Equal(t, float64(http.StatusForbidden), es[0].Metadata["status"])
	assert.Empty(t, es[1].Actor, "401: the caller is unknown")
	assert.Equal(t, float64(http.StatusUnauthorized), es[1].Metadata["status"])
	for _, e := range es {
		assert.Equal(t, "things.thing.create", e.Action.Action)
	}
}

func TestPanickingHandlerIsAuditedAs500(t *testing.T) {
	p := start(t)

	rec := p.do(t, http.MethodDelete, "/api/v1/things/9", "admin")
	require.Equal(t, http.StatusInternalServerError, rec.Code)

	es := p.entries(t)
	require.Len(t, es, 1)
	assert.Equal(t, "things.thing.delete", es[0].Action.Action)
	assert.Equal(t, "/api/v1/things/9", es[0].Target)
	assert.Equal(t, "/api/v1/things/:id", es[0].Metadata["route"])
	assert.Equal(t, float64(http.StatusInternalServerError), es[0].Metadata["status"])
}

// failingAuditor always fails, standing in for an unreachable database.
type failingAuditor struct{}

func (failingAuditor) Record(context.Context, audit.Action) error {
	return errors.New("database is on fire")
}

func TestAuditFailureDoesNotBreakTheResponse(t *testing.T) {
	core, logs := observer.New(zap.ErrorLevel)
	p := start(t,
		fx.Decorate(func(audit.Auditor) audit.Auditor { return failingAuditor{} }),
		fx.Decorate(func() *zap.Logger { return zap.New(core) }),
	)

	rec := p.do(t, http.MethodPost, "/api/v1/things", "admin")
	assert.Equal(t, http.StatusCreated, rec.Code)
	assert.JSONEq(t, `{"id":1}`, rec.Body.String())

	failed := logs.FilterMessage("audit record failed").All()
	require.Len(t, failed, 1)
	fields := failed[0].ContextMap()
	assert.Equal(t, "database is on fire", fields["error"])
	assert.Equal(t, "things.thing.create", fields["action"])
	assert.Equal(t, "req-post", fields["request_id"], "logged with the request logger")
}

func TestTenantFuncFromGraph(t *testing.T) {
	tenantOf := func(ctx context.Context) string {
		u, _ := auth.FromContext(ctx)
		return u.TenantID
	}
	// The kernel supplies the tenancy feature's TenantFunc; replace it.
	p := start(t, fx.Decorate(func(audit.TenantFunc) audit.TenantFunc { return tenantOf }))

	require.Equal(t, http.StatusCreated, p.do(t, http.MethodPost, "/api/v1/things", "admin").Code)
	es := p.entries(t)
	require.Len(t, es, 1)
	assert.Equal(t, "tenant-1", es[0].TenantID)
}
