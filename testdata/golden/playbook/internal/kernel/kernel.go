// Package kernel groups the platform's built-in fx modules so every binary
// and test assembles the same graph.
package kernel

import (
	"go.uber.org/fx"

	"github.com/yourorg/platform/internal/auth"
	"github.com/yourorg/platform/internal/authz"
	"github.com/yourorg/platform/internal/config"
	"github.com/yourorg/platform/internal/database"
	"github.com/yourorg/platform/internal/health"
	"github.com/yourorg/platform/internal/logger"
	"github.com/yourorg/platform/internal/metrics"
	"github.com/yourorg/platform/internal/server"
	"github.com/yourorg/platform/internal/system"
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
