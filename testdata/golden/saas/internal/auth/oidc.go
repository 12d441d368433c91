package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/golang-jwt/jwt/v5"
	"go.uber.org/fx"
	"go.uber.org/zap"

	"example.com/saas/pkg/auth"
	"example.com/saas/pkg/config"
)

// errNotDiscovered is returned by OIDC.VerifyToken before Start succeeded.
var errNotDiscovered = errors.New("oidc provider not discovered yet")

// OIDC is the auth.Authenticator for tokens issued by an OpenID Connect
// provider, verified with go-oidc against the provider's published keys.
//
// The provider is discovered in Start rather than in NewOIDC because fx
// builds the whole graph before starting anything, and network calls belong
// in the lifecycle, bounded by auth.oidc.discovery_timeout.
type OIDC struct {
	cfg      config.OIDC
	client   *http.Client
	log      *zap.Logger
	verifier atomic.Pointer[oidc.IDTokenVerifier]
	// keys is the provider's JWKS from Start to Stop.
	keys  atomic.Pointer[jwks]
	cache verifiedCache
}

var _ auth.Authenticator = (*OIDC)(nil)

// NewOIDC returns an authenticator for cfg that verifies nothing until Start
// has discovered the provider. A nil client uses one with jwksTimeout.
func NewOIDC(cfg config.OIDC, client *http.Client) *OIDC {
	if client == nil {
		client = &http.Client{Timeout: jwksTimeout}
	}
	return &OIDC{cfg: cfg, client: client, log: zap.NewNop()}
}

// provideOIDC builds the OIDC authenticator and discovers the provider on
// start. A provider that cannot be reached fails start with a clear error:
// the platform could authenticate nobody, and failing makes the
// orchestrator retry and report it rather than serving 401s while "ready".
func provideOIDC(lc fx.Lifecycle, cfg config.OIDC, log *zap.Logger) *OIDC {
	a := NewOIDC(cfg, nil)
	a.log = log.Named("auth")
	lc.Append(fx.Hook{OnStart: a.Start, OnStop: a.Stop})
	return a
}

// OIDCModule offers the OIDC authenticator as the kernel's alternative
// when auth.mode is oidc; with any other mode it offers none.
var OIDCModule = fx.Provide(fx.Annotate(
	func(lc fx.Lifecycle, cfg *config.Config, log *zap.Logger) auth.Authenticator {
		if cfg.Auth.Mode != config.AuthModeOIDC {
			return nil
		}
		return provideOIDC(lc, cfg.Auth.OIDC, log)
	},
	fx.ResultTags(`name:"`+AlternativeName+`"`),
))

// discovery holds the fields of the discovery document the verifier uses.
type discovery struct {
	JWKSURL    string   `json:"jwks_uri"`
	Algorithms []string `json:"id_token_signing_alg_values_supported"`
}

// Start fetches the discovery document and the JWKS it names, both within
// the configured discovery timeout, and arms the verifier. The JWKS is
// refreshed until Stop.
func (a *OIDC) Start(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, a.cfg.DiscoveryTimeout)
	defer cancel()
	ctx = oidc.ClientContext(ctx, a.client)

	provider, err := oidc.NewProvider(ctx, a.cfg.Issuer)
	if err != nil {
		return fmt.Errorf("auth: oidc: discover issuer %s: %w", a.cfg.Issuer, err)
	}
	var meta discovery
	if err := provider.Claims(&meta); err != nil {
		return fmt.Errorf("auth: oidc: decode discovery document of %s: %w", a.cfg.Issuer, err)
	}
	if meta.JWKSURL == "" {
		return fmt.Errorf("auth: oidc: discovery document of %s has no jwks_uri", a.cfg.Issuer)
	}
	algs := signingAlgorithms(a.cfg.AllowedAlgorithms, meta.Algorithms)
	// A wrong jwks_uri is reported on start rather than on the first request.
	keys, err := startJWKS(ctx, meta.JWKSURL, jwksOptions{client: a.client, log: a.log, requireKeys: true})
	if err != nil {
		return fmt.Errorf("auth: oidc: issuer %s: %w", a.cfg.Issuer, err)
	}
	if old := a.keys.Swap(keys); old != nil {
		old.stop()
	}
	a.verifier.Store(oidc.NewVerifier(a.cfg.Issuer, newKeySet(keys, algs), &oidc.Config{
		ClientID:             a.cfg.Audience,
		SupportedSigningAlgs: algs,
		// go-oidc checks exp without tolerance; shifting its clock by
		// leeway gives the same clock-skew allowance as the JWT verifier.
		Now: func() time.Time { return time.Now().Add(-leeway) },
	}))
	return nil
}

