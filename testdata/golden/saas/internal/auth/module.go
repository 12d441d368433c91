package auth

import (
	"go.uber.org/fx"

	"example.com/saas/pkg/auth"
	"example.com/saas/pkg/config"
)

// Module provides the auth.Authenticator selected by auth.mode: auth.jwt,
// or the OpenID Connect provider in auth.oidc.
var Module = fx.Module("auth", fx.Provide(provide))

func provide(lc fx.Lifecycle, cfg *config.Config) (auth.Authenticator, error) {
	if cfg.Auth.Mode == config.AuthModeOIDC {
		return provideOIDC(lc, cfg.Auth.OIDC), nil
	}
	return New(cfg.Auth.JWT)
}
