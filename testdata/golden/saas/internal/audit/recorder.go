// Package audit is the kernel's audit log: an Ent-backed, append-only
// audit.Auditor, the migration that creates its table, and the route
// middleware that audits permission-checked mutating requests.
package audit

import (
	"context"
	"fmt"
	"time"

	"example.com/saas/internal/ent"
	"example.com/saas/internal/ent/auditrecord"
	"example.com/saas/pkg/audit"
	"example.com/saas/pkg/auth"
	"example.com/saas/pkg/httpapi"

	// Wire the AuditRecord schema's defaults and append-only hook into the
	// generated client; without it every mutation panics on a nil hook.
	_ "example.com/saas/internal/ent/runtime"
)

// Recorder is the kernel's audit.Auditor. It writes one audit_records row
// per action and never updates or deletes rows.
type Recorder struct {
	client *ent.Client
	tenant audit.TenantFunc
	now    func() time.Time
}

var _ audit.Auditor = (*Recorder)(nil)

// Option configures a Recorder.
type Option func(*Recorder)

// WithTenantFunc sets the hook that supplies TenantID for actions that
// carry none. The default, audit.NoTenant, leaves it empty.
func WithTenantFunc(f audit.TenantFunc) Option {
	return func(r *Recorder) {
		if f != nil {
			r.tenant = f
		}
	}
}

// WithClock replaces the clock used for actions without a Time; tests use
// it for deterministic timestamps.
func WithClock(now func() time.Time) Option {
	return func(r *Recorder) {
		if now != nil {
			r.now = now
		}
	}
}

// NewRecorder returns a Recorder writing through client.
func NewRecorder(client *ent.Client, opts ...Option) *Recorder {
	r := &Recorder{client: client, tenant: audit.NoTenant, now: time.Now}
	for _, o := range opts {
		o(r)
	}
	return r
}

// Record stores a, filling zero-valued Actor, TenantID, RequestID and Time
// from ctx and the clock.
func (r *Recorder) Record(ctx context.Context, a audit.Action) error {
	a = r.complete(ctx, a)
	if err := a.Validate(); err != nil {
		return err
	}
	create := r.client.AuditRecord.Create().
		SetOccurredAt(a.Time).
		SetActor(a.Actor).
		SetAction(a.Action).
		SetTarget(a.Target).
		SetTenantID(a.TenantID).
		SetRequestID(a.RequestID)
	if len(a.Metadata) > 0 {
		create.SetMetadata(a.Metadata)
	}
	if err := create.Exec(ctx); err != nil {
		return fmt.Errorf("audit: record %s on %q: %w", a.Action, a.Target, err)
	}
	return nil
}

// complete fills the context-derived fields a caller left empty.
func (r *Recorder) complete(ctx context.Context, a audit.Action) audit.Action {
	if a.Actor == "" {
		if u, ok := auth.FromContext(ctx); ok {
			a.Actor = u.ID
		}
	}
	if a.TenantID == "" {
		a.TenantID = r.tenant(ctx)
	}
	if a.RequestID == "" {
		a.RequestID = httpapi.RequestID(ctx)
	}
	if a.Time.IsZero() {
		a.Time = r.now()
	}
	// PostgreSQL keeps microseconds; truncating here makes the value a
	// caller passed equal to the one read back on every database.
	a.Time = a.Time.UTC().Truncate(time.Microsecond)
	return a
}

// Entry is a stored audit record: its sequence number plus the Action.
type Entry struct {
	// ID increases with every record, so it orders records and lets a
	// reader resume after the last one it saw.
	ID int `json:"id"`
	audit.Action
}

// Latest returns the n most recent records, oldest first.
func Latest(ctx context.Context, client *ent.Client, n int) ([]Entry, error) {
	if n <= 0 {
		return nil, nil
	}
	rows, err := client.AuditRecord.Query().
		Order(ent.Desc(auditrecord.FieldID)).
		Limit(n).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("audit: query latest records: %w", err)
	}
	entries := make([]Entry, len(rows))
	for i, row := range rows {
		entries[len(rows)-1-i] = entryOf(row)
	}
	return entries, nil
}

// After returns up to limit records with an ID greater than id, oldest
// first. Polling it with the last seen ID follows the log.
func After(ctx context.Context, client *ent.Client, id, limit int) ([]Entry, error) {
	rows, err := client.AuditRecord.Query().
		Where(auditrecord.IDGT(id)).
		Order(ent.Asc(auditrecord.FieldID)).
		Limit(limit).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("audit: query records after %d: %w", id, err)
	}
	entries := make([]Entry, len(rows))
	for i, row := range rows {
		entries[i] = entryOf(row)
	}
	return entries, nil
}

func entryOf(row *ent.AuditRecord) Entry {
	return Entry{
		ID: row.ID,
		Action: audit.Action{
			Actor:     row.Actor,
			Action:    row.Action,
			Target:    row.Target,
			TenantID:  row.TenantID,
			RequestID: row.RequestID,
			Metadata:  row.Metadata,
			Time:      row.OccurredAt.UTC(),
		},
	}
}
