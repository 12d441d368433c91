// Package auth implements bearer token authentication with golang-jwt.
package auth

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"sync/atomic"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"go.uber.org/zap"

	"example.com/shapes/pkg/auth"
	"example.com/shapes/pkg/config"
)

// leeway tolerates small clock skew between issuer and platform.
const leeway = 30 * time.Second

// keyFunc resolves the verification key for a parsed, unverified token.
type keyFunc func(ctx context.Context, t *jwt.Token) (any, error)

// errNotStarted is returned by a JWKS-backed JWT.VerifyToken before Start.
var errNotStarted = errors.New("jwks not fetched yet: the authenticator was not started")

// JWT is the golang-jwt implementation of auth.Authenticator.
type JWT struct {
	cfg     config.JWT
	signKey []byte // HS256 only; other tokens are minted by the identity provider.
	key     keyFunc
	parser  *jwt.Parser
	cache   verifiedCache
	// keys is the JWKS behind key when auth.jwt.jwks_url is set, from
	// Start to Stop; log reports its failed refreshes.
	keys atomic.Pointer[jwks]
	log  *zap.Logger
}

var _ auth.Authenticator = (*JWT)(nil)

// New builds an authenticator for cfg. An asymmetric algorithm reads the
// PEM public key file now, or fetches the JWKS in Start.
func New(cfg config.JWT) (*JWT, error) {
	a := &JWT{cfg: cfg, parser: newParser(cfg), log: zap.NewNop()}
	switch {
	case cfg.Algorithm == config.AlgHS256:
		a.signKey = []byte(cfg.Secret)
		a.key = func(context.Context, *jwt.Token) (any, error) { return a.signKey, nil }
	case !slices.Contains(config.AsymmetricAlgorithms, cfg.Algorithm):
		return nil, fmt.Errorf("auth: unsupported algorithm %q", cfg.Algorithm)
	case cfg.JWKSURL != "":
		a.key = func(ctx context.Context, t *jwt.Token) (any, error) {
			keys := a.keys.Load()
			if keys == nil {
				return nil, errNotStarted
			}
			return keys.key(ctx, t)
		}
	default:
		pub, err := readPublicKey(cfg.PublicKeyFile, cfg.Algorithm)
		if err != nil {
			return nil, err
		}
		a.key = func(context.Context, *jwt.Token) (any, error) { return pub, nil }
	}
	return a, nil
}

// Start fetches the JWKS, when auth.jwt.jwks_url is set, and keeps it
// fresh until Stop. A provider that cannot be reached does not fail start:
// the failure is logged and the keys are fetched again on the next token.
func (a *JWT) Start(ctx context.Context) error {
	if a.cfg.JWKSURL == "" || a.signKey != nil {
		return nil
	}
	keys, err := startJWKS(ctx, a.cfg.JWKSURL, jwksOptions{log: a.log})
	if err != nil {
		return fmt.Errorf("auth: %w", err)
	}
	if old := a.keys.Swap(keys); old != nil {
		old.stop()
	}
	return nil
}

// Stop ends the JWKS refreshes Start began.
func (a *JWT) Stop(context.Context) error {
	if keys := a.keys.Swap(nil); keys != nil {
		keys.stop()
	}
	return nil
}

// newParser pins the algorithm so tokens cannot choose their own (this is
// what defeats "none" and HS256/RS256 confusion) and requires exp.
func newParser(cfg config.JWT) *jwt.Parser {
	opts := []jwt.ParserOption{
		jwt.WithValidMethods([]string{cfg.Algorithm}),
		jwt.WithIssuer(cfg.Issuer),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(leeway),
	}
	if cfg.Audience != "" {
		opts = append(opts, jwt.WithAudience(cfg.Audience))
	}
	return jwt.NewParser(opts...)
}

// readPublicKey loads the PEM-encoded public key of alg's family.
func readPublicKey(path, alg string) (any, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("auth: read public key: %w", err)
	}
	var pub any
	switch alg[:2] {
	case "ES":
		pub, err = jwt.ParseECPublicKeyFromPEM(data)
	case "Ed":
		pub, err = jwt.ParseEdPublicKeyFromPEM(data)
	default: // RS, PS
		pub, err = jwt.ParseRSAPublicKeyFromPEM(data)
	}
	if err != nil {
		return nil, fmt.Errorf("auth: parse %s public key %s: %w", alg, path, err)
	}
	return pub, nil
}

// GenerateToken signs an HS256 token. Other deployments mint tokens at the
// identity provider, so it returns auth.ErrSigningUnsupported there.
func (a *JWT) GenerateToken(userID string, roles []string, tenantID string, ttl time.Duration) (string, error) {
	if a.signKey == nil {
		return "", fmt.Errorf("auth: generate token with %s: %w", a.cfg.Algorithm, auth.ErrSigningUnsupported)
	}
	if userID == "" {
		return "", errors.New("auth: generate token: empty subject")
	}
	now := time.Now()
	claims := auth.Claims{
		RegisteredClaims: jwt.RegisteredClaims{
			Subject:   userID,
			Issuer:    a.cfg.Issuer,
			IssuedAt:  jwt.NewNumericDate(now),
			NotBefore: jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(now.Add(ttl)),
		},
		Roles:    roles,
		TenantID: tenantID,
	}
	if a.cfg.Audience != "" {
		claims.Audience = jwt.ClaimStrings{a.cfg.Audience}
	}
	signed, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(a.signKey)
	if err != nil {
		return "", fmt.Errorf("auth: sign token: %w", err)
	}
	return signed, nil
}

// VerifyToken validates the signature, algorithm, issuer, audience and
// expiry of token. Every failure wraps auth.ErrInvalidToken.
func (a *JWT) VerifyToken(ctx context.Context, token string) (*auth.Claims, error) {
	now := time.Now()
	if claims, ok := a.cache.get(token, now); ok {
		return claims, nil
	}
	claims := new(auth.Claims)
	_, err := a.parser.ParseWithClaims(token, claims, func(t *jwt.Token) (any, error) {
		return a.key(ctx, t)
	})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", auth.ErrInvalidToken, err)
	}
	if claims.Subject == "" {
		return nil, fmt.Errorf("%w: missing sub claim", auth.ErrInvalidToken)
	}
	a.cache.put(token, claims, now)
	return claims, nil
}
