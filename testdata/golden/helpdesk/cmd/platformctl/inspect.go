package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"go.uber.org/fx"
	"go.uber.org/zap"

	"github.com/example/helpdesk/internal/kernel"
	"github.com/example/helpdesk/internal/plugins"
	"github.com/example/helpdesk/internal/registry"
	"github.com/example/helpdesk/internal/server"
	"github.com/example/helpdesk/pkg/config"
	"github.com/example/helpdesk/pkg/httpapi"
	"github.com/example/helpdesk/pkg/module"
	"github.com/example/helpdesk/pkg/perm"
)

func newModulesCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "modules", Short: "Inspect registered modules"}
	cmd.AddCommand(&cobra.Command{
		Use:   "list",
		Short: "List the static modules and, when plugins.enabled, the plugin modules",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			// Opening the plugins registers them, exactly as the server does.
			if _, err := plugins.Load(); err != nil {
				return err
			}
			return printModules(cmd.OutOrStdout(), module.All())
		},
	})
	return cmd
}

func printModules(w io.Writer, mods []module.Module) error {
	// Every line has tabs, so tabwriter keeps them all until Flush, which
	// reports a failed write.
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	_, _ = fmt.Fprintln(tw, "NAME\tVERSION\tSOURCE\tPERMISSIONS")
	for _, m := range mods {
		_, _ = fmt.Fprintf(tw, "%s\t%s\t%s\t%d\n", m.Name(), m.Version(), module.SourceOf(m), len(m.Permissions()))
	}
	return tw.Flush()
}

func newRoutesCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "routes",
		Short: "List every HTTP route with its access mode",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			routes, err := collectRoutes()
			if err != nil {
				return err
			}
			return printRoutes(cmd.OutOrStdout(), routes)
		},
	}
}

// collectRoutes builds the application graph without starting it, so no
// port is bound and no database is contacted, and returns the route table.
func collectRoutes() ([]httpapi.Route, error) {
	cfg, err := config.Load(config.Dir())
	if err != nil {
		return nil, err
	}
	pluginModules, err := plugins.Options(cfg.Plugins)
	if err != nil {
		return nil, err
	}
	var router *server.Router
	app := fx.New(
		fx.Supply(cfg),
		kernel.Services,
		registry.Module,
		pluginModules,
		fx.NopLogger,
		// Keep construction-time warnings off stdout, which holds the table.
		fx.Decorate(func() *zap.Logger { return zap.NewNop() }),
		fx.Populate(&router),
	)
	if err := app.Err(); err != nil {
		return nil, fmt.Errorf("routes: build application: %w", err)
	}
	return router.Routes(), nil
}

func printRoutes(w io.Writer, routes []httpapi.Route) error {
	// Every line has tabs, so tabwriter keeps them all until Flush, which
	// reports a failed write.
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	_, _ = fmt.Fprintln(tw, "METHOD\tPATH\tACCESS\tSUMMARY")
	for _, r := range routes {
		_, _ = fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.Method, r.Path, r.Access(), r.Summary)
	}
	return tw.Flush()
}

func newPermsCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "perms",
		Short: "List every known permission",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			for _, p := range perm.All {
				if _, err := fmt.Fprintln(cmd.OutOrStdout(), p); err != nil {
					return err
				}
			}
			return nil
		},
	}
}
