// Package kernel groups the platform's built-in fx modules so every binary
// and test assembles the same graph.
package kernel

import (
	"go.uber.org/fx"

	"github.com/example/helpdesk/internal/auth"
	"github.com/example/helpdesk/internal/authz"
	"github.com/example/helpdesk/internal/config"
	"github.com/example/helpdesk/internal/database"
	"github.com/example/helpdesk/internal/health"
	"github.com/example/helpdesk/internal/logger"
	"github.com/example/helpdesk/internal/metrics"
	"github.com/example/helpdesk/internal/server"
	"github.com/example/helpdesk/internal/system"
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
