// Package kernel groups the platform's built-in fx modules so every binary
// and test assembles the same graph.
package kernel

import (
	"go.uber.org/fx"

	"example.com/pluginplatform/internal/auth"
	"example.com/pluginplatform/internal/authz"
	"example.com/pluginplatform/internal/database"
	"example.com/pluginplatform/internal/health"
	"example.com/pluginplatform/internal/logger"
	"example.com/pluginplatform/internal/metrics"
	"example.com/pluginplatform/internal/server"
	"example.com/pluginplatform/internal/system"
)

// Services are the kernel modules. They consume a *config.Config the
// caller supplies: cmd/platform loads it from disk (before fx.New, since
// it also decides which plugins to open) and tests build their own.
var Services = fx.Options(
	logger.Module,
	metrics.Module,
	database.Module,
	auth.Module,
	authz.Module,
	health.Module,
	system.Module,
	Features,
	server.Module,
)
