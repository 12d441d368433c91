// Package errbus implements the error bus: a buffered channel drained by one
// consumer goroutine that logs every published error and, when
// errors.sentry.dsn is set, forwards it to Sentry.
package errbus

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/getsentry/sentry-go"
	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"

	"example.com/saas/pkg/errbus"
	"example.com/saas/pkg/httpapi"
	"example.com/saas/pkg/logger"
)

// DefaultBufferSize is used when Options.BufferSize is not positive.
const DefaultBufferSize = 1024

// Sentry tag names set on every forwarded event.
const (
	TagTraceID   = "trace_id"
	TagRequestID = "request_id"
	TagSource    = errbus.FieldSource
)

// Options configures a Bus.
type Options struct {
	// Logger receives one error line per published error. Required.
	Logger *zap.Logger
	// BufferSize is the channel capacity; errors published while it is full
	// are dropped and counted. Default DefaultBufferSize.
	BufferSize int
	// Sentry, when non-nil, receives every published error. The Bus flushes
	// and closes it on Stop.
	Sentry *sentry.Client
	// TraceID extracts the trace id from a publishing context; nil means
	// errors carry no trace id.
	TraceID errbus.TraceIDFunc
	// Registerer, when non-nil, receives the errbus_* counters.
	Registerer prometheus.Registerer
}

// Bus is the channel-backed errbus.Publisher.
type Bus struct {
	log     *zap.Logger
	events  chan event
	sentry  *sentry.Client
	traceID errbus.TraceIDFunc

	published prometheus.Counter
	dropped   prometheus.Counter
	nDropped  atomic.Uint64
	stopped   atomic.Bool

	startOnce sync.Once
	stopOnce  sync.Once
	quit      chan struct{}
	done      chan struct{}
}

var _ errbus.Publisher = (*Bus)(nil)

// event is one published error. The context values are read at publish
// time so the bus never retains request contexts.
type event struct {
	err       error
	fields    []errbus.Field
	requestID string
	traceID   string
	at        time.Time
}

// New returns a stopped Bus; Start launches its consumer.
func New(opts Options) (*Bus, error) {
	if opts.Logger == nil {
		return nil, errors.New("errbus: logger is required")
	}
	size := opts.BufferSize
	if size <= 0 {
		size = DefaultBufferSize
	}
	b := &Bus{
		log:     opts.Logger.Named("errbus"),
		events:  make(chan event, size),
		sentry:  opts.Sentry,
		traceID: opts.TraceID,
		published: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "errbus_published_total",
			Help: "Errors accepted by the error bus.",
		}),
		dropped: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "errbus_dropped_total",
			Help: "Errors dropped because the error bus buffer was full or the bus was stopped.",
		}),
		quit: make(chan struct{}),
		done: make(chan struct{}),
	}
	if opts.Registerer != nil {
		for _, c := range []prometheus.Collector{b.published, b.dropped} {
			if err := opts.Registerer.Register(c); err != nil {
				return nil, fmt.Errorf("errbus: register metrics: %w", err)
			}
		}
	}
	return b, nil
}

// Publish implements errbus.Publisher. It never blocks: a full buffer or a
// stopped bus drops err and counts it, because an error report must never
// cost a request its latency.
func (b *Bus) Publish(ctx context.Context, err error, fields ...errbus.Field) {
	if err == nil {
		return
	}
	if ctx == nil {
		ctx = context.Background()
	}
	ev := event{
		err:       err,
		fields:    fields,
		requestID: httpapi.RequestID(ctx),
		at:        time.Now(),
	}
	if b.traceID != nil {
		ev.traceID = b.traceID(ctx)
	}
	if b.stopped.Load() {
		b.drop()
		return
	}
	select {
	case b.events <- ev:
		b.published.Inc()
	default:
		b.drop()
	}
}

// Dropped returns how many errors were dropped so far.
func (b *Bus) Dropped() uint64 { return b.nDropped.Load() }

func (b *Bus) drop() {
	b.nDropped.Add(1)
	b.dropped.Inc()
}

// Start launches the consumer goroutine. Calling it again does nothing.
func (b *Bus) Start() {
	b.startOnce.Do(func() { go b.consume() })
}

// Stop stops accepting errors, lets the consumer handle those already
// buffered, then flushes and closes the Sentry client, all bounded by ctx.
func (b *Bus) Stop(ctx context.Context) error {
	var err error
	b.stopOnce.Do(func() {
		b.stopped.Store(true)
		close(b.quit)
		// A bus that was never started has no consumer to wait for.
		started := true
		b.startOnce.Do(func() { started = false })
		if started {
			select {
			case <-b.done:
			case <-ctx.Done():
				err = fmt.Errorf("errbus: drain: %w", ctx.Err())
			}
		}
		if b.sentry != nil {
			if !b.sentry.FlushWithContext(ctx) {
				err = errors.Join(err, errors.New("errbus: sentry flush timed out"))
			}
			b.sentry.Close()
		}
	})
	return err
}

// consume handles events until Stop, then drains what is still buffered.
func (b *Bus) consume() {
	defer close(b.done)
	for {
		select {
		case ev := <-b.events:
			b.handle(ev)
		case <-b.quit:
			for {
				select {
				case ev := <-b.events:
					b.handle(ev)
				default:
					return
				}
			}
		}
	}
}

// handle logs ev and forwards it to Sentry. A panic in either (a broken
// field value, a misbehaving transport) is logged and swallowed so the
// consumer survives.
func (b *Bus) handle(ev event) {
	defer func() {
		if v := recover(); v != nil {
			b.log.Error("error bus consumer panicked", zap.Any("panic", v), zap.Stack("stack"))
		}
	}()

	fields := make([]zap.Field, 0, len(ev.fields)+5)
	fields = append(fields,
		zap.Error(ev.err),
		zap.String(logger.FieldRequestID, ev.requestID),
		zap.String(TagTraceID, ev.traceID),
		zap.Time("at", ev.at),
	)
	var perr *errbus.PanicError
	if errors.As(ev.err, &perr) {
		fields = append(fields, zap.ByteString("stack", perr.Stack))
	}
	for _, f := range ev.fields {
		fields = append(fields, zap.Any(f.Key, f.Value))
	}
	b.log.Error("error published", fields...)

	if b.sentry != nil {
		b.forward(ev)
	}
}

// forward sends ev to Sentry on its own scope, tagged with the trace and
// request ids so the Sentry event links to the trace and the access log.
func (b *Bus) forward(ev event) {
	scope := sentry.NewScope()
	if ev.traceID != "" {
		scope.SetTag(TagTraceID, ev.traceID)
	}
	if ev.requestID != "" {
		scope.SetTag(TagRequestID, ev.requestID)
	}
	extra := make(map[string]any, len(ev.fields))
	for _, f := range ev.fields {
		// The source is low-cardinality and worth filtering on.
		if s, ok := f.Value.(string); ok && f.Key == errbus.FieldSource {
			scope.SetTag(TagSource, s)
			continue
		}
		extra[f.Key] = f.Value
	}
	if len(extra) > 0 {
		scope.SetContext("fields", extra)
	}
	b.sentry.CaptureException(ev.err, &sentry.EventHint{OriginalException: ev.err}, scope)
}
