// Package logger builds the process-wide zap logger from configuration.
package logger

import (
	"context"
	"errors"
	"fmt"
	"syscall"

	"go.uber.org/fx"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/yourorg/platform/pkg/config"
)

// Module provides the root *zap.Logger and flushes it on stop.
var Module = fx.Module("logger", fx.Provide(provide))

// New builds a logger writing JSON (or console) lines to stdout.
func New(app config.App, cfg config.Log) (*zap.Logger, error) {
	level, err := zapcore.ParseLevel(cfg.Level)
	if err != nil {
		return nil, fmt.Errorf("logger: parse level %q: %w", cfg.Level, err)
	}
	zc := zap.NewProductionConfig()
	zc.Level = zap.NewAtomicLevelAt(level)
	zc.Encoding = cfg.Format
	zc.EncoderConfig.TimeKey = "time"
	zc.EncoderConfig.EncodeTime = zapcore.RFC3339NanoTimeEncoder
	// Logs are the product's stdout; keep zap's own errors on stderr.
	zc.OutputPaths = []string{"stdout"}
	zc.ErrorOutputPaths = []string{"stderr"}
	// Sampling hides repeated lines, which is surprising in access logs.
	zc.Sampling = nil
	l, err := zc.Build(zap.Fields(
		zap.String("service", app.Name),
		zap.String("env", app.Environment),
	))
	if err != nil {
		return nil, fmt.Errorf("logger: build: %w", err)
	}
	return l, nil
}

func provide(lc fx.Lifecycle, cfg *config.Config) (*zap.Logger, error) {
	l, err := New(cfg.App, cfg.Log)
	if err != nil {
		return nil, err
	}
	lc.Append(fx.StopHook(func(context.Context) error { return sync(l) }))
	return l, nil
}

// sync flushes l, ignoring the error stdout reports when it is a terminal or
// pipe, which cannot be fsynced.
func sync(l *zap.Logger) error {
	err := l.Sync()
	if errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.ENOTTY) || errors.Is(err, syscall.EBADF) {
		return nil
	}
	return err
}
