package events

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/cenkalti/backoff/v5"
	"go.uber.org/zap"

	"example.com/saas/pkg/events"
)

// Handler retry policy, shared by both transports: a failing handler is
// called up to handlerAttempts times, waiting handlerBackoff, then twice
// that, between calls; then the failure is logged and the event skipped.
// Retrying forever would let one poisonous event stall its topic.
const (
	handlerAttempts = 3
	handlerBackoff  = 100 * time.Millisecond
)

// registry holds the handlers subscribed to each topic.
type registry struct {
	mu       sync.RWMutex
	handlers map[string][]events.Handler
}

// add subscribes h to topic. It reports whether topic is new.
func (r *registry) add(topic string, h events.Handler) (bool, error) {
	if err := events.ValidateTopic(topic); err != nil {
		return false, err
	}
	if h == nil {
		return false, fmt.Errorf("%w: nil handler for topic %q", events.ErrInvalid, topic)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.handlers == nil {
		r.handlers = make(map[string][]events.Handler)
	}
	_, known := r.handlers[topic]
	r.handlers[topic] = append(r.handlers[topic], h)
	return !known, nil
}

// get returns the handlers of topic; the slice must not be modified.
func (r *registry) get(topic string) []events.Handler {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.handlers[topic]
}

// topics returns every subscribed topic.
func (r *registry) topics() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make([]string, 0, len(r.handlers))
	for t := range r.handlers {
		out = append(out, t)
	}
	return out
}

// deliver passes ev to every handler in hs, each with its own copy and its
// own retries, so a failing handler neither repeats nor blocks the others.
// It returns an error only when ctx ends first: the caller must then not
// acknowledge ev, and it will be delivered again.
func deliver(ctx context.Context, log *zap.Logger, hs []events.Handler, ev events.Event) error {
	for _, h := range hs {
		err := callWithRetry(ctx, h, ev)
		if err == nil {
			continue
		}
		if ctx.Err() != nil {
			return fmt.Errorf("events: deliver %s %s: %w", ev.Topic, ev.ID, ctx.Err())
		}
		log.Error("event handler failed, event skipped",
			zap.String("topic", ev.Topic), zap.String("event_id", ev.ID),
			zap.Int("attempts", handlerAttempts), zap.Error(err))
	}
	return nil
}

// callWithRetry calls h until it succeeds, handlerAttempts calls fail or ctx
// ends.
func callWithRetry(ctx context.Context, h events.Handler, ev events.Event) error {
	handle := func() (struct{}, error) { return struct{}{}, call(ctx, h, ev.Clone()) }
	_, err := backoff.Retry(ctx, handle,
		backoff.WithBackOff(&backoff.ExponentialBackOff{
			InitialInterval: handlerBackoff,
			Multiplier:      2,
			MaxInterval:     handlerBackoff << handlerAttempts,
		}),
		backoff.WithMaxTries(handlerAttempts),
		backoff.WithMaxElapsedTime(0),
	)
	return err
}

// call runs h, turning a panic into an error so a buggy handler cannot take
// the transport's goroutine, and the process, down.
func call(ctx context.Context, h events.Handler, ev events.Event) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("handler panicked: %v", p)
		}
	}()
	return h(ctx, ev)
}
