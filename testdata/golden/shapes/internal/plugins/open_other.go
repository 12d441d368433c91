//go:build !((linux && cgo) || (darwin && cgo) || (freebsd && cgo))

package plugins

import (
	"errors"

	"example.com/shapes/pkg/module"
)

// supported is false: without cgo, or on other systems, Go cannot open
// plugin files.
const supported = false

// openFile always fails; load checks supported first.
func openFile(string, string) (module.Module, error) {
	return nil, errors.New("plugins: plugin loading is not supported by this binary")
}
