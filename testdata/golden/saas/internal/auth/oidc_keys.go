package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/go-jose/go-jose/v4"
)

// keySet is the oidc.KeySet behind the OIDC authenticator: the provider's
// JWKS, cached by kid. go-oidc's RemoteKeySet refetches on every unknown
// kid, so a flood of tokens with made-up kids would hammer the provider;
// keySet refreshes at most once per minRefresh, like jwks does for RS256.
type keySet struct {
	url        string
	client     *http.Client
	algs       []jose.SignatureAlgorithm
	minRefresh time.Duration

	mu      sync.Mutex
	keys    map[string]jose.JSONWebKey
	fetched time.Time
}

// newKeySet returns the key set at url accepting signatures made with algs.
func newKeySet(url string, client *http.Client, algs []string) *keySet {
	s := &keySet{url: url, client: client, minRefresh: jwksRefreshInterval}
	for _, alg := range algs {
		s.algs = append(s.algs, jose.SignatureAlgorithm(alg))
	}
	return s
}

// load fetches the keys once, failing when the set has no usable key, so
// a wrong jwks_uri is reported on start rather than on the first request.
func (s *keySet) load(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.refresh(ctx); err != nil {
		return err
	}
	if len(s.keys) == 0 {
		return fmt.Errorf("jwks %s: no usable signing key", s.url)
	}
	return nil
}

// VerifySignature implements oidc.KeySet: it verifies jwt with the key its
// kid names and returns the payload.
func (s *keySet) VerifySignature(ctx context.Context, jwt string) ([]byte, error) {
	jws, err := jose.ParseSigned(jwt, s.algs)
	if err != nil {
		return nil, fmt.Errorf("malformed jwt: %w", err)
	}
	if len(jws.Signatures) != 1 {
		return nil, errors.New("expected exactly one signature")
	}
	header := jws.Signatures[0].Header
	key, err := s.key(ctx, header.KeyID)
	if err != nil {
		return nil, err
	}
	// A key published for one algorithm must not verify another.
	if key.Algorithm != "" && key.Algorithm != header.Algorithm {
		return nil, fmt.Errorf("key %q is for %s, token uses %s", header.KeyID, key.Algorithm, header.Algorithm)
	}
	payload, err := jws.Verify(&key)
	if err != nil {
		return nil, fmt.Errorf("verify signature: %w", err)
	}
	return payload, nil
}

// key returns the key for kid, refreshing the set if kid is unknown and
// the last fetch is older than minRefresh.
func (s *keySet) key(ctx context.Context, kid string) (jose.JSONWebKey, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if k, ok := s.lookup(kid); ok {
		return k, nil
	}
	if time.Since(s.fetched) < s.minRefresh {
		return jose.JSONWebKey{}, fmt.Errorf("jwks: kid %q: %w", kid, errUnknownKID)
	}
	// Holding the lock while fetching makes concurrent misses share one fetch.
	if err := s.refresh(ctx); err != nil {
		return jose.JSONWebKey{}, err
	}
	if k, ok := s.lookup(kid); ok {
		return k, nil
	}
	return jose.JSONWebKey{}, fmt.Errorf("jwks: kid %q: %w", kid, errUnknownKID)
}

// lookup finds kid; an empty kid is accepted only when the set has one key.
func (s *keySet) lookup(kid string) (jose.JSONWebKey, bool) {
	if kid == "" && len(s.keys) == 1 {
		for _, k := range s.keys {
			return k, true
		}
	}
	k, ok := s.keys[kid]
	return k, ok
}

// refresh replaces the keys with the endpoint's current set. Keys of
// unsupported types, encryption keys and symmetric keys are skipped rather
// than failing the whole set, as providers publish all kinds of keys.
func (s *keySet) refresh(ctx context.Context) error {
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
	var set struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, jwksMaxBody)).Decode(&set); err != nil {
		return fmt.Errorf("jwks: decode %s: %w", s.url, err)
	}
	keys := make(map[string]jose.JSONWebKey, len(set.Keys))
	for _, raw := range set.Keys {
		var k jose.JSONWebKey
		if err := k.UnmarshalJSON(raw); err != nil || (k.Use != "" && k.Use != "sig") {
			continue
		}
		// Public drops private parts a misconfigured provider might
		// publish; for a symmetric key it yields an invalid key.
		pub := k.Public()
		if !pub.Valid() {
			continue
		}
		keys[k.KeyID] = pub
	}
	s.keys = keys
	return nil
}
