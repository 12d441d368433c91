package auth

import (
	"go.uber.org/fx"
	"go.uber.org/zap"

	"example.com/minimal/pkg/auth"
	"example.com/minimal/pkg/config"
)

// AlternativeName names the auth.Authenticator a kernel feature provides in
// place of the JWT one (OpenID Connect, when auth.mode says so). A feature
// that is configured off provides nil, and the JWT verifier is used.
const AlternativeName = "auth.alternative"

// Module provides the auth.Authenticator: a feature's alternative when one
// is provided, else the one configured by auth.jwt.
var Module = fx.Module("auth", fx.Provide(provide))

type params struct {
	fx.In

	Lifecycle   fx.Lifecycle
	Config      *config.Config
	Log         *zap.Logger
	Alternative auth.Authenticator `name:"auth.alternative" optional:"true"`
}

func provide(p params) (auth.Authenticator, error) {
	if p.Alternative != nil {
		return p.Alternative, nil
	}
	a, err := New(p.Config.Auth.JWT)
	if err != nil {
		return nil, err
	}
	a.log = p.Log.Named("auth")
	p.Lifecycle.Append(fx.Hook{OnStart: a.Start, OnStop: a.Stop})
	return a, nil
}
