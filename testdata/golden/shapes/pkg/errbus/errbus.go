// Package errbus is the platform's error bus: code that catches an error it
// cannot return to anyone (a recovered panic, a failed background job)
// publishes it here, and one consumer logs it and forwards it to the error
// tracker. Publishing never blocks, so a slow tracker cannot slow requests.
package errbus

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
)

// Publisher accepts errors for asynchronous reporting.
type Publisher interface {
	// Publish queues err with optional fields. It never blocks: when the
	// bus is full the error is dropped and counted. The request id and trace
	// id are read from ctx, so pass the context the error happened in.
	Publish(ctx context.Context, err error, fields ...Field)
}

// Field is a key/value attached to a published error, logged as a zap field
// and sent to the error tracker as event context.
type Field struct {
	Key   string
	Value any
}

// F returns the Field key=value.
func F(key string, value any) Field { return Field{Key: key, Value: value} }

// Source field values: where a published error was caught.
const (
	// FieldSource names the catching component, e.g. SourceHTTP.
	FieldSource = "source"
	// SourceHTTP marks errors caught by the HTTP server.
	SourceHTTP = "http"
	// SourceJob marks errors raised by scheduled jobs and queued tasks.
	SourceJob = "job"
)

// TraceIDFunc returns the trace id carried by ctx, or "". The tracing
// feature provides one so published errors and tracker events link to the
// trace; without it errors carry no trace id. It is a function, not an
// import, so the error bus does not depend on the tracing implementation.
type TraceIDFunc func(ctx context.Context) string

// PanicError is a recovered panic turned into an error. It keeps the stack
// of the panicking goroutine, which is otherwise lost once recover returns.
type PanicError struct {
	// Value is the value passed to panic.
	Value any
	// Stack is the formatted stack of the panicking goroutine.
	Stack []byte
	pcs   []uintptr
}

// NewPanicError wraps a value returned by recover. Call it inside the
// deferred function that recovered, so the panicking frames are still on
// the stack.
func NewPanicError(v any) *PanicError {
	pcs := make([]uintptr, 64)
	// Skip runtime.Callers and NewPanicError itself.
	n := runtime.Callers(2, pcs)
	return &PanicError{Value: v, Stack: debug.Stack(), pcs: pcs[:n]}
}

// Error implements error.
func (p *PanicError) Error() string { return fmt.Sprintf("panic: %v", p.Value) }

// Unwrap returns the panic value when it is an error, so errors.Is and
// errors.As see through the panic.
func (p *PanicError) Unwrap() error {
	err, _ := p.Value.(error)
	return err
}

// StackTrace returns the program counters of the panicking goroutine. The
// method name is the one Sentry (and pkg/errors-aware tools) look for.
func (p *PanicError) StackTrace() []uintptr { return p.pcs }
