package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestShippedErrorsDefaults loads the real config directory: the errors
// section must validate with the shipped defaults.
func TestShippedErrorsDefaults(t *testing.T) {
	t.Setenv(EnvEnvironment, "test")
	cfg, err := Load("../../config")
	require.NoError(t, err)
	assert.Equal(t, 1024, cfg.Errors.BufferSize)
	assert.Empty(t, cfg.Errors.Sentry.DSN)
}

func TestLoadErrorsFromEnv(t *testing.T) {
	t.Setenv(EnvEnvironment, "test")
	t.Setenv("SAAS_ERRORS_SENTRY_DSN", "https://public@sentry.example.com/1")
	cfg, err := Load("../../config")
	require.NoError(t, err)
	assert.Equal(t, "https://public@sentry.example.com/1", cfg.Errors.Sentry.DSN)
}

func TestValidateErrors(t *testing.T) {
	assert.Len(t, Errors{BufferSize: -1, Sentry: Sentry{SampleRate: 2}}.validate(), 2)
	assert.Empty(t, Errors{}.validate(), "zero values mean defaults")
}
