package tenant_test

import (
	"encoding/json"
	"io"
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
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"example.com/saas/internal/kernel"
	"example.com/saas/internal/server"
	"example.com/saas/pkg/auth"
	"example.com/saas/pkg/config"
	"example.com/saas/pkg/httpapi"
	"example.com/saas/pkg/logger"
	"example.com/saas/pkg/tenant"
)

// platform is the kernel, tenancy included, serving test routes over HTTP.
type platform struct {
	srv   *httptest.Server
	authn auth.Authenticator
	logs  *observer.ObservedLogs
}

func testConfig(t *testing.T, tc config.Tenancy) *config.Config {
	t.Helper()
	name := strings.NewReplacer("/", "_", " ", "_").Replace(t.Name())
	return &config.Config{
		App: config.App{Name: "saas", Environment: "test"},
		HTTP: config.HTTP{
			Addr: "127.0.0.1:0", ReadTimeout: 5 * time.Second, WriteTimeout: 5 * time.Second,
			IdleTimeout: 5 * time.Second, ShutdownTimeout: 5 * time.Second,
		},
		Log: config.Log{Level: "error", Format: "json"},
		Database: config.Database{
			Driver:       config.DriverSQLite,
			DSN:          "file:" + name + "?mode=memory&cache=shared&_pragma=foreign_keys(1)",
			MaxOpenConns: 2, MaxIdleConns: 2,
		},
		Auth:     config.Auth{JWT: jwtConfig()},
		Authz:    config.Authz{Roles: map[string][]string{"admin": {"*"}}},
		Features: config.Features{Tenancy: tc},
	}
}

// echo answers with the tenant of the request and logs one line with the
// request logger.
func echo(c *gin.Context) {
	ctx := c.Request.Context()
	id, _ := tenant.FromContext(ctx)
	user, _ := auth.FromContext(ctx)
	logger.FromContext(ctx).Info("handled")
	c.JSON(http.StatusOK, gin.H{"tenant": id, "user_tenant": user.TenantID})
}

func startPlatform(t *testing.T, tc config.Tenancy) *platform {
	t.Helper()
	var (
		p      platform
		router *server.Router
	)
	core, logs := observer.New(zapcore.InfoLevel)
	p.logs = logs
	routes := []httpapi.Route{
		{Method: http.MethodGet, Path: "/api/v1/t/scoped", Authenticated: true, TenantScoped: true, Handler: echo},
		{Method: http.MethodGet, Path: "/api/v1/t/open", Authenticated: true, Handler: echo},
		{Method: http.MethodGet, Path: "/api/v1/t/public-scoped", Public: true, TenantScoped: true, Handler: echo},
		{Method: http.MethodGet, Path: "/api/v1/t/public", Public: true, Handler: echo},
	}
	app := fxtest.New(t,
		kernel.Services,
		fx.Supply(testConfig(t, tc)),
		fx.Provide(httpapi.AsRoutes(func() []httpapi.Route { return routes })),
		fx.Decorate(func() *zap.Logger { return zap.New(core) }),
		fx.NopLogger,
		fx.Populate(&router, &p.authn),
	)
	app.RequireStart()
	t.Cleanup(app.RequireStop)
	p.srv = httptest.NewServer(router)
	t.Cleanup(p.srv.Close)
	return &p
}

type echoed struct {
	status     int
	Tenant     string `json:"tenant"`
	UserTenant string `json:"user_tenant"`
	Error      struct {
		Code httpapi.Code `json:"code"`
	} `json:"error"`
}

func (p *platform) get(t *testing.T, path, host, token string, headers ...string) echoed {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, p.srv.URL+path, nil)
	require.NoError(t, err)
	if host != "" {
		req.Host = host
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Add(headers[i], headers[i+1])
	}
	res, err := p.srv.Client().Do(req)
	require.NoError(t, err)
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	require.NoError(t, res.Body.Close())
	var e echoed
	require.NoError(t, json.Unmarshal(body, &e), string(body))
	e.status = res.StatusCode
	return e
}

