package auth

import (
	"go.uber.org/fx"

	"github.com/example/helpdesk/pkg/auth"
	"github.com/example/helpdesk/pkg/config"
)

// Module provides the auth.Authenticator configured by auth.jwt.
var Module = fx.Module("auth", fx.Provide(provide))

func provide(cfg *config.Config) (auth.Authenticator, error) {
	return New(cfg.Auth.JWT)
}
