package server_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/fx"

	"example.com/saas/pkg/errbus"
	"example.com/saas/pkg/httpapi"
)

// published is one error received by recordingBus.
type published struct {
	ctx    context.Context
	err    error
	fields []errbus.Field
}

// recordingBus wraps the real bus and copies every published error to a
// channel the test reads.
type recordingBus struct {
	next errbus.Publisher
	got  chan published
}

func (r *recordingBus) Publish(ctx context.Context, err error, fields ...errbus.Field) {
	r.next.Publish(ctx, err, fields...)
	r.got <- published{ctx: ctx, err: err, fields: fields}
}

func TestHandlerPanicIsRecoveredAndPublished(t *testing.T) {
	bus := &recordingBus{got: make(chan published, 1)}
	route := fx.Provide(httpapi.AsRoute(func() httpapi.Route {
		return httpapi.Route{
			Method:        http.MethodGet,
			Path:          "/api/v1/panic",
			Authenticated: true,
			Summary:       "Panics",
			Handler:       func(*gin.Context) { panic("handler exploded") },
		}
	}))
	wrap := fx.Decorate(func(next errbus.Publisher) errbus.Publisher {
		bus.next = next
		return bus
	})
	p := start(t, testConfig(t), route, wrap)

	rec := p.do(t, http.MethodGet, "/api/v1/panic", p.token(t, "viewer"))
	assert.Equal(t, http.StatusInternalServerError, rec.Code)
	assert.Equal(t, "internal", errorCode(t, rec))

	select {
	case got := <-bus.got:
		var perr *errbus.PanicError
		require.ErrorAs(t, got.err, &perr)
		assert.Equal(t, "handler exploded", perr.Value)
		assert.Contains(t, string(perr.Stack), "TestHandlerPanicIsRecoveredAndPublished", "stack of the panicking handler")
		assert.Equal(t, rec.Header().Get(httpapi.RequestIDHeader), httpapi.RequestID(got.ctx),
			"published with the request context")
		assert.Contains(t, got.fields, errbus.F(errbus.FieldSource, errbus.SourceHTTP))
		assert.Contains(t, got.fields, errbus.F("route", "/api/v1/panic"))
	case <-time.After(2 * time.Second):
		t.Fatal("panic was not published to the error bus")
	}
}
