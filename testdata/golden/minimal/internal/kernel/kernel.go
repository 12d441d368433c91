// Package kernel groups the platform's built-in fx modules so every binary
// and test assembles the same graph.
package kernel

import (
	"go.uber.org/fx"

	"example.com/minimal/internal/auth"
	"example.com/minimal/internal/authz"
	"example.com/minimal/internal/config"
	"example.com/minimal/internal/database"
	"example.com/minimal/internal/health"
	"example.com/minimal/internal/logger"
	"example.com/minimal/internal/metrics"
	"example.com/minimal/internal/server"
	"example.com/minimal/internal/system"
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
