package auth

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/yourorg/platform/pkg/auth"
	"github.com/yourorg/platform/pkg/config"
)

const (
	testSecret = "test-secret-0123456789abcdef-0123456789"
	testIssuer = "test-issuer"
)

func hsConfig() config.JWT {
	return config.JWT{Algorithm: config.AlgHS256, Secret: testSecret, Issuer: testIssuer, TTL: time.Hour}
}

func claims(sub string, exp time.Duration) auth.Claims {
	now := time.Now()
	return auth.Claims{
		RegisteredClaims: jwt.RegisteredClaims{
			Subject:   sub,
			Issuer:    testIssuer,
			IssuedAt:  jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(now.Add(exp)),
		},
		Roles:    []string{"admin"},
		TenantID: "t1",
	}
}

func sign(t *testing.T, method jwt.SigningMethod, c auth.Claims, key any, kid string) string {
	t.Helper()
	tok := jwt.NewWithClaims(method, c)
	if kid != "" {
		tok.Header["kid"] = kid
	}
	s, err := tok.SignedString(key)
	require.NoError(t, err)
	return s
}

func TestHS256RoundTrip(t *testing.T) {
	a, err := New(hsConfig())
	require.NoError(t, err)

	token, err := a.GenerateToken("alice", []string{"admin", "viewer"}, "tenant-1", time.Minute)
	require.NoError(t, err)

	got, err := a.VerifyToken(context.Background(), token)
	require.NoError(t, err)
	assert.Equal(t, "alice", got.Subject)
	assert.Equal(t, []string{"admin", "viewer"}, got.Roles)
	assert.Equal(t, "tenant-1", got.TenantID)
}

func TestHS256Rejects(t *testing.T) {
	a, err := New(hsConfig())
	require.NoError(t, err)

	wrongIssuer := claims("alice", time.Hour)
	wrongIssuer.Issuer = "someone-else"
	noExp := claims("alice", time.Hour)
	noExp.ExpiresAt = nil

	none := sign(t, jwt.SigningMethodNone, claims("alice", time.Hour), jwt.UnsafeAllowNoneSignatureType, "")

	tests := map[string]string{
		"alg none":      none,
		"expired":       sign(t, jwt.SigningMethodHS256, claims("alice", -time.Hour), []byte(testSecret), ""),
		"wrong issuer":  sign(t, jwt.SigningMethodHS256, wrongIssuer, []byte(testSecret), ""),
		"bad signature": sign(t, jwt.SigningMethodHS256, claims("alice", time.Hour), []byte("another-secret-0123456789abcdef-xyz"), ""),
		"no exp":        sign(t, jwt.SigningMethodHS256, noExp, []byte(testSecret), ""),
		"HS512":         sign(t, jwt.SigningMethodHS512, claims("alice", time.Hour), []byte(testSecret), ""),
		"garbage":       "not.a.token",
	}
	for name, token := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := a.VerifyToken(context.Background(), token)
			require.Error(t, err)
			assert.ErrorIs(t, err, auth.ErrInvalidToken)
		})
	}
}

// TestHS256RejectsMistypedRegisteredClaims: a registered claim of the wrong
// JSON type is refused, never read leniently ("exp": "99999999999" as a
// date far in the future).
func TestHS256RejectsMistypedRegisteredClaims(t *testing.T) {
	a, err := New(hsConfig())
	require.NoError(t, err)
	now := time.Now()
	valid := func() jwt.MapClaims {
		return jwt.MapClaims{"sub": "alice", "iss": testIssuer, "iat": now.Unix(), "exp": now.Add(time.Hour).Unix()}
	}
	signMap := func(edit func(jwt.MapClaims)) string {
		c := valid()
		edit(c)
		s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString([]byte(testSecret))
		require.NoError(t, err)
		return s
	}
	_, err = a.VerifyToken(context.Background(), signMap(func(jwt.MapClaims) {}))
	require.NoError(t, err, "the well-typed token verifies")

	tests := map[string]func(jwt.MapClaims){
		"exp string":      func(c jwt.MapClaims) { c["exp"] = strconv.FormatInt(now.Add(time.Hour).Unix(), 10) },
		"exp far string":  func(c jwt.MapClaims) { c["exp"] = "99999999999" },
		"nbf string":      func(c jwt.MapClaims) { c["nbf"] = strconv.FormatInt(now.Unix(), 10) },
		"iat string":      func(c jwt.MapClaims) { c["iat"] = strconv.FormatInt(now.Unix(), 10) },
		"exp bool":        func(c jwt.MapClaims) { c["exp"] = true },
		"sub number":      func(c jwt.MapClaims) { c["sub"] = 42 },
		"iss array":       func(c jwt.MapClaims) { c["iss"] = []string{testIssuer} },
		"jti number":      func(c jwt.MapClaims) { c["jti"] = 7 },
		"aud number":      func(c jwt.MapClaims) { c["aud"] = 1 },
		"aud number list": func(c jwt.MapClaims) { c["aud"] = []any{"x", 1} },
	}
	for name, edit := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := a.VerifyToken(context.Background(), signMap(edit))
			require.Error(t, err)
			assert.ErrorIs(t, err, auth.ErrInvalidToken)
		})
	}
}

