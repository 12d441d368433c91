package auth

import (
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/MicahParks/jwkset"
	"github.com/MicahParks/keyfunc/v3"
	"github.com/golang-jwt/jwt/v5"
	"go.uber.org/zap"
	"golang.org/x/time/rate"
)

// JWKS fetching. keyfunc (with jwkset underneath) keeps the keys; these
// are the platform's choices for it.
const (
	// jwksTimeout bounds each fetch of the key set.
	jwksTimeout = 5 * time.Second
	// jwksMaxBody caps the size of a key set document.
	jwksMaxBody = 1 << 20
	// jwksRefreshInterval is how often the key set is fetched again, so a
	// key the provider withdrew stops verifying within it (plus
	// cacheMaxAge for tokens verified before).
	jwksRefreshInterval = 5 * time.Minute
	// jwksUnknownKIDInterval is the least time between the extra fetches a
	// token with an unknown kid triggers (key rotation), so a flood of
	// forged kids cannot hammer the identity provider.
	jwksUnknownKIDInterval = time.Minute
)

// errUnknownKID is returned when no key matches the token's kid, even after
// a refresh.
var errUnknownKID = errors.New("unknown key id")

// jwks is the set of public keys an identity provider publishes at a JWKS
// URL: RSA, EC and Ed25519 keys, looked up by kid. A goroutine refreshes it
// until stop.
type jwks struct {
	url    string
	keys   keyfunc.Keyfunc
	cancel context.CancelFunc
}

// jwksOptions tune startJWKS; the zero value is the production default.
type jwksOptions struct {
	// client fetches the keys; nil uses one with jwksTimeout.
	client *http.Client
	// log reports failed refreshes; nil discards them.
	log *zap.Logger
	// requireKeys fails start when the first fetch fails or yields no
	// usable key; otherwise that is logged and a later refresh may heal it.
	requireKeys bool
	// unknownKIDInterval replaces jwksUnknownKIDInterval when set.
	unknownKIDInterval time.Duration
}

// startJWKS fetches the key set at url, within ctx, and keeps it fresh
// until stop is called.
func startJWKS(ctx context.Context, url string, o jwksOptions) (*jwks, error) {
	if o.client == nil {
		o.client = &http.Client{Timeout: jwksTimeout}
	}
	if o.log == nil {
		o.log = zap.NewNop()
	}
	every := jwksUnknownKIDInterval
	if o.unknownKIDInterval > 0 {
		every = o.unknownKIDInterval
	}
	unknownKID := rate.NewLimiter(rate.Every(every), 1)
	// The fetch on start counts as the last refresh: an unknown kid right
	// after it cannot trigger another.
	unknownKID.Allow()
	client := *o.client
	client.Transport = limitBody{next: o.client.Transport}
	tolerateFirstFailure := !o.requireKeys

	// The refresh goroutine lives until stop; ctx ending during the first
	// fetch aborts it, as a start hook must end with its context.
	life, cancel := context.WithCancel(context.Background())
	detach := context.AfterFunc(ctx, cancel)
	kf, err := keyfunc.NewDefaultOverrideCtx(life, []string{url}, keyfunc.Override{
		Client:                    &client,
		HTTPTimeout:               jwksTimeout,
		NoErrorReturnFirstHTTPReq: &tolerateFirstFailure,
		RefreshInterval:           jwksRefreshInterval,
		RefreshUnknownKID:         unknownKID,
		// Also bounds the fetch an unknown kid triggers.
		RateLimitWaitMax: jwksTimeout,
		RefreshErrorHandlerFunc: func(u string) func(context.Context, error) {
			return func(_ context.Context, err error) {
				o.log.Warn("jwks: fetching the key set failed; verifying with the keys fetched before, if any",
					zap.String("url", u), zap.Error(err))
			}
		},
	})
	if !detach() { // ctx ended first and cancel ran
		return nil, fmt.Errorf("jwks %s: %w", url, context.Cause(ctx))
	}
	if err != nil {
		cancel()
		return nil, fmt.Errorf("jwks %s: %w", url, err)
	}
	// Only signing keys: "use" absent or "sig".
	kf, err = keyfunc.New(keyfunc.Options{Ctx: life, Storage: kf.Storage(), UseWhitelist: []jwkset.USE{jwkset.UseSig, ""}})
	if err != nil {
		cancel()
		return nil, fmt.Errorf("jwks %s: %w", url, err)
	}
	s := &jwks{url: url, keys: kf, cancel: cancel}
	if o.requireKeys {
		if keys, err := s.candidates(ctx, ""); err != nil || len(keys) == 0 {
			cancel()
			return nil, fmt.Errorf("jwks %s: no usable signing key", url)
		}
	}
	return s, nil
}

