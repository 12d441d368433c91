package config

import (
	"errors"
	"fmt"
	"maps"
	"slices"

	"example.com/minimal/pkg/perm"
)

// minSecretLen is the shortest HS256 secret accepted (256 bits).
const minSecretLen = 32

// Validate checks the configuration and returns an error naming every
// offending key, so a bad deploy fails fast with an actionable message.
func (c *Config) Validate() error {
	var errs []error
	check := func(ok bool, key, format string, args ...any) {
		if !ok {
			errs = append(errs, fmt.Errorf("%s: %s", key, fmt.Sprintf(format, args...)))
		}
	}

	check(c.App.Name != "", "app.name", "must not be empty")
	check(c.App.Environment != "", "app.environment", "must not be empty")

	check(c.HTTP.Addr != "", "http.addr", "must not be empty")
	check(c.HTTP.ReadTimeout > 0, "http.read_timeout", "must be positive")
	check(c.HTTP.WriteTimeout > 0, "http.write_timeout", "must be positive")
	check(c.HTTP.IdleTimeout > 0, "http.idle_timeout", "must be positive")
	check(c.HTTP.ShutdownTimeout > 0, "http.shutdown_timeout", "must be positive")
	check(c.HTTP.DrainDelay >= 0, "http.drain_delay", "must not be negative")
	check(c.HTTP.DrainDelay < c.HTTP.ShutdownTimeout, "http.drain_delay", "must be shorter than http.shutdown_timeout (%s), which includes it", c.HTTP.ShutdownTimeout)
	check(c.HTTP.MaxBodyBytes >= 0, "http.max_body_bytes", "must not be negative (0 means the default, %d)", DefaultMaxBodyBytes)

	check(slices.Contains([]string{"debug", "info", "warn", "error"}, c.Log.Level),
		"log.level", "must be debug, info, warn or error, got %q", c.Log.Level)
	check(slices.Contains([]string{"json", "console"}, c.Log.Format),
		"log.format", "must be json or console, got %q", c.Log.Format)

	check(c.Database.Driver == DriverSQLite || c.Database.Driver == DriverPostgres,
		"database.driver", "must be %q or %q, got %q", DriverSQLite, DriverPostgres, c.Database.Driver)
	check(c.Database.DSN != "", "database.dsn", "must not be empty")
	check(c.Database.MaxOpenConns >= 0, "database.max_open_conns", "must not be negative")
	check(c.Database.MaxIdleConns >= 0, "database.max_idle_conns", "must not be negative")

	if c.Auth.usesJWT() {
		errs = append(errs, c.Auth.JWT.validate(c.App.Environment)...)
	}
	errs = append(errs, c.Authz.validate()...)
	errs = append(errs, c.Plugins.validate()...)
	errs = append(errs, c.validateFeatures()...)

	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("config: invalid configuration:\n%w", err)
	}
	return nil
}

// validate checks the JWT settings for the given environment.
func (j JWT) validate(env string) []error {
	var errs []error
	switch j.Algorithm {
	case AlgHS256:
		if len(j.Secret) < minSecretLen {
			errs = append(errs, fmt.Errorf("auth.jwt.secret: HS256 needs at least %d bytes", minSecretLen))
		}
		// The development secret is committed to the repository; accepting it
		// anywhere real would let anyone mint admin tokens.
		if j.Secret == DevelopmentSecret && env != "development" && env != "test" {
			errs = append(errs, fmt.Errorf("auth.jwt.secret: the development secret must not be used in %q", env))
		}
	default:
		if !slices.Contains(AsymmetricAlgorithms, j.Algorithm) {
			errs = append(errs, fmt.Errorf("auth.jwt.algorithm: must be %s or one of %v, got %q", AlgHS256, AsymmetricAlgorithms, j.Algorithm))
		} else if (j.PublicKeyFile == "") == (j.JWKSURL == "") {
			errs = append(errs, fmt.Errorf("auth.jwt: %s needs exactly one of auth.jwt.public_key_file or auth.jwt.jwks_url", j.Algorithm))
		}
	}
	if j.Issuer == "" {
		errs = append(errs, fmt.Errorf("auth.jwt.issuer: must not be empty"))
	}
	if j.TTL <= 0 {
		errs = append(errs, fmt.Errorf("auth.jwt.ttl: must be positive"))
	}
	return errs
}

// validate checks that every role pattern parses.
func (a Authz) validate() []error {
	var errs []error
	// Sorted so the error message is stable across runs.
	for _, role := range slices.Sorted(maps.Keys(a.Roles)) {
		for _, p := range a.Roles[role] {
			if _, err := perm.ParsePattern(p); err != nil {
				errs = append(errs, fmt.Errorf("authz.roles.%s: %w", role, err))
			}
		}
	}
	return errs
}
