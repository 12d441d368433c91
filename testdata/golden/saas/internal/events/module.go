// Package events implements the event bus: the transactional outbox behind
// events.Publisher, the relay that delivers committed events, and the two
// transports, in process (default) and Kafka (events.kafka.brokers).
package events

import (
	"context"

	"entgo.io/ent/dialect"
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
		k, err := NewKafka(kc, log)
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

// provideRelay ties the relay to the lifecycle.
func provideRelay(lc fx.Lifecycle, o *Outbox, t Transport, cfg *config.Config, log *zap.Logger) *Relay {
	r := NewRelay(o, t, cfg.Events.Relay, log.Named("events.relay"))
	lc.Append(fx.StartStopHook(r.Start, r.Stop))
	return r
}

// migrate creates or updates the outbox_events table.
func migrate(ctx context.Context, drv dialect.Driver) error {
	return ent.NewClient(ent.Driver(drv)).Schema.Create(ctx)
}
