// Package kernel groups the platform's built-in fx modules so every binary
// and test assembles the same graph.
package kernel

import (
	"go.uber.org/fx"

	"github.com/acme-corp/shop/internal/auth"
	"github.com/acme-corp/shop/internal/authz"
	"github.com/acme-corp/shop/internal/database"
	"github.com/acme-corp/shop/internal/health"
	"github.com/acme-corp/shop/internal/logger"
	"github.com/acme-corp/shop/internal/metrics"
	"github.com/acme-corp/shop/internal/server"
	"github.com/acme-corp/shop/internal/system"
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