// stop ends the refresh goroutine.
func (s *jwks) stop() { s.cancel() }

// key resolves the verification key of a parsed, unverified token: the key
// its kid names or, without a kid, every key of its algorithm.
func (s *jwks) key(ctx context.Context, t *jwt.Token) (any, error) {
	kid, _ := t.Header["kid"].(string)
	alg, _ := t.Header["alg"].(string)
	keys, err := s.lookup(ctx, kid, alg)
	if err != nil {
		return nil, err
	}
	if len(keys) == 1 {
		return keys[0], nil
	}
	set := jwt.VerificationKeySet{Keys: make([]jwt.VerificationKey, len(keys))}
	for i, k := range keys {
		set.Keys[i] = k
	}
	return set, nil
}

// lookup returns the public keys that may verify a token signed with alg
// under kid ("" for none): the one key kid names, or without kid every key
// whose "alg" is alg or unset. An unknown kid refreshes the set first, rate
// limited.
func (s *jwks) lookup(ctx context.Context, kid, alg string) ([]any, error) {
	if kid == "" {
		keys, err := s.candidates(ctx, alg)
		if err == nil && len(keys) == 0 {
			err = errors.New("no key for a token without kid")
		}
		return keys, err
	}
	header := map[string]any{"alg": alg, "kid": kid}
	key, err := s.keys.KeyfuncCtx(ctx)(&jwt.Token{Header: header})
	if err != nil {
		if !s.has(ctx, kid) {
			return nil, fmt.Errorf("jwks: kid %q: %w", kid, errUnknownKID)
		}
		return nil, fmt.Errorf("jwks: kid %q: %w", kid, err)
	}
	if !isPublicKey(key) {
		return nil, fmt.Errorf("jwks: kid %q is not an asymmetric public key", kid)
	}
	return []any{key}, nil
}

// candidates returns the asymmetric signing keys whose "alg" is alg or
// unset; alg "" matches every key.
func (s *jwks) candidates(ctx context.Context, alg string) ([]any, error) {
	var set jwt.VerificationKeySet
	var err error
	if alg == "" {
		set, err = s.keys.VerificationKeySet(ctx)
	} else {
		var v any
		v, err = s.keys.KeyfuncCtx(ctx)(&jwt.Token{Header: map[string]any{"alg": alg}})
		set, _ = v.(jwt.VerificationKeySet)
	}
	if err != nil {
		return nil, fmt.Errorf("jwks %s: %w", s.url, err)
	}
	var keys []any
	for _, k := range set.Keys {
		if isPublicKey(k) {
			keys = append(keys, k)
		}
	}
	return keys, nil
}

// has reports whether the set holds kid, without fetching.
func (s *jwks) has(ctx context.Context, kid string) bool {
	all, err := s.keys.Storage().KeyReadAll(ctx)
	if err != nil {
		return false
	}
	for _, k := range all {
		if k.Marshal().KID == kid {
			return true
		}
	}
	return false
}

// isPublicKey reports whether k is an asymmetric public key. A symmetric
// ("oct") key from a public JWKS is public knowledge and verifies nothing.
func isPublicKey(k any) bool {
	switch k.(type) {
	case *rsa.PublicKey, *ecdsa.PublicKey, ed25519.PublicKey:
		return true
	default:
		return false
	}
}

// limitBody caps the response bodies of a JWKS fetch at jwksMaxBody, so a
// wrong URL cannot make the decoder read without end.
type limitBody struct {
	next http.RoundTripper
}

// RoundTrip implements http.RoundTripper.
func (l limitBody) RoundTrip(r *http.Request) (*http.Response, error) {
	next := l.next
	if next == nil {
		next = http.DefaultTransport
	}
	resp, err := next.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	resp.Body = struct {
		io.Reader
		io.Closer
	}{io.LimitReader(resp.Body, jwksMaxBody), resp.Body}
	return resp, nil
}
