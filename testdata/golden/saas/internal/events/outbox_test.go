package events

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"example.com/saas/internal/database"
	"example.com/saas/internal/ent"
	"example.com/saas/internal/ent/outboxevent"
	"example.com/saas/pkg/auth"
	"example.com/saas/pkg/config"
	"example.com/saas/pkg/events"
	"example.com/saas/pkg/httpapi"
)

var errAbort = errors.New("abort the request")

func TestOutboxRollbackPublishesNothing(t *testing.T) {
	forEachBackend(t, func(t *testing.T, db *database.DB) {
		o, tr := NewOutbox(db), &fakeTransport{}
		r := NewRelay(o, tr, config.EventsRelay{}, testLogger(t))

		err := db.InTx(t.Context(), func(ctx context.Context) error {
			ev, err := events.New("orders.order.created", "1", map[string]int{"id": 1})
			require.NoError(t, err)
			require.NoError(t, o.Publish(ctx, ev))
			assert.Equal(t, 1, outboxCountIn(t, ctx, o), "the row exists inside the transaction")
			return errAbort
		})
		require.ErrorIs(t, err, errAbort)

		n, err := r.RelayOnce(t.Context())
		require.NoError(t, err)
		assert.Zero(t, n)
		assert.Empty(t, tr.delivered())
		assert.Zero(t, outboxCount(t, o))
	})
}

func TestOutboxCommitPublishesOnceWithSameID(t *testing.T) {
	forEachBackend(t, func(t *testing.T, db *database.DB) {
		o, tr := NewOutbox(db), &fakeTransport{}
		r := NewRelay(o, tr, config.EventsRelay{}, testLogger(t))

		var published events.Event
		err := db.InTx(t.Context(), func(ctx context.Context) error {
			published = events.Event{
				ID:       "0190f6c4-6b7e-7cc2-9a53-5d3c5f0e8a11",
				Topic:    "orders.order.created",
				Key:      "42",
				Payload:  json.RawMessage(`{"id": 42, "total": "9.90"}`),
				TenantID: "acme",
				Headers:  map[string]string{"source": "test"},
			}
			require.NoError(t, o.Publish(ctx, published))
			// Not visible to the relay before commit (SQLite serialises
			// writers, so check only on PostgreSQL from another session).
			return nil
		})
		require.NoError(t, err)

		n, err := r.RelayOnce(t.Context())
		require.NoError(t, err)
		assert.Equal(t, 1, n)
		n, err = r.RelayOnce(t.Context())
		require.NoError(t, err)
		assert.Zero(t, n, "a delivered event is not sent again")

		got := tr.delivered()
		require.Len(t, got, 1)
		e := got[0]
		assert.Equal(t, published.ID, e.ID)
		assert.Equal(t, published.Topic, e.Topic)
		assert.Equal(t, "42", e.Key)
		assert.JSONEq(t, string(published.Payload), string(e.Payload))
		assert.Equal(t, string(published.Payload), string(e.Payload), "the payload is delivered verbatim")
		assert.Equal(t, "acme", e.TenantID)
		assert.Equal(t, map[string]string{"source": "test"}, e.Headers)
		assert.WithinDuration(t, time.Now(), e.OccurredAt, time.Minute)
		assert.Equal(t, time.UTC, e.OccurredAt.Location())
		assert.Zero(t, outboxCount(t, o), "delivered rows are deleted")
	})
}

func TestPublishFillsDefaultsFromContext(t *testing.T) {
	db := openSQLite(t)
	o, tr := NewOutbox(db), &fakeTransport{}
	r := NewRelay(o, tr, config.EventsRelay{}, testLogger(t))

	ctx := auth.WithUser(t.Context(), auth.User{ID: "alice", TenantID: "tenant-1"})
	ctx = httpapi.WithRequestID(ctx, "req-1")
	ev, err := events.New(events.EntityTopic("blog", "post", events.Created), "7", map[string]string{"title": "x"})
	require.NoError(t, err)
	require.NoError(t, o.Publish(ctx, ev), "publish outside a transaction")
	require.NoError(t, o.Publish(ctx, ev), "publishing the same value twice gives two events")

	_, err = r.RelayOnce(t.Context())
	require.NoError(t, err)
	got := tr.delivered()
	require.Len(t, got, 2)
	assert.Equal(t, "blog.post.created", got[0].Topic)
	assert.Len(t, got[0].ID, 36, "a UUID")
	assert.NotEqual(t, got[0].ID, got[1].ID)
	assert.Equal(t, "tenant-1", got[0].TenantID)
	assert.Equal(t, map[string]string{events.HeaderUserID: "alice", events.HeaderRequestID: "req-1"}, got[0].Headers)
	assert.Nil(t, ev.Headers, "Publish does not modify the caller's event")
}

