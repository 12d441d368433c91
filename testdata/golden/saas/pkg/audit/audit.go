// Package audit records who did what to which resource, for compliance and
// incident forensics.
//
// The kernel records every permission-checked mutating HTTP request on its
// own; modules call Auditor.Record for domain events the HTTP layer cannot
// see (a state change inside a job, a bulk operation's individual targets):
//
//	err := auditor.Record(ctx, audit.Action{
//		Action: "blog.post.publish",
//		Target: "blog/posts/" + id,
//	})
//
// Records are append-only: the store refuses every update and delete.
package audit

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrAppendOnly is returned when code tries to update or delete an audit
// record. Audit history that can be rewritten proves nothing.
var ErrAppendOnly = errors.New("audit: records are append-only")

// ErrInvalidAction is returned (wrapped) by Record for an Action missing a
// required field.
var ErrInvalidAction = errors.New("audit: invalid action")

// Auditor records actions.
type Auditor interface {
	// Record stores a. Zero-valued Actor, TenantID, RequestID and Time are
	// filled from ctx (authenticated user, tenant hook, request id) and the
	// clock, so callers inside a request usually set only Action and Target.
	Record(ctx context.Context, a Action) error
}

// Action is one audited event.
type Action struct {
	// Actor is who acted: the JWT subject, or "" for an unauthenticated
	// caller (a request rejected with 401).
	Actor string `json:"actor"`
	// Action is what was done: a permission name such as "blog.post.create"
	// or a domain event name in the same dotted style. Required.
	Action string `json:"action"`
	// Target is the resource acted on, e.g. "blog/posts/42" or a request
	// path.
	Target string `json:"target"`
	// TenantID scopes the event to a tenant; "" for platform-wide events.
	TenantID string `json:"tenant_id"`
	// RequestID correlates the event with access logs and traces.
	RequestID string `json:"request_id"`
	// Metadata holds event details; it is stored as JSON, so values must
	// be JSON-encodable.
	Metadata map[string]any `json:"metadata,omitempty"`
	// Time is when the action happened, in UTC.
	Time time.Time `json:"time"`
}

// Validate reports whether a carries the required fields.
func (a Action) Validate() error {
	if a.Action == "" {
		return fmt.Errorf("%w: action must not be empty", ErrInvalidAction)
	}
	return nil
}

// TenantFunc returns the tenant of the request or job running in ctx, or "".
//
// The kernel has no tenancy of its own; a tenancy feature supplies one to
// the fx graph (fx.Supply(audit.TenantFunc(tenancy.FromContext))) and every
// record from then on carries the tenant.
type TenantFunc func(ctx context.Context) string

// NoTenant is the default TenantFunc: every record is platform-wide.
func NoTenant(context.Context) string { return "" }

// Nop is an Auditor that discards every action, for tests and tools that
// construct services without a database.
type Nop struct{}

// Record discards a.
func (Nop) Record(context.Context, Action) error { return nil }
