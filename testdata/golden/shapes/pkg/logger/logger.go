// Package logger carries the request-scoped zap logger through a context.
package logger

import (
	"context"
	"sync/atomic"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// Field names for request-scoped values, shared by every log line.
const (
	FieldRequestID = "request_id"
	FieldUserID    = "user_id"
	FieldTenantID  = "tenant_id"
)

type ctxKey struct{}

// nop is returned when a context carries no logger, so callers never need a
// nil check.
var nop = zap.NewNop()

// WithContext returns a copy of ctx carrying l.
func WithContext(ctx context.Context, l *zap.Logger) context.Context {
	return context.WithValue(ctx, ctxKey{}, l)
}

// FromContext returns the logger stored in ctx, or a no-op logger. For a
// request logger (WithRequest) it is built from the fields added so far.
func FromContext(ctx context.Context) *zap.Logger {
	switch v := ctx.Value(ctxKey{}).(type) {
	case *Request:
		return v.Logger()
	case *zap.Logger:
		return v
	}
	return nop
}

// With returns ctx whose logger also writes fields. On a request logger the
// fields are added in place (ctx itself is returned): middleware enriches
// the request's log lines without cloning a zap logger at every step.
func With(ctx context.Context, fields ...zap.Field) context.Context {
	if r, ok := ctx.Value(ctxKey{}).(*Request); ok {
		r.add(fields)
		return ctx
	}
	return WithContext(ctx, FromContext(ctx).With(fields...))
}

// Requests makes the loggers of HTTP requests over one base logger.
type Requests struct {
	base *zap.Logger
	// direct writes for Request.Write, one frame deeper than base.
	direct *zap.Logger
}

// NewRequests returns a factory of request loggers writing through base.
func NewRequests(base *zap.Logger) *Requests {
	return &Requests{base: base, direct: base.WithOptions(zap.AddCallerSkip(1))}
}

// New starts a request logger with fields (the request id, say).
func (rs *Requests) New(fields ...zap.Field) *Request {
	r := &Request{rs: rs, fields: make([]zap.Field, 0, 8)}
	r.fields = append(r.fields, fields...)
	return r
}

// Request is the logger of one request. Fields are collected as the
// request passes the middleware (request id, user, tenant, trace) and a
// *zap.Logger is built from them only when something asks for one; the
// access log writes them directly. Fields are added by middleware before
// the handler runs: adding must not race with goroutines the handler
// starts, which only log.
type Request struct {
	rs     *Requests
	fields []zap.Field
	built  atomic.Pointer[zap.Logger]
}

// WithRequest returns a copy of ctx carrying r.
func WithRequest(ctx context.Context, r *Request) context.Context {
	return context.WithValue(ctx, ctxKey{}, r)
}

// RequestFrom returns the request logger in ctx, or nil.
func RequestFrom(ctx context.Context) *Request {
	r, _ := ctx.Value(ctxKey{}).(*Request)
	return r
}

func (r *Request) add(fields []zap.Field) {
	r.fields = append(r.fields, fields...)
	r.built.Store(nil)
}

// Base is the logger r's fields are added to: its level decides whether a
// line at a given level would be written at all.
func (r *Request) Base() *zap.Logger { return r.rs.base }

// Len is the number of fields added so far; see Write.
func (r *Request) Len() int { return len(r.fields) }

// Logger returns a logger writing every field added so far.
func (r *Request) Logger() *zap.Logger {
	if l := r.built.Load(); l != nil {
		return l
	}
	l := r.rs.base.With(r.fields...)
	r.built.Store(l)
	return l
}

// Write logs msg at lvl with the first n request fields and then fields,
// without building a logger.
func (r *Request) Write(n int, lvl zapcore.Level, msg string, fields ...zap.Field) {
	if ce := r.rs.direct.Check(lvl, msg); ce != nil {
		all := make([]zap.Field, 0, n+len(fields))
		all = append(append(all, r.fields[:n]...), fields...)
		ce.Write(all...)
	}
}
