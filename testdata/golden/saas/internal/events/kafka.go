package events

import (
	"context"
	"fmt"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
	"go.uber.org/zap"

	"example.com/saas/pkg/config"
	"example.com/saas/pkg/events"
)

// Record headers that carry the Event fields a Kafka record has no slot
// for. Consumers outside the platform read them too; Event.Headers travel
// as further headers, except these reserved names.
const (
	KafkaHeaderID         = "event-id"
	KafkaHeaderTenantID   = "event-tenant-id"
	KafkaHeaderOccurredAt = "event-occurred-at"
)

// Consumer settings.
const (
	// maxPollRecords bounds one poll. Rebalances wait while a poll is being
	// handled (kgo.BlockRebalanceOnPoll), so handling it must stay well
	// below the group's rebalance timeout (60s by default).
	maxPollRecords = 100
	// commitTimeout bounds the offset commit after a poll, which also runs
	// during shutdown.
	commitTimeout = 10 * time.Second
)

// Kafka is the transport used when events.kafka.brokers is set. The relay
// produces each batch synchronously with acks from all in-sync replicas and
// franz-go's idempotent producer (its default), so an acknowledged batch is
// durable and a retried one is not duplicated by the producer itself.
//
// Each subscribed topic gets one consumer in the group
// "<events.kafka.group>.<topic>" that calls every handler of the topic and
// commits a record's offset only after its handlers returned: at-least-once.
type Kafka struct {
	cfg      config.Kafka
	log      *zap.Logger
	opts     []kgo.Opt
	producer *kgo.Client
	dials    dialErrors
	registry registry

	mu        sync.Mutex
	started   bool
	consumers []*kgo.Client
	wg        sync.WaitGroup
	// pollCtx ends at Stop: no new polls. handleCtx ends when Stop runs out
	// of time: handlers are interrupted.
	pollCtx, handleCtx       context.Context
	cancelPoll, cancelHandle context.CancelFunc
}

var (
	_ Transport         = (*Kafka)(nil)
	_ events.Subscriber = (*Kafka)(nil)
)

// NewKafka returns a Kafka transport for cfg; opts are added to every
// client (tests use them for short timeouts). No connection is made until
// the first send or Start, so a broker outage at boot delays events rather
// than failing the platform.
func NewKafka(cfg config.Kafka, log *zap.Logger, opts ...kgo.Opt) (*Kafka, error) {
	k := &Kafka{cfg: cfg, log: log, opts: opts}
	producer, err := kgo.NewClient(k.clientOpts(
		kgo.RequiredAcks(kgo.AllISRAcks()),
		// Ask the broker to create missing topics (honoured only where
		// auto.create.topics.enable allows it), so development works
		// without provisioning; production usually pre-creates topics.
		kgo.AllowAutoTopicCreation(),
		kgo.WithHooks(&k.dials),
	)...)
	if err != nil {
		return nil, fmt.Errorf("events: kafka producer: %w", err)
	}
	k.producer = producer
	k.pollCtx, k.cancelPoll = context.WithCancel(context.Background())
	k.handleCtx, k.cancelHandle = context.WithCancel(context.Background())
	return k, nil
}

// clientOpts returns the options of every client plus extra.
func (k *Kafka) clientOpts(extra ...kgo.Opt) []kgo.Opt {
	opts := []kgo.Opt{kgo.SeedBrokers(k.cfg.Brokers...)}
	opts = append(opts, extra...)
	return append(opts, k.opts...)
}

// Send produces evs and waits for the brokers' acknowledgement, or until
// ctx ends. franz-go fails buffered records when ctx ends, but not records
// an idempotent producer already sent (failing them would break its
// sequence numbers): Send stops waiting for them anyway, they may still be
// stored, and the relay sends them again, which at-least-once allows.
func (k *Kafka) Send(ctx context.Context, evs []events.Event) error {
	acks := make(chan error, len(evs))
	for _, ev := range evs {
		k.producer.Produce(ctx, k.record(ev), func(_ *kgo.Record, err error) { acks <- err })
	}
	for range evs {
		select {
		case err := <-acks:
			if err != nil {
				return fmt.Errorf("events: produce %d events to kafka: %w", len(evs), k.dials.explain(err))
			}
		case <-ctx.Done():
			return fmt.Errorf("events: produce %d events to kafka: %w", len(evs), k.dials.explain(ctx.Err()))
		}
	}
	return nil
}

