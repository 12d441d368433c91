package auth

import (
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
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
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"example.com/blogplatform/pkg/auth"
	"example.com/blogplatform/pkg/config"
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

// rsaJWK returns the JWK of key's public half.
func rsaJWK(key *rsa.PrivateKey, kid, alg string) map[string]string {
	return map[string]string{
		"kty": "RSA", "kid": kid, "use": "sig", "alg": alg,
		"n": base64.RawURLEncoding.EncodeToString(key.N.Bytes()),
		"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(key.E)).Bytes()),
	}
}

// ecJWK returns the JWK of a P-256 key's public half.
func ecJWK(t *testing.T, key *ecdsa.PrivateKey, kid string) map[string]string {
	t.Helper()
	pub, err := key.PublicKey.ECDH()
	require.NoError(t, err)
	point := pub.Bytes() // 0x04 || X || Y
	return map[string]string{
		"kty": "EC", "kid": kid, "use": "sig", "alg": "ES256", "crv": "P-256",
		"x": base64.RawURLEncoding.EncodeToString(point[1:33]),
		"y": base64.RawURLEncoding.EncodeToString(point[33:]),
	}
}

// edJWK returns the JWK of an Ed25519 public key.
func edJWK(pub ed25519.PublicKey, kid string) map[string]string {
	return map[string]string{
		"kty": "OKP", "kid": kid, "use": "sig", "alg": "EdDSA", "crv": "Ed25519",
		"x": base64.RawURLEncoding.EncodeToString(pub),
	}
}

// keyServer is a JWKS endpoint whose keys a test may replace; it counts
// fetches.
type keyServer struct {
	*httptest.Server
	hits atomic.Int32
	keys atomic.Pointer[[]map[string]string]
}

func newKeyServer(t *testing.T, keys ...map[string]string) *keyServer {
	t.Helper()
	s := &keyServer{}
	s.serve(keys...)
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		s.hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"keys": *s.keys.Load()})
	}))
	t.Cleanup(s.Close)
	return s
}

// serve replaces the published keys.
func (s *keyServer) serve(keys ...map[string]string) { s.keys.Store(&keys) }

// startedJWT returns a started authenticator for tokens of alg whose keys
// are published at url.
func startedJWT(t *testing.T, alg, url string) *JWT {
	t.Helper()
	a, err := New(config.JWT{Algorithm: alg, JWKSURL: url, Issuer: testIssuer, TTL: time.Hour})
	require.NoError(t, err)
	require.NoError(t, a.Start(context.Background()))
	t.Cleanup(func() { _ = a.Stop(context.Background()) })
	return a
}

func TestRS256JWKS(t *testing.T) {
	key := newRSAKey(t)
	srv := newKeyServer(t, rsaJWK(key, "k1", "RS256"))
	a := startedJWT(t, config.AlgRS256, srv.URL)
	ctx := context.Background()
	require.Equal(t, int32(1), srv.hits.Load(), "keys are fetched on start")

	got, err := a.VerifyToken(ctx, sign(t, jwt.SigningMethodRS256, claims("carol", time.Hour), key, "k1"))
	require.NoError(t, err)
	assert.Equal(t, "carol", got.Subject)

	_, err = a.VerifyToken(ctx, sign(t, jwt.SigningMethodRS256, claims("carol", 2*time.Hour), key, "k1"))
	require.NoError(t, err)
	assert.Equal(t, int32(1), srv.hits.Load(), "known kid must be served from cache")

	// Unknown kids must not trigger a refresh storm.
	for range 5 {
		_, err = a.VerifyToken(ctx, sign(t, jwt.SigningMethodRS256, claims("carol", time.Hour), key, "unknown"))
		assert.ErrorIs(t, err, auth.ErrInvalidToken)
		assert.ErrorIs(t, err, errUnknownKID)
	}
	assert.Equal(t, int32(1), srv.hits.Load(), "refresh must be rate-limited")
}

// TestJWKSAcceptsECAndEdDSA: ES256 and EdDSA tokens verify against the keys
// a JWKS publishes; a token whose kid the set lacks, or signed by another
// key under a known kid, is refused.
func TestJWKSAcceptsECAndEdDSA(t *testing.T) {
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	edPub, edKey, err := ed25519.GenerateKey(rand.Reader)
	require.NoError(t, err)
	otherEC, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	srv := newKeyServer(t, ecJWK(t, ecKey, "ec1"), edJWK(edPub, "ed1"), rsaJWK(newRSAKey(t), "rsa1", "RS256"))
	ctx := context.Background()

	t.Run("ES256", func(t *testing.T) {
		a := startedJWT(t, config.AlgES256, srv.URL)
		got, err := a.VerifyToken(ctx, sign(t, jwt.SigningMethodES256, claims("erin", time.Hour), ecKey, "ec1"))
		require.NoError(t, err)
		assert.Equal(t, "erin", got.Subject)

		for name, token := range map[string]string{
			"unknown kid": sign(t, jwt.SigningMethodES256, claims("mallory", time.Hour), ecKey, "ec-unknown"),
			"other key":   sign(t, jwt.SigningMethodES256, claims("mallory", time.Hour), otherEC, "ec1"),
			"EdDSA kid":   sign(t, jwt.SigningMethodES256, claims("mallory", time.Hour), ecKey, "ed1"),
		} {
			_, err := a.VerifyToken(ctx, token)
			assert.ErrorIs(t, err, auth.ErrInvalidToken, name)
		}
	})
	t.Run("EdDSA", func(t *testing.T) {
		a := startedJWT(t, config.AlgEdDSA, srv.URL)
		got, err := a.VerifyToken(ctx, sign(t, jwt.SigningMethodEdDSA, claims("frank", time.Hour), edKey, "ed1"))
		require.NoError(t, err)
		assert.Equal(t, "frank", got.Subject)

		_, err = a.VerifyToken(ctx, sign(t, jwt.SigningMethodEdDSA, claims("mallory", time.Hour), edKey, "ed-unknown"))
		assert.ErrorIs(t, err, auth.ErrInvalidToken)
		assert.ErrorIs(t, err, errUnknownKID)
	})
}

