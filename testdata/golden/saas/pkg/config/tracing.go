package config

import (
	"fmt"
	"net/url"
)

// Tracing configures OpenTelemetry tracing.
type Tracing struct {
	// Enabled creates spans for requests and database statements. When
	// false the tracer is a no-op, though an incoming traceparent is still
	// propagated into the request's log fields.
	Enabled bool `mapstructure:"enabled"`
	// Endpoint is the OTLP/HTTP collector URL, e.g.
	// http://otel-collector:4318 (spans go to <endpoint>/v1/traces). Empty
	// keeps spans in process: they still get ids for the logs but are not
	// exported.
	Endpoint string `mapstructure:"endpoint"`
	// SampleRatio is the fraction of new traces recorded, from 0 to 1.
	// Requests continuing a trace follow the caller's sampling decision.
	SampleRatio float64 `mapstructure:"sample_ratio"`
}

// validate checks the tracing settings.
func (t Tracing) validate() []error {
	var errs []error
	if t.SampleRatio < 0 || t.SampleRatio > 1 {
		errs = append(errs, fmt.Errorf("tracing.sample_ratio: must be between 0 and 1, got %v", t.SampleRatio))
	}
	if t.Endpoint != "" {
		u, err := url.Parse(t.Endpoint)
		if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
			errs = append(errs, fmt.Errorf("tracing.endpoint: must be an http(s) URL, got %q", t.Endpoint))
		}
	}
	return errs
}