func TestMiddleware(t *testing.T) {
	p := startPlatform(t, tenancy("claim", "header", "subdomain"))
	acme := mint(t, p.authn, "acme")
	platformUser := mint(t, p.authn, "")

	t.Run("token tenant", func(t *testing.T) {
		r := p.get(t, "/api/v1/t/scoped", "", acme)
		require.Equal(t, http.StatusOK, r.status)
		assert.Equal(t, "acme", r.Tenant)
	})
	t.Run("header picks the tenant of a platform user", func(t *testing.T) {
		r := p.get(t, "/api/v1/t/scoped", "", platformUser, "X-Tenant-ID", "globex")
		require.Equal(t, http.StatusOK, r.status)
		assert.Equal(t, "globex", r.Tenant)
		assert.Equal(t, "globex", r.UserTenant, "the user acts in the resolved tenant")
	})
	t.Run("subdomain", func(t *testing.T) {
		r := p.get(t, "/api/v1/t/scoped", "initech.example.com", platformUser)
		require.Equal(t, http.StatusOK, r.status)
		assert.Equal(t, "initech", r.Tenant)
	})
	t.Run("another tenant by header is forbidden", func(t *testing.T) {
		r := p.get(t, "/api/v1/t/scoped", "", acme, "X-Tenant-ID", "globex")
		assert.Equal(t, http.StatusForbidden, r.status)
		assert.Equal(t, httpapi.CodeForbidden, r.Error.Code)
		// Also on routes that are not tenant-scoped.
		assert.Equal(t, http.StatusForbidden, p.get(t, "/api/v1/t/open", "", acme, "X-Tenant-ID", "globex").status)
	})
	t.Run("another tenant by subdomain is forbidden", func(t *testing.T) {
		assert.Equal(t, http.StatusForbidden, p.get(t, "/api/v1/t/scoped", "globex.example.com", acme).status)
	})
	t.Run("malformed tenant", func(t *testing.T) {
		r := p.get(t, "/api/v1/t/scoped", "", platformUser, "X-Tenant-ID", "a b")
		assert.Equal(t, http.StatusBadRequest, r.status)
		assert.Equal(t, httpapi.CodeBadRequest, r.Error.Code)
	})
	t.Run("required on tenant-scoped routes only", func(t *testing.T) {
		r := p.get(t, "/api/v1/t/scoped", "", platformUser)
		assert.Equal(t, http.StatusBadRequest, r.status)
		assert.Equal(t, httpapi.CodeBadRequest, r.Error.Code)
		r = p.get(t, "/api/v1/t/open", "", platformUser)
		require.Equal(t, http.StatusOK, r.status)
		assert.Empty(t, r.Tenant)
	})
	t.Run("authentication runs first", func(t *testing.T) {
		assert.Equal(t, http.StatusUnauthorized, p.get(t, "/api/v1/t/scoped", "", "", "X-Tenant-ID", "acme").status)
	})
	t.Run("public tenant-scoped route", func(t *testing.T) {
		r := p.get(t, "/api/v1/t/public-scoped", "acme.example.com", "")
		require.Equal(t, http.StatusOK, r.status)
		assert.Equal(t, "acme", r.Tenant)
		assert.Equal(t, http.StatusBadRequest, p.get(t, "/api/v1/t/public-scoped", "", "").status)
	})
	t.Run("other public routes are left alone", func(t *testing.T) {
		r := p.get(t, "/api/v1/t/public", "", "", "X-Tenant-ID", "a b")
		require.Equal(t, http.StatusOK, r.status)
		assert.Empty(t, r.Tenant)
	})
}

// TestMiddlewareChoosingIsOffByDefault: with the shipped settings (no
// tenancy.select_permission, no anonymous_select) a token without a
// tenant claim cannot read or write a tenant by naming it.
func TestMiddlewareChoosingIsOffByDefault(t *testing.T) {
	tc := tenancy("claim", "header", "subdomain")
	tc.SelectPermission, tc.AnonymousSelect = "", false
	p := startPlatform(t, tc)
	platformUser := mint(t, p.authn, "")

	r := p.get(t, "/api/v1/t/scoped", "", platformUser, "X-Tenant-ID", "globex")
	assert.Equal(t, http.StatusForbidden, r.status)
	assert.Equal(t, httpapi.CodeForbidden, r.Error.Code)
	assert.Equal(t, http.StatusForbidden, p.get(t, "/api/v1/t/scoped", "globex.example.com", platformUser).status)
	assert.Equal(t, http.StatusForbidden, p.get(t, "/api/v1/t/public-scoped", "globex.example.com", "").status)
	r = p.get(t, "/api/v1/t/scoped", "", mint(t, p.authn, "acme"), "X-Tenant-ID", "acme")
	require.Equal(t, http.StatusOK, r.status, "a header naming the token's own tenant is fine")
	assert.Equal(t, "acme", r.Tenant)
}

func TestMiddlewareNotRequired(t *testing.T) {
	tc := tenancy("claim", "header")
	tc.Required = false
	p := startPlatform(t, tc)
	r := p.get(t, "/api/v1/t/scoped", "", mint(t, p.authn, ""))
	require.Equal(t, http.StatusOK, r.status)
	assert.Empty(t, r.Tenant)
}

// TestMiddlewareLogsTenantOnce checks that every line of a request carries
// exactly one tenant_id, whether it came from the token or a header.
func TestMiddlewareLogsTenantOnce(t *testing.T) {
	p := startPlatform(t, tenancy("claim", "header"))
	for _, tc := range []struct {
		name, token string
		headers     []string
	}{
		{"claim", mint(t, p.authn, "acme"), nil},
		{"header", mint(t, p.authn, ""), []string{"X-Tenant-ID", "acme"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p.logs.TakeAll()
			require.Equal(t, http.StatusOK, p.get(t, "/api/v1/t/scoped", "", tc.token, tc.headers...).status)
			handled := p.logs.FilterMessage("handled").TakeAll()
			require.Len(t, handled, 1)
			assertOneTenantField(t, handled[0].Context, "acme")
			access := p.logs.FilterMessage("http request").TakeAll()
			require.Len(t, access, 1)
			assertOneTenantField(t, access[0].Context, "acme")
		})
	}
}

func assertOneTenantField(t *testing.T, fields []zapcore.Field, want string) {
	t.Helper()
	var got []string
	for _, f := range fields {
		if f.Key == logger.FieldTenantID {
			got = append(got, f.String)
		}
	}
	assert.Equal(t, []string{want}, got)
}
