package events

import (
	"context"
	"fmt"
	"maps"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"example.com/saas/internal/ent"
	"example.com/saas/internal/ent/outboxevent"
	"example.com/saas/pkg/auth"
	"example.com/saas/pkg/database"
	"example.com/saas/pkg/events"
	"example.com/saas/pkg/httpapi"

	// Wire the kernel schemas' runtime code (defaults, hooks) into the
	// generated client. The events schema alone needs none, but with the
	// audit feature the kernel's Ent package is shared and entc moves every
	// schema's defaults there: without it inserts panic on a nil default.
	_ "example.com/saas/internal/ent/runtime"
)

// Outbox is the events.Publisher: it writes events to the outbox_events
// table, in the caller's transaction when ctx carries one, and wakes the
// relay once they are committed.
type Outbox struct {
	db     database.Database
	client *ent.Client
	// wake is signalled after a commit that added rows; buffered so the
	// signal is never lost and a burst of commits collapses into one.
	wake chan struct{}
}

var _ events.Publisher = (*Outbox)(nil)

// NewOutbox returns the outbox over db. Its Ent client runs on db's shared
// driver, so inserts join the transaction in the context.
func NewOutbox(db database.Database) *Outbox {
	return &Outbox{
		db:     db,
		client: ent.NewClient(ent.Driver(db.Driver())),
		wake:   make(chan struct{}, 1),
	}
}

// Publish validates e, fills its defaults and stores it for delivery. See
// events.Publisher.
func (o *Outbox) Publish(ctx context.Context, e events.Event) error {
	e, err := prepare(ctx, e)
	if err != nil {
		return err
	}
	// Outside a transaction this is a one-statement transaction; inside one
	// it joins, and the row becomes visible to the relay at commit.
	return o.db.InTx(ctx, func(ctx context.Context) error {
		c := o.client.OutboxEvent.Create().
			SetEventID(e.ID).
			SetTopic(e.Topic).
			SetKey(e.Key).
			SetPayload(e.Payload).
			SetTenantID(e.TenantID).
			SetOccurredAt(e.OccurredAt)
		if len(e.Headers) > 0 {
			c.SetHeaders(e.Headers)
		}
		if err := c.Exec(ctx); err != nil {
			return fmt.Errorf("events: store %s event in the outbox: %w", e.Topic, err)
		}
		o.db.AfterCommit(ctx, o.notify)
		return nil
	})
}

// notify wakes the relay without blocking.
func (o *Outbox) notify() {
	select {
	case o.wake <- struct{}{}:
	default:
	}
}

// prepare returns a copy of e with its id, time, tenant and correlation
// headers filled in, or an error if e cannot be published.
func prepare(ctx context.Context, e events.Event) (events.Event, error) {
	e = e.Clone()
	if err := e.Validate(); err != nil {
		return e, err
	}
	if e.ID == "" {
		// Version 7 UUIDs are time-ordered, which keeps the unique index on
		// event_id append-mostly.
		id, err := uuid.NewV7()
		if err != nil {
			return e, fmt.Errorf("events: generate event id: %w", err)
		}
		e.ID = id.String()
	}
	if e.OccurredAt.IsZero() {
		e.OccurredAt = time.Now()
	}
	// Microseconds are what PostgreSQL keeps: the delivered time then equals
	// the published one on every database.
	e.OccurredAt = e.OccurredAt.UTC().Truncate(time.Microsecond)
	setHeader := func(k, v string) {
		if v == "" {
			return
		}
		if _, ok := e.Headers[k]; ok {
			return
		}
		if e.Headers == nil {
			e.Headers = make(map[string]string)
		}
		e.Headers[k] = v
	}
	if u, ok := auth.FromContext(ctx); ok {
		if e.TenantID == "" {
			e.TenantID = u.TenantID
		}
		setHeader(events.HeaderUserID, u.ID)
	}
	setHeader(events.HeaderRequestID, httpapi.RequestID(ctx))
	return e, nil
}

// pending returns up to limit stored events, oldest first.
func (o *Outbox) pending(ctx context.Context, limit int) ([]*ent.OutboxEvent, error) {
	var rows []*ent.OutboxEvent
	// A transaction only for SQLite's write lock (see database.newDB): a
	// read that overlaps a writer of this table fails on a shared-cache
	// database. On PostgreSQL it joins the relay's lease transaction.
	err := o.db.InTx(ctx, func(ctx context.Context) error {
		var err error
		rows, err = o.client.OutboxEvent.Query().
			Order(ent.Asc(outboxevent.FieldID)).
			Limit(limit).
			All(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("events: read the outbox: %w", err)
	}
	return rows, nil
}

// remove deletes delivered rows.
func (o *Outbox) remove(ctx context.Context, ids []int) error {
	err := o.db.InTx(ctx, func(ctx context.Context) error {
		_, err := o.client.OutboxEvent.Delete().Where(outboxevent.IDIn(ids...)).Exec(ctx)
		return err
	})
	if err != nil {
		return fmt.Errorf("events: delete %d delivered events from the outbox: %w", len(ids), err)
	}
	return nil
}

// maxErrorLen bounds the last_error column.
const maxErrorLen = 1000

// recordFailure counts a failed delivery of rows, for operators.
func (o *Outbox) recordFailure(ctx context.Context, ids []int, cause error) error {
	msg := cause.Error()
	if len(msg) > maxErrorLen {
		msg = msg[:maxErrorLen]
		for !utf8.ValidString(msg) {
			msg = msg[:len(msg)-1]
		}
	}
	err := o.db.InTx(ctx, func(ctx context.Context) error {
		return o.client.OutboxEvent.Update().
			Where(outboxevent.IDIn(ids...)).
			AddAttempts(1).
			SetLastError(msg).
			Exec(ctx)
	})
	if err != nil {
		return fmt.Errorf("events: record failed delivery: %w", err)
	}
	return nil
}

// toEvent maps an outbox row back to the event that was published.
func toEvent(r *ent.OutboxEvent) events.Event {
	return events.Event{
		ID:         r.EventID,
		Topic:      r.Topic,
		Key:        r.Key,
		Payload:    r.Payload,
		TenantID:   r.TenantID,
		OccurredAt: r.OccurredAt.UTC(),
		Headers:    maps.Clone(r.Headers),
	}
}
