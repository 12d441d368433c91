//go:build (linux && cgo) || (darwin && cgo) || (freebsd && cgo)

package plugins

import (
	"fmt"
	"plugin"

	"github.com/yourorg/platform/pkg/module"
)

// supported is true where the plugin package can open files: Go implements
// plugin.Open with dlopen, which needs cgo.
const supported = true

// openFile opens the plugin file at path and returns the module its Symbol
// variable holds. name is the file name without Ext, used in messages.
//
// A panic in the plugin's package initialisation (which plugin.Open runs)
// is turned into an error, so a broken plugin cannot crash the start with a
// stack trace.
func openFile(name, path string) (m module.Module, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("plugin %s (%s) panicked while initialising: %v", name, path, r)
		}
	}()
	p, err := plugin.Open(path)
	if err != nil {
		return nil, describeOpenError(name, path, err)
	}
	sym, err := p.Lookup(Symbol)
	if err != nil {
		return nil, fmt.Errorf("plugin %s (%s) does not export %s; build it from modules/%s/plugin with: %s",
			name, path, Symbol, name, RebuildCommand)
	}
	// Lookup returns a pointer to a package-level variable.
	ptr, ok := sym.(*module.Module)
	if !ok {
		return nil, fmt.Errorf("plugin %s (%s) exports %s of type %T, want a variable of type module.Module",
			name, path, Symbol, sym)
	}
	if *ptr == nil {
		return nil, fmt.Errorf("plugin %s (%s) exports a nil %s", name, path, Symbol)
	}
	return *ptr, nil
}
