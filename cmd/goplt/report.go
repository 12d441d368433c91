package main

import (
	"fmt"
	"io"

	"github.com/pmezard/go-difflib/difflib"

	"github.com/goplt/goplt/generator/plan"
)

// printPlan lists the changes; all includes unchanged and skipped files.
func printPlan(w io.Writer, p *plan.Plan, all bool) {
	for _, c := range p.Changes {
		quiet := c.Action == plan.Unchanged || (c.Action == plan.Skip && c.Reason == "user-owned")
		if quiet && !all {
			continue
		}
		line := fmt.Sprintf("%-9s %s", c.Action, c.Path)
		if c.Reason != "" {
			line += "  (" + c.Reason + ")"
		}
		fmt.Fprintln(w, line)
	}
	fmt.Fprintf(w, "%d created, %d updated, %d deleted, %d unchanged, %d skipped, %d conflicts, %d orphans\n",
		p.Count(plan.Create), p.Count(plan.Update), p.Count(plan.Delete), p.Count(plan.Unchanged),
		p.Count(plan.Skip), p.Count(plan.Conflict), p.Count(plan.Orphan))
	if p.Resumed() {
		fmt.Fprintln(w, "an earlier goplt run stopped part way; files it wrote are goplt's, and this plan completes that run")
	}
}

// printDiffs prints a unified diff of each conflict (and, with all, of every
// change), then the ways out of a conflict.
func printDiffs(w io.Writer, p *plan.Plan, all bool) {
	for _, c := range p.Changes {
		if c.Action == plan.Conflict || (all && (c.Action == plan.Create || c.Action == plan.Update || c.Action == plan.Delete)) {
			fmt.Fprint(w, unifiedDiff(c))
		}
	}
	if len(p.Conflicts()) > 0 {
		fmt.Fprintln(w, "Generated files were edited by hand (diff: - your edit, + what goplt generates). Either:")
		fmt.Fprintln(w, "  - move your change into a file you own (one without the DO NOT EDIT header), then rerun goplt gen; or")
		fmt.Fprintln(w, "  - rerun with --force to overwrite them (your version is kept as FILE.orig).")
	}
}

// unifiedDiff renders the change as a unified diff from disk to new.
func unifiedDiff(c plan.Change) string {
	text, err := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
		A:        difflib.SplitLines(string(c.Old)),
		B:        difflib.SplitLines(string(c.New)),
		FromFile: "a/" + c.Path,
		ToFile:   "b/" + c.Path,
		Context:  3,
	})
	if err != nil {
		return fmt.Sprintf("diff %s: %v\n", c.Path, err)
	}
	return text
}

// countStale counts the files gen would write or refuse.
func countStale(p *plan.Plan) int {
	return p.Count(plan.Create) + p.Count(plan.Update) + p.Count(plan.Delete) + p.Count(plan.Conflict)
}
