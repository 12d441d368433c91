// Package kernel groups the platform's built-in fx modules so every binary
// and test assembles the same graph.
package kernel

import (
	"go.uber.org/fx"

	"github.com/example/helpdesk/internal/auth"
	"github.com/example/helpdesk/internal/authz"
	"github.com/example/helpdesk/internal/database"
	"github.com/example/helpdesk/internal/health"
	"github.com/example/helpdesk/internal/logger"
	"github.com/example/helpdesk/internal/metrics"
	"github.com/example/helpdesk/internal/server"
	"github.com/example/helpdesk/internal/system"
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
