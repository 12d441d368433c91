// Package kernel groups the platform's built-in fx modules so every binary
// and test assembles the same graph.
package kernel

import (
	"go.uber.org/fx"

	"example.com/blogplatform/internal/auth"
	"example.com/blogplatform/internal/authz"
	"example.com/blogplatform/internal/database"
	"example.com/blogplatform/internal/health"
	"example.com/blogplatform/internal/logger"
	"example.com/blogplatform/internal/metrics"
	"example.com/blogplatform/internal/server"
	"example.com/blogplatform/internal/system"
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
