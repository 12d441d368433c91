package events

import (
	"context"
	"fmt"
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

// Send produces evs and waits for the brokers' acknowledgement.
func (k *Kafka) Send(ctx context.Context, evs []events.Event) error {
	recs := make([]*kgo.Record, len(evs))
	for i, ev := range evs {
		recs[i] = k.record(ev)
	}
	if err := k.producer.ProduceSync(ctx, recs...).FirstErr(); err != nil {
		return fmt.Errorf("events: produce %d events to kafka: %w", len(recs), err)
	}
	return nil
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
// handled, leaves the groups and closes the producer.
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
		cl.Close()
	}
	k.consumers = nil
	k.started = false
	k.producer.Close()
	return err
}
