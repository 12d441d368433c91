// Package auth implements bearer token authentication with golang-jwt.
package auth

import (
	"context"
	"crypto/rsa"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"example.com/shapes/pkg/auth"
	"example.com/shapes/pkg/config"
)

// leeway tolerates small clock skew between issuer and platform.
const leeway = 30 * time.Second

// keyFunc resolves the verification key for a parsed, unverified token.
type keyFunc func(ctx context.Context, t *jwt.Token) (any, error)

// JWT is the golang-jwt implementation of auth.Authenticator.
type JWT struct {
	cfg     config.JWT
	signKey []byte // HS256 only; RS256 tokens are minted by the identity provider.
	key     keyFunc
	parser  *jwt.Parser
	cache   verifiedCache
}

var _ auth.Authenticator = (*JWT)(nil)

// New builds an authenticator for cfg. For RS256 it reads the PEM public key
// file, or lazily fetches the JWKS document on first use.
func New(cfg config.JWT) (*JWT, error) {
	a := &JWT{cfg: cfg, parser: newParser(cfg)}
	switch cfg.Algorithm {
	case config.AlgHS256:
		a.signKey = []byte(cfg.Secret)
		a.key = func(context.Context, *jwt.Token) (any, error) { return a.signKey, nil }
	case config.AlgRS256:
		key, err := rsaKeyFunc(cfg)
		if err != nil {
			return nil, err
		}
		a.key = key
	default:
		return nil, fmt.Errorf("auth: unsupported algorithm %q", cfg.Algorithm)
	}
	return a, nil
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

// rsaKeyFunc returns the RS256 key resolver for cfg.
func rsaKeyFunc(cfg config.JWT) (keyFunc, error) {
	if cfg.JWKSURL != "" {
		set := newJWKS(cfg.JWKSURL, nil)
		return func(ctx context.Context, t *jwt.Token) (any, error) {
			kid, _ := t.Header["kid"].(string)
			return set.Key(ctx, kid)
		}, nil
	}
	pub, err := readPublicKey(cfg.PublicKeyFile)
	if err != nil {
		return nil, err
	}
	return func(context.Context, *jwt.Token) (any, error) { return pub, nil }, nil
}

// readPublicKey loads a PEM-encoded RSA public key.
func readPublicKey(path string) (*rsa.PublicKey, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("auth: read public key: %w", err)
	}
	pub, err := jwt.ParseRSAPublicKeyFromPEM(data)
	if err != nil {
		return nil, fmt.Errorf("auth: parse public key %s: %w", path, err)
	}
	return pub, nil
}

// GenerateToken signs an HS256 token. RS256 deployments mint tokens at the
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
