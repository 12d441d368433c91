// Package kernel groups the platform's built-in fx modules so every binary
// and test assembles the same graph.
package kernel

import (
	"go.uber.org/fx"

	"example.com/pluginplatform/internal/auth"
	"example.com/pluginplatform/internal/authz"
	"example.com/pluginplatform/internal/config"
	"example.com/pluginplatform/internal/database"
	"example.com/pluginplatform/internal/health"
	"example.com/pluginplatform/internal/logger"
	"example.com/pluginplatform/internal/metrics"
	"example.com/pluginplatform/internal/server"
	"example.com/pluginplatform/internal/system"
)

// Services are the kernel modules that consume *config.Config. Tests supply
// their own configuration and use Services directly.
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

// Module is the complete kernel: configuration loaded from disk plus
// Services.
var Module = fx.Options(
	config.Module,
	Services,
)
