// Command platformctl is the operator CLI: it mints development tokens and
// inspects the modules, routes and permissions compiled into the platform.
package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
)

func main() {
	if err := newRootCmd().Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "platformctl",
		Short:         "Operate and inspect the shapes platform",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(newTokenCmd(), newModulesCmd(), newRoutesCmd(), newPermsCmd())
	root.AddCommand(featureCommands()...)
	return root
}
