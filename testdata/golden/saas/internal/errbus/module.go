package errbus

import (
	"context"
	"fmt"

	"github.com/getsentry/sentry-go"
	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/fx"
	"go.uber.org/zap"

	"example.com/saas/pkg/config"
	"example.com/saas/pkg/errbus"
)

// Module provides errbus.Publisher. The bus starts before, and stops after,
// everything that depends on it (the HTTP server, the job runners), so no
// error published during shutdown is lost.
var Module = fx.Module("errbus",
	fx.Provide(
		provide,
		func(b *Bus) errbus.Publisher { return b },
	),
)

type params struct {
	fx.In

	Lifecycle fx.Lifecycle
	Config    *config.Config
	Logger    *zap.Logger
	// Metrics is optional so the bus works without the metrics module.
	Metrics *prometheus.Registry `optional:"true"`
	// TraceID is supplied by the tracing feature, when present.
	TraceID errbus.TraceIDFunc `optional:"true"`
}

func provide(p params) (*Bus, error) {
	client, err := NewSentryClient(p.Config)
	if err != nil {
		return nil, err
	}
	opts := Options{
		Logger:     p.Logger,
		BufferSize: p.Config.Errors.BufferSize,
		Sentry:     client,
		TraceID:    p.TraceID,
	}
	// A typed nil registry inside the interface would panic on Register.
	if p.Metrics != nil {
		opts.Registerer = p.Metrics
	}
	b, err := New(opts)
	if err != nil {
		return nil, err
	}
	p.Lifecycle.Append(fx.Hook{
		OnStart: func(context.Context) error { b.Start(); return nil },
		OnStop:  b.Stop,
	})
	return b, nil
}

// NewSentryClient returns a Sentry client for cfg.Errors.Sentry, or nil when
// no DSN is configured. It uses a dedicated client rather than sentry.Init
// so nothing touches the SDK's global hub.
func NewSentryClient(cfg *config.Config) (*sentry.Client, error) {
	sc := cfg.Errors.Sentry
	if sc.DSN == "" {
		return nil, nil
	}
	env := sc.Environment
	if env == "" {
		env = cfg.App.Environment
	}
	client, err := sentry.NewClient(sentry.ClientOptions{
		Dsn:         sc.DSN,
		Environment: env,
		Release:     sc.Release,
		SampleRate:  sc.SampleRate,
		ServerName:  cfg.App.Name,
		// Only errors that carry their own stack (recovered panics) get
		// one; the consumer goroutine's stack would only mislead.
		AttachStacktrace: false,
	})
	if err != nil {
		return nil, fmt.Errorf("errbus: sentry client: %w", err)
	}
	return client, nil
}
