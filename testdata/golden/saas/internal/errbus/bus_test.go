package errbus_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/getsentry/sentry-go"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	internalerrbus "example.com/saas/internal/errbus"
	"example.com/saas/pkg/errbus"
	"example.com/saas/pkg/httpapi"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

type traceKey struct{}

// traceID is the hook a tracing feature would supply.
func traceID(ctx context.Context) string {
	id, _ := ctx.Value(traceKey{}).(string)
	return id
}

func requestCtx() context.Context {
	ctx := httpapi.WithRequestID(context.Background(), "req-1")
	return context.WithValue(ctx, traceKey{}, "4bf92f3577b34da6a3ce929d0e0e4736")
}

func newBus(t *testing.T, opts internalerrbus.Options) (*internalerrbus.Bus, *observer.ObservedLogs) {
	t.Helper()
	core, logs := observer.New(zapcore.DebugLevel)
	opts.Logger = zap.New(core)
	b, err := internalerrbus.New(opts)
	require.NoError(t, err)
	return b, logs
}

func stop(t *testing.T, b *internalerrbus.Bus) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	require.NoError(t, b.Stop(ctx))
}

func TestPublishLogsWithRequestAndTraceID(t *testing.T) {
	reg := prometheus.NewRegistry()
	b, logs := newBus(t, internalerrbus.Options{TraceID: traceID, Registerer: reg})
	b.Start()

	b.Publish(requestCtx(), errors.New("boom"), errbus.F(errbus.FieldSource, errbus.SourceJob), errbus.F("job", "cleanup"))
	b.Publish(requestCtx(), nil) // ignored
	stop(t, b)                   // drains the buffer before returning

	entries := logs.FilterMessage("error published").All()
	require.Len(t, entries, 1)
	fields := entries[0].ContextMap()
	assert.Equal(t, "boom", fields["error"])
	assert.Equal(t, "req-1", fields["request_id"])
	assert.Equal(t, "4bf92f3577b34da6a3ce929d0e0e4736", fields["trace_id"])
	assert.Equal(t, "job", fields["source"])
	assert.Equal(t, "cleanup", fields["job"])
	assert.InDelta(t, 1, counter(t, reg, "errbus_published_total"), 0)
}

func TestFullBufferDropsWithoutBlocking(t *testing.T) {
	reg := prometheus.NewRegistry()
	b, logs := newBus(t, internalerrbus.Options{BufferSize: 2, Registerer: reg})
	// Not started yet: nothing drains the buffer, so it fills after two.
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 1000 {
			b.Publish(context.Background(), errors.New("flood"))
		}
	}()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("Publish blocked on a full buffer")
	}
	assert.Equal(t, uint64(998), b.Dropped())
	assert.InDelta(t, 998, counter(t, reg, "errbus_dropped_total"), 0)

	b.Start()
	stop(t, b)
	assert.Equal(t, 2, logs.FilterMessage("error published").Len(), "buffered errors are handled on stop")

	b.Publish(context.Background(), errors.New("late"))
	assert.Equal(t, uint64(999), b.Dropped(), "errors published after stop are counted as dropped")
}

func TestPanicErrorCarriesStack(t *testing.T) {
	b, logs := newBus(t, internalerrbus.Options{})
	b.Start()
	func() {
		defer func() {
			b.Publish(context.Background(), errbus.NewPanicError(recover()))
		}()
		panicky()
	}()
	stop(t, b)

	entries := logs.FilterMessage("error published").All()
	require.Len(t, entries, 1)
	assert.Equal(t, "panic: kaboom", entries[0].ContextMap()["error"])
	assert.Contains(t, entries[0].ContextMap()["stack"], "panicky", "the stack names the panicking function")
}

func panicky() { panic("kaboom") }

// fakeTransport records the events the Sentry client sends.
type fakeTransport struct {
	mu      sync.Mutex
	events  []*sentry.Event
	flushed bool
	closed  bool
}

func (f *fakeTransport) Configure(sentry.ClientOptions) {}
func (f *fakeTransport) SendEvent(e *sentry.Event) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.events = append(f.events, e)
}
func (f *fakeTransport) Flush(time.Duration) bool { return f.FlushWithContext(context.Background()) }
func (f *fakeTransport) FlushWithContext(context.Context) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.flushed = true
	return true
}
func (f *fakeTransport) Close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closed = true
}

func TestSentryReceivesEventTaggedWithTraceID(t *testing.T) {
	transport := &fakeTransport{}
	client, err := sentry.NewClient(sentry.ClientOptions{
		Dsn:       "https://public@sentry.example.com/1",
		Transport: transport,
	})
	require.NoError(t, err)
	b, _ := newBus(t, internalerrbus.Options{Sentry: client, TraceID: traceID})
	b.Start()

	func() {
		defer func() {
			b.Publish(requestCtx(), errbus.NewPanicError(recover()),
				errbus.F(errbus.FieldSource, errbus.SourceHTTP), errbus.F("route", "/api/v1/x"))
		}()
		panicky()
	}()
	stop(t, b)

	transport.mu.Lock()
	defer transport.mu.Unlock()
	assert.True(t, transport.flushed, "Stop flushes Sentry")
	assert.True(t, transport.closed, "Stop closes the Sentry client")
	require.Len(t, transport.events, 1)
	ev := transport.events[0]
	assert.Equal(t, "4bf92f3577b34da6a3ce929d0e0e4736", ev.Tags["trace_id"])
	assert.Equal(t, "req-1", ev.Tags["request_id"])
	assert.Equal(t, "http", ev.Tags["source"])
	assert.Equal(t, map[string]any{"route": "/api/v1/x"}, ev.Contexts["fields"])
	require.NotEmpty(t, ev.Exception)
	exc := ev.Exception[len(ev.Exception)-1]
	assert.Equal(t, "panic: kaboom", exc.Value)
	require.NotNil(t, exc.Stacktrace, "the panic stack reaches Sentry")
	var names []string
	for _, f := range exc.Stacktrace.Frames {
		names = append(names, f.Function)
	}
	assert.Contains(t, names, "panicky")
}

// counter returns the value of the registered counter name.
func counter(t *testing.T, reg *prometheus.Registry, name string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	require.NoError(t, err)
	for _, mf := range mfs {
		if mf.GetName() == name {
			return mf.GetMetric()[0].GetCounter().GetValue()
		}
	}
	t.Fatalf("counter %s not registered", name)
	return 0
}
