// Package logger builds the process-wide zap logger from configuration.
package logger

import (
	"context"
	"errors"
	"fmt"
	"os"
	"syscall"

	"go.uber.org/fx"
	"go.uber.org/fx/fxevent"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/example/helpdesk/pkg/config"
)

// Module provides the root *zap.Logger and flushes it on stop.
var Module = fx.Module("logger", fx.Provide(provide))

// Log formats accepted in config.Log.Format.
const (
	// FormatJSON writes one JSON object per line, for log collectors.
	FormatJSON = "json"
	// FormatConsole writes lines a person reads: time, level, logger,
	// message, then the fields.
	FormatConsole = "console"
)

// New builds the root logger writing to stdout in cfg.Format. Console
// level names are coloured only when stdout is a terminal, so a file or a
// pipe gets no escape codes.
func New(app config.App, cfg config.Log) (*zap.Logger, error) {
	return build(app, cfg, zapcore.Lock(os.Stdout), isTerminal(os.Stdout))
}

// build is New writing to out, colouring console level names when color.
func build(app config.App, cfg config.Log, out zapcore.WriteSyncer, color bool) (*zap.Logger, error) {
	level, err := zapcore.ParseLevel(cfg.Level)
	if err != nil {
		return nil, fmt.Errorf("logger: parse level %q: %w", cfg.Level, err)
	}
	opts := []zap.Option{
		zap.AddCaller(),
		zap.AddStacktrace(zapcore.ErrorLevel),
		// Logs are the product's stdout; keep zap's own errors on stderr.
		zap.ErrorOutput(zapcore.Lock(os.Stderr)),
	}
	var enc zapcore.Encoder
	switch cfg.Format {
	case FormatConsole:
		ec := zap.NewDevelopmentEncoderConfig()
		ec.EncodeTime = zapcore.TimeEncoderOfLayout("15:04:05.000")
		if color {
			ec.EncodeLevel = zapcore.CapitalColorLevelEncoder
		}
		// No service and env fields: whoever reads the console started
		// the process and knows both.
		enc = zapcore.NewConsoleEncoder(ec)
	case FormatJSON:
		ec := zap.NewProductionEncoderConfig()
		ec.TimeKey = "time"
		ec.EncodeTime = zapcore.RFC3339NanoTimeEncoder
		enc = zapcore.NewJSONEncoder(ec)
		opts = append(opts, zap.Fields(
			zap.String("service", app.Name),
			zap.String("env", app.Environment),
		))
	default:
		return nil, fmt.Errorf("logger: format %q: want %s or %s", cfg.Format, FormatJSON, FormatConsole)
	}
	// No sampling: it hides repeated lines, which is surprising in access logs.
	return zap.New(zapcore.NewCore(enc, out, zap.NewAtomicLevelAt(level)), opts...), nil
}

// isTerminal reports whether f is a character device, as a terminal is.
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// FxEvents is the logger of fx's own events (constructors provided,
// functions invoked, lifecycle hooks run), for fx.WithLogger. They describe
// the wiring, not the service, so only failures are logged unless
// log.fx_events asks for every event.
func FxEvents(l *zap.Logger, cfg *config.Config) fxevent.Logger {
	l = l.Named("fx")
	if !cfg.Log.FxEvents {
		// fxevent.ZapLogger logs failures at error level and everything
		// else at info.
		l = l.WithOptions(zap.IncreaseLevel(zapcore.ErrorLevel))
	}
	return &fxevent.ZapLogger{Logger: l}
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
