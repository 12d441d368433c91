package config

import (
	"fmt"
	"time"
)

// Events configures the event bus and its transactional outbox relay.
type Events struct {
	// Relay configures the worker that moves committed outbox rows to the
	// transport.
	Relay EventsRelay `mapstructure:"relay"`
	// Kafka selects and configures the Kafka transport; without brokers
	// events are delivered in process.
	Kafka Kafka `mapstructure:"kafka"`
}

// Default relay settings, used when a key is zero (e.g. in a
// configuration built by hand in a test).
const (
	DefaultRelayInterval       = time.Second
	DefaultRelayBatchSize      = 100
	DefaultRelayPublishTimeout = 10 * time.Second
)

// EventsRelay configures the outbox relay.
type EventsRelay struct {
	// Interval is how often the relay polls the outbox, e.g. "1s". A commit
	// in this process wakes it at once, so the interval bounds the latency
	// of events written by other instances and the retry after a restart.
	// Failed deliveries back off exponentially from it. 0 means
	// DefaultRelayInterval.
	Interval time.Duration `mapstructure:"interval"`
	// BatchSize caps the events read and published per round trip.
	// 0 means DefaultRelayBatchSize.
	BatchSize int `mapstructure:"batch_size"`
	// PublishTimeout bounds one batch's delivery: the brokers'
	// acknowledgement with Kafka, the handlers in process. A batch not
	// acknowledged in time counts as a failed attempt and is sent again
	// after the backoff. A shutdown waits for the batch being published, so
	// keep it well below http.shutdown_timeout. 0 means
	// DefaultRelayPublishTimeout.
	PublishTimeout time.Duration `mapstructure:"publish_timeout"`
}

// Kafka configures the Kafka transport (franz-go).
type Kafka struct {
	// Brokers are the seed brokers, e.g. ["kafka-1:9092"]; from the
	// environment as SAAS_EVENTS_KAFKA_BROKERS="a:9092,b:9092". Empty
	// selects the in-process transport.
	Brokers []string `mapstructure:"brokers"`
	// Group prefixes the consumer group ids: each subscribed topic gets the
	// group "<group>.<topic>", shared by every replica so each event is
	// handled once per deployment.
	Group string `mapstructure:"group"`
	// TopicPrefix is prepended to every event topic to form the Kafka topic,
	// e.g. "prod." to share a cluster between environments.
	TopicPrefix string `mapstructure:"topic_prefix"`
}

// IntervalOrDefault returns Interval, or DefaultRelayInterval when unset.
func (r EventsRelay) IntervalOrDefault() time.Duration {
	if r.Interval <= 0 {
		return DefaultRelayInterval
	}
	return r.Interval
}

// BatchSizeOrDefault returns BatchSize, or DefaultRelayBatchSize when unset.
func (r EventsRelay) BatchSizeOrDefault() int {
	if r.BatchSize <= 0 {
		return DefaultRelayBatchSize
	}
	return r.BatchSize
}

// PublishTimeoutOrDefault returns PublishTimeout, or
// DefaultRelayPublishTimeout when unset.
func (r EventsRelay) PublishTimeoutOrDefault() time.Duration {
	if r.PublishTimeout <= 0 {
		return DefaultRelayPublishTimeout
	}
	return r.PublishTimeout
}

// validate checks the event settings.
func (e Events) validate() []error {
	var errs []error
	if e.Relay.Interval < 0 {
		errs = append(errs, fmt.Errorf("events.relay.interval: must not be negative"))
	}
	if e.Relay.PublishTimeout < 0 {
		errs = append(errs, fmt.Errorf("events.relay.publish_timeout: must not be negative"))
	}
	if e.Relay.BatchSize < 0 {
		errs = append(errs, fmt.Errorf("events.relay.batch_size: must not be negative"))
	}
	for i, b := range e.Kafka.Brokers {
		if b == "" {
			errs = append(errs, fmt.Errorf("events.kafka.brokers[%d]: must not be empty", i))
		}
	}
	if len(e.Kafka.Brokers) > 0 && e.Kafka.Group == "" {
		errs = append(errs, fmt.Errorf("events.kafka.group: must not be empty when events.kafka.brokers is set"))
	}
	return errs
}
