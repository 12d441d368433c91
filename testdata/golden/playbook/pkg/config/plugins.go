package config

import "fmt"

// Plugins configures the feature modules loaded at start from plugin files
// (Go's -buildmode=plugin) rather than linked into the binary.
type Plugins struct {
	// Enabled loads every Dir/*.so after the statically linked modules.
	// Loading needs a core binary built with cgo (CGO_ENABLED=1) on Linux
	// or macOS.
	Enabled bool `mapstructure:"enabled"`
	// Dir holds the plugin files, one NAME.so per module ("make plugins"
	// writes them); relative paths start at the working directory.
	Dir string `mapstructure:"dir"`
}

// validate checks the plugin settings.
func (p Plugins) validate() []error {
	if p.Enabled && p.Dir == "" {
		return []error{fmt.Errorf("plugins.dir: must not be empty when plugins.enabled is true")}
	}
	return nil
}
