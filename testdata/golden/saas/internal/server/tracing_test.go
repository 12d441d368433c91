package server_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	entsql "entgo.io/ent/dialect/sql"
	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/fx"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"example.com/saas/internal/tracing"
	"example.com/saas/pkg/config"
	"example.com/saas/pkg/database"
	"example.com/saas/pkg/httpapi"
)

const (
	// A W3C traceparent as an upstream service would send it.
	upstreamTraceID = "4bf92f3577b34da6a3ce929d0e0e4736"
	upstreamSpanID  = "00f067aa0ba902b7"
	traceparent     = "00-" + upstreamTraceID + "-" + upstreamSpanID + "-01"
	thingRoute      = "/api/v1/things/:id"
	thingQuery      = "SELECT 1 WHERE 1 = ?"
)

// tracedPlatform starts the kernel with an in-memory span exporter, an
// observed logger and a public route that runs one query through the
// shared database driver.
func tracedPlatform(t *testing.T, enabled bool) (*platform, *tracetest.InMemoryExporter, *observer.ObservedLogs) {
	t.Helper()
	cfg := testConfig(t)
	// Set here in full: server_test.go is the user's once generated, so
	// switching tracing on later leaves its testConfig without it.
	cfg.Tracing = config.Tracing{Enabled: enabled, SampleRatio: 1}
	exp := tracetest.NewInMemoryExporter()
	core, logs := observer.New(zapcore.InfoLevel)
	thing := fx.Provide(httpapi.AsRoute(func(db database.Database) httpapi.Route {
		return httpapi.Route{
			Method: http.MethodGet,
			Path:   thingRoute,
			Public: true,
			Handler: func(c *gin.Context) {
				var rows entsql.Rows
				if err := db.Driver().Query(c.Request.Context(), thingQuery, []any{1}, &rows); err != nil {
					_ = c.Error(err)
					httpapi.AbortInternal(c)
					return
				}
				_ = rows.Close()
				c.JSON(http.StatusOK, gin.H{"id": c.Param("id")})
			},
		}
	}))
	p := start(t, cfg, thing,
		tracing.WithProcessor(sdktrace.NewSimpleSpanProcessor(exp)),
		fx.Decorate(func() *zap.Logger { return zap.New(core) }),
	)
	return p, exp, logs
}

func getThing(t *testing.T, p *platform, header string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, "/api/v1/things/42", nil)
	if header != "" {
		req.Header.Set("traceparent", header)
	}
	rec := httptest.NewRecorder()
	p.router.ServeHTTP(rec, req)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
}

// spanNamed returns the only span called name.
func spanNamed(t *testing.T, spans tracetest.SpanStubs, name string) tracetest.SpanStub {
	t.Helper()
	var found []tracetest.SpanStub
	for _, s := range spans {
		if s.Name == name {
			found = append(found, s)
		}
	}
	require.Len(t, found, 1, "spans named %q in %v", name, spans)
	return found[0]
}

// accessLine returns the access log line of the thing route.
func accessLine(t *testing.T, logs *observer.ObservedLogs) map[string]any {
	t.Helper()
	for _, e := range logs.FilterMessage("http request").All() {
		if fields := e.ContextMap(); fields["route"] == thingRoute {
			return fields
		}
	}
	require.FailNow(t, "no access log line for "+thingRoute)
	return nil
}

func attrs(s tracetest.SpanStub) map[string]string {
	m := make(map[string]string, len(s.Attributes))
	for _, kv := range s.Attributes {
		m[string(kv.Key)] = kv.Value.String()
	}
	return m
}

func TestTracingRequestAndDatabaseSpans(t *testing.T) {
	p, exp, logs := tracedPlatform(t, true)
	getThing(t, p, "")

	spans := exp.GetSpans()
	server := spanNamed(t, spans, "GET "+thingRoute)
	assert.Equal(t, trace.SpanKindServer, server.SpanKind)
	assert.Equal(t, thingRoute, attrs(server)["http.route"])
	assert.False(t, server.Parent.IsValid(), "a request without traceparent starts a trace")

	// Background work (an outbox relay, jobs) may trace its own queries:
	// look at the spans of the request's trace only.
	var inTrace tracetest.SpanStubs
	for _, s := range spans {
		if s.SpanContext.TraceID() == server.SpanContext.TraceID() {
			inTrace = append(inTrace, s)
		}
	}
	db := spanNamed(t, inTrace, "SELECT")
	assert.Equal(t, trace.SpanKindClient, db.SpanKind)
	assert.Equal(t, server.SpanContext.TraceID(), db.SpanContext.TraceID())
	assert.Equal(t, server.SpanContext.SpanID(), db.Parent.SpanID(), "the DB span is a child of the request span")
	dbAttrs := attrs(db)
	assert.Equal(t, "sqlite", dbAttrs["db.system.name"])
	assert.Equal(t, thingQuery, dbAttrs["db.query.text"], "statement recorded, arguments not")
	assert.Equal(t, "SELECT", dbAttrs["db.operation.name"])

	line := accessLine(t, logs)
	assert.Equal(t, server.SpanContext.TraceID().String(), line[tracing.FieldTraceID])
	assert.Equal(t, server.SpanContext.SpanID().String(), line[tracing.FieldSpanID])
	assert.NotEmpty(t, line["request_id"])
}

func TestTracingContinuesIncomingTraceparent(t *testing.T) {
	p, exp, logs := tracedPlatform(t, true)
	getThing(t, p, traceparent)

	server := spanNamed(t, exp.GetSpans(), "GET "+thingRoute)
	assert.Equal(t, upstreamTraceID, server.SpanContext.TraceID().String())
	assert.Equal(t, upstreamSpanID, server.Parent.SpanID().String())
	assert.True(t, server.Parent.IsRemote())

	line := accessLine(t, logs)
	assert.Equal(t, upstreamTraceID, line[tracing.FieldTraceID])
	assert.Equal(t, server.SpanContext.SpanID().String(), line[tracing.FieldSpanID])
}

func TestTracingDisabled(t *testing.T) {
	p, exp, logs := tracedPlatform(t, false)
	getThing(t, p, traceparent)
	assert.Empty(t, exp.GetSpans(), "no spans when tracing is disabled")
	assert.Equal(t, upstreamTraceID, accessLine(t, logs)[tracing.FieldTraceID],
		"the caller's trace id is still logged")

	getThing(t, p, "")
	for _, e := range logs.FilterMessage("http request").All() {
		if e.ContextMap()[tracing.FieldTraceID] == nil {
			return
		}
	}
	t.Error("without tracing and traceparent, no trace id is invented")
}