// dialErrors remembers the producer's last failed connection to a broker,
// to name the cause of a produce that timed out: franz-go's own error
// names it only when a connection failed within that produce's timeout.
type dialErrors struct {
	mu   sync.Mutex
	last error // nil after a successful connection
}

var _ kgo.HookBrokerConnect = (*dialErrors)(nil)

// OnBrokerConnect records the outcome of a connection attempt.
func (d *dialErrors) OnBrokerConnect(_ kgo.BrokerMetadata, _ time.Duration, _ net.Conn, err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.last = err
}

// explain adds the last connection error to err unless err names it.
func (d *dialErrors) explain(err error) error {
	d.mu.Lock()
	last := d.last
	d.mu.Unlock()
	if last == nil || strings.Contains(err.Error(), last.Error()) {
		return err
	}
	return fmt.Errorf("%w (last broker connection: %v)", err, last)
}

// record encodes ev: the key and payload as the record's key and value, the
// other fields as headers.
func (k *Kafka) record(ev events.Event) *kgo.Record {
	r := &kgo.Record{
		Topic:     k.cfg.TopicPrefix + ev.Topic,
		Value:     ev.Payload,
		Timestamp: ev.OccurredAt,
		Headers: []kgo.RecordHeader{
			{Key: KafkaHeaderID, Value: []byte(ev.ID)},
			{Key: KafkaHeaderOccurredAt, Value: []byte(ev.OccurredAt.UTC().Format(time.RFC3339Nano))},
		},
	}
	// Without a key the partitioner spreads records; with one, a key's
	// events share a partition and keep their order.
	if ev.Key != "" {
		r.Key = []byte(ev.Key)
	}
	if ev.TenantID != "" {
		r.Headers = append(r.Headers, kgo.RecordHeader{Key: KafkaHeaderTenantID, Value: []byte(ev.TenantID)})
	}
	for name, v := range ev.Headers {
		if !reserved(name) {
			r.Headers = append(r.Headers, kgo.RecordHeader{Key: name, Value: []byte(v)})
		}
	}
	return r
}

// reserved reports whether a header name is one of the event's own.
func reserved(name string) bool {
	return name == KafkaHeaderID || name == KafkaHeaderTenantID || name == KafkaHeaderOccurredAt
}

// decode rebuilds the event that rec carries.
func (k *Kafka) decode(rec *kgo.Record) events.Event {
	ev := events.Event{
		Topic:      strings.TrimPrefix(rec.Topic, k.cfg.TopicPrefix),
		Key:        string(rec.Key),
		Payload:    rec.Value,
		OccurredAt: rec.Timestamp.UTC(),
	}
	for _, h := range rec.Headers {
		switch h.Key {
		case KafkaHeaderID:
			ev.ID = string(h.Value)
		case KafkaHeaderTenantID:
			ev.TenantID = string(h.Value)
		case KafkaHeaderOccurredAt:
			if t, err := time.Parse(time.RFC3339Nano, string(h.Value)); err == nil {
				ev.OccurredAt = t.UTC()
			}
		default:
			if ev.Headers == nil {
				ev.Headers = make(map[string]string)
			}
			ev.Headers[h.Key] = string(h.Value)
		}
	}
	if ev.ID == "" {
		// A record from a producer outside the platform: its position is a
		// stable identity for de-duplication.
		ev.ID = fmt.Sprintf("kafka:%s:%d:%d", rec.Topic, rec.Partition, rec.Offset)
	}
	return ev
}

