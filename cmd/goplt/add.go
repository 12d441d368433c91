package main

import (
	"github.com/spf13/cobra"

	"github.com/goplt/goplt/generator"
)

func newAddCmd(e *env) *cobra.Command {
	add := &cobra.Command{
		Use:     "add",
		Short:   "Add a part to the project",
		Example: "  goplt add module blog",
		Args:    cobra.ArbitraryArgs,
		RunE:    groupRunE("goplt add module NAME"),
	}
	add.AddCommand(newAddModuleCmd(e))
	return add
}

func newAddModuleCmd(e *env) *cobra.Command {
	var (
		entities  []string
		dryRun    bool
		allowSkew bool
	)
	cmd := &cobra.Command{
		Use:   "module NAME",
		Short: "Scaffold a feature module under modules/NAME",
		Long: `add module creates modules/NAME as its own Go module: module.yaml (its
permissions, entities and routes), the Ent schema and generated client, the
OpenAPI document and oapi-codegen Gin strict server, a service layer and one
handler file per route, and wires it into the platform (registry, pkg/perm,
api/openapi.yaml, the root go.mod).

With no --entity it scaffolds one entity named after the module with create,
get, list, update and delete routes. Each --entity is ENTITY:FIELD:TYPE,...;
types are string, text, int, float, bool, time, uuid and json, and a trailing
! makes a field required. Edit module.yaml afterwards and run goplt gen.

add module regenerates the project, so it follows gen's version rule:
` + versionHelp,
		Example: `  goplt add module blog --entity post:title:string!,body:text!
  goplt add module inventory --entity item:sku:string!,quantity:int --entity warehouse:name:string!`,
		Args: oneArg("NAME", "the module to create, e.g. blog"),
		RunE: func(_ *cobra.Command, args []string) error {
			root, err := generator.FindRoot(".")
			if err != nil {
				return err
			}
			pr := e.startProgress("generating module " + args[0])
			opts := pr.options(allowSkew)
			opts.DryRun = dryRun
			pl, err := generator.AddModule(root, generator.AddModuleOptions{Name: args[0], Entities: entities, Options: opts})
			pr.end()
			if pl != nil && (!e.quiet || dryRun) {
				printPlan(e.stdout, pl, e.verbose)
			}
			if err != nil {
				return err
			}
			if !dryRun {
				e.infof("module %s is wired in. Next: edit modules/%s/module.yaml, run goplt gen, and make run\n", args[0], args[0])
			}
			return nil
		},
	}
	cmd.Flags().StringArrayVar(&entities, "entity", nil, "an entity and its fields, e.g. post:title:string!,body:text (repeatable)")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print what would be written, write nothing")
	cmd.Flags().BoolVar(&allowSkew, "allow-version-skew", false, "regenerate a project that a goplt of another version generated (the version rule: goplt gen --help)")
	return cmd
}
