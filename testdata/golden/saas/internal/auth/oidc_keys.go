package auth

import (
	"context"
	"errors"
	"fmt"

	"github.com/go-jose/go-jose/v4"
)

// keySet is the oidc.KeySet behind the OIDC authenticator: the provider's
// JWKS, kept by the same cache as auth.jwt.jwks_url. go-oidc's own
// RemoteKeySet refetches on every unknown kid, so a flood of tokens with
// made-up kids would hammer the provider; the cache rate-limits that.
type keySet struct {
	keys *jwks
	algs []jose.SignatureAlgorithm
}

// newKeySet returns the key set over keys accepting signatures made with
// algs.
func newKeySet(keys *jwks, algs []string) *keySet {
	s := &keySet{keys: keys}
	for _, alg := range algs {
		s.algs = append(s.algs, jose.SignatureAlgorithm(alg))
	}
	return s
}

// VerifySignature implements oidc.KeySet: it verifies jwt with the key its
// kid names (without a kid, with any key of its algorithm) and returns the
// payload.
func (s *keySet) VerifySignature(ctx context.Context, jwt string) ([]byte, error) {
	jws, err := jose.ParseSigned(jwt, s.algs)
	if err != nil {
		return nil, fmt.Errorf("malformed jwt: %w", err)
	}
	if len(jws.Signatures) != 1 {
		return nil, errors.New("expected exactly one signature")
	}
	header := jws.Signatures[0].Header
	// A key published for one algorithm must not verify another: lookup
	// returns only keys whose "alg" is the token's or unset.
	keys, err := s.keys.lookup(ctx, header.KeyID, header.Algorithm)
	if err != nil {
		return nil, err
	}
	for _, key := range keys {
		payload, verr := jws.Verify(key)
		if verr == nil {
			return payload, nil
		}
		err = verr
	}
	return nil, fmt.Errorf("verify signature: %w", err)
}
