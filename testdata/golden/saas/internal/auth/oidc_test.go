package auth

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/fx"
	"go.uber.org/fx/fxtest"
	"go.uber.org/zap"

	"example.com/saas/pkg/auth"
	"example.com/saas/pkg/config"
)

const (
	oidcAudience = "saas-api"
	oidcKID      = "oidc-k1"
	oidcECKID    = "oidc-ec1"
)

// oidcProvider is an in-process OpenID Connect provider: it serves the
// discovery document and a JWKS holding the public half of key.
type oidcProvider struct {
	srv       *httptest.Server
	key       *rsa.PrivateKey
	ecKey     *ecdsa.PrivateKey
	jwksHits  atomic.Int32
	discovery map[string]any
}

func newOIDCProvider(t *testing.T) *oidcProvider {
	t.Helper()
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	p := &oidcProvider{key: newRSAKey(t), ecKey: ecKey}
	ecEntry := ecJWK(t, ecKey, oidcECKID)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, p.discovery)
	})
	mux.HandleFunc("GET /keys", func(w http.ResponseWriter, _ *http.Request) {
		p.jwksHits.Add(1)
		writeJSON(w, map[string]any{"keys": []map[string]string{
			// A symmetric key must never be used to verify anything.
			{"kty": "oct", "kid": "hmac", "k": base64.RawURLEncoding.EncodeToString([]byte("shared"))},
			rsaJWK(p.key, oidcKID, "RS256"),
			ecEntry,
		}})
	})
	p.srv = httptest.NewServer(mux)
	t.Cleanup(p.srv.Close)
	p.discovery = map[string]any{
		"issuer":                                p.srv.URL,
		"jwks_uri":                              p.srv.URL + "/keys",
		"authorization_endpoint":                p.srv.URL + "/auth",
		"token_endpoint":                        p.srv.URL + "/token",
		"id_token_signing_alg_values_supported": []string{"RS256"},
	}
	return p
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func (p *oidcProvider) config() config.OIDC {
	return config.OIDC{
		Issuer:           p.srv.URL,
		Audience:         oidcAudience,
		RolesClaim:       "realm_access.roles",
		TenantClaim:      "tenant_id",
		DiscoveryTimeout: 5 * time.Second,
	}
}

// claims returns valid claims for sub; edit the map to break them.
func (p *oidcProvider) claims(sub string) jwt.MapClaims {
	now := time.Now()
	return jwt.MapClaims{
		"iss":          p.srv.URL,
		"sub":          sub,
		"aud":          oidcAudience,
		"iat":          now.Unix(),
		"exp":          now.Add(time.Hour).Unix(),
		"tenant_id":    "tenant-9",
		"realm_access": map[string]any{"roles": []string{"admin", "viewer"}},
	}
}

// sign signs c with the provider's key (or key, when given) under kid.
func (p *oidcProvider) sign(t *testing.T, c jwt.MapClaims, kid string) string {
	t.Helper()
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, c)
	tok.Header["kid"] = kid
	s, err := tok.SignedString(p.key)
	require.NoError(t, err)
	return s
}

func startedOIDC(t *testing.T, p *oidcProvider) *OIDC {
	t.Helper()
	a := NewOIDC(p.config(), p.srv.Client())
	require.NoError(t, a.Start(context.Background()))
	t.Cleanup(func() { _ = a.Stop(context.Background()) })
	return a
}

func TestOIDCAcceptsValidToken(t *testing.T) {
	p := newOIDCProvider(t)
	a := startedOIDC(t, p)

	got, err := a.VerifyToken(context.Background(), p.sign(t, p.claims("dave"), oidcKID))
	require.NoError(t, err)
	user := auth.UserFromClaims(got)
	assert.Equal(t, auth.User{ID: "dave", Roles: []string{"admin", "viewer"}, TenantID: "tenant-9"}, user)
	assert.Equal(t, p.srv.URL, got.Issuer)
	assert.NotNil(t, got.ExpiresAt)
}

