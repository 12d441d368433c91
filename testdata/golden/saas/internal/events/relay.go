package events

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/cenkalti/backoff/v5"
	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"

	"example.com/saas/pkg/config"
	"example.com/saas/pkg/events"
)

// relayLockKey is the PostgreSQL advisory lock that elects one relay among
// the platform's replicas ("goplt-ob" in ASCII).
const relayLockKey int64 = 0x676f706c742d6f62

// maxBackoff caps the wait between failed deliveries.
const maxBackoff = time.Minute

// Relay moves committed events from the outbox to the transport: it reads
// a batch in id order, sends it, and deletes the rows only after the
// transport acknowledged them. A send not acknowledged within the publish
// timeout fails; a failed send is logged, counted on its rows (attempts,
// last_error) and in the metrics, keeps the rows and is retried with
// exponential backoff, so a broker outage delays events but loses none,
// and rows left by a crash are sent after the restart. A crash between
// acknowledgement and deletion sends a batch twice: delivery is at least
// once.
type Relay struct {
	outbox         *Outbox
	transport      Transport
	log            *zap.Logger
	interval       time.Duration
	batchSize      int
	publishTimeout time.Duration
	metrics        relayMetrics
	// backoff spaces the rounds after failed sends; only run uses it.
	backoff *backoff.ExponentialBackOff
	// failing is set while the last round failed, for Stop.
	failing atomic.Bool

	stop   chan struct{}
	done   chan struct{}
	cancel context.CancelFunc
}

// NewRelay returns a relay from o to t. Start runs it.
func NewRelay(o *Outbox, t Transport, cfg config.EventsRelay, log *zap.Logger) *Relay {
	return &Relay{
		outbox:         o,
		transport:      t,
		log:            log,
		interval:       cfg.IntervalOrDefault(),
		batchSize:      cfg.BatchSizeOrDefault(),
		publishTimeout: cfg.PublishTimeoutOrDefault(),
		metrics:        newRelayMetrics(),
		backoff:        newBackOff(cfg.IntervalOrDefault()),
	}
}

// relayMetrics counts the relay's deliveries for Prometheus.
type relayMetrics struct {
	published prometheus.Counter
	failures  prometheus.Counter
}

// newRelayMetrics returns unregistered counters; Register exposes them.
func newRelayMetrics() relayMetrics {
	return relayMetrics{
		published: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "events_relay_published_total",
			Help: "Events the outbox relay delivered: acknowledged by the transport and removed from the outbox.",
		}),
		failures: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "events_relay_publish_failures_total",
			Help: "Failed deliveries of an outbox batch (transport error or events.relay.publish_timeout); the batch is retried.",
		}),
	}
}

// Register adds the relay's counters to reg.
func (r *Relay) Register(reg prometheus.Registerer) error {
	for _, c := range []prometheus.Collector{r.metrics.published, r.metrics.failures} {
		if err := reg.Register(c); err != nil {
			return fmt.Errorf("events: register relay metrics: %w", err)
		}
	}
	return nil
}

// newBackOff returns the waits after consecutive failed sends: interval,
// doubled per failure up to maxBackoff (or interval, if longer). No jitter:
// one relay at a time sends, so there is no herd to spread.
func newBackOff(interval time.Duration) *backoff.ExponentialBackOff {
	return &backoff.ExponentialBackOff{
		InitialInterval: interval,
		Multiplier:      2,
		MaxInterval:     max(maxBackoff, interval),
	}
}

// Start runs the relay on its own goroutine until Stop.
func (r *Relay) Start() {
	ctx, cancel := context.WithCancel(context.Background())
	r.stop, r.done, r.cancel = make(chan struct{}), make(chan struct{}), cancel
	go r.run(ctx)
}

// Stop ends the relay. Unless deliveries are failing, it lets the batch in
// flight finish (within the publish timeout) and sends what is committed,
// so events of the last requests before a shutdown are not left waiting
// for the next start; ctx bounds that, and an interrupted batch stays in
// the outbox. While deliveries are failing it interrupts a retry in
// flight: the brokers are down, and waiting would only delay the stop.
func (r *Relay) Stop(ctx context.Context) error {
	close(r.stop)
	defer r.cancel()
	if r.failing.Load() {
		r.cancel()
	}
	select {
	case <-r.done:
		return nil
	case <-ctx.Done():
		r.cancel()
		<-r.done
		return fmt.Errorf("events: stop relay: %w", ctx.Err())
	}
}

