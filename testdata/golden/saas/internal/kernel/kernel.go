// Package kernel groups the platform's built-in fx modules so every binary
// and test assembles the same graph.
package kernel

import (
	"go.uber.org/fx"

	"example.com/saas/internal/auth"
	"example.com/saas/internal/authz"
	"example.com/saas/internal/config"
	"example.com/saas/internal/database"
	"example.com/saas/internal/health"
	"example.com/saas/internal/logger"
	"example.com/saas/internal/metrics"
	"example.com/saas/internal/server"
	"example.com/saas/internal/system"
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
