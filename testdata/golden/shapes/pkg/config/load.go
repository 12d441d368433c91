package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/viper"
)

// Environment variables read directly, outside the key mapping.
const (
	// EnvPrefix prefixes every configuration environment variable.
	EnvPrefix = "SHAPES_"
	// EnvEnvironment selects the environment overlay.
	EnvEnvironment = "SHAPES_ENVIRONMENT"
	// EnvConfigDir overrides the configuration directory.
	EnvConfigDir = "SHAPES_CONFIG_DIR"
)

// DefaultDir is the configuration directory, relative to the working
// directory, used when SHAPES_CONFIG_DIR is unset.
const DefaultDir = "config"

// DefaultEnvironment is used when neither SHAPES_ENVIRONMENT nor
// app.environment is set.
const DefaultEnvironment = "development"

// Dir returns the configuration directory: SHAPES_CONFIG_DIR or DefaultDir.
func Dir() string {
	if dir := os.Getenv(EnvConfigDir); dir != "" {
		return dir
	}
	return DefaultDir
}

// Load reads <dir>/default.yaml, merges <dir>/<environment>.yaml when it
// exists, applies SHAPES_* environment variables and validates the result.
//
// Every key is overridable from the environment by upper-casing it and
// replacing dots with underscores (http.addr -> SHAPES_HTTP_ADDR). That works
// because default.yaml lists every key, so viper knows what to look up.
func Load(dir string) (*Config, error) {
	v := viper.New()
	// viper adds the separating underscore itself.
	v.SetEnvPrefix(strings.TrimSuffix(EnvPrefix, "_"))
	v.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))
	v.AutomaticEnv()

	// features.yaml (generated: the defaults that follow goplt.yaml, of the
	// plugin loader and the optional kernel services) first, so
	// default.yaml can override any of it.
	if err := mergeOverlay(v, filepath.Join(dir, "features.yaml")); err != nil {
		return nil, err
	}
	v.SetConfigFile(filepath.Join(dir, "default.yaml"))
	if err := v.MergeInConfig(); err != nil {
		return nil, fmt.Errorf("config: read defaults: %w", err)
	}

	env := environment(v)
	if err := mergeOverlay(v, filepath.Join(dir, env+".yaml")); err != nil {
		return nil, err
	}
	// Pin the resolved environment so the overlay cannot rename itself.
	v.Set("app.environment", env)

	var cfg Config
	if err := v.Unmarshal(&cfg); err != nil {
		return nil, fmt.Errorf("config: decode: %w", err)
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &cfg, nil
}

// environment resolves the active environment name.
func environment(v *viper.Viper) string {
	if env := os.Getenv(EnvEnvironment); env != "" {
		return env
	}
	if env := v.GetString("app.environment"); env != "" {
		return env
	}
	return DefaultEnvironment
}

// mergeOverlay merges path into v; a missing overlay is not an error.
func mergeOverlay(v *viper.Viper, path string) error {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	v.SetConfigFile(path)
	if err := v.MergeInConfig(); err != nil {
		return fmt.Errorf("config: merge %s: %w", path, err)
	}
	return nil
}
