package main

import (
	"fmt"

	"github.com/aymanbagabas/go-udiff"

	"github.com/goplt/goplt/generator/plan"
)

// printPlan lists the changes and counts them; all includes unchanged and
// skipped files.
func printPlan(w *printer, p *plan.Plan, all bool) {
	for _, c := range p.Changes {
		quiet := c.Action == plan.Unchanged || (c.Action == plan.Skip && c.Reason == "user-owned")
		if quiet && !all {
			continue
		}
		printChange(w, c)
	}
	w.printf("%d created, %d updated, %d deleted, %d unchanged, %d skipped, %d conflicts, %d orphans\n",
		p.Count(plan.Create), p.Count(plan.Update), p.Count(plan.Delete), p.Count(plan.Unchanged),
		p.Count(plan.Skip), p.Count(plan.Conflict), p.Count(plan.Orphan))
	if p.Resumed() {
		w.println("an earlier goplt run stopped part way; files it wrote are goplt's, and this plan completes that run")
	}
}

// printStale lists only the files goplt gen would write or refuse: nothing
// at all when the project is fresh.
func printStale(w *printer, p *plan.Plan) {
	for _, c := range p.Changes {
		if stale(c.Action) {
			printChange(w, c)
		}
	}
}

func printChange(w *printer, c plan.Change) {
	line := fmt.Sprintf("%-9s %s", c.Action, c.Path)
	if c.Reason != "" {
		line += "  (" + c.Reason + ")"
	}
	w.println(line)
}

// printDiffs prints a unified diff of each conflict and, with all, of
// every change.
func printDiffs(w *printer, p *plan.Plan, all bool) {
	for _, c := range p.Changes {
		if c.Action == plan.Conflict || (all && (c.Action == plan.Create || c.Action == plan.Update || c.Action == plan.Delete)) {
			w.printf("%s", unifiedDiff(c))
		}
	}
}

// conflictAdvice is the way out of a conflict.
const conflictAdvice = `Generated files were edited by hand (diff: - your edit, + what goplt generates). Either:
  - move your change into a file you own (one without the DO NOT EDIT header), then rerun goplt gen; or
  - rerun with --force to overwrite them (your version is kept as FILE.orig).
`

// unifiedDiff renders the change as a unified diff from disk to new.
func unifiedDiff(c plan.Change) string {
	return udiff.Unified("a/"+c.Path, "b/"+c.Path, string(c.Old), string(c.New))
}

// stale says whether a change makes the project stale: gen would write it,
// or refuses to.
func stale(a plan.Action) bool {
	return a == plan.Create || a == plan.Update || a == plan.Delete || a == plan.Conflict
}

// countStale counts the files gen would write or refuse.
func countStale(p *plan.Plan) int {
	n := 0
	for _, c := range p.Changes {
		if stale(c.Action) {
			n++
		}
	}
	return n
}
