// Command platform runs the Minimal platform: the kernel services plus every
// statically registered feature module and, when plugins.enabled, the
// modules loaded from plugin files.
package main

import (
	"fmt"
	"os"

	"go.uber.org/fx"
	"go.uber.org/fx/fxevent"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"example.com/minimal/internal/kernel"
	"example.com/minimal/internal/plugins"
	"example.com/minimal/internal/registry"
	"example.com/minimal/pkg/config"
)

func main() {
	// The configuration is read once, here: plugin modules join the graph,
	// so they are opened before fx.New, and a plugin that cannot be loaded
	// stops the start with one line.
	cfg, err := config.Load(config.Dir())
	if err != nil {
		fmt.Fprintln(os.Stderr, "platform:", err)
		os.Exit(1)
	}
	pluginModules, err := plugins.Options(cfg.Plugins)
	if err != nil {
		fmt.Fprintln(os.Stderr, "platform:", err)
		os.Exit(1)
	}
	fx.New(
		fx.Supply(cfg),
		// kernel.Services lists the built-in modules: logger, metrics,
		// database, auth, authz, health, system, the features and server.
		kernel.Services,
		registry.Module,
		pluginModules,
		// Route fx's own events through zap so stdout stays pure JSON.
		fx.WithLogger(func(l *zap.Logger) fxevent.Logger {
			// fx events are wiring detail: debug level keeps them out of
			// production logs while development (log.level=debug) shows them.
			fl := &fxevent.ZapLogger{Logger: l.Named("fx")}
			fl.UseLogLevel(zapcore.DebugLevel)
			return fl
		}),
	).Run() // Run starts, blocks until SIGINT/SIGTERM, then stops gracefully.
}
