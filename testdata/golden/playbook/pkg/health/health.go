// Package health defines readiness checks and runs them.
package health

import (
	"context"
	"sync"
	"time"

	"go.uber.org/fx"
)

// ChecksGroup is the fx value group that collects every Checker.
const ChecksGroup = "health_checks"

// Checker reports whether one dependency is usable.
type Checker interface {
	// Name identifies the check in reports, e.g. "database".
	Name() string
	// Check returns nil when the dependency is healthy.
	Check(ctx context.Context) error
}

// AsChecker annotates a constructor returning a Checker implementation so
// its result joins the health_checks group:
// fx.Provide(health.AsChecker(newCacheCheck)).
func AsChecker(constructor any) any {
	return fx.Annotate(constructor,
		fx.As(new(Checker)),
		fx.ResultTags(`group:"`+ChecksGroup+`"`),
	)
}

// CheckerFunc adapts a function to Checker.
type CheckerFunc struct {
	// CheckName is returned by Name.
	CheckName string
	// Fn is called by Check.
	Fn func(ctx context.Context) error
}

// Name returns the check name.
func (f CheckerFunc) Name() string { return f.CheckName }

// Check calls Fn.
func (f CheckerFunc) Check(ctx context.Context) error { return f.Fn(ctx) }

// Status values used in reports.
const (
	StatusOK   = "ok"
	StatusFail = "fail"
)

// Result is the outcome of one check.
type Result struct {
	Name     string  `json:"name"`
	Status   string  `json:"status"`
	Error    string  `json:"error,omitempty"`
	Duration float64 `json:"duration_ms"`
}

// Report aggregates the outcome of every check.
type Report struct {
	Status string   `json:"status"`
	Checks []Result `json:"checks"`
}

// Healthy reports whether every check passed.
func (r Report) Healthy() bool { return r.Status == StatusOK }

// Run executes every checker concurrently, each bounded by timeout, and
// returns the results in the checkers' order.
func Run(ctx context.Context, checkers []Checker, timeout time.Duration) Report {
	results := make([]Result, len(checkers))
	var wg sync.WaitGroup
	for i, c := range checkers {
		wg.Go(func() { results[i] = runOne(ctx, c, timeout) })
	}
	wg.Wait()

	report := Report{Status: StatusOK, Checks: results}
	for _, r := range results {
		if r.Status != StatusOK {
			report.Status = StatusFail
		}
	}
	return report
}

func runOne(ctx context.Context, c Checker, timeout time.Duration) Result {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	start := time.Now()
	err := c.Check(ctx)
	r := Result{
		Name:     c.Name(),
		Status:   StatusOK,
		Duration: float64(time.Since(start).Microseconds()) / 1000,
	}
	if err != nil {
		r.Status = StatusFail
		r.Error = err.Error()
	}
	return r
}
