package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/goplt/goplt/generator"
	"github.com/goplt/goplt/generator/spec"
)

// initFlags are the answers init can take without a terminal.
type initFlags struct {
	name, module, database, description string
	specFile                            string
	features, plugins                   []string
	yes, force, dryRun, allowSkew       bool
}

func newInitCmd(e *env) *cobra.Command {
	var f initFlags
	cmd := &cobra.Command{
		Use:   "init [DIR]",
		Short: "Create a new platform project",
		Long: `init writes goplt.yaml (the project spec) into DIR and renders the platform:
the fx kernel (config, logging, health and metrics, JWT auth, RBAC), the
platformctl ops CLI, Dockerfile, CI workflow, docs and tests.

On a terminal it asks for the answers it was not given; without one (or with
--yes) flags and defaults answer. --spec takes a whole goplt.yaml instead.`,
		Example: `  goplt init acme --module example.com/acme
  goplt init acme --module example.com/acme --features audit,events,tracing
  goplt init acme --module example.com/acme --database postgres --yes
  goplt init acme --spec examples/minimal/goplt.yaml`,
		Args: maxOneArg("DIR"),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			p, err := initSpec(e, cmd, dir, f)
			if err != nil {
				return err
			}
			var text []byte
			if f.specFile != "" {
				// The spec file was just parsed from these bytes; keep its
				// comments in the project's goplt.yaml.
				if text, err = os.ReadFile(f.specFile); err != nil {
					return err
				}
			}
			pr := e.startProgress("creating " + dir)
			opts := pr.options(f.allowSkew)
			opts.DryRun = f.dryRun
			pl, err := generator.Init(generator.InitOptions{
				Dir:           dir,
				Spec:          p,
				SpecText:      text,
				AllowNonEmpty: f.force,
				Options:       opts,
			})
			pr.end()
			if err != nil {
				return err
			}
			if f.dryRun || e.verbose {
				printPlan(e.stdout, pl, true)
			}
			if f.dryRun {
				return nil
			}
			if pl.Resumed() {
				e.infof("an earlier goplt init stopped part way; this run completed it\n")
			}
			e.infof("created %s project %q in %s (%d files)\n\nNext steps:\n", p.Database, p.Name, dir, len(pl.Changes))
			e.infof("  cd %s\n", dir)
			for _, name := range p.Plugins {
				e.infof("  goplt add module %s    # listed under plugins: create the module\n", name)
			}
			e.infof("  make run                # serves on :8080 (%s)\n", p.Database)
			e.infof("  go run ./cmd/platformctl token --sub alice --roles admin\n")
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.name, "name", "", "project name (default: the directory's name)")
	fl.StringVar(&f.module, "module", "", "Go module path, e.g. github.com/acme/shop (default: PREFIX/NAME, PREFIX from GOPLT_MODULE_PREFIX, else example.com)")
	fl.StringVar(&f.database, "database", "", `default database: "sqlite" (embedded, no server) or "postgres" (default from GOPLT_DATABASE, else sqlite)`)
	fl.StringVar(&f.description, "description", "", "one-line description for the README")
	fl.StringSliceVar(&f.features, "features", nil, "optional kernel services, comma-separated: "+strings.Join(spec.FeatureNames(), ", ")+`; "all" for every one`)
	fl.StringSliceVar(&f.plugins, "plugins", nil, "modules to build as Go plugins once they exist under modules/ (needs cgo; see README)")
	fl.StringVar(&f.specFile, "spec", "", "take the whole project spec from this goplt.yaml")
	fl.BoolVarP(&f.yes, "yes", "y", false, "ask nothing: flags and defaults answer (default from GOPLT_NO_INPUT)")
	fl.BoolVar(&f.force, "force", false, "write into a directory that is not empty (files there are kept)")
	fl.BoolVar(&f.dryRun, "dry-run", false, "print what would be written, write nothing")
	fl.BoolVar(&f.allowSkew, "allow-version-skew", false, "with --force, write over a project that a goplt of another version generated (the version rule: goplt gen --help)")
	e.settings.bind(keyDatabase, fl.Lookup("database"))
	e.settings.bind(keyNoInput, fl.Lookup("yes"))
	mustRegister(cmd, "database", completeDatabase)
	mustRegister(cmd, "features", completeFeatures)
	mustRegister(cmd, "plugins", completePlugins)
	return cmd
}

// initSpec builds the project spec from --spec, or from flags, prompts and
// defaults, and validates it the way goplt.yaml is validated.
func initSpec(e *env, cmd *cobra.Command, dir string, f initFlags) (*spec.Project, error) {
	if err := e.settings.check(); err != nil {
		return nil, err
	}
	if f.specFile != "" {
		for _, name := range []string{"name", "module", "database", "description", "features", "plugins"} {
			if cmd.Flags().Changed(name) {
				return nil, usagef("--%s cannot be combined with --spec: edit the spec file instead", name)
			}
		}
		if _, err := os.Stat(f.specFile); err != nil {
			return nil, usagef("--spec: %v", err)
		}
		return spec.LoadProject(f.specFile)
	}
	p := spec.NewProject(f.name, f.module)
	if p.Name == "" {
		p.Name = defaultName(dir)
	}
	p.Database = e.settings.str(keyDatabase)
	p.Description = f.description
	for _, name := range f.features {
		if name == "all" {
			p.Features = append(p.Features, spec.FeatureNames()...)
		} else {
			p.Features = append(p.Features, name)
		}
	}
	p.Features = spec.SortFeatures(p.Features)
	p.Plugins = f.plugins
	if e.interactive && !e.settings.on(keyNoInput) {
		if err := ask(e, p, cmd); err != nil {
			return nil, err
		}
	}
	if p.Module == "" {
		p.Module = e.settings.str(keyModulePrefix) + "/" + p.Name
	}
	if err := checkFlags(p); err != nil {
		return nil, err
	}
	// Round-trip through goplt.yaml so flags meet exactly the checks a
	// hand-written spec meets.
	return spec.ParseProject(generator.SpecFile, p.Encode())
}

// checkFlags turns invalid flag values into usage errors naming the flag
// (settings.check has checked --database).
func checkFlags(p *spec.Project) error {
	if err := spec.CheckName(p.Name); err != nil {
		return usagef("--name %q: %w", p.Name, err)
	}
	if err := spec.CheckModulePath(p.Module); err != nil {
		return usagef("--module %q: %w", p.Module, err)
	}
	for _, name := range p.Plugins {
		if err := spec.CheckModuleName(name); err != nil {
			return usagef("--plugins %q: %w", name, err)
		}
	}
	for _, name := range p.Features {
		if !slices.Contains(spec.FeatureNames(), name) {
			return usagef("--features %q: use any of %s, or all", name, strings.Join(spec.FeatureNames(), ", "))
		}
	}
	return nil
}

// defaultName derives a project name from the target directory.
func defaultName(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	return strings.ToLower(filepath.Base(abs))
}
