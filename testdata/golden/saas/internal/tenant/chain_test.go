package tenant_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	internalauth "example.com/saas/internal/auth"
	internalauthz "example.com/saas/internal/authz"
	internaltenant "example.com/saas/internal/tenant"
	"example.com/saas/pkg/auth"
	"example.com/saas/pkg/config"
	"example.com/saas/pkg/tenant"
)

const testSecret = "tenant-test-secret-0123456789abcdef"

func jwtConfig() config.JWT {
	return config.JWT{Algorithm: config.AlgHS256, Secret: testSecret, Issuer: "saas", TTL: time.Hour}
}

// selectPermission lets its holders (admin, through "*") choose a tenant
// with the header or subdomain in the tests that do.
const selectPermission = "system.tenants.select"

func tenancy(resolvers ...string) config.Tenancy {
	return config.Tenancy{
		Resolvers:        resolvers,
		Required:         true,
		Claim:            "tenant_id",
		Header:           "X-Tenant-ID",
		BaseDomain:       "example.com",
		SelectPermission: selectPermission,
		AnonymousSelect:  true,
	}
}

// newAuthz grants admin every permission and viewer the read ones.
func newAuthz(t *testing.T) *internalauthz.RoleAuthorizer {
	t.Helper()
	az, err := internalauthz.New(map[string][]string{"admin": {"*"}, "viewer": {"*.read"}})
	require.NoError(t, err)
	return az
}

func newAuthn(t *testing.T) *internalauth.JWT {
	t.Helper()
	a, err := internalauth.New(jwtConfig())
	require.NoError(t, err)
	return a
}

// request builds a request to host, authenticated as the holder of token
// (verified as the auth middleware would), with the given headers.
func request(t *testing.T, authn auth.Authenticator, host, token string, headers ...string) *http.Request {
	t.Helper()
	r := httptest.NewRequestWithContext(t.Context(), http.MethodGet, "http://"+host+"/api/v1/things", nil)
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Add(headers[i], headers[i+1])
	}
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
		claims, err := authn.VerifyToken(t.Context(), token)
		require.NoError(t, err)
		r = r.WithContext(auth.WithUser(r.Context(), auth.UserFromClaims(claims)))
	}
	return r
}

func mint(t *testing.T, a auth.Authenticator, tenantID string) string {
	t.Helper()
	tok, err := a.GenerateToken("alice", []string{"admin"}, tenantID, time.Minute)
	require.NoError(t, err)
	return tok
}

// mintWithClaims signs a platform token carrying extra claims, as an
// identity provider with its own tenant claim would.
func mintWithClaims(t *testing.T, extra jwt.MapClaims) string {
	t.Helper()
	now := time.Now()
	claims := jwt.MapClaims{"sub": "alice", "iss": "saas", "iat": now.Unix(), "exp": now.Add(time.Minute).Unix()}
	for k, v := range extra {
		claims[k] = v
	}
	tok, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte(testSecret))
	require.NoError(t, err)
	return tok
}

