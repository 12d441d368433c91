package logger

import (
	"bytes"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/fx/fxevent"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/yourorg/platform/pkg/config"
)

// shipped loads the repository's config directory in env.
func shipped(t *testing.T, env string) *config.Config {
	t.Helper()
	t.Setenv(config.EnvEnvironment, env)
	// Production verifies tokens with the identity provider's keys and
	// refuses to start without them.
	t.Setenv(config.EnvPrefix+"AUTH_JWT_JWKS_URL", "https://idp.example.com/.well-known/jwks.json")
	cfg, err := config.Load(filepath.Join("..", "..", "config"))
	require.NoError(t, err)
	return cfg
}

// logLine builds the logger of cfg over a buffer and returns what one
// Info line with a field writes.
func logLine(t *testing.T, cfg *config.Config, color bool) string {
	t.Helper()
	var out bytes.Buffer
	l, err := build(cfg.App, cfg.Log, zapcore.AddSync(&out), color)
	require.NoError(t, err)
	l.Named("http").Info("http server listening", zap.String("addr", "127.0.0.1:8080"))
	require.NoError(t, l.Sync())
	return out.String()
}

func TestDevelopmentLogsAreForPeople(t *testing.T) {
	cfg := shipped(t, "development")
	line := logLine(t, cfg, false)

	assert.False(t, json.Valid([]byte(line)), "development writes console lines, not JSON: %s", line)
	fields := strings.Split(strings.TrimSuffix(line, "\n"), "\t")
	require.GreaterOrEqual(t, len(fields), 5, "time, level, logger, caller, message: %q", line)
	assert.Equal(t, "INFO", fields[1])
	assert.Equal(t, "http", fields[2])
	assert.Contains(t, line, "http server listening")
	assert.Contains(t, line, `"addr": "127.0.0.1:8080"`)
	assert.NotContains(t, line, "\x1b[", "no colour codes when the output is not a terminal")

	assert.Contains(t, logLine(t, cfg, true), "\x1b[34mINFO\x1b[0m", "level names in colour on a terminal")
}

func TestProductionLogsAreJSON(t *testing.T) {
	cfg := shipped(t, "production")
	line := logLine(t, cfg, true)

	var entry map[string]any
	require.NoError(t, json.Unmarshal([]byte(line), &entry), line)
	assert.Equal(t, "info", entry["level"])
	assert.Equal(t, "http server listening", entry["msg"])
	assert.Equal(t, "127.0.0.1:8080", entry["addr"])
	assert.Equal(t, cfg.App.Name, entry["service"])
	assert.Equal(t, "production", entry["env"])
	assert.NotContains(t, line, "\x1b[", "JSON is never coloured")
}

func TestFxEventsReportsOnlyFailures(t *testing.T) {
	for _, all := range []bool{false, true} {
		cfg := shipped(t, "development")
		cfg.Log.FxEvents = all
		var out bytes.Buffer
		l, err := build(cfg.App, cfg.Log, zapcore.AddSync(&out), false)
		require.NoError(t, err)
		events := FxEvents(l, cfg)

		events.LogEvent(&fxevent.Provided{ConstructorName: "server.NewRouter()", OutputTypeNames: []string{"*server.Router"}})
		events.LogEvent(&fxevent.OnStartExecuted{FunctionName: "server.NewHTTPServer.func1()"})
		if all {
			assert.Contains(t, out.String(), "server.NewRouter()", "log.fx_events shows every event")
		} else {
			assert.Empty(t, out.String(), "fx events stay out of the log")
		}

		out.Reset()
		events.LogEvent(&fxevent.OnStartExecuted{FunctionName: "server.NewHTTPServer.func1()", Err: errors.New("listen tcp :8080: address already in use")})
		assert.Contains(t, out.String(), "address already in use", "fx failures are always logged")
	}
}
