// Package kernel groups the platform's built-in fx modules so every binary
// and test assembles the same graph.
package kernel

import (
	"go.uber.org/fx"

	"example.com/shapes/internal/auth"
	"example.com/shapes/internal/authz"
	"example.com/shapes/internal/config"
	"example.com/shapes/internal/database"
	"example.com/shapes/internal/health"
	"example.com/shapes/internal/logger"
	"example.com/shapes/internal/metrics"
	"example.com/shapes/internal/server"
	"example.com/shapes/internal/system"
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
