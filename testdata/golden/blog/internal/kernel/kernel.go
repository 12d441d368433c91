// Package kernel groups the platform's built-in fx modules so every binary
// and test assembles the same graph.
package kernel

import (
	"go.uber.org/fx"

	"example.com/blogplatform/internal/auth"
	"example.com/blogplatform/internal/authz"
	"example.com/blogplatform/internal/config"
	"example.com/blogplatform/internal/database"
	"example.com/blogplatform/internal/health"
	"example.com/blogplatform/internal/logger"
	"example.com/blogplatform/internal/metrics"
	"example.com/blogplatform/internal/server"
	"example.com/blogplatform/internal/system"
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