// TestOIDCAcceptsES256: an EC key of the provider's JWKS verifies ES256
// tokens once the provider advertises ES256; an unknown kid is refused.
func TestOIDCAcceptsES256(t *testing.T) {
	p := newOIDCProvider(t)
	p.discovery["id_token_signing_alg_values_supported"] = []string{"RS256", "ES256"}
	a := startedOIDC(t, p)
	signES := func(kid string) string {
		tok := jwt.NewWithClaims(jwt.SigningMethodES256, p.claims("gina"))
		tok.Header["kid"] = kid
		s, err := tok.SignedString(p.ecKey)
		require.NoError(t, err)
		return s
	}

	got, err := a.VerifyToken(context.Background(), signES(oidcECKID))
	require.NoError(t, err)
	assert.Equal(t, "gina", got.Subject)

	_, err = a.VerifyToken(context.Background(), signES("no-such-kid"))
	assert.ErrorIs(t, err, auth.ErrInvalidToken)
	assert.ErrorContains(t, err, errUnknownKID.Error(), "go-oidc keeps only the message")
	_, err = a.VerifyToken(context.Background(), signES(oidcKID))
	assert.ErrorIs(t, err, auth.ErrInvalidToken, "the RSA key does not verify ES256")
}

func TestOIDCRejects(t *testing.T) {
	p := newOIDCProvider(t)
	a := startedOIDC(t, p)

	edit := func(f func(jwt.MapClaims)) string {
		c := p.claims("mallory")
		f(c)
		return p.sign(t, c, oidcKID)
	}
	other := &oidcProvider{srv: p.srv, key: newRSAKey(t)}
	none, err := jwt.NewWithClaims(jwt.SigningMethodNone, p.claims("mallory")).SignedString(jwt.UnsafeAllowNoneSignatureType)
	require.NoError(t, err)
	hmac := jwt.NewWithClaims(jwt.SigningMethodHS256, p.claims("mallory"))
	hmac.Header["kid"] = "hmac"
	hs256, err := hmac.SignedString([]byte("shared"))
	require.NoError(t, err)

	tests := map[string]string{
		"wrong audience": edit(func(c jwt.MapClaims) { c["aud"] = "other-client" }),
		"wrong issuer":   edit(func(c jwt.MapClaims) { c["iss"] = "https://evil.example.com" }),
		"expired":        edit(func(c jwt.MapClaims) { c["exp"] = time.Now().Add(-time.Hour).Unix() }),
		"no subject":     edit(func(c jwt.MapClaims) { delete(c, "sub") }),
		"exp as string":  edit(func(c jwt.MapClaims) { c["exp"] = strconv.FormatInt(time.Now().Add(time.Hour).Unix(), 10) }),
		"iat as string":  edit(func(c jwt.MapClaims) { c["iat"] = strconv.FormatInt(time.Now().Unix(), 10) }),
		"unknown kid":    p.sign(t, p.claims("mallory"), "no-such-kid"),
		"other key":      other.sign(t, p.claims("mallory"), oidcKID),
		"alg none":       none,
		"hs256 with oct": hs256,
		"garbage":        "not.a.token",
	}
	for name, token := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := a.VerifyToken(context.Background(), token)
			require.Error(t, err)
			assert.ErrorIs(t, err, auth.ErrInvalidToken)
			t.Log(err)
		})
	}
	assert.Empty(t, a.cache.entries, "rejected tokens are not cached")
}

func TestOIDCCachesAndRateLimitsKeyFetches(t *testing.T) {
	p := newOIDCProvider(t)
	a := startedOIDC(t, p)
	require.Equal(t, int32(1), p.jwksHits.Load(), "keys are fetched on start")
	ctx := context.Background()

	token := p.sign(t, p.claims("erin"), oidcKID)
	for range 3 {
		_, err := a.VerifyToken(ctx, token)
		require.NoError(t, err)
	}
	_, cached := a.cache.get(token, time.Now())
	assert.True(t, cached, "a verified token is cached")
	for range 5 {
		_, err := a.VerifyToken(ctx, p.sign(t, p.claims("erin"), "forged-kid"))
		assert.ErrorIs(t, err, auth.ErrInvalidToken)
	}
	assert.Equal(t, int32(1), p.jwksHits.Load(), "unknown kids must not trigger a refresh storm")
}

