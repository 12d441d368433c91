// Package logger carries the request-scoped zap logger through a context.
package logger

import (
	"context"

	"go.uber.org/zap"
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

// FromContext returns the logger stored in ctx, or a no-op logger.
func FromContext(ctx context.Context) *zap.Logger {
	if l, ok := ctx.Value(ctxKey{}).(*zap.Logger); ok {
		return l
	}
	return nop
}
