package generator

import "fmt"

// ToolError is a failure of an external generator goplt runs as a library
// (entc, oapi-codegen), as opposed to a mistake in the specs: the CLI
// gives it an exit code of its own.
type ToolError struct {
	Tool string // "entc" or "oapi-codegen"
	Err  error
}

func (e *ToolError) Error() string { return e.Err.Error() }
func (e *ToolError) Unwrap() error { return e.Err }

// Step is a slow step of a run, reported through Options.Progress just
// before it starts, once the specs are valid.
type Step struct {
	// Tool is the generator about to run: "entc".
	Tool string
	// Module is the Go module it runs for.
	Module string
	// Cold says Go's build cache lacks what the tool compiles on its first
	// run: the step takes about a minute instead of a second.
	Cold bool
}

func (s Step) String() string {
	return fmt.Sprintf("running %s for %s", s.Tool, s.Module)
}

// Progress hears of slow steps; nil hears nothing. It may be called from
// several goroutines, one call at a time.
type Progress func(Step)
