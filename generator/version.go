package generator

import (
	"embed"
	"fmt"
	"io/fs"
	"runtime/debug"
	"sync"

	"github.com/goplt/goplt/generator/pin"
	"github.com/goplt/goplt/schemas"
	"github.com/goplt/goplt/templates"
)

// sources is the generator's own code, which shapes output as much as the
// templates do: a development build's version hashes both (DevelVersion).
//
//go:embed *.go */*.go
var sources embed.FS

// DevelVersion is the version of a development build of goplt,
// v0.0.0-devel+HASH, HASH naming the embedded templates, schemas and
// generator code (test files aside) and the versions of the modules linked
// in: any change of what goplt renders, or of the code that renders it,
// gives another version. It is computed once, when needed (about 5 ms,
// BenchmarkDevelVersion).
var DevelVersion = sync.OnceValue(func() string {
	// The versions of the modules linked in count too: entc and
	// oapi-codegen run in-process, so their code shapes output as well.
	var deps []string
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, d := range info.Deps {
			deps = append(deps, d.Path+"@"+d.Version)
		}
	}
	v, err := pin.Devel([]fs.FS{templates.FS, schemas.FS, sources}, deps...)
	if err != nil {
		panic(fmt.Sprintf("hash the embedded templates: %v", err)) // embedded files: cannot fail
	}
	return v
})

// Version is the version goplt records for a build stamped with stamped
// (set by -ldflags or taken from the module's build info, "" when there is
// none): stamped itself when it is a release `go run ...@VERSION` can
// fetch, else DevelVersion.
func Version(stamped string) string {
	if pin.Release(stamped) {
		return stamped
	}
	return DevelVersion()
}

// checkVersion applies the version rule of gen (package pin) to a project
// whose manifest recorded recorded: a refused skew is a *pin.SkewError,
// anything else worth saying goes to opts.Notice.
func checkVersion(recorded string, opts Options) error {
	notice, err := pin.Check(recorded, opts.version(), opts.AllowVersionSkew)
	if err != nil {
		return err
	}
	if notice != "" && opts.Notice != nil {
		opts.Notice(notice)
	}
	return nil
}