// Stop ends the JWKS refreshes Start began.
func (a *OIDC) Stop(context.Context) error {
	if keys := a.keys.Swap(nil); keys != nil {
		keys.stop()
	}
	return nil
}

// signingAlgorithms returns the configured algorithms, else the asymmetric
// ones the provider advertises, else RS256 (the one OIDC mandates).
func signingAlgorithms(configured, advertised []string) []string {
	if len(configured) > 0 {
		return configured
	}
	var algs []string
	for _, alg := range advertised {
		if slices.Contains(config.OIDCAlgorithms, alg) {
			algs = append(algs, alg)
		}
	}
	if len(algs) == 0 {
		return []string{"RS256"}
	}
	return algs
}

// GenerateToken always fails: the OIDC provider mints the tokens.
func (a *OIDC) GenerateToken(string, []string, string, time.Duration) (string, error) {
	return "", fmt.Errorf("auth: generate token with oidc: %w", auth.ErrSigningUnsupported)
}

// VerifyToken checks the signature, algorithm, issuer, audience and expiry
// of token and maps its claims to auth.Claims. Every failure wraps
// auth.ErrInvalidToken.
func (a *OIDC) VerifyToken(ctx context.Context, token string) (*auth.Claims, error) {
	now := time.Now()
	if claims, ok := a.cache.get(token, now); ok {
		return claims, nil
	}
	v := a.verifier.Load()
	if v == nil {
		return nil, fmt.Errorf("%w: %w", auth.ErrInvalidToken, errNotDiscovered)
	}
	idToken, err := v.Verify(ctx, token)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", auth.ErrInvalidToken, err)
	}
	claims, err := a.claims(idToken)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", auth.ErrInvalidToken, err)
	}
	a.cache.put(token, claims, now)
	return claims, nil
}

// claims maps a verified token to the platform's claims, reading roles and
// tenant from the configured claim names.
func (a *OIDC) claims(t *oidc.IDToken) (*auth.Claims, error) {
	if t.Subject == "" {
		return nil, errors.New("missing sub claim")
	}
	var fields map[string]json.RawMessage
	if err := t.Claims(&fields); err != nil {
		return nil, fmt.Errorf("decode claims: %w", err)
	}
	// go-oidc reads "exp": "99999999999" as a date; the registered
	// claims must have their registered types.
	if err := auth.CheckRegisteredClaimTypes(fields); err != nil {
		return nil, err
	}
	var raw map[string]any
	if err := t.Claims(&raw); err != nil {
		return nil, fmt.Errorf("decode claims: %w", err)
	}
	tenant, _ := lookupClaim(raw, a.cfg.TenantClaim).(string)
	c := &auth.Claims{
		RegisteredClaims: jwt.RegisteredClaims{
			Subject:   t.Subject,
			Issuer:    t.Issuer,
			Audience:  jwt.ClaimStrings(t.Audience),
			ExpiresAt: jwt.NewNumericDate(t.Expiry),
		},
		Roles:    claimStrings(lookupClaim(raw, a.cfg.RolesClaim)),
		TenantID: tenant,
	}
	if !t.IssuedAt.IsZero() {
		c.IssuedAt = jwt.NewNumericDate(t.IssuedAt)
	}
	return c, nil
}

// lookupClaim returns the claim at a dotted path ("realm_access.roles"), or
// nil when any step is missing.
func lookupClaim(claims map[string]any, path string) any {
	if path == "" {
		return nil
	}
	var cur any = claims
	for name := range strings.SplitSeq(path, ".") {
		obj, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = obj[name]
	}
	return cur
}

// claimStrings reads a roles claim: a JSON array of strings, or one string
// of space-separated names (as providers emit scope-like claims). Anything
// else grants no roles.
func claimStrings(v any) []string {
	switch v := v.(type) {
	case string:
		return strings.Fields(v)
	case []any:
		out := make([]string, 0, len(v))
		for _, item := range v {
			if s, ok := item.(string); ok && s != "" {
				out = append(out, s)
			}
		}
		return out
	default:
		return nil
	}
}
