package tracing

import (
	"net/http"
	"sync"

	"github.com/gin-gonic/gin"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"

	"example.com/saas/pkg/httpapi"
	"example.com/saas/pkg/logger"
)

// Log field names carrying the request's trace, next to request_id.
const (
	FieldTraceID = "trace_id"
	FieldSpanID  = "span_id"
)

// newMiddleware opens a server span per request, named after the method
// and route template (the semantic-convention name, e.g. "GET
// /api/v1/blog/posts/:id"), continuing an incoming W3C traceparent, and
// adds the span's ids to the request logger.
func newMiddleware(tp trace.TracerProvider, prop propagation.TextMapPropagator) []httpapi.Middleware {
	return []httpapi.Middleware{
		{Name: "tracing.span", Order: -100, Handler: serverSpan(tp.Tracer(instrumentation), prop)},
		{Name: "tracing.log", Order: -99, Handler: logFields()},
	}
}

// serverSpan is the request's span. It records what a trace view needs
// (method, route, status, an error status for 5xx) and nothing per request
// that Prometheus and the access log already hold: otelgin's dozen
// attributes more than doubled the request path's allocations.
func serverSpan(tracer trace.Tracer, prop propagation.TextMapPropagator) gin.HandlerFunc {
	var names spanNames
	return func(c *gin.Context) {
		r := c.Request
		ctx := prop.Extract(r.Context(), propagation.HeaderCarrier(r.Header))
		route := c.FullPath()
		ctx, span := tracer.Start(ctx, names.get(r.Method, route),
			trace.WithSpanKind(trace.SpanKindServer),
			trace.WithAttributes(
				semconv.HTTPRequestMethodKey.String(r.Method),
				semconv.HTTPRoute(route),
			))
		defer span.End()
		c.Request = r.WithContext(ctx)
		c.Next()
		status := c.Writer.Status()
		span.SetAttributes(semconv.HTTPResponseStatusCode(status))
		if status >= http.StatusInternalServerError {
			span.SetStatus(codes.Error, http.StatusText(status))
		}
	}
}

// spanNames caches "METHOD route" per route, so naming a span allocates
// only the first time a route is seen.
type spanNames struct {
	mu    sync.RWMutex
	names map[[2]string]string
}

func (n *spanNames) get(method, route string) string {
	if route == "" {
		return method // unmatched: one name, bounded cardinality
	}
	key := [2]string{method, route}
	n.mu.RLock()
	name, ok := n.names[key]
	n.mu.RUnlock()
	if ok {
		return name
	}
	name = method + " " + route
	n.mu.Lock()
	if n.names == nil {
		n.names = map[[2]string]string{}
	}
	n.names[key] = name
	n.mu.Unlock()
	return name
}

// logFields adds trace_id and span_id to the request logger. With tracing
// disabled the no-op tracer still carries an incoming trace context, so
// the caller's trace id is logged even then.
func logFields() gin.HandlerFunc {
	return func(c *gin.Context) {
		ctx := c.Request.Context()
		if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
			if l := logger.With(ctx,
				zap.String(FieldTraceID, sc.TraceID().String()),
				zap.String(FieldSpanID, sc.SpanID().String()),
			); l != ctx {
				c.Request = c.Request.WithContext(l)
			}
		}
		c.Next()
	}
}
