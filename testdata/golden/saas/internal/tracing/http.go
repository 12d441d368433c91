package tracing

import (
	"github.com/gin-gonic/gin"
	"go.opentelemetry.io/contrib/instrumentation/github.com/gin-gonic/gin/otelgin"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"

	"example.com/saas/pkg/logger"
)

// Log field names carrying the request's trace, next to request_id.
const (
	FieldTraceID = "trace_id"
	FieldSpanID  = "span_id"
)

// Middleware is the tracing part of the server's middleware chain. The
// server installs it after the request id and before the access log, so
// the access log line and every handler log line carry the trace ids.
type Middleware []gin.HandlerFunc

// newMiddleware opens a server span per request, named after the method
// and route template (otelgin's default, the semantic-convention name),
// continuing an incoming W3C traceparent, and adds the span's ids to the
// request logger.
func newMiddleware(service string, tp trace.TracerProvider, prop propagation.TextMapPropagator) Middleware {
	return Middleware{
		otelgin.Middleware(service,
			otelgin.WithTracerProvider(tp),
			otelgin.WithPropagators(prop),
			// The server already exports Prometheus HTTP metrics; a
			// second, OpenTelemetry set would only cost time per request.
			otelgin.WithMeterProvider(metricnoop.NewMeterProvider()),
		),
		logFields(),
	}
}

// logFields adds trace_id and span_id to the request logger. With tracing
// disabled the no-op tracer still carries an incoming trace context, so
// the caller's trace id is logged even then.
func logFields() gin.HandlerFunc {
	return func(c *gin.Context) {
		ctx := c.Request.Context()
		if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
			l := logger.FromContext(ctx).With(
				zap.String(FieldTraceID, sc.TraceID().String()),
				zap.String(FieldSpanID, sc.SpanID().String()),
			)
			c.Request = c.Request.WithContext(logger.WithContext(ctx, l))
		}
		c.Next()
	}
}
