package jobs

import (
	"context"

	"go.uber.org/fx"

	"example.com/saas/pkg/errbus"
)

// This file is the only one in the package that knows the error bus. The
// publisher is optional: without the errors feature nothing provides one,
// the reporter's methods do nothing and failures are only logged.

type reportParams struct {
	fx.In

	// Errors is optional: jobs work, and log failures, without the bus.
	Errors errbus.Publisher `optional:"true"`
}

// reporter forwards job failures and panics to the error bus, if present.
type reporter struct {
	errs errbus.Publisher
}

func newReporter(p reportParams) *reporter { return &reporter{errs: p.Errors} }

// failed reports a run of kind ("cron" or "task") named name that returned err.
func (r *reporter) failed(ctx context.Context, err error, kind, name string) {
	if r == nil || r.errs == nil {
		return
	}
	r.errs.Publish(ctx, err, fields(kind, name)...)
}

// panicked reports a recovered panic. Call it from the deferred function
// that recovered so the panicking frames are still on the stack.
func (r *reporter) panicked(ctx context.Context, v any, kind, name string) {
	if r == nil || r.errs == nil {
		return
	}
	r.errs.Publish(ctx, errbus.NewPanicError(v), fields(kind, name)...)
}

func fields(kind, name string) []errbus.Field {
	return []errbus.Field{
		errbus.F(errbus.FieldSource, errbus.SourceJob),
		errbus.F("job_kind", kind),
		errbus.F("job", name),
	}
}