// TestJWKSRefreshOnRotation: a token signed by a key the provider started
// publishing after the last fetch is accepted once the set is fetched
// again; a key it withdrew stops verifying.
func TestJWKSRefreshOnRotation(t *testing.T) {
	oldKey, newKey := newRSAKey(t), newRSAKey(t)
	srv := newKeyServer(t, rsaJWK(oldKey, "old", "RS256"))
	ctx := context.Background()
	set, err := startJWKS(ctx, srv.URL, jwksOptions{client: srv.Client(), unknownKIDInterval: time.Nanosecond})
	require.NoError(t, err)
	t.Cleanup(set.stop)

	srv.serve(rsaJWK(newKey, "rotated", "RS256"))
	got, err := set.lookup(ctx, "rotated", "RS256")
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, &newKey.PublicKey, got[0])
	assert.Equal(t, int32(2), srv.hits.Load(), "the unknown kid fetched the set again")

	_, err = set.lookup(ctx, "old", "RS256")
	assert.ErrorIs(t, err, errUnknownKID, "the withdrawn key is gone")
}

// TestJWKSSkipsKeysThatCannotSign: symmetric keys, encryption keys and keys
// published for another algorithm never verify a token.
func TestJWKSSkipsKeysThatCannotSign(t *testing.T) {
	key := newRSAKey(t)
	enc := rsaJWK(key, "enc", "RS256")
	enc["use"] = "enc"
	srv := newKeyServer(t,
		map[string]string{"kty": "oct", "kid": "hmac", "k": base64.RawURLEncoding.EncodeToString([]byte(testSecret))},
		enc,
		rsaJWK(key, "ps", "PS256"),
	)
	ctx := context.Background()
	set, err := startJWKS(ctx, srv.URL, jwksOptions{client: srv.Client()})
	require.NoError(t, err)
	t.Cleanup(set.stop)
	for _, kid := range []string{"hmac", "enc", "ps"} {
		_, err := set.lookup(ctx, kid, "RS256")
		assert.Error(t, err, kid)
	}
	keys, err := set.candidates(ctx, "")
	require.NoError(t, err)
	assert.Len(t, keys, 1, "only the PS256 key can sign")

	srv.serve(map[string]string{"kty": "oct", "kid": "hmac", "k": "c2VjcmV0"})
	_, err = startJWKS(ctx, srv.URL, jwksOptions{client: srv.Client(), requireKeys: true})
	assert.ErrorContains(t, err, "no usable signing key", "a set of symmetric keys only")
}

// TestJWKSUnreachableOnStart: a JWKS that cannot be fetched does not fail
// start (the provider may come back); the failure is logged, and tokens are
// refused until the keys arrive.
func TestJWKSUnreachableOnStart(t *testing.T) {
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "maintenance", http.StatusServiceUnavailable)
	}))
	t.Cleanup(down.Close)
	core, logs := observer.New(zap.WarnLevel)
	a, err := New(config.JWT{Algorithm: config.AlgRS256, JWKSURL: down.URL, Issuer: testIssuer, TTL: time.Hour})
	require.NoError(t, err)
	a.log = zap.New(core)
	require.NoError(t, a.Start(context.Background()))
	t.Cleanup(func() { _ = a.Stop(context.Background()) })

	require.Equal(t, 1, logs.Len(), "the failed fetch is logged")
	entry := logs.All()[0]
	assert.Equal(t, down.URL, entry.ContextMap()["url"])
	assert.Contains(t, entry.ContextMap()["error"], "503")

	_, err = a.VerifyToken(context.Background(), sign(t, jwt.SigningMethodRS256, claims("carol", time.Hour), newRSAKey(t), "k1"))
	assert.ErrorIs(t, err, errUnknownKID)
}

// TestJWKSStartEndsWithItsContext: a JWKS endpoint that never answers
// holds start only as long as start's context allows.
func TestJWKSStartEndsWithItsContext(t *testing.T) {
	release := make(chan struct{})
	hang := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(hang.Close)
	t.Cleanup(func() { close(release) })
	a, err := New(config.JWT{Algorithm: config.AlgRS256, JWKSURL: hang.URL, Issuer: testIssuer, TTL: time.Hour})
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	err = a.Start(ctx)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
}

func TestJWKSBeforeStart(t *testing.T) {
	srv := newKeyServer(t)
	a, err := New(config.JWT{Algorithm: config.AlgRS256, JWKSURL: srv.URL, Issuer: testIssuer, TTL: time.Hour})
	require.NoError(t, err)
	_, err = a.VerifyToken(context.Background(), sign(t, jwt.SigningMethodRS256, claims("carol", time.Hour), newRSAKey(t), "k1"))
	assert.ErrorIs(t, err, auth.ErrInvalidToken)
	assert.ErrorIs(t, err, errNotStarted)
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
