package events

import (
	"context"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twmb/franz-go/pkg/kgo"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"example.com/saas/internal/database"
	"example.com/saas/internal/ent"
	"example.com/saas/internal/ent/outboxevent"
	"example.com/saas/pkg/config"
	"example.com/saas/pkg/events"
)

// downTransport stands for brokers that cannot be reached: its first
// refusals calls fail at once, as a refused connection does; later calls
// hang until their context ends, as a produce waiting for the brokers
// does. Each hanging call is announced on hung.
type downTransport struct {
	refusals atomic.Int32
	hung     chan struct{}
}

// newDownTransport returns a transport refusing refusals calls, then hanging.
func newDownTransport(refusals int32) *downTransport {
	d := &downTransport{hung: make(chan struct{}, 1)}
	d.refusals.Store(refusals)
	return d
}

// Send refuses or hangs; it never delivers.
func (d *downTransport) Send(ctx context.Context, _ []events.Event) error {
	if d.refusals.Add(-1) >= 0 {
		return errBrokerDown
	}
	select {
	case d.hung <- struct{}{}:
	default:
	}
	<-ctx.Done()
	return ctx.Err()
}

// publishOne stores one event in o.
func publishOne(t *testing.T, o *Outbox) {
	t.Helper()
	ev, err := events.New("orders.order.created", "order-1", map[string]int{"n": 1})
	require.NoError(t, err)
	require.NoError(t, o.Publish(t.Context(), ev))
}

// outboxRow returns the only row of the outbox.
func outboxRow(t *testing.T, o *Outbox) *ent.OutboxEvent {
	t.Helper()
	rows, err := o.client.OutboxEvent.Query().Order(ent.Asc(outboxevent.FieldID)).All(t.Context())
	require.NoError(t, err)
	require.Len(t, rows, 1)
	return rows[0]
}

// counter returns the value of the counter name in reg.
func counter(t *testing.T, reg *prometheus.Registry, name string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	require.NoError(t, err)
	for _, mf := range mfs {
		if mf.GetName() == name {
			return mf.GetMetric()[0].GetCounter().GetValue()
		}
	}
	t.Fatalf("no metric %s", name)
	return 0
}

// TestRelayPublishDeadline: a batch the transport never acknowledges fails
// when the publish timeout ends, and each such attempt is counted on the
// row with its error, for operators.
func TestRelayPublishDeadline(t *testing.T) {
	forEachBackend(t, func(t *testing.T, db *database.DB) {
		o := NewOutbox(db)
		publishOne(t, o)
		r := NewRelay(o, newDownTransport(0), config.EventsRelay{PublishTimeout: 20 * time.Millisecond}, testLogger(t))
		reg := prometheus.NewRegistry()
		require.NoError(t, r.Register(reg))

		for range 2 {
			n, err := r.RelayOnce(t.Context())
			require.ErrorIs(t, err, context.DeadlineExceeded)
			assert.Contains(t, err.Error(), "1 events not acknowledged within 20ms")
			assert.Zero(t, n)
		}
		row := outboxRow(t, o)
		assert.Equal(t, 2, row.Attempts)
		assert.Equal(t, "events: 1 events not acknowledged within 20ms: context deadline exceeded", row.LastError)
		assert.Equal(t, 2.0, counter(t, reg, "events_relay_publish_failures_total"))
		assert.Zero(t, counter(t, reg, "events_relay_published_total"))
	})
}

// TestRelayCountsDeliveries: the counters follow what the transport did.
func TestRelayCountsDeliveries(t *testing.T) {
	o := NewOutbox(openSQLite(t))
	publishOne(t, o)
	publishOne(t, o)
	r := NewRelay(o, &fakeTransport{failures: 1}, config.EventsRelay{}, testLogger(t))
	reg := prometheus.NewRegistry()
	require.NoError(t, r.Register(reg))

	_, err := r.RelayOnce(t.Context())
	require.ErrorIs(t, err, errBrokerDown)
	n, err := r.RelayOnce(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	assert.Equal(t, 1.0, counter(t, reg, "events_relay_publish_failures_total"))
	assert.Equal(t, 2.0, counter(t, reg, "events_relay_published_total"))
}

// TestRelayStopInterruptsFailingRetry: with the brokers down, Stop does
// not wait for a retry in flight, whatever the publish timeout; the failed
// round was logged and the event stays in the outbox.
func TestRelayStopInterruptsFailingRetry(t *testing.T) {
	o := NewOutbox(openSQLite(t))
	publishOne(t, o)
	down := newDownTransport(1)
	core, logs := observer.New(zapcore.InfoLevel)
	r := NewRelay(o, down, config.EventsRelay{Interval: time.Millisecond, PublishTimeout: time.Hour}, zap.New(core))
	r.Start()

	<-down.hung // refused once, the retry now hangs for up to an hour
	require.NoError(t, r.Stop(t.Context()))

	failed := logs.FilterMessage("event delivery failed, retrying").All()
	require.Len(t, failed, 1)
	assert.Equal(t, "broker unavailable", failed[0].ContextMap()["error"])
	row := outboxRow(t, o)
	assert.Equal(t, 1, row.Attempts, "the interrupted retry is not a failed attempt")
	assert.Equal(t, "broker unavailable", row.LastError)
}

// TestRelayStopWaitsForPublishTimeout: a batch in flight when Stop is
// called while deliveries were succeeding gets its publish timeout, then
// counts as a failed attempt; Stop returns without error.
func TestRelayStopWaitsForPublishTimeout(t *testing.T) {
	o := NewOutbox(openSQLite(t))
	publishOne(t, o)
	down := newDownTransport(0)
	r := NewRelay(o, down, config.EventsRelay{Interval: time.Hour, PublishTimeout: 50 * time.Millisecond}, testLogger(t))
	r.Start()

	<-down.hung
	require.NoError(t, r.Stop(t.Context()))
	row := outboxRow(t, o)
	assert.Equal(t, 1, row.Attempts)
	assert.Contains(t, row.LastError, "not acknowledged within 50ms")
}

// closedAddr returns a loopback address nothing listens on.
func closedAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	return addr
}

// TestKafkaUnreachable: with the brokers at a closed port, a publish fails
// within the publish timeout with franz-go's error naming the cause, and
// the transport stops without waiting for them.
func TestKafkaUnreachable(t *testing.T) {
	relayCfg := config.EventsRelay{PublishTimeout: 2 * time.Second}
	k, err := NewKafka(config.Kafka{Brokers: []string{closedAddr(t)}, Group: "saas-test"}, testLogger(t),
		kgo.RecordDeliveryTimeout(recordTimeout(relayCfg)))
	require.NoError(t, err)
	var got recorder
	require.NoError(t, k.Subscribe("orders.order.created", got.handle))
	require.NoError(t, k.Start())

	o := NewOutbox(openSQLite(t))
	publishOne(t, o)
	r := NewRelay(o, k, relayCfg, testLogger(t))
	for range 2 {
		_, err = r.RelayOnce(t.Context())
		require.Error(t, err)
		assert.Contains(t, err.Error(), "connection refused", "every attempt names the cause")
	}
	row := outboxRow(t, o)
	assert.Equal(t, 2, row.Attempts)
	assert.Contains(t, row.LastError, "connection refused")

	// Bounded only to turn a hang into a failure.
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	require.NoError(t, k.Stop(ctx))
	assert.Empty(t, got.events())
}