func TestChainOrder(t *testing.T) {
	authn := newAuthn(t)
	platformUser := mint(t, authn, "") // no tenant claim: may pick a tenant

	tests := []struct {
		name      string
		resolvers []string
		host      string
		headers   []string
		want      string
	}{
		{"header before subdomain", []string{"claim", "header", "subdomain"}, "globex.example.com", []string{"X-Tenant-ID", "acme"}, "acme"},
		{"subdomain before header", []string{"claim", "subdomain", "header"}, "globex.example.com", []string{"X-Tenant-ID", "acme"}, "globex"},
		{"falls through to the next source", []string{"header", "subdomain"}, "globex.example.com", nil, "globex"},
		{"unlisted sources are ignored", []string{"header"}, "globex.example.com", nil, ""},
		{"nothing resolves", []string{"claim", "header", "subdomain"}, "localhost:8080", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := internaltenant.NewChain(tenancy(tt.resolvers...), authn, newAuthz(t))
			require.NoError(t, err)
			got, err := c.Resolve(request(t, authn, tt.host, platformUser, tt.headers...))
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestChainTokenTenantBinds(t *testing.T) {
	authn := newAuthn(t)
	acme := mint(t, authn, "acme")
	all := []string{"claim", "header", "subdomain"}

	tests := []struct {
		name      string
		resolvers []string
		host      string
		headers   []string
		want      string
		wantErr   error
	}{
		{"claim alone", all, "localhost", nil, "acme", nil},
		{"matching header", all, "localhost", []string{"X-Tenant-ID", "acme"}, "acme", nil},
		{"matching subdomain", all, "acme.example.com", nil, "acme", nil},
		{"other tenant by header", all, "localhost", []string{"X-Tenant-ID", "globex"}, "", tenant.ErrConflict},
		{"other tenant by subdomain", all, "globex.example.com", nil, "", tenant.ErrConflict},
		{"other tenant by header listed first", []string{"header", "claim"}, "localhost", []string{"X-Tenant-ID", "globex"}, "", tenant.ErrConflict},
		// The claim binds even when it is not a listed source.
		{"claim not listed, other header", []string{"header"}, "localhost", []string{"X-Tenant-ID", "globex"}, "", tenant.ErrConflict},
		{"claim not listed, no header", []string{"header"}, "localhost", nil, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := internaltenant.NewChain(tenancy(tt.resolvers...), authn, newAuthz(t))
			require.NoError(t, err)
			got, err := c.Resolve(request(t, authn, tt.host, acme, tt.headers...))
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

// TestChainChoosingNeedsPermission: a header or subdomain chooses the
// tenant only for callers the configuration allows, and for no one by
// default.
func TestChainChoosingNeedsPermission(t *testing.T) {
	authn := newAuthn(t)
	admin := mint(t, authn, "")
	viewer, err := authn.GenerateToken("vic", []string{"viewer"}, "", time.Minute)
	require.NoError(t, err)
	all := []string{"claim", "header", "subdomain"}
	byDefault := tenancy(all...)
	byDefault.SelectPermission, byDefault.AnonymousSelect = "", false
	configured := tenancy(all...)

	tests := []struct {
		name    string
		cfg     config.Tenancy
		host    string
		token   string
		headers []string
		want    string
		wantErr error
	}{
		{"default: header refused", byDefault, "localhost", admin, []string{"X-Tenant-ID", "acme"}, "", tenant.ErrNotAllowed},
		{"default: subdomain refused", byDefault, "acme.example.com", admin, nil, "", tenant.ErrNotAllowed},
		{"default: anonymous header refused", byDefault, "localhost", "", []string{"X-Tenant-ID", "acme"}, "", tenant.ErrNotAllowed},
		{"default: nothing named", byDefault, "localhost", admin, nil, "", nil},
		{"default: header confirms the token's tenant", byDefault, "localhost", mint(t, authn, "acme"), []string{"X-Tenant-ID", "acme"}, "acme", nil},
		{"holder of the permission chooses", configured, "localhost", admin, []string{"X-Tenant-ID", "acme"}, "acme", nil},
		{"holder of the permission chooses by subdomain", configured, "acme.example.com", admin, nil, "acme", nil},
		{"caller without the permission refused", configured, "localhost", viewer, []string{"X-Tenant-ID", "acme"}, "", tenant.ErrNotAllowed},
		{"anonymous_select lets anonymous callers choose", configured, "acme.example.com", "", nil, "acme", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := internaltenant.NewChain(tt.cfg, authn, newAuthz(t))
			require.NoError(t, err)
			got, err := c.Resolve(request(t, authn, tt.host, tt.token, tt.headers...))
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestChainInvalidTenant(t *testing.T) {
	authn := newAuthn(t)
	c, err := internaltenant.NewChain(tenancy("claim", "header", "subdomain"), authn, newAuthz(t))
	require.NoError(t, err)
	for name, r := range map[string]*http.Request{
		"control characters": request(t, authn, "localhost", "", "X-Tenant-ID", "acme\x00"),
		"too long":           request(t, authn, "localhost", "", "X-Tenant-ID", string(make([]byte, tenant.MaxLen+1))),
		"sent twice":         request(t, authn, "localhost", "", "X-Tenant-ID", "acme", "X-Tenant-ID", "globex"),
		"nested subdomain":   request(t, authn, "www.acme.example.com", ""),
		"bad subdomain":      request(t, authn, "-acme.example.com", ""),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := c.Resolve(r)
			require.ErrorIs(t, err, tenant.ErrInvalid)
		})
	}
}

func TestSubdomainResolver(t *testing.T) {
	s := internaltenant.NewSubdomainResolver("example.com")
	for host, want := range map[string]string{
		"acme.example.com":       "acme",
		"acme.example.com:8443":  "acme",
		"ACME.Example.COM.":      "acme",
		"example.com":            "",
		"acme.example.org":       "",
		"acme-example.com":       "",
		"127.0.0.1:8080":         "",
		"[::1]:8080":             "",
		"globex-2.example.com:1": "globex-2",
	} {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.Host = host
		got, err := s.Resolve(r)
		require.NoError(t, err, host)
		assert.Equal(t, want, got, host)
	}
}

func TestClaimResolverCustomClaim(t *testing.T) {
	authn := newAuthn(t)
	c := internaltenant.NewClaimResolver("org", authn)

	got, err := c.Resolve(request(t, authn, "localhost", mintWithClaims(t, jwt.MapClaims{"org": "acme"})))
	require.NoError(t, err)
	assert.Equal(t, "acme", got)

	got, err = c.Resolve(request(t, authn, "localhost", mintWithClaims(t, jwt.MapClaims{"org": float64(42)})))
	require.NoError(t, err)
	assert.Equal(t, "42", got)

	_, err = c.Resolve(request(t, authn, "localhost", mintWithClaims(t, jwt.MapClaims{"org": []string{"a", "b"}})))
	require.ErrorIs(t, err, tenant.ErrInvalid)

	// Without an authenticated user no claim is trusted, even if the
	// header carries a token.
	r := httptest.NewRequestWithContext(t.Context(), http.MethodGet, "/", nil)
	r.Header.Set("Authorization", "Bearer "+mintWithClaims(t, jwt.MapClaims{"org": "acme"}))
	got, err = c.Resolve(r)
	require.NoError(t, err)
	assert.Empty(t, got)

	// A user authenticated some other way whose bearer token does not
	// verify: the forged claim is ignored.
	forged, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"sub": "alice", "iss": "saas", "exp": time.Now().Add(time.Minute).Unix(), "org": "globex",
	}).SignedString([]byte("another-secret-0123456789abcdef-xyz"))
	require.NoError(t, err)
	r = httptest.NewRequestWithContext(auth.WithUser(t.Context(), auth.User{ID: "alice"}), http.MethodGet, "/", nil)
	r.Header.Set("Authorization", "Bearer "+forged)
	got, err = c.Resolve(r)
	require.NoError(t, err)
	assert.Empty(t, got)
}

func TestChainCustomClaimAndPlatformClaimMustAgree(t *testing.T) {
	authn := newAuthn(t)
	cfg := tenancy("claim", "header")
	cfg.Claim = "org"
	c, err := internaltenant.NewChain(cfg, authn, newAuthz(t))
	require.NoError(t, err)

	got, err := c.Resolve(request(t, authn, "localhost", mintWithClaims(t, jwt.MapClaims{"org": "acme", "tenant_id": "acme"})))
	require.NoError(t, err)
	assert.Equal(t, "acme", got)

	_, err = c.Resolve(request(t, authn, "localhost", mintWithClaims(t, jwt.MapClaims{"org": "acme", "tenant_id": "globex"})))
	require.ErrorIs(t, err, tenant.ErrConflict)

	_, err = c.Resolve(request(t, authn, "localhost", mintWithClaims(t, jwt.MapClaims{"org": "acme"}), "X-Tenant-ID", "globex"))
	require.ErrorIs(t, err, tenant.ErrConflict)
}

func TestNewChainRejectsIncompleteConfig(t *testing.T) {
	authn := newAuthn(t)
	for name, cfg := range map[string]config.Tenancy{
		"unknown":                      {Resolvers: []string{"cookie"}},
		"no claim":                     {Resolvers: []string{"claim"}},
		"no header":                    {Resolvers: []string{"header"}},
		"no domain":                    {Resolvers: []string{"subdomain"}},
		"pattern as select permission": {Resolvers: []string{"header"}, Header: "X-Tenant-ID", SelectPermission: "system.*"},
	} {
		_, err := internaltenant.NewChain(cfg, authn, newAuthz(t))
		assert.Error(t, err, name)
	}
}
