// Package metrics owns the Prometheus registry and serves /metrics.
package metrics

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.uber.org/fx"

	"github.com/yourorg/platform/pkg/httpapi"
)

// Module provides a dedicated *prometheus.Registry (never the global
// default, so tests and multiple apps stay isolated) and the /metrics route.
var Module = fx.Module("metrics",
	fx.Provide(
		NewRegistry,
		httpapi.AsRoute(newRoute),
	),
)

// NewRegistry returns a registry with the Go runtime and process collectors.
func NewRegistry() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	return reg
}

func newRoute(reg *prometheus.Registry) httpapi.Route {
	h := promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg})
	return httpapi.Route{
		Method:  http.MethodGet,
		Path:    "/metrics",
		Public:  true,
		Summary: "Prometheus metrics",
		Handler: gin.WrapH(h),
	}
}
