// Package kernel groups the platform's built-in fx modules so every binary
// and test assembles the same graph.
package kernel

import (
	"go.uber.org/fx"

	"example.com/shapes/internal/auth"
	"example.com/shapes/internal/authz"
	"example.com/shapes/internal/database"
	"example.com/shapes/internal/health"
	"example.com/shapes/internal/logger"
	"example.com/shapes/internal/metrics"
	"example.com/shapes/internal/server"
	"example.com/shapes/internal/system"
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
