package main

import (
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/goplt/goplt/generator"
	"github.com/goplt/goplt/generator/apigen"
	"github.com/goplt/goplt/generator/entgen"
)

// version is set by the release build (-ldflags "-X main.version=v1.2.3");
// otherwise it comes from the module's build info.
var version = ""

func newVersionCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print goplt's version (-v: and the generators it links)",
		Example: "  goplt version\n  goplt --version",
		Args:    noArgs,
		Run: func(*cobra.Command, []string) {
			e.stdout.println("goplt", versionString())
			if e.verbose {
				e.stdout.printf("built with %s %s/%s\nentc %s, oapi-codegen %s\n",
					runtime.Version(), runtime.GOOS, runtime.GOARCH, entgen.EntVersion, apigen.OapiCodegenVersion)
			}
		},
	}
}

// versionString is goplt's version, which a project it generates records
// and which its gen checks against the project's (see gen --help): the
// release version (-ldflags, or the module version of a `go install`ed
// goplt), else that of a development build, v0.0.0-devel+HASH, HASH naming
// the embedded templates and generator code (generator.DevelVersion).
func versionString() string {
	stamped := version
	if info, ok := debug.ReadBuildInfo(); ok && stamped == "" {
		stamped = info.Main.Version
	}
	return generator.Version(stamped)
}
