package events

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"example.com/saas/pkg/config"
	"example.com/saas/pkg/events"
)

// newKafkaCluster starts an in-process Kafka (kfake) with one broker and
// the prefixed topics.
func newKafkaCluster(t *testing.T, topics ...string) *kfake.Cluster {
	t.Helper()
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(2, topics...))
	require.NoError(t, err)
	t.Cleanup(c.Close)
	return c
}

// fastFetch shortens the fetch long poll: kfake answers a waiting fetch
// only when its wait (5s by default) ends, not when a record arrives.
var fastFetch = kgo.FetchMaxWait(50 * time.Millisecond)

func TestKafkaRoundTrip(t *testing.T) {
	const topic = "orders.order.created"
	cluster := newKafkaCluster(t, "test."+topic)
	cfg := config.Kafka{Brokers: cluster.ListenAddrs(), Group: "saas-test", TopicPrefix: "test."}

	db := openSQLite(t)
	o := NewOutbox(db)
	k, err := NewKafka(cfg, testLogger(t), fastFetch)
	require.NoError(t, err)
	var got recorder
	require.NoError(t, k.Subscribe(topic, got.handle))
	require.NoError(t, k.Start())
	r := NewRelay(o, k, config.EventsRelay{Interval: 20 * time.Millisecond}, testLogger(t))
	r.Start()

	published := events.Event{
		ID:       "0190f6c4-6b7e-7cc2-9a53-5d3c5f0e8a11",
		Topic:    topic,
		Key:      "order-1",
		Payload:  []byte(`{"id":1}`),
		TenantID: "acme",
		Headers:  map[string]string{"source": "test", KafkaHeaderID: "ignored"},
	}
	require.NoError(t, db.InTx(t.Context(), func(ctx context.Context) error {
		return o.Publish(ctx, published)
	}))

	e := got.waitFor(t, 1)[0]
	assert.Equal(t, published.ID, e.ID, "the event id travels in a record header")
	assert.Equal(t, topic, e.Topic, "the topic prefix is removed")
	assert.Equal(t, "order-1", e.Key)
	assert.Equal(t, `{"id":1}`, string(e.Payload))
	assert.Equal(t, "acme", e.TenantID)
	assert.Equal(t, map[string]string{"source": "test"}, e.Headers, "reserved header names are not overridden")
	assert.WithinDuration(t, time.Now(), e.OccurredAt, time.Minute)
	require.Eventually(t, func() bool { return outboxCount(t, o) == 0 }, 5*time.Second, 10*time.Millisecond,
		"the row is deleted once the broker acknowledged it")

	require.NoError(t, r.Stop(t.Context()))
	require.NoError(t, k.Stop(t.Context()))

	// A new consumer in the same group resumes after the committed offset:
	// the handled record is not delivered again, the next one is.
	k2, err := NewKafka(cfg, testLogger(t), fastFetch)
	require.NoError(t, err)
	var again recorder
	require.NoError(t, k2.Start())
	require.NoError(t, k2.Subscribe(topic, again.handle), "subscribing after start starts a consumer")
	second := published
	second.ID = "0190f6c4-6b7e-7cc2-9a53-5d3c5f0e8a12"
	require.NoError(t, k2.Send(t.Context(), []events.Event{second}))
	e2 := again.waitFor(t, 1)
	require.NoError(t, k2.Stop(t.Context()))
	assert.Equal(t, []string{second.ID}, ids(e2))
}

func TestKafkaDecodeForeignRecord(t *testing.T) {
	k, err := NewKafka(config.Kafka{Brokers: []string{"127.0.0.1:1"}, Group: "g", TopicPrefix: "p."}, testLogger(t))
	require.NoError(t, err)
	t.Cleanup(func() { _ = k.Stop(context.Background()) })
	ts := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	e := k.decode(&kgo.Record{Topic: "p.a.b", Partition: 1, Offset: 7, Value: []byte(`1`), Timestamp: ts})
	assert.Equal(t, "kafka:p.a.b:1:7", e.ID, "records without an event id get a stable one")
	assert.Equal(t, "a.b", e.Topic)
	assert.Equal(t, ts, e.OccurredAt)
	assert.Nil(t, e.Headers)
}