func TestHS256Audience(t *testing.T) {
	cfg := hsConfig()
	cfg.Audience = "test-api"
	a, err := New(cfg)
	require.NoError(t, err)

	token, err := a.GenerateToken("alice", nil, "", time.Minute)
	require.NoError(t, err)
	_, err = a.VerifyToken(context.Background(), token)
	require.NoError(t, err)

	other := claims("alice", time.Hour)
	other.Audience = jwt.ClaimStrings{"other-api"}
	_, err = a.VerifyToken(context.Background(), sign(t, jwt.SigningMethodHS256, other, []byte(testSecret), ""))
	assert.ErrorIs(t, err, auth.ErrInvalidToken)
}

func newRSAKey(t *testing.T) *rsa.PrivateKey {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	return key
}

// writePublicKey writes key's public half as PEM and returns the path and
// the PEM bytes.
func writePublicKey(t *testing.T, key *rsa.PrivateKey) (string, []byte) {
	t.Helper()
	der, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	require.NoError(t, err)
	pemBytes := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
	path := filepath.Join(t.TempDir(), "jwt.pub")
	require.NoError(t, os.WriteFile(path, pemBytes, 0o600))
	return path, pemBytes
}

func TestRS256PublicKeyFile(t *testing.T) {
	key := newRSAKey(t)
	path, pemBytes := writePublicKey(t, key)
	a, err := New(config.JWT{Algorithm: config.AlgRS256, PublicKeyFile: path, Issuer: testIssuer, TTL: time.Hour})
	require.NoError(t, err)

	t.Run("valid", func(t *testing.T) {
		got, err := a.VerifyToken(context.Background(), sign(t, jwt.SigningMethodRS256, claims("bob", time.Hour), key, ""))
		require.NoError(t, err)
		assert.Equal(t, "bob", got.Subject)
	})
	t.Run("algorithm confusion", func(t *testing.T) {
		// The classic attack: HMAC-sign with the public key as the secret,
		// hoping the verifier feeds its RSA public key to HMAC.
		forged := sign(t, jwt.SigningMethodHS256, claims("mallory", time.Hour), pemBytes, "")
		_, err := a.VerifyToken(context.Background(), forged)
		assert.ErrorIs(t, err, auth.ErrInvalidToken)
	})
	t.Run("other key", func(t *testing.T) {
		forged := sign(t, jwt.SigningMethodRS256, claims("mallory", time.Hour), newRSAKey(t), "")
		_, err := a.VerifyToken(context.Background(), forged)
		assert.ErrorIs(t, err, auth.ErrInvalidToken)
	})
	t.Run("cannot sign", func(t *testing.T) {
		_, err := a.GenerateToken("bob", nil, "", time.Minute)
		assert.ErrorIs(t, err, auth.ErrSigningUnsupported)
	})
}

// jwksServer serves key under kid and counts fetches.
func jwksServer(t *testing.T, key *rsa.PrivateKey, kid string) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	entry := map[string]string{
		"kty": "RSA",
		"kid": kid,
		"use": "sig",
		"alg": "RS256",
		"n":   base64.RawURLEncoding.EncodeToString(key.N.Bytes()),
		"e":   base64.RawURLEncoding.EncodeToString(big.NewInt(int64(key.E)).Bytes()),
	}
	keys := []map[string]string{entry}
	body, err := json.Marshal(map[string]any{"keys": keys})
	require.NoError(t, err)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

func TestRS256JWKS(t *testing.T) {
	key := newRSAKey(t)
	srv, hits := jwksServer(t, key, "k1")
	a, err := New(config.JWT{Algorithm: config.AlgRS256, JWKSURL: srv.URL, Issuer: testIssuer, TTL: time.Hour})
	require.NoError(t, err)
	ctx := context.Background()

	got, err := a.VerifyToken(ctx, sign(t, jwt.SigningMethodRS256, claims("carol", time.Hour), key, "k1"))
	require.NoError(t, err)
	assert.Equal(t, "carol", got.Subject)

	_, err = a.VerifyToken(ctx, sign(t, jwt.SigningMethodRS256, claims("carol", time.Hour), key, "k1"))
	require.NoError(t, err)
	assert.Equal(t, int32(1), hits.Load(), "known kid must be served from cache")

	// Unknown kids must not trigger a refresh storm.
	for range 5 {
		_, err = a.VerifyToken(ctx, sign(t, jwt.SigningMethodRS256, claims("carol", time.Hour), key, "unknown"))
		assert.ErrorIs(t, err, auth.ErrInvalidToken)
	}
	assert.Equal(t, int32(1), hits.Load(), "refresh must be rate-limited")
}

func TestJWKSRefreshOnRotation(t *testing.T) {
	key := newRSAKey(t)
	srv, hits := jwksServer(t, key, "rotated")
	set := newJWKS(srv.URL, srv.Client())
	set.keys = map[string]*rsa.PublicKey{"old": &newRSAKey(t).PublicKey}
	set.fetched = time.Now().Add(-time.Hour)

	got, err := set.Key(context.Background(), "rotated")
	require.NoError(t, err)
	assert.Equal(t, key.N, got.N)
	assert.Equal(t, int32(1), hits.Load())
}

func TestBearerToken(t *testing.T) {
	tests := map[string]struct {
		header string
		want   string
		ok     bool
	}{
		"valid":        {"Bearer abc", "abc", true},
		"lower scheme": {"bearer abc", "abc", true},
		"basic":        {"Basic abc", "", false},
		"empty token":  {"Bearer ", "", false},
		"missing":      {"", "", false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, ok := bearerToken(tc.header)
			assert.Equal(t, tc.ok, ok)
			assert.Equal(t, tc.want, got)
		})
	}
}