func TestPublishRejectsInvalidEvents(t *testing.T) {
	o := NewOutbox(openSQLite(t))
	for name, ev := range map[string]events.Event{
		"empty topic":   {Payload: json.RawMessage(`{}`)},
		"bad topic":     {Topic: "blog post", Payload: json.RawMessage(`{}`)},
		"no payload":    {Topic: "blog.post.created"},
		"invalid json":  {Topic: "blog.post.created", Payload: json.RawMessage(`{`)},
		"dot dot topic": {Topic: "..", Payload: json.RawMessage(`1`)},
	} {
		t.Run(name, func(t *testing.T) {
			assert.ErrorIs(t, o.Publish(t.Context(), ev), events.ErrInvalid)
		})
	}
	assert.Zero(t, outboxCount(t, o))
}

func TestRelayResumesAfterFailure(t *testing.T) {
	forEachBackend(t, func(t *testing.T, db *database.DB) {
		o := NewOutbox(db)
		var want []string
		for i := range 5 {
			ev, err := events.New("orders.order.created", fmt.Sprint(i), map[string]int{"n": i})
			require.NoError(t, err)
			ev.ID = fmt.Sprintf("00000000-0000-7000-8000-%012d", i)
			require.NoError(t, o.Publish(t.Context(), ev))
			want = append(want, ev.ID)
		}

		// The broker is down: nothing is lost, and the failure is recorded.
		down := &fakeTransport{failures: 1}
		r := NewRelay(o, down, config.EventsRelay{BatchSize: 2}, testLogger(t))
		_, err := r.RelayOnce(t.Context())
		require.ErrorIs(t, err, errBrokerDown)
		assert.Equal(t, 5, outboxCount(t, o))
		rows, err := o.client.OutboxEvent.Query().Order(ent.Asc(outboxevent.FieldID)).All(t.Context())
		require.NoError(t, err)
		for i, row := range rows {
			if i < 2 { // the failed batch
				assert.Equal(t, 1, row.Attempts)
				assert.Equal(t, "broker unavailable", row.LastError)
			} else {
				assert.Zero(t, row.Attempts)
			}
		}

		// A restarted platform (a new relay over the same table) delivers
		// every event once, in publish order, while the loop retries with
		// backoff until the broker is back.
		tr := &fakeTransport{failures: 2}
		r = NewRelay(NewOutbox(db), tr, config.EventsRelay{Interval: 5 * time.Millisecond, BatchSize: 2}, testLogger(t))
		r.Start()
		require.Eventually(t, func() bool { return len(tr.delivered()) == 5 }, 10*time.Second, 5*time.Millisecond)
		require.NoError(t, r.Stop(t.Context()))
		assert.Equal(t, want, ids(tr.delivered()))
		assert.GreaterOrEqual(t, tr.calls, 2+3, "two failed calls, then three batches of at most two")
		assert.Zero(t, outboxCount(t, o))
	})
}

func TestRelayStopDeliversCommittedEvents(t *testing.T) {
	db := openSQLite(t)
	o, tr := NewOutbox(db), &fakeTransport{}
	// An interval far beyond the test: only the commit wake-up or the
	// drain on stop can deliver.
	r := NewRelay(o, tr, config.EventsRelay{Interval: time.Hour, BatchSize: 1}, testLogger(t))
	r.Start()
	for i := range 3 {
		ev, err := events.New("orders.order.created", "", i)
		require.NoError(t, err)
		require.NoError(t, o.Publish(t.Context(), ev))
	}
	require.NoError(t, r.Stop(t.Context()))
	assert.Len(t, tr.delivered(), 3)
	assert.Zero(t, outboxCount(t, o))
}

