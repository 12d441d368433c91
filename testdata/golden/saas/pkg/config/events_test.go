package config

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// eventsYAML is the events section of config/default.yaml.
const eventsYAML = `
events:
  relay:
    interval: 1s
    batch_size: 100
    publish_timeout: 10s
  kafka:
    brokers: []
    group: saas
    topic_prefix: ""
`

func TestLoadEvents(t *testing.T) {
	t.Setenv(EnvEnvironment, "")
	dir := writeConfig(t, map[string]string{"default.yaml": baseYAML + eventsYAML})

	cfg, err := Load(dir)
	require.NoError(t, err)
	assert.Equal(t, time.Second, cfg.Events.Relay.Interval)
	assert.Equal(t, 100, cfg.Events.Relay.BatchSize)
	assert.Equal(t, 10*time.Second, cfg.Events.Relay.PublishTimeout)
	assert.Empty(t, cfg.Events.Kafka.Brokers, "in process by default")

	t.Setenv("SAAS_EVENTS_KAFKA_BROKERS", "kafka-1:9092,kafka-2:9092")
	t.Setenv("SAAS_EVENTS_RELAY_INTERVAL", "250ms")
	cfg, err = Load(dir)
	require.NoError(t, err)
	assert.Equal(t, []string{"kafka-1:9092", "kafka-2:9092"}, cfg.Events.Kafka.Brokers)
	assert.Equal(t, 250*time.Millisecond, cfg.Events.Relay.Interval)

	// viper ignores empty environment variables: blank the group in an
	// overlay.
	dir = writeConfig(t, map[string]string{
		"default.yaml": baseYAML + eventsYAML,
		"staging.yaml": "events:\n  kafka:\n    group: \"\"\n",
	})
	t.Setenv(EnvEnvironment, "staging")
	t.Setenv("SAAS_EVENTS_RELAY_BATCH_SIZE", "-1")
	t.Setenv("SAAS_EVENTS_RELAY_PUBLISH_TIMEOUT", "-1s")
	_, err = Load(dir)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "events.kafka.group")
	assert.Contains(t, err.Error(), "events.relay.batch_size")
	assert.Contains(t, err.Error(), "events.relay.publish_timeout")
}

func TestEventsRelayDefaults(t *testing.T) {
	var r EventsRelay
	assert.Equal(t, DefaultRelayInterval, r.IntervalOrDefault(), "zero means the default")
	assert.Equal(t, DefaultRelayBatchSize, r.BatchSizeOrDefault())
	assert.Equal(t, DefaultRelayPublishTimeout, r.PublishTimeoutOrDefault())
	r = EventsRelay{Interval: time.Minute, BatchSize: 5, PublishTimeout: time.Second}
	assert.Equal(t, time.Minute, r.IntervalOrDefault())
	assert.Equal(t, 5, r.BatchSizeOrDefault())
	assert.Equal(t, time.Second, r.PublishTimeoutOrDefault())
}
