// Package tracing sets up OpenTelemetry tracing: a tracer provider that
// exports over OTLP/HTTP, W3C trace context propagation, the Gin middleware
// that opens a span per request and puts its ids in the request's log
// fields, and spans for every statement on the shared database driver.
package tracing

import (
	"context"
	"fmt"
	"runtime/debug"
	"strings"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"
	"go.uber.org/fx"
	"go.uber.org/zap"

	"example.com/saas/pkg/config"
	"example.com/saas/pkg/httpapi"
)

// ProcessorsGroup is the fx value group of extra span processors added to
// the tracer provider (tests use it for an in-memory exporter).
const ProcessorsGroup = "tracing.processors"

// tracesPath is where OTLP/HTTP collectors accept spans.
const tracesPath = "/v1/traces"

// Module provides the trace.TracerProvider and the propagator, adds the
// request span and its log fields to the server's middleware, and wraps
// the shared database driver.
//
// The decorator sits outside fx.Module on purpose: a decorator applies to
// the scope it is declared in, and only the root scope reaches the
// database.Database every feature module builds its Ent client on.
var Module = fx.Options(
	fx.Module("tracing", fx.Provide(provide)),
	fx.Decorate(traceDatabase),
)

// WithProcessor adds sp to the tracer provider.
func WithProcessor(sp sdktrace.SpanProcessor) fx.Option {
	return fx.Provide(fx.Annotate(
		func() sdktrace.SpanProcessor { return sp },
		fx.ResultTags(`group:"`+ProcessorsGroup+`"`),
	))
}

type params struct {
	fx.In

	Lifecycle  fx.Lifecycle
	Config     *config.Config
	Logger     *zap.Logger
	Processors []sdktrace.SpanProcessor `group:"tracing.processors"`
}

type result struct {
	fx.Out

	Provider   trace.TracerProvider
	Propagator propagation.TextMapPropagator
	Middleware []httpapi.Middleware `group:"middleware,flatten"`
}

func provide(p params) (result, error) {
	// W3C traceparent/tracestate plus baggage: what collectors and other
	// OpenTelemetry services speak by default.
	prop := propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{})
	tp, err := newProvider(p.Lifecycle, p.Config, p.Processors)
	if err != nil {
		return result{}, err
	}
	p.Lifecycle.Append(fx.StartHook(func() {
		// Libraries and modules that use the otel globals join the same
		// traces; the platform's own code uses the injected values.
		otel.SetTracerProvider(tp)
		otel.SetTextMapPropagator(prop)
	}))
	if p.Config.Tracing.Enabled {
		p.Logger.Named("tracing").Debug("tracing enabled",
			zap.String("endpoint", p.Config.Tracing.Endpoint),
			zap.Float64("sample_ratio", p.Config.Tracing.SampleRatio))
	}
	return result{
		Provider:   tp,
		Propagator: prop,
		Middleware: newMiddleware(tp, prop),
	}, nil
}

// newProvider returns a no-op provider when tracing is disabled, else an SDK
// provider that is shut down (flushing queued spans) when the app stops.
// Without an endpoint it has no exporter: spans still get ids, so logs can
// be correlated, but nothing leaves the process.
func newProvider(lc fx.Lifecycle, cfg *config.Config, processors []sdktrace.SpanProcessor) (trace.TracerProvider, error) {
	if !cfg.Tracing.Enabled {
		return noop.NewTracerProvider(), nil
	}
	res, err := newResource(cfg.App)
	if err != nil {
		return nil, err
	}
	opts := []sdktrace.TracerProviderOption{
		sdktrace.WithResource(res),
		// A request continuing a trace keeps the caller's decision, so a
		// trace is never recorded in one service and missing in the next.
		sdktrace.WithSampler(sdktrace.ParentBased(sdktrace.TraceIDRatioBased(cfg.Tracing.SampleRatio))),
	}
	if cfg.Tracing.Endpoint != "" {
		// New does not connect; export failures are reported through
		// otel's error handler and never block requests.
		exp, err := otlptracehttp.New(context.Background(), otlptracehttp.WithEndpointURL(tracesURL(cfg.Tracing.Endpoint)))
		if err != nil {
			return nil, fmt.Errorf("tracing: otlp exporter for %s: %w", cfg.Tracing.Endpoint, err)
		}
		opts = append(opts, sdktrace.WithBatcher(exp))
	}
	for _, sp := range processors {
		opts = append(opts, sdktrace.WithSpanProcessor(sp))
	}
	tp := sdktrace.NewTracerProvider(opts...)
	lc.Append(fx.StopHook(func(ctx context.Context) error {
		if err := tp.Shutdown(ctx); err != nil {
			return fmt.Errorf("tracing: shutdown: %w", err)
		}
		return nil
	}))
	return tp, nil
}

// tracesURL appends the OTLP traces path to a collector base URL, keeping
// a URL that already ends in it.
func tracesURL(endpoint string) string {
	endpoint = strings.TrimSuffix(endpoint, "/")
	if strings.HasSuffix(endpoint, tracesPath) {
		return endpoint
	}
	return endpoint + tracesPath
}

// newResource describes the service on every span: name and environment
// from the configuration, version from the build, merged over the SDK's
// defaults (which also read OTEL_RESOURCE_ATTRIBUTES).
func newResource(app config.App) (*resource.Resource, error) {
	res, err := resource.Merge(resource.Default(), resource.NewWithAttributes(semconv.SchemaURL,
		semconv.ServiceName(app.Name),
		semconv.ServiceVersion(version()),
		semconv.DeploymentEnvironmentNameKey.String(app.Environment),
	))
	if err != nil {
		return nil, fmt.Errorf("tracing: resource: %w", err)
	}
	return res, nil
}

// version is the main module's version as recorded by the Go toolchain:
// a tag or pseudo-version for installed builds, "(devel)" for local ones.
func version() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		return info.Main.Version
	}
	return "unknown"
}
