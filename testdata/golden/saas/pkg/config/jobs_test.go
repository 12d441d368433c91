package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestShippedJobsDefaults loads the real config directory: the jobs section
// must validate with the shipped defaults.
func TestShippedJobsDefaults(t *testing.T) {
	t.Setenv(EnvEnvironment, "test")
	cfg, err := Load("../../config")
	require.NoError(t, err)
	assert.Equal(t, map[string]int{"critical": 6, "default": 3, "low": 1}, cfg.Jobs.Queues)
	assert.Empty(t, cfg.Jobs.Redis.Addr, "in-process queue by default")
}

func TestLoadJobsFromEnv(t *testing.T) {
	t.Setenv(EnvEnvironment, "test")
	t.Setenv("SAAS_JOBS_REDIS_ADDR", "127.0.0.1:6379")
	cfg, err := Load("../../config")
	require.NoError(t, err)
	assert.Equal(t, "127.0.0.1:6379", cfg.Jobs.Redis.Addr)
}

func TestValidateJobs(t *testing.T) {
	errs := Jobs{Concurrency: -1, Queues: map[string]int{"default": 0}}.validate()
	assert.Len(t, errs, 2)
}
