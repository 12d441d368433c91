package config

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// baseYAML lists every key, as config/default.yaml must.
const baseYAML = `
app:
  name: blog
  environment: development
http:
  addr: ":8080"
  read_timeout: 15s
  write_timeout: 30s
  idle_timeout: 60s
  shutdown_timeout: 10s
  drain_delay: 0s
  max_body_bytes: 1048576
log:
  level: info
  format: json
  fx_events: false
database:
  driver: sqlite
  dsn: "file:data/blog.db"
  data_dir: data
  max_open_conns: 10
  max_idle_conns: 5
  conn_max_lifetime: 30m
auth:
  jwt:
    algorithm: HS256
    secret: base-secret-0123456789abcdef-0123456789
    issuer: blog
    audience: ""
    public_key_file: ""
    jwks_url: ""
    ttl: 1h
authz:
  roles:
    admin: ["*"]
    viewer: ["*.read"]
`

func writeConfig(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600))
	}
	return dir
}

func TestLoadDefaults(t *testing.T) {
	t.Setenv(EnvEnvironment, "")
	cfg, err := Load(writeConfig(t, map[string]string{"default.yaml": baseYAML}))
	require.NoError(t, err)

	assert.Equal(t, "development", cfg.App.Environment)
	assert.Equal(t, ":8080", cfg.HTTP.Addr)
	assert.Equal(t, 15*time.Second, cfg.HTTP.ReadTimeout)
	assert.Equal(t, int64(1<<20), cfg.HTTP.BodyLimit())
	assert.Equal(t, 30*time.Minute, cfg.Database.ConnMaxLifetime)
	assert.Equal(t, []string{"*"}, cfg.Authz.Roles["admin"])
	assert.Equal(t, []string{"*.read"}, cfg.Authz.Roles["viewer"])
}

func TestLoadLayering(t *testing.T) {
	dir := writeConfig(t, map[string]string{
		"default.yaml": baseYAML,
		"staging.yaml": "http:\n  addr: \":9000\"\n  read_timeout: 5s\nlog:\n  level: warn\n",
	})
	t.Setenv(EnvEnvironment, "staging")
	t.Setenv("BLOG_HTTP_ADDR", "127.0.0.1:7000")
	t.Setenv("BLOG_AUTH_JWT_TTL", "15m")
	t.Setenv("BLOG_HTTP_MAX_BODY_BYTES", "2048")

	cfg, err := Load(dir)
	require.NoError(t, err)

	assert.Equal(t, "staging", cfg.App.Environment, "BLOG_ENVIRONMENT selects the environment")
	assert.Equal(t, "127.0.0.1:7000", cfg.HTTP.Addr, "env var beats overlay")
	assert.Equal(t, 5*time.Second, cfg.HTTP.ReadTimeout, "overlay beats default")
	assert.Equal(t, "warn", cfg.Log.Level, "overlay beats default")
	assert.Equal(t, 30*time.Second, cfg.HTTP.WriteTimeout, "default survives")
	assert.Equal(t, 15*time.Minute, cfg.Auth.JWT.TTL, "nested keys map to BLOG_A_B_C")
	assert.Equal(t, int64(2048), cfg.HTTP.BodyLimit(), "the body limit is env-overridable")
}

func TestLoadMissingOverlayIsFine(t *testing.T) {
	t.Setenv(EnvEnvironment, "nowhere")
	cfg, err := Load(writeConfig(t, map[string]string{"default.yaml": baseYAML}))
	require.NoError(t, err)
	assert.Equal(t, "nowhere", cfg.App.Environment)
}

func TestLoadValidationNamesKey(t *testing.T) {
	t.Setenv(EnvEnvironment, "")
	t.Setenv("BLOG_DATABASE_DRIVER", "oracle")
	t.Setenv("BLOG_LOG_LEVEL", "loud")

	_, err := Load(writeConfig(t, map[string]string{"default.yaml": baseYAML}))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "database.driver")
	assert.Contains(t, err.Error(), "log.level")
}

// TestValidateDrainDelayWithinGracePeriod: the drain delay is part of the
// shutdown's grace period, so it must leave time for the rest.
func TestValidateDrainDelayWithinGracePeriod(t *testing.T) {
	t.Setenv(EnvEnvironment, "")
	dir := writeConfig(t, map[string]string{"default.yaml": baseYAML})
	t.Setenv("BLOG_HTTP_DRAIN_DELAY", "5s")
	cfg, err := Load(dir)
	require.NoError(t, err)
	assert.Equal(t, 5*time.Second, cfg.HTTP.DrainDelay)

	t.Setenv("BLOG_HTTP_DRAIN_DELAY", "10s")
	_, err = Load(dir)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "http.drain_delay: must be shorter than http.shutdown_timeout (10s)")
}

func TestValidateRefusesDevSecretOutsideDevelopment(t *testing.T) {
	t.Setenv(EnvEnvironment, "production")
	t.Setenv("BLOG_AUTH_JWT_SECRET", DevelopmentSecret)

	_, err := Load(writeConfig(t, map[string]string{"default.yaml": baseYAML}))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "auth.jwt.secret")
}

func TestValidateRS256NeedsKeySource(t *testing.T) {
	t.Setenv(EnvEnvironment, "")
	t.Setenv("BLOG_AUTH_JWT_ALGORITHM", AlgRS256)

	_, err := Load(writeConfig(t, map[string]string{"default.yaml": baseYAML}))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "auth.jwt.jwks_url")
}

func TestValidateRejectsBadRolePattern(t *testing.T) {
	t.Setenv(EnvEnvironment, "")
	t.Setenv("BLOG_AUTHZ_ROLES_VIEWER", "blog.*.read")

	_, err := Load(writeConfig(t, map[string]string{"default.yaml": baseYAML}))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "authz.roles.viewer")
}

// TestShippedConfig keeps the repository's config directory loadable.
func TestShippedConfig(t *testing.T) {
	dir := filepath.Join("..", "..", "config")
	for _, env := range []string{"development", "test"} {
		t.Run(env, func(t *testing.T) {
			t.Setenv(EnvEnvironment, env)
			cfg, err := Load(dir)
			require.NoError(t, err)
			assert.Equal(t, env, cfg.App.Environment)
		})
	}
	t.Run("production refuses to start unconfigured", func(t *testing.T) {
		t.Setenv(EnvEnvironment, "production")
		_, err := Load(dir)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "auth.jwt")
	})
}