func TestOIDCRolesClaimShapes(t *testing.T) {
	tests := map[string]struct {
		claim any
		want  []string
	}{
		"array":          {[]any{"a", "b"}, []string{"a", "b"}},
		"spaced string":  {"a b", []string{"a", "b"}},
		"non-strings":    {[]any{"a", 1.0, nil}, []string{"a"}},
		"wrong type":     {42.0, nil},
		"missing":        {nil, nil},
		"empty elements": {[]any{""}, []string{}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, tc.want, claimStrings(tc.claim))
		})
	}
	claims := map[string]any{"realm_access": map[string]any{"roles": []any{"x"}}, "flat": "y"}
	assert.Equal(t, []any{"x"}, lookupClaim(claims, "realm_access.roles"))
	assert.Equal(t, "y", lookupClaim(claims, "flat"))
	assert.Nil(t, lookupClaim(claims, "flat.deeper"))
	assert.Nil(t, lookupClaim(claims, ""))
}

func TestOIDCRejectsBeforeStart(t *testing.T) {
	p := newOIDCProvider(t)
	a := NewOIDC(p.config(), p.srv.Client())
	_, err := a.VerifyToken(context.Background(), p.sign(t, p.claims("dave"), oidcKID))
	assert.ErrorIs(t, err, auth.ErrInvalidToken)
	assert.ErrorIs(t, err, errNotDiscovered)
}

func TestOIDCCannotSign(t *testing.T) {
	_, err := NewOIDC(config.OIDC{}, nil).GenerateToken("x", nil, "", time.Minute)
	assert.ErrorIs(t, err, auth.ErrSigningUnsupported)
}

func TestOIDCStartFailures(t *testing.T) {
	t.Run("issuer mismatch", func(t *testing.T) {
		p := newOIDCProvider(t)
		p.discovery["issuer"] = "https://someone-else.example.com"
		err := NewOIDC(p.config(), p.srv.Client()).Start(context.Background())
		require.Error(t, err)
		assert.Contains(t, err.Error(), "discover issuer")
	})
	t.Run("no usable key", func(t *testing.T) {
		p := newOIDCProvider(t)
		p.discovery["jwks_uri"] = p.srv.URL + "/.well-known/openid-configuration" // JSON, but no keys
		err := NewOIDC(p.config(), p.srv.Client()).Start(context.Background())
		require.Error(t, err)
		assert.Contains(t, err.Error(), "no usable signing key")
	})
	t.Run("unresponsive issuer times out", func(t *testing.T) {
		release := make(chan struct{})
		hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-release:
			case <-r.Context().Done():
			}
		}))
		t.Cleanup(hang.Close)
		t.Cleanup(func() { close(release) })
		cfg := config.OIDC{Issuer: hang.URL, Audience: oidcAudience, RolesClaim: "roles", DiscoveryTimeout: 200 * time.Millisecond}
		start := time.Now()
		err := NewOIDC(cfg, hang.Client()).Start(context.Background())
		require.Error(t, err)
		assert.Less(t, time.Since(start), 3*time.Second, "start must not hang on an unresponsive issuer")
		assert.ErrorIs(t, err, context.DeadlineExceeded)
	})
}

// TestOIDCModule checks the wiring: auth.mode=oidc provides the OIDC
// authenticator, discovered by the time the app has started.
func TestOIDCModule(t *testing.T) {
	p := newOIDCProvider(t)
	cfg := &config.Config{}
	cfg.Auth.Mode = config.AuthModeOIDC
	cfg.Auth.OIDC = p.config()
	var a auth.Authenticator
	app := fxtest.New(t, Module, OIDCModule, fx.Supply(cfg, zap.NewNop()), fx.NopLogger, fx.Populate(&a))
	app.RequireStart()
	defer app.RequireStop()

	require.IsType(t, &OIDC{}, a)
	got, err := a.VerifyToken(context.Background(), p.sign(t, p.claims("frank"), oidcKID))
	require.NoError(t, err)
	assert.Equal(t, "frank", got.Subject)
}
