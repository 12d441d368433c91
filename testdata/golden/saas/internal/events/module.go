// Package events implements the event bus: the transactional outbox behind
// events.Publisher, the relay that delivers committed events, and the two
// transports, in process (default) and Kafka (events.kafka.brokers).
package events

import (
	"context"
	"time"

	"entgo.io/ent/dialect"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/twmb/franz-go/pkg/kgo"
	"go.uber.org/fx"
	"go.uber.org/zap"

	"example.com/saas/internal/ent"
	"example.com/saas/pkg/config"
	"example.com/saas/pkg/events"
	"example.com/saas/pkg/module"
)

// Module provides events.Bus, events.Publisher and events.Subscriber, runs
// the relay, and migrates the outbox_events table as a kernel migration.
//
// Lifecycle order follows the dependencies: the database starts (and
// migrates) first, then the transport, then the relay; on stop the relay
// sends what is committed before the transport and then the database stop.
var Module = fx.Module("events",
	fx.Provide(
		NewOutbox,
		func(o *Outbox) events.Publisher { return o },
		provideTransport,
		newBus,
		provideRelay,
	),
	// Nothing else depends on the relay: make fx build (and start) it.
	fx.Invoke(func(*Relay) {}),
	module.AsMigration(module.Migration{Module: module.KernelName, Run: migrate}),
)

// bus joins the outbox (publishing) with the transport's subscriptions.
type bus struct {
	events.Publisher
	events.Subscriber
}

// newBus returns the events.Bus.
func newBus(p events.Publisher, s events.Subscriber) events.Bus {
	return bus{Publisher: p, Subscriber: s}
}

// transportResult provides the transport in both of its roles.
type transportResult struct {
	fx.Out

	Transport  Transport
	Subscriber events.Subscriber
}

// provideTransport picks Kafka when brokers are configured, else the
// in-process bus, and ties it to the lifecycle.
func provideTransport(lc fx.Lifecycle, cfg *config.Config, log *zap.Logger) (transportResult, error) {
	log = log.Named("events")
	if kc := cfg.Events.Kafka; len(kc.Brokers) > 0 {
		k, err := NewKafka(kc, log, kgo.RecordDeliveryTimeout(recordTimeout(cfg.Events.Relay)))
		if err != nil {
			return transportResult{}, err
		}
		lc.Append(fx.Hook{
			OnStart: func(context.Context) error {
				log.Info("event bus: kafka", zap.Strings("brokers", kc.Brokers))
				return k.Start()
			},
			OnStop: k.Stop,
		})
		return transportResult{Transport: k, Subscriber: k}, nil
	}
	b := NewInProcess(log)
	lc.Append(fx.StartStopHook(b.Start, b.Stop))
	return transportResult{Transport: b, Subscriber: b}, nil
}

// recordTimeout is franz-go's own delivery timeout: a little under the
// relay's publish timeout, so that a batch the brokers never acknowledge
// fails with franz-go's error, which names the cause ("dial tcp ...:
// connection refused"), rather than with the relay's bare deadline.
// franz-go refuses less than a second.
func recordTimeout(cfg config.EventsRelay) time.Duration {
	d := cfg.PublishTimeoutOrDefault()
	return max(time.Second, d-d/10)
}

// provideRelay ties the relay to the lifecycle and exposes its metrics.
func provideRelay(lc fx.Lifecycle, o *Outbox, t Transport, cfg *config.Config, log *zap.Logger, reg *prometheus.Registry) (*Relay, error) {
	r := NewRelay(o, t, cfg.Events.Relay, log.Named("events.relay"))
	if err := r.Register(reg); err != nil {
		return nil, err
	}
	lc.Append(fx.StartStopHook(r.Start, r.Stop))
	return r, nil
}

// migrate creates or updates the outbox_events table.
func migrate(ctx context.Context, drv dialect.Driver) error {
	return ent.NewClient(ent.Driver(drv)).Schema.Create(ctx)
}