// run is the relay loop.
func (r *Relay) run(ctx context.Context) {
	defer close(r.done)
	failures := 0
	// The first round runs at once: deliver what a previous run left.
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		// While failing, commits must not cut the backoff short.
		wake := r.outbox.wake
		if failures > 0 {
			wake = nil
		}
		select {
		case <-r.stop:
			if failures == 0 {
				r.drain(ctx)
			}
			return
		case <-timer.C:
		case <-wake:
		}
		n, err := r.RelayOnce(ctx)
		if ctx.Err() != nil {
			return // Stop interrupted the round; the batch stays in the outbox
		}
		var delay time.Duration
		switch {
		case err != nil:
			// One line per failed round: the backoff spaces them out.
			failures++
			delay = r.backoff.NextBackOff()
			r.log.Warn("event delivery failed, retrying",
				zap.Int("failures", failures), zap.Duration("retry_in", delay), zap.Error(err))
		default:
			if failures > 0 {
				r.log.Info("event delivery recovered", zap.Int("failures", failures))
			}
			failures = 0
			r.backoff.Reset()
			if n < r.batchSize {
				delay = r.interval
			} // else a full batch: more may be waiting, go on at once
		}
		r.failing.Store(failures > 0)
		timer.Reset(delay)
	}
}

// drain sends batches until the outbox is empty, a send fails or ctx ends.
func (r *Relay) drain(ctx context.Context) {
	for ctx.Err() == nil {
		n, err := r.RelayOnce(ctx)
		if err != nil {
			r.log.Warn("event delivery on shutdown failed; events stay in the outbox", zap.Error(err))
			return
		}
		if n < r.batchSize {
			return
		}
	}
}

// RelayOnce sends one batch and returns how many events were delivered.
func (r *Relay) RelayOnce(ctx context.Context) (int, error) {
	var (
		n       int
		sendErr error
	)
	err := r.lease(ctx, func(ctx context.Context) error {
		rows, err := r.outbox.pending(ctx, r.batchSize)
		if err != nil || len(rows) == 0 {
			return err
		}
		evs := make([]events.Event, len(rows))
		ids := make([]int, len(rows))
		for i, row := range rows {
			evs[i], ids[i] = toEvent(row), row.ID
		}
		if sendErr = r.send(ctx, evs); sendErr != nil {
			if ctx.Err() != nil {
				return nil // shutting down; not the events' fault
			}
			r.metrics.failures.Inc()
			// Recorded rather than returned so the lease transaction
			// commits the attempt count.
			return r.outbox.recordFailure(ctx, ids, sendErr)
		}
		n = len(rows)
		if err := r.outbox.remove(ctx, ids); err != nil {
			return err
		}
		r.metrics.published.Add(float64(n))
		return nil
	})
	return n, errors.Join(sendErr, err)
}

// send hands evs to the transport and waits at most the publish timeout
// for the acknowledgement. Without a deadline a broker that cannot be
// reached would hold the relay (and, on PostgreSQL, its lease transaction)
// forever, with nothing logged or recorded.
func (r *Relay) send(ctx context.Context, evs []events.Event) error {
	ctx, cancel := context.WithTimeout(ctx, r.publishTimeout)
	defer cancel()
	err := r.transport.Send(ctx, evs)
	if err != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("events: %d events not acknowledged within %s: %w", len(evs), r.publishTimeout, err)
	}
	return err
}

// lease runs fn while this relay is the only one working on the outbox. On
// PostgreSQL, replicas share the table: fn runs in a transaction holding an
// advisory lock, and is skipped while another replica holds it, which keeps
// one sender and therefore the order. SQLite is one process's file: fn
// just runs.
func (r *Relay) lease(ctx context.Context, fn func(ctx context.Context) error) error {
	db := r.outbox.db
	if db.Dialect() != dialect.Postgres {
		return fn(ctx)
	}
	return db.InTx(ctx, func(ctx context.Context) error {
		var rows entsql.Rows
		if err := db.Driver().Query(ctx, "SELECT pg_try_advisory_xact_lock($1)", []any{relayLockKey}, &rows); err != nil {
			return fmt.Errorf("events: take the relay lock: %w", err)
		}
		var locked bool
		if rows.Next() {
			if err := rows.Scan(&locked); err != nil {
				_ = rows.Close()
				return fmt.Errorf("events: take the relay lock: %w", err)
			}
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			return fmt.Errorf("events: take the relay lock: %w", err)
		}
		if !locked {
			return nil // another replica is relaying
		}
		return fn(ctx)
	})
}
