package auth

import (
	"go.uber.org/fx"

	"example.com/blogplatform/pkg/auth"
	"example.com/blogplatform/pkg/config"
)

// Module provides the auth.Authenticator configured by auth.jwt.
var Module = fx.Module("auth", fx.Provide(provide))

func provide(cfg *config.Config) (auth.Authenticator, error) {
	return New(cfg.Auth.JWT)
}
