package config

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestShippedNotifyDefaults loads the real config directory: the notify
// section must validate with the shipped defaults.
func TestShippedNotifyDefaults(t *testing.T) {
	t.Setenv(EnvEnvironment, "test")
	cfg, err := Load("../../config")
	require.NoError(t, err)
	assert.Empty(t, cfg.Notify.Channels, "notifications disabled by default")
	assert.Equal(t, 4, cfg.Notify.Webhook.MaxAttempts)
	assert.Equal(t, 500*time.Millisecond, cfg.Notify.Webhook.InitialBackoff)
}

func TestLoadNotifyFromEnv(t *testing.T) {
	t.Setenv(EnvEnvironment, "test")
	t.Setenv("SAAS_NOTIFY_CHANNELS", "webhook")
	t.Setenv("SAAS_NOTIFY_WEBHOOK_URL", "https://hooks.example.com/saas")
	t.Setenv("SAAS_NOTIFY_WEBHOOK_SECRET", "webhook-secret-0123456789abcdef-0123")
	cfg, err := Load("../../config")
	require.NoError(t, err)
	assert.Equal(t, []string{"webhook"}, cfg.Notify.Channels)
}

func TestValidateNotify(t *testing.T) {
	errs := Notify{Channels: []string{"email", "webhook", "fax"}}.validate()
	var msgs []string
	for _, e := range errs {
		msgs = append(msgs, e.Error())
	}
	assert.Contains(t, msgs, "notify.email.host: must not be empty")
	assert.Contains(t, msgs, "notify.email.from: must not be empty")
	assert.Contains(t, msgs, `notify.webhook.url: must be an absolute http(s) URL, got ""`)
	assert.Contains(t, msgs, "notify.webhook.secret: needs at least 32 bytes")
	assert.Contains(t, msgs, `notify.channels: unknown channel "fax", want email or webhook`)

	assert.Empty(t, Notify{}.validate(), "disabled channels need no settings")
}
