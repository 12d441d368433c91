// Package kernel groups the platform's built-in fx modules so every binary
// and test assembles the same graph.
package kernel

import (
	"go.uber.org/fx"

	"example.com/minimal/internal/auth"
	"example.com/minimal/internal/authz"
	"example.com/minimal/internal/database"
	"example.com/minimal/internal/health"
	"example.com/minimal/internal/logger"
	"example.com/minimal/internal/metrics"
	"example.com/minimal/internal/server"
	"example.com/minimal/internal/system"
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
