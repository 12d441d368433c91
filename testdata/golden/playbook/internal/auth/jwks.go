package auth

import (
	"context"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"sync"
	"time"
)

// Defaults for JWKS fetching.
const (
	jwksTimeout         = 5 * time.Second
	jwksMaxBody         = 1 << 20
	jwksRefreshInterval = time.Minute
)

// errUnknownKID is returned when no key matches the token's kid, even after
// a refresh.
var errUnknownKID = errors.New("unknown key id")

// jwks caches RSA keys from a JWKS endpoint by kid. An unknown kid triggers
// a refresh (key rotation), at most once per minRefresh so a flood of
// forged kids cannot hammer the identity provider.
type jwks struct {
	url        string
	client     *http.Client
	minRefresh time.Duration

	mu      sync.Mutex
	keys    map[string]*rsa.PublicKey
	fetched time.Time
}

// newJWKS returns a key set fetched from url with client (or a default one).
func newJWKS(url string, client *http.Client) *jwks {
	if client == nil {
		client = &http.Client{Timeout: jwksTimeout}
	}
	return &jwks{url: url, client: client, minRefresh: jwksRefreshInterval}
}

// Key returns the key for kid, refreshing the set if kid is unknown.
func (s *jwks) Key(ctx context.Context, kid string) (*rsa.PublicKey, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if k, ok := s.lookup(kid); ok {
		return k, nil
	}
	if !s.fetched.IsZero() && time.Since(s.fetched) < s.minRefresh {
		return nil, fmt.Errorf("jwks: kid %q: %w", kid, errUnknownKID)
	}
	// Holding the lock while fetching makes concurrent misses share one fetch.
	if err := s.refresh(ctx); err != nil {
		return nil, err
	}
	if k, ok := s.lookup(kid); ok {
		return k, nil
	}
	return nil, fmt.Errorf("jwks: kid %q: %w", kid, errUnknownKID)
}

// lookup finds kid; an empty kid is accepted only when the set has one key.
func (s *jwks) lookup(kid string) (*rsa.PublicKey, bool) {
	if kid == "" && len(s.keys) == 1 {
		for _, k := range s.keys {
			return k, true
		}
	}
	k, ok := s.keys[kid]
	return k, ok
}

type jwkSet struct {
	Keys []jwk `json:"keys"`
}

type jwk struct {
	Kty string `json:"kty"`
	Kid string `json:"kid"`
	Use string `json:"use"`
	Alg string `json:"alg"`
	N   string `json:"n"`
	E   string `json:"e"`
}

// refresh replaces the cached keys with the endpoint's current set.
func (s *jwks) refresh(ctx context.Context) error {
	// Record the attempt first so failures are rate-limited too.
	s.fetched = time.Now()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.url, nil)
	if err != nil {
		return fmt.Errorf("jwks: build request: %w", err)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return fmt.Errorf("jwks: fetch %s: %w", s.url, err)
	}
	defer func() { _ = resp.Body.Close() }() // only read: its close has nothing to report
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("jwks: fetch %s: status %d", s.url, resp.StatusCode)
	}
	var set jwkSet
	if err := json.NewDecoder(io.LimitReader(resp.Body, jwksMaxBody)).Decode(&set); err != nil {
		return fmt.Errorf("jwks: decode %s: %w", s.url, err)
	}
	keys := make(map[string]*rsa.PublicKey, len(set.Keys))
	for _, k := range set.Keys {
		if k.Kty != "RSA" || (k.Use != "" && k.Use != "sig") || (k.Alg != "" && k.Alg != "RS256") {
			continue
		}
		pub, err := k.rsaKey()
		if err != nil {
			return fmt.Errorf("jwks: key %q: %w", k.Kid, err)
		}
		keys[k.Kid] = pub
	}
	s.keys = keys
	return nil
}

// rsaKey decodes the modulus and exponent of an RSA JWK.
func (k jwk) rsaKey() (*rsa.PublicKey, error) {
	n, err := base64.RawURLEncoding.DecodeString(k.N)
	if err != nil {
		return nil, fmt.Errorf("decode n: %w", err)
	}
	e, err := base64.RawURLEncoding.DecodeString(k.E)
	if err != nil {
		return nil, fmt.Errorf("decode e: %w", err)
	}
	exp := new(big.Int).SetBytes(e)
	if !exp.IsInt64() || exp.Int64() < 3 || exp.Int64() > 1<<31-1 {
		return nil, errors.New("invalid exponent")
	}
	return &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(exp.Int64())}, nil
}