func TestInProcessDelivery(t *testing.T) {
	db := openSQLite(t)
	bus := NewInProcess(testLogger(t))
	o := NewOutbox(db)
	r := NewRelay(o, bus, config.EventsRelay{Interval: time.Hour}, testLogger(t))

	var a, b, other recorder
	require.NoError(t, bus.Subscribe("orders.order.created", a.handle))
	require.NoError(t, bus.Subscribe("orders.order.created", b.handle))
	require.NoError(t, bus.Subscribe("orders.order.deleted", other.handle))
	require.ErrorIs(t, bus.Subscribe("bad topic", a.handle), events.ErrInvalid)
	require.ErrorIs(t, bus.Subscribe("orders.order.created", nil), events.ErrInvalid)

	// A failing handler is retried, and does not affect the others.
	failures := 0
	require.NoError(t, bus.Subscribe("orders.order.created", func(context.Context, events.Event) error {
		failures++
		if failures < 2 {
			return errors.New("transient")
		}
		return nil
	}))
	// A handler that always fails or panics is given up on, then skipped.
	require.NoError(t, bus.Subscribe("orders.order.created", func(context.Context, events.Event) error {
		panic("bug")
	}))

	bus.Start()
	r.Start()
	for i := range 3 {
		ev, err := events.New("orders.order.created", fmt.Sprint(i), map[string]int{"n": i})
		require.NoError(t, err)
		require.NoError(t, o.Publish(t.Context(), ev))
	}

	got := a.waitFor(t, 3)
	require.NoError(t, r.Stop(t.Context()))
	require.NoError(t, bus.Stop(t.Context()))

	assert.Equal(t, ids(got), ids(b.events()), "every handler of a topic gets every event, in order")
	assert.Len(t, got, 3)
	for i, e := range got {
		assert.Equal(t, fmt.Sprint(i), e.Key)
		assert.JSONEq(t, fmt.Sprintf(`{"n":%d}`, i), string(e.Payload))
	}
	assert.Empty(t, other.events())
	assert.Equal(t, 4, failures, "one retry, then one call for each later event")
	assert.Zero(t, outboxCount(t, o))

	require.ErrorIs(t, bus.Send(t.Context(), got), errStopped)
}

// outboxCountIn counts outbox rows as seen by ctx's transaction.
func outboxCountIn(t *testing.T, ctx context.Context, o *Outbox) int {
	t.Helper()
	n, err := o.client.OutboxEvent.Query().Count(ctx)
	require.NoError(t, err)
	return n
}

func TestRelayReplicasShareOutbox(t *testing.T) {
	if os.Getenv("DATABASE_URL") == "" {
		t.Skip("DATABASE_URL not set; skipping the PostgreSQL relay election test (set it to a postgres:// URL to run)")
	}
	db := openPostgres(t)
	o := NewOutbox(db)
	const n = 60
	for i := range n {
		ev, err := events.New("orders.order.created", fmt.Sprint(i), i)
		require.NoError(t, err)
		require.NoError(t, o.Publish(t.Context(), ev))
	}

	// Two replicas poll the same table: the advisory lock lets one send at a
	// time, so no event is sent twice and each batch stays in order.
	cfg := config.EventsRelay{Interval: time.Millisecond, BatchSize: 5}
	t1, t2 := &fakeTransport{}, &fakeTransport{}
	r1 := NewRelay(NewOutbox(db), t1, cfg, testLogger(t))
	r2 := NewRelay(NewOutbox(db), t2, cfg, testLogger(t))
	r1.Start()
	r2.Start()
	require.Eventually(t, func() bool { return len(t1.delivered())+len(t2.delivered()) >= n }, 10*time.Second, 5*time.Millisecond)
	require.NoError(t, r1.Stop(t.Context()))
	require.NoError(t, r2.Stop(t.Context()))

	seen := map[string]bool{}
	for _, e := range append(t1.delivered(), t2.delivered()...) {
		assert.False(t, seen[e.ID], "event %s sent twice", e.ID)
		seen[e.ID] = true
	}
	assert.Len(t, seen, n)
}

// TestRelayBackoff: after consecutive failed sends the relay waits the
// interval, doubled per failure up to a minute, and starts over once a send
// succeeds; an interval longer than a minute is never shortened.
func TestRelayBackoff(t *testing.T) {
	s := time.Second
	b := newBackOff(s)
	for i, want := range []time.Duration{s, 2 * s, 4 * s, 8 * s, 16 * s, 32 * s, maxBackoff, maxBackoff} {
		assert.Equal(t, want, b.NextBackOff(), "failure %d", i+1)
	}
	b.Reset()
	assert.Equal(t, s, b.NextBackOff(), "a success starts over")

	long := newBackOff(2 * time.Minute)
	for range 3 {
		assert.Equal(t, 2*time.Minute, long.NextBackOff())
	}
}
