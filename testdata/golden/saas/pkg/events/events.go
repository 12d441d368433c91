// Package events defines the platform's event bus.
//
// Modules announce what happened (a post was created) by publishing an
// Event, and react to other modules' events by subscribing a Handler to a
// topic. Neither side knows the other, and the transport is configuration:
// an in-process dispatcher by default, Kafka when events.kafka.brokers is
// set.
//
// # Transactional outbox
//
// Publish never talks to the broker. It inserts the event into the kernel's
// outbox_events table, inside the database transaction carried by ctx when
// there is one (see database.Transactor), and a relay delivers committed
// rows to the transport afterwards. So an event is published if and only if
// the work that produced it committed: a rolled-back request publishes
// nothing, and a broker outage delays events but loses none.
//
// # Delivery guarantee: at least once
//
// Every event is delivered at least once, and occasionally more than once:
// the relay resends a batch whose acknowledgement it did not record (a
// crash, a timeout), and a Kafka consumer re-reads records it had handled
// but not yet committed. Handlers must therefore be idempotent, keyed on
// Event.ID, which is a UUID fixed at Publish and preserved end to end:
//
//	func (h *Mailer) onPostCreated(ctx context.Context, e events.Event) error {
//		if seen, err := h.store.MarkProcessed(ctx, e.ID); err != nil || seen {
//			return err // retried on error, skipped when already handled
//		}
//		...
//	}
//
// Order is the outbox order (commit order of the inserting transactions,
// approximately) and is kept per Event.Key on Kafka, per topic in process.
// A handler error is retried a bounded number of times, then logged and the
// event skipped, so one poisonous event cannot stall a topic forever.
package events

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"time"
)

// Event is one fact that happened, as published and as delivered.
type Event struct {
	// ID identifies the event; consumers de-duplicate on it. Publish sets a
	// new UUID when it is empty.
	ID string `json:"id"`
	// Topic names what happened, e.g. "blog.post.created" (see
	// EntityTopic). Kafka topic name rules apply: ASCII letters, digits, '.',
	// '_' and '-'.
	Topic string `json:"topic"`
	// Key orders and partitions events: on Kafka, events with one key land
	// on one partition and keep their order. Typically the entity id.
	Key string `json:"key,omitempty"`
	// Payload is the event body, a JSON document.
	Payload json.RawMessage `json:"payload"`
	// TenantID scopes the event to a tenant. Publish takes it from the
	// authenticated caller in ctx when it is empty.
	TenantID string `json:"tenant_id,omitempty"`
	// OccurredAt is when it happened; Publish sets the current time when it
	// is zero.
	OccurredAt time.Time `json:"occurred_at"`
	// Headers carry metadata such as HeaderRequestID; nil when there are
	// none.
	Headers map[string]string `json:"headers,omitempty"`
}

// Header names that Publish fills from the request context.
const (
	// HeaderRequestID is the id of the HTTP request that caused the event,
	// to correlate logs across modules.
	HeaderRequestID = "request-id"
	// HeaderUserID is the authenticated user who caused the event.
	HeaderUserID = "user-id"
)

// Handler reacts to one delivered event. Returning an error asks for a
// retry; see the package documentation for the delivery guarantee.
type Handler func(ctx context.Context, e Event) error

// Publisher publishes events through the transactional outbox.
type Publisher interface {
	// Publish stores e for delivery. Inside a database.Transactor
	// transaction the event is written in that transaction and delivered
	// only if it commits; otherwise it is stored at once.
	Publish(ctx context.Context, e Event) error
}

// Subscriber registers handlers.
type Subscriber interface {
	// Subscribe calls h for every event published to topic from now on (on
	// Kafka: from the consumer group's committed offset, or the start of the
	// topic for a new group). Several handlers may share a topic; each gets
	// every event. Subscribe from an fx.Invoke so handlers are in place
	// before the platform starts.
	Subscribe(topic string, h Handler) error
}

// Bus publishes and subscribes.
type Bus interface {
	Publisher
	Subscriber
}

// Actions of the entity change events that generated stores publish.
const (
	Created = "created"
	Updated = "updated"
	Deleted = "deleted"
)

// EntityTopic returns the topic of an entity change event:
// "<module>.<entity>.<action>", e.g. EntityTopic("blog", "post", Created)
// is "blog.post.created".
func EntityTopic(module, entity, action string) string {
	return module + "." + entity + "." + action
}

// ErrInvalid reports an event or topic that cannot be published.
var ErrInvalid = errors.New("events: invalid event")

// topicPattern is Kafka's topic name syntax, enforced for every transport
// so switching to Kafka never breaks a working topic.
var topicPattern = regexp.MustCompile(`^[a-zA-Z0-9._-]{1,249}$`)

// ValidateTopic reports whether topic is a legal topic name.
func ValidateTopic(topic string) error {
	if !topicPattern.MatchString(topic) || topic == "." || topic == ".." {
		return fmt.Errorf("%w: topic %q must be 1-249 of [a-zA-Z0-9._-]", ErrInvalid, topic)
	}
	return nil
}

// New returns an event for topic whose payload is v encoded as JSON. ID,
// TenantID and OccurredAt are left for Publish to fill.
func New(topic, key string, v any) (Event, error) {
	payload, err := json.Marshal(v)
	if err != nil {
		return Event{}, fmt.Errorf("events: encode %s payload: %w", topic, err)
	}
	return Event{Topic: topic, Key: key, Payload: payload}, nil
}

// Validate checks that e can be published.
func (e Event) Validate() error {
	if err := ValidateTopic(e.Topic); err != nil {
		return err
	}
	if len(e.Payload) == 0 || !json.Valid(e.Payload) {
		return fmt.Errorf("%w: %s payload is not a JSON document", ErrInvalid, e.Topic)
	}
	return nil
}

// Clone returns a copy of e that shares no mutable state with it, so one
// handler cannot change the event another handler sees.
func (e Event) Clone() Event {
	e.Payload = append(json.RawMessage(nil), e.Payload...)
	e.Headers = maps.Clone(e.Headers)
	return e
}
