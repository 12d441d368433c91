package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// Argument validators whose errors say what to type, where cobra's own
// count the arguments ("accepts 1 arg(s), received 0").

// noArgs refuses any argument.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("%s takes no arguments, got %q", cmd.CommandPath(), strings.Join(args, " "))
	}
	return nil
}

// oneArg asks for exactly one argument, name, described by what.
func oneArg(name, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		switch {
		case len(args) == 0:
			return usagef("missing %s (%s); type %s", name, what, useLine(cmd))
		case len(args) > 1:
			return usagef("%s takes one %s, got %d (%q); type %s", cmd.CommandPath(), name, len(args), strings.Join(args, " "), useLine(cmd))
		}
		return nil
	}
}

// maxOneArg allows one optional argument, name.
func maxOneArg(name string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) > 1 {
			return usagef("%s takes at most one %s, got %d (%q); type %s", cmd.CommandPath(), name, len(args), strings.Join(args, " "), useLine(cmd))
		}
		return nil
	}
}

// useLine is the command's synopsis without cobra's " [flags]".
func useLine(cmd *cobra.Command) string {
	return strings.TrimSuffix(cmd.UseLine(), " [flags]")
}

// groupRunE runs a command that only groups others (goplt add): called
// alone or with an unknown subcommand, it says what to type, for example.
func groupRunE(example string) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) == 0 {
			return usagef("%s needs a command; type %s", cmd.CommandPath(), example)
		}
		msg := fmt.Sprintf("unknown command %q for %q", args[0], cmd.CommandPath())
		if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
			msg += "; did you mean " + strings.Join(s, " or ") + "?"
		}
		return usagef("%s; type %s", msg, example)
	}
}
