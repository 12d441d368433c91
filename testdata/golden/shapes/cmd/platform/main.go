// Command platform runs the Shapes platform: the kernel services plus every
// statically registered feature module and, when plugins.enabled, the
// modules loaded from plugin files.
package main

import (
	"fmt"
	"os"
	"runtime/debug"

	"go.uber.org/fx"

	"example.com/shapes/internal/kernel"
	"example.com/shapes/internal/logger"
	"example.com/shapes/internal/plugins"
	"example.com/shapes/internal/registry"
	"example.com/shapes/pkg/config"
)

// gcPercent is the garbage collector's target unless GOGC is set. A
// request allocates a few kilobytes over a small live heap, so Go's
// default of 100 collects every few thousand requests; 400 lets the heap
// grow to five times the live data between collections, for a quarter of
// the collection work and a shorter latency tail. Set GOMEMLIMIT too
// where memory is tight: the collector then runs earlier near the limit.
const gcPercent = 400

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
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
		// fx's own events go through zap too, failures only unless
		// log.fx_events: start-up shows the service's lines, not the wiring.
		fx.WithLogger(logger.FxEvents),
		// The whole stop shares the grace period; fx's default is 15s.
		fx.StopTimeout(cfg.HTTP.ShutdownTimeout),
	).Run() // Run starts, blocks until SIGINT/SIGTERM, then stops gracefully.
}
