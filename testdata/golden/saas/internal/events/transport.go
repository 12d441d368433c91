package events

import (
	"context"

	"example.com/saas/pkg/events"
)

// Transport carries committed events from the outbox relay to subscribers.
// InProcess and Kafka implement it.
type Transport interface {
	// Send delivers evs in order. It returns nil only once every event is
	// acknowledged: stored by the broker, or handled in process. On error
	// the relay keeps the events and sends the whole batch again later.
	// Send must return soon after ctx ends: the relay's publish timeout
	// and its stop rely on it.
	Send(ctx context.Context, evs []events.Event) error
}
