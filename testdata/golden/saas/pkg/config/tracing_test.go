package config

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestValidateTracing(t *testing.T) {
	tests := map[string]struct {
		tracing Tracing
		want    string
	}{
		"zero value":        {Tracing{}, ""},
		"collector":         {Tracing{Enabled: true, Endpoint: "http://otel-collector:4318", SampleRatio: 0.25}, ""},
		"ratio above one":   {Tracing{Enabled: true, SampleRatio: 1.5}, "tracing.sample_ratio"},
		"negative ratio":    {Tracing{Enabled: true, SampleRatio: -0.1}, "tracing.sample_ratio"},
		"endpoint not URL":  {Tracing{Enabled: true, Endpoint: "otel-collector:4318", SampleRatio: 1}, "tracing.endpoint"},
		"endpoint grpc URL": {Tracing{Enabled: true, Endpoint: "grpc://otel:4317", SampleRatio: 1}, "tracing.endpoint"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			errs := tc.tracing.validate()
			if tc.want == "" {
				assert.Empty(t, errs)
				return
			}
			require.Len(t, errs, 1)
			assert.Contains(t, errs[0].Error(), tc.want)
		})
	}
}

// TestShippedTracingDefaults pins what config/features.yaml turns on.
func TestShippedTracingDefaults(t *testing.T) {
	t.Setenv(EnvEnvironment, "development")
	cfg, err := Load(filepath.Join("..", "..", "config"))
	require.NoError(t, err)
	assert.Equal(t, Tracing{Enabled: true, SampleRatio: 1}, cfg.Tracing)
}