// Subscribe adds h for topic. The topic's consumer starts with the
// transport, or at once when it is already running.
func (k *Kafka) Subscribe(topic string, h events.Handler) error {
	isNew, err := k.registry.add(topic, h)
	if err != nil || !isNew {
		return err
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if !k.started {
		return nil
	}
	return k.startConsumer(topic)
}

// Start starts a consumer per subscribed topic.
func (k *Kafka) Start() error {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.started = true
	for _, topic := range k.registry.topics() {
		if err := k.startConsumer(topic); err != nil {
			return err
		}
	}
	return nil
}

// startConsumer runs a consumer of topic; k.mu is held.
func (k *Kafka) startConsumer(topic string) error {
	cl, err := kgo.NewClient(k.clientOpts(
		kgo.ConsumerGroup(k.cfg.Group+"."+topic),
		kgo.ConsumeTopics(k.cfg.TopicPrefix+topic),
		// A new group starts at the beginning: events published before the
		// first deployment of a subscriber are not skipped.
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()),
		kgo.DisableAutoCommit(),
		kgo.BlockRebalanceOnPoll(),
		kgo.AllowAutoTopicCreation(),
	)...)
	if err != nil {
		return fmt.Errorf("events: kafka consumer for %s: %w", topic, err)
	}
	k.consumers = append(k.consumers, cl)
	k.wg.Go(func() { k.consume(cl, topic) })
	return nil
}

// consume is the loop of one topic's consumer.
func (k *Kafka) consume(cl *kgo.Client, topic string) {
	log := k.log.With(zap.String("topic", topic))
	for {
		fetches := cl.PollRecords(k.pollCtx, maxPollRecords)
		if fetches.IsClientClosed() || k.pollCtx.Err() != nil {
			cl.AllowRebalance()
			return
		}
		fetches.EachError(func(t string, p int32, err error) {
			log.Warn("kafka fetch failed", zap.Int32("partition", p), zap.Error(err))
		})
		var handled []*kgo.Record
		for _, rec := range fetches.Records() {
			// Stopping: leave the rest uncommitted for the next owner.
			if k.pollCtx.Err() != nil {
				break
			}
			if err := deliver(k.handleCtx, log, k.registry.get(topic), k.decode(rec)); err != nil {
				break
			}
			handled = append(handled, rec)
		}
		k.commit(cl, log, handled)
		cl.AllowRebalance()
	}
}

// commit commits the offsets of handled records. A failed commit is only
// logged: the records are delivered again, which at-least-once allows.
func (k *Kafka) commit(cl *kgo.Client, log *zap.Logger, handled []*kgo.Record) {
	if len(handled) == 0 {
		return
	}
	// Not pollCtx: the handled records must be committed during shutdown.
	ctx, cancel := context.WithTimeout(context.Background(), commitTimeout)
	defer cancel()
	if err := cl.CommitRecords(ctx, handled...); err != nil {
		log.Warn("kafka offset commit failed; records will be redelivered", zap.Error(err))
	}
}

// Stop ends the consumers after their current record, commits what they
// handled, leaves the groups and closes the producer, failing the records
// it still buffers (they stay in the outbox). Brokers that cannot be
// reached delay it until ctx ends at most.
func (k *Kafka) Stop(ctx context.Context) error {
	k.cancelPoll()
	defer k.cancelHandle()
	done := make(chan struct{})
	go func() {
		k.wg.Wait()
		close(done)
	}()
	var err error
	select {
	case <-done:
	case <-ctx.Done():
		k.cancelHandle()
		<-done
		err = fmt.Errorf("events: stop kafka consumers: %w", ctx.Err())
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, cl := range k.consumers {
		// Close waits for the group to be left, which with the brokers down
		// retries for up to 30s: bound the leave by ctx, then Close is quick.
		if lerr := cl.LeaveGroupContext(ctx); lerr != nil {
			k.log.Warn("kafka consumer did not leave its group; the brokers reassign its partitions after the session timeout", zap.Error(lerr))
		}
		cl.Close()
	}
	k.consumers = nil
	k.started = false
	k.producer.Close()
	return err
}
