// Package config provides the loaded platform configuration to the fx graph.
package config

import (
	"go.uber.org/fx"

	"example.com/shapes/pkg/config"
)

// Module provides *config.Config loaded from config.Dir().
var Module = fx.Module("config", fx.Provide(load))

// load reads the configuration from the default location.
func load() (*config.Config, error) {
	return config.Load(config.Dir())
}
