package main

import (
	"io"
	"os"

	"github.com/AlecAivazis/survey/v2"
	"github.com/AlecAivazis/survey/v2/terminal"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/goplt/goplt/generator/spec"
)

// isTerminal reports whether both ends are a terminal: survey needs one to
// draw its prompts, and a pipe or CI must never wait for an answer.
func isTerminal(in io.Reader, out io.Writer) bool {
	fin, ok1 := in.(*os.File)
	fout, ok2 := out.(*os.File)
	return ok1 && ok2 && os.Getenv("CI") == "" &&
		term.IsTerminal(int(fin.Fd())) && term.IsTerminal(int(fout.Fd()))
}

// ask prompts for every answer the flags did not give.
func ask(e *env, p *spec.Project, cmd *cobra.Command) error {
	fin, _ := e.stdin.(*os.File)
	fout, _ := e.stdout.w.(*os.File)
	ferr, ok := e.stderr.w.(terminal.FileWriter)
	if !ok {
		ferr = fout // interactive: stdout is a terminal
	}
	opts := survey.WithStdio(fin, fout, ferr)
	changed := cmd.Flags().Changed
	var qs []*survey.Question
	if !changed("name") {
		qs = append(qs, &survey.Question{
			Name:     "name",
			Prompt:   &survey.Input{Message: "Project name:", Default: p.Name, Help: "lower-case letters, digits and '-'; names env vars (ACME_HTTP_ADDR) and the database file"},
			Validate: func(v any) error { return spec.CheckName(v.(string)) },
		})
	}
	if !changed("module") {
		qs = append(qs, &survey.Question{
			Name:   "module",
			Prompt: &survey.Input{Message: "Go module path:", Help: "e.g. github.com/yourorg/acme; empty for " + e.settings.str(keyModulePrefix) + "/NAME"},
			Validate: func(v any) error {
				if v.(string) == "" {
					return nil
				}
				return spec.CheckModulePath(v.(string))
			},
		})
	}
	if !changed("database") {
		qs = append(qs, &survey.Question{
			Name:   "database",
			Prompt: &survey.Select{Message: "Default database:", Options: []string{"sqlite", "postgres"}, Default: p.Database, Help: "sqlite is embedded (pure Go, no server); postgres takes a DSN"},
		})
	}
	if !changed("description") {
		qs = append(qs, &survey.Question{
			Name:   "description",
			Prompt: &survey.Input{Message: "One-line description (optional):"},
		})
	}
	if !changed("features") {
		var options []string
		for _, f := range spec.Features {
			options = append(options, f.Name)
		}
		qs = append(qs, &survey.Question{
			Name: "features",
			Prompt: &survey.MultiSelect{
				Message: "Optional kernel services (space toggles, enter accepts):",
				Options: options,
				Default: p.Features,
				Description: func(_ string, i int) string {
					return spec.Features[i].Summary
				},
				Help: "each adds its code and dependencies only when chosen; edit features in goplt.yaml later and run goplt gen",
			},
		})
	}
	answers := struct {
		Name, Module, Database, Description string
		Features                            []string
	}{p.Name, p.Module, p.Database, p.Description, p.Features}
	if err := survey.Ask(qs, &answers, opts); err != nil {
		return err
	}
	p.Name, p.Module, p.Database, p.Description = answers.Name, answers.Module, answers.Database, answers.Description
	p.Features = spec.SortFeatures(answers.Features)
	return nil
}
