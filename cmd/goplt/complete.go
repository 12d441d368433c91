package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/goplt/goplt/generator/spec"
)

// Shell completion of flag values (goplt completion bash|zsh|fish|powershell).
// Each candidate is "value\tdescription"; shells without descriptions drop
// the part after the tab.

// databases are the values of --database, as spec.Project accepts them.
var databases = []string{
	spec.SQLite + "\tembedded SQLite (pure Go, no server)",
	spec.Postgres + "\tPostgreSQL, at DATABASE_URL",
}

func completeDatabase(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return databases, cobra.ShellCompDirectiveNoFileComp
}

// completeFeatures completes the last of comma-separated feature names,
// leaving out those already given.
func completeFeatures(_ *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	var names []string
	for _, f := range spec.Features {
		names = append(names, f.Name+"\t"+f.Summary)
	}
	names = append(names, "all\tevery feature")
	return completeList(names, toComplete)
}

// completePlugins completes module names found under modules/ of the
// project init writes into: DIR, or the working directory.
func completePlugins(_ *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	dir := "."
	if len(args) > 0 {
		dir = args[0]
	}
	return completeList(moduleNames(dir), toComplete)
}

// moduleNames lists the directories of dir/modules that hold a module.yaml.
func moduleNames(dir string) []string {
	entries, err := os.ReadDir(filepath.Join(dir, "modules"))
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range entries {
		if _, err := os.Stat(filepath.Join(dir, "modules", e.Name(), spec.ModuleFile)); e.IsDir() && err == nil {
			names = append(names, e.Name())
		}
	}
	return names
}

// completeList completes the last item of a comma-separated list typed so
// far from candidates ("name" or "name\tdescription"), each prefixed with
// the items before it, as the shell matches the whole word.
func completeList(candidates []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	done := strings.Split(toComplete, ",")
	done = done[:len(done)-1]
	prefix := ""
	if len(done) > 0 {
		prefix = strings.Join(done, ",") + ","
	}
	var out []string
	for _, c := range candidates {
		name, _, _ := strings.Cut(c, "\t")
		if !slices.Contains(done, name) {
			out = append(out, prefix+c)
		}
	}
	// No space after a name, so another can follow a comma.
	return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
}

// completeSettingKeys completes goplt config get KEY.
func completeSettingKeys(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var keys []string
	for _, s := range knownSettings {
		keys = append(keys, s.key+"\t"+s.usage)
	}
	return keys, cobra.ShellCompDirectiveNoFileComp
}

// mustRegister registers a flag completion; it fails only for a flag that
// does not exist, a programming error.
func mustRegister(cmd *cobra.Command, flag string, fn cobra.CompletionFunc) {
	if err := cmd.RegisterFlagCompletionFunc(flag, fn); err != nil {
		panic(err)
	}
}
