// Package kernel groups the platform's built-in fx modules so every binary
// and test assembles the same graph.
package kernel

import (
	"go.uber.org/fx"

	"example.com/saas/internal/auth"
	"example.com/saas/internal/authz"
	"example.com/saas/internal/database"
	"example.com/saas/internal/health"
	"example.com/saas/internal/logger"
	"example.com/saas/internal/metrics"
	"example.com/saas/internal/server"
	"example.com/saas/internal/system"
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
