// Package kernel groups the platform's built-in fx modules so every binary
// and test assembles the same graph.
package kernel

import (
	"go.uber.org/fx"

	"github.com/yourorg/platform/internal/auth"
	"github.com/yourorg/platform/internal/authz"
	"github.com/yourorg/platform/internal/database"
	"github.com/yourorg/platform/internal/health"
	"github.com/yourorg/platform/internal/logger"
	"github.com/yourorg/platform/internal/metrics"
	"github.com/yourorg/platform/internal/server"
	"github.com/yourorg/platform/internal/system"
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
