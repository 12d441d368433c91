// Package health serves the liveness and readiness probes.
package health

import (
	"net/http"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"
	"go.uber.org/fx"

	"github.com/yourorg/platform/pkg/health"
	"github.com/yourorg/platform/pkg/httpapi"
)

// CheckTimeout bounds each readiness check so a hung dependency cannot hang
// the probe.
const CheckTimeout = 2 * time.Second

// Module provides the public /healthz and /ready routes and the Drain
// switch the server flips when the shutdown begins.
var Module = fx.Module("health", fx.Provide(newDrain, httpapi.AsRoutes(newRoutes)))

// StatusDraining is the readiness status once the shutdown has begun.
const StatusDraining = "draining"

// Drain records that the process is shutting down: from then on /ready
// answers 503, so load balancers stop sending requests while the server
// still finishes the ones it has.
type Drain struct{ draining atomic.Bool }

func newDrain() *Drain { return new(Drain) }

// Begin turns readiness off for good.
func (d *Drain) Begin() { d.draining.Store(true) }

// Draining reports whether Begin was called.
func (d *Drain) Draining() bool { return d.draining.Load() }

type params struct {
	fx.In

	Drain    *Drain
	Checkers []health.Checker `group:"health_checks"`
}

func newRoutes(p params) []httpapi.Route {
	return []httpapi.Route{
		{
			Method:  http.MethodGet,
			Path:    "/healthz",
			Public:  true,
			Summary: "Liveness probe",
			Handler: liveness,
		},
		{
			Method:  http.MethodGet,
			Path:    "/ready",
			Public:  true,
			Summary: "Readiness probe",
			Handler: readiness(p.Drain, p.Checkers),
		},
	}
}

// liveness answers as long as the process can serve HTTP at all.
func liveness(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"status": health.StatusOK})
}

// readinessCheck is the public, redacted form of a health.Result: error
// details stay behind the system.health.check permission.
type readinessCheck struct {
	Name   string `json:"name"`
	Status string `json:"status"`
}

// readiness answers 503 once draining, else runs every checker and
// answers 503 if any fails.
func readiness(drain *Drain, checkers []health.Checker) gin.HandlerFunc {
	return func(c *gin.Context) {
		if drain.Draining() {
			c.JSON(http.StatusServiceUnavailable, gin.H{"status": StatusDraining, "checks": []readinessCheck{}})
			return
		}
		report := health.Run(c.Request.Context(), checkers, CheckTimeout)
		checks := make([]readinessCheck, len(report.Checks))
		for i, r := range report.Checks {
			checks[i] = readinessCheck{Name: r.Name, Status: r.Status}
		}
		status := http.StatusOK
		if !report.Healthy() {
			status = http.StatusServiceUnavailable
		}
		c.JSON(status, gin.H{"status": report.Status, "checks": checks})
	}
}
