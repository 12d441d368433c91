// Package config defines the platform configuration and loads it from
// layered sources: config/default.yaml, then config/<environment>.yaml, then
// BLOG_* environment variables.
package config

import (
	"time"
)

// DevelopmentSecret is the HS256 secret shipped in config/development.yaml.
// It is public knowledge, so Validate refuses it outside development and test.
const DevelopmentSecret = "dev-only-insecure-hs256-secret-do-not-use-in-production"

// Config is the complete, typed platform configuration.
type Config struct {
	// App identifies the running application.
	App App `mapstructure:"app"`
	// HTTP configures the HTTP server.
	HTTP HTTP `mapstructure:"http"`
	// Log configures structured logging.
	Log Log `mapstructure:"log"`
	// Database configures the shared database connection.
	Database Database `mapstructure:"database"`
	// Auth configures authentication.
	Auth Auth `mapstructure:"auth"`
	// Authz configures role-based authorization.
	Authz Authz `mapstructure:"authz"`
	// Plugins configures modules loaded from plugin files at start.
	Plugins Plugins `mapstructure:"plugins"`
	// Features holds the sections of the optional kernel services
	// (features.gen.go).
	Features `mapstructure:",squash"`
}

// App identifies the running application.
type App struct {
	// Name is reported in logs.
	Name string `mapstructure:"name"`
	// Environment selects the config/<environment>.yaml overlay.
	Environment string `mapstructure:"environment"`
}

// HTTP configures the HTTP server.
type HTTP struct {
	// Addr is the listen address, e.g. ":8080".
	Addr string `mapstructure:"addr"`
	// ReadTimeout bounds reading a whole request, body included.
	ReadTimeout time.Duration `mapstructure:"read_timeout"`
	// WriteTimeout bounds writing a response.
	WriteTimeout time.Duration `mapstructure:"write_timeout"`
	// IdleTimeout bounds keep-alive connections between requests.
	IdleTimeout time.Duration `mapstructure:"idle_timeout"`
	// ShutdownTimeout is the grace period of the whole stop on SIGTERM:
	// the drain delay, in-flight requests, then background workers and the
	// database. A stop that takes longer exits 1.
	ShutdownTimeout time.Duration `mapstructure:"shutdown_timeout"`
	// DrainDelay is how long the server keeps accepting requests after
	// /ready turned 503 on SIGTERM, so load balancers take the instance out
	// before its listener closes. Part of ShutdownTimeout.
	DrainDelay time.Duration `mapstructure:"drain_delay"`
	// MaxBodyBytes bounds a request body: a longer one is answered 413
	// before it is read whole. 0 means DefaultMaxBodyBytes.
	MaxBodyBytes int64 `mapstructure:"max_body_bytes"`
}

// DefaultMaxBodyBytes is the request body limit when http.max_body_bytes
// is 0: 1 MiB, far above any JSON entity the API takes (a text field holds
// at most 65536 characters) and small enough that a few thousand
// concurrent uploads cannot exhaust memory.
const DefaultMaxBodyBytes int64 = 1 << 20

// BodyLimit is the request body limit in effect: MaxBodyBytes, or
// DefaultMaxBodyBytes when it is 0.
func (h HTTP) BodyLimit() int64 {
	if h.MaxBodyBytes > 0 {
		return h.MaxBodyBytes
	}
	return DefaultMaxBodyBytes
}

// Log configures structured logging.
type Log struct {
	// Level is one of debug, info, warn, error.
	Level string `mapstructure:"level"`
	// Format is json (default) or console.
	Format string `mapstructure:"format"`
	// FxEvents logs every event of the fx application (constructors,
	// invokes, lifecycle hooks); otherwise only fx's failures are logged.
	FxEvents bool `mapstructure:"fx_events"`
}

// Database driver names accepted in Database.Driver.
const (
	DriverSQLite   = "sqlite"
	DriverPostgres = "postgres"
)

// Database configures the shared database connection.
type Database struct {
	// Driver is "sqlite" or "postgres".
	Driver string `mapstructure:"driver"`
	// DSN is the driver-specific data source name.
	DSN string `mapstructure:"dsn"`
	// DataDir is created on start for file-based databases.
	DataDir string `mapstructure:"data_dir"`
	// MaxOpenConns caps open connections; 0 means unlimited.
	MaxOpenConns int `mapstructure:"max_open_conns"`
	// MaxIdleConns caps idle connections kept in the pool.
	MaxIdleConns int `mapstructure:"max_idle_conns"`
	// ConnMaxLifetime recycles connections older than this; 0 keeps them.
	ConnMaxLifetime time.Duration `mapstructure:"conn_max_lifetime"`
}

// Auth configures authentication.
type Auth struct {
	// JWT configures bearer token verification.
	JWT JWT `mapstructure:"jwt"`
	// AuthFeatures holds what optional features add (features.gen.go).
	AuthFeatures `mapstructure:",squash"`
}

// JWT algorithms accepted in JWT.Algorithm: HS256, or one of
// AsymmetricAlgorithms.
const (
	AlgHS256 = "HS256"
	AlgRS256 = "RS256"
	AlgES256 = "ES256"
	AlgEdDSA = "EdDSA"
)

// AsymmetricAlgorithms are the signing algorithms verified with an identity
// provider's public key (RSA, EC or Ed25519): a PEM file or a JWKS.
var AsymmetricAlgorithms = []string{
	"RS256", "RS384", "RS512",
	"PS256", "PS384", "PS512",
	"ES256", "ES384", "ES512",
	"EdDSA",
}

// JWT configures bearer token verification.
type JWT struct {
	// Algorithm is HS256 (shared secret, development) or one of
	// AsymmetricAlgorithms (RS256, ES256, EdDSA, ...).
	Algorithm string `mapstructure:"algorithm"`
	// Secret is the HS256 shared secret.
	Secret string `mapstructure:"secret"`
	// Issuer must match the token's iss claim.
	Issuer string `mapstructure:"issuer"`
	// Audience, when set, must appear in the token's aud claim.
	Audience string `mapstructure:"audience"`
	// PublicKeyFile is the PEM public key (RSA, EC or Ed25519) verifying
	// tokens of an asymmetric algorithm.
	PublicKeyFile string `mapstructure:"public_key_file"`
	// JWKSURL is a JWKS endpoint used instead of PublicKeyFile.
	JWKSURL string `mapstructure:"jwks_url"`
	// TTL is the default lifetime of tokens minted by the platform.
	TTL time.Duration `mapstructure:"ttl"`
}

// Authz configures role-based authorization.
type Authz struct {
	// Roles maps a role name to the permission patterns it grants.
	Roles map[string][]string `mapstructure:"roles"`
	// AuthzFeatures holds what optional features add (features.gen.go).
	AuthzFeatures `mapstructure:",squash"`
}
