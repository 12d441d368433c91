package events

import (
	"context"
	"errors"
	"fmt"

	"go.uber.org/zap"

	"example.com/saas/pkg/events"
)

// errStopped is returned by Send once the in-process bus has stopped.
var errStopped = errors.New("events: in-process bus stopped")

// InProcess is the default transport: it hands events to the handlers
// subscribed in this process, on one worker goroutine, in outbox order.
//
// Send returns only after the handlers ran, so the relay deletes an outbox
// row only once its event was handled: with no broker to keep it, the
// outbox row is the event's only durable copy.
type InProcess struct {
	log      *zap.Logger
	registry registry
	queue    chan batch

	// ctx is passed to handlers; cancelled when Stop runs out of time.
	ctx    context.Context
	cancel context.CancelFunc
	stop   chan struct{}
	done   chan struct{}
}

// batch is one Send waiting for the worker.
type batch struct {
	events []events.Event
	// result receives nil once every event was handled, or the error that
	// interrupted handling.
	result chan error
}

var (
	_ Transport         = (*InProcess)(nil)
	_ events.Subscriber = (*InProcess)(nil)
)

// NewInProcess returns a stopped in-process bus; Start runs its worker.
func NewInProcess(log *zap.Logger) *InProcess {
	ctx, cancel := context.WithCancel(context.Background())
	return &InProcess{
		log:    log,
		queue:  make(chan batch),
		ctx:    ctx,
		cancel: cancel,
		stop:   make(chan struct{}),
		done:   make(chan struct{}),
	}
}

// Subscribe adds h for topic; it may be called at any time.
func (b *InProcess) Subscribe(topic string, h events.Handler) error {
	_, err := b.registry.add(topic, h)
	return err
}

// Start runs the worker until Stop.
func (b *InProcess) Start() {
	go b.run()
}

// Stop lets the worker finish the batches already handed to it, then ends
// it. When ctx ends first, handlers see their context cancelled and the
// unfinished events stay in the outbox.
func (b *InProcess) Stop(ctx context.Context) error {
	close(b.stop)
	defer b.cancel()
	select {
	case <-b.done:
		return nil
	case <-ctx.Done():
		b.cancel()
		<-b.done
		return fmt.Errorf("events: stop in-process bus: %w", ctx.Err())
	}
}

// Send hands evs to the worker and waits until they were handled.
func (b *InProcess) Send(ctx context.Context, evs []events.Event) error {
	bt := batch{events: evs, result: make(chan error, 1)}
	select {
	case b.queue <- bt:
	case <-b.stop:
		return errStopped
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-bt.result:
		return err
	case <-ctx.Done():
		// The worker still delivers the batch; the relay sends it again
		// later, which at-least-once delivery allows.
		return ctx.Err()
	}
}

// run is the worker loop.
func (b *InProcess) run() {
	defer close(b.done)
	for {
		select {
		case bt := <-b.queue:
			bt.result <- b.handle(bt.events)
		case <-b.stop:
			return
		}
	}
}

// handle delivers evs in order.
func (b *InProcess) handle(evs []events.Event) error {
	for _, ev := range evs {
		if err := deliver(b.ctx, b.log, b.registry.get(ev.Topic), ev); err != nil {
			return err
		}
	}
	return nil
}
