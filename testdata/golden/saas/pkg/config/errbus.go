package config

import "fmt"

// Errors configures the error bus.
type Errors struct {
	// BufferSize is how many errors may wait for the consumer; more are
	// dropped and counted (errbus_dropped_total). 0 means 1024.
	BufferSize int `mapstructure:"buffer_size"`
	// Sentry forwards published errors to Sentry when DSN is set.
	Sentry Sentry `mapstructure:"sentry"`
}

// Sentry configures the Sentry forwarder of the error bus.
type Sentry struct {
	// DSN is the project DSN; empty disables Sentry.
	DSN string `mapstructure:"dsn"`
	// Environment tags events; empty means app.environment.
	Environment string `mapstructure:"environment"`
	// Release tags events with the deployed version, e.g. a git SHA.
	Release string `mapstructure:"release"`
	// SampleRate is the fraction of errors sent, in [0, 1]; 0 means 1.
	SampleRate float64 `mapstructure:"sample_rate"`
}

// validate checks the error bus settings.
func (e Errors) validate() []error {
	var errs []error
	if e.BufferSize < 0 {
		errs = append(errs, fmt.Errorf("errors.buffer_size: must not be negative"))
	}
	if e.Sentry.SampleRate < 0 || e.Sentry.SampleRate > 1 {
		errs = append(errs, fmt.Errorf("errors.sentry.sample_rate: must be within [0, 1], got %v", e.Sentry.SampleRate))
	}
	return errs
}
