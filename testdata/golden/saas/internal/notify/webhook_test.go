package notify

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"example.com/saas/pkg/config"
	"example.com/saas/pkg/notify"
)

const testSecret = "webhook-test-secret-0123456789abcdef"

// receiver is a webhook endpoint that verifies every delivery the way the
// documentation tells receivers to, and answers with the scripted statuses
// (the last one repeats).
type receiver struct {
	t        *testing.T
	statuses []int
	calls    atomic.Int32

	url         string
	mu          sync.Mutex
	deliveryIDs []string
	last        map[string]any
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, err := io.ReadAll(req.Body)
	require.NoError(r.t, err)
	n := int(r.calls.Add(1))

	if err := notify.VerifySignature([]byte(testSecret), req.Header.Get(notify.HeaderSignature),
		req.Header.Get(notify.HeaderTimestamp), body, time.Now(), 5*time.Minute); err != nil {
		r.t.Errorf("attempt %d: %v", n, err)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	r.mu.Lock()
	r.deliveryIDs = append(r.deliveryIDs, req.Header.Get(notify.HeaderDelivery))
	r.last = nil
	require.NoError(r.t, json.Unmarshal(body, &r.last))
	r.mu.Unlock()
	assert.Equal(r.t, "application/json", req.Header.Get("Content-Type"))

	status := r.statuses[min(n, len(r.statuses))-1]
	w.WriteHeader(status)
	_, _ = io.WriteString(w, http.StatusText(status))
}

func newReceiver(t *testing.T, statuses ...int) (*receiver, *Webhook) {
	t.Helper()
	r := &receiver{t: t, statuses: statuses}
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)
	r.url = srv.URL
	w := NewWebhook(config.Webhook{
		URL:            srv.URL,
		Secret:         testSecret,
		Timeout:        2 * time.Second,
		MaxAttempts:    4,
		InitialBackoff: time.Millisecond,
		MaxBackoff:     5 * time.Millisecond,
	})
	return r, w
}

var testMessage = notify.Message{
	To:       []string{"alice@example.com"},
	Subject:  "Post published",
	Body:     "Your post is live.",
	Metadata: map[string]string{"event": "blog.post.published", "post_id": "42"},
}

func TestWebhookSignsAndRetriesAfterTwo503(t *testing.T) {
	r, w := newReceiver(t, http.StatusServiceUnavailable, http.StatusServiceUnavailable, http.StatusOK)
	require.NoError(t, w.Send(context.Background(), testMessage))

	assert.Equal(t, int32(3), r.calls.Load(), "two 503s then success")
	r.mu.Lock()
	defer r.mu.Unlock()
	require.Len(t, r.deliveryIDs, 3)
	assert.NotEmpty(t, r.deliveryIDs[0])
	assert.Equal(t, r.deliveryIDs[0], r.deliveryIDs[2], "retries keep the delivery id")
	assert.Equal(t, r.deliveryIDs[0], r.last["id"])
	assert.Equal(t, "Post published", r.last["subject"])
	assert.Equal(t, map[string]any{"event": "blog.post.published", "post_id": "42"}, r.last["metadata"])
}

func TestWebhookNeverRetries4xx(t *testing.T) {
	r, w := newReceiver(t, http.StatusBadRequest)
	err := w.Send(context.Background(), testMessage)
	require.Error(t, err)
	assert.Equal(t, int32(1), r.calls.Load())
	var se *StatusError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, http.StatusBadRequest, se.StatusCode)
	assert.True(t, IsPermanent(err))
}

func TestWebhookGivesUpAfterMaxAttempts(t *testing.T) {
	r, w := newReceiver(t, http.StatusBadGateway)
	err := w.Send(context.Background(), testMessage)
	assert.ErrorContains(t, err, "failed after 4 attempts")
	assert.Equal(t, int32(4), r.calls.Load())
	assert.False(t, IsPermanent(err))
}

func TestWebhookRetriesNetworkErrors(t *testing.T) {
	// A closed server refuses connections: retried, then reported.
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	w := NewWebhook(config.Webhook{URL: url, Secret: testSecret, MaxAttempts: 3,
		InitialBackoff: time.Millisecond, MaxBackoff: time.Millisecond})
	err := w.Send(context.Background(), testMessage)
	assert.ErrorContains(t, err, "failed after 3 attempts")
}

func TestWebhookBackoffStopsWithContext(t *testing.T) {
	r, w := newReceiver(t, http.StatusServiceUnavailable)
	w.initial, w.max = time.Hour, time.Hour
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := w.Send(ctx, testMessage)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 5*time.Second, "the backoff honours ctx")
	assert.Equal(t, int32(1), r.calls.Load())
}

func TestWebhookBackoffGrowsWithJitter(t *testing.T) {
	w := NewWebhook(config.Webhook{InitialBackoff: 100 * time.Millisecond, MaxBackoff: time.Second})
	for n, want := range map[int]time.Duration{1: 100 * time.Millisecond, 2: 200 * time.Millisecond, 3: 400 * time.Millisecond, 5: time.Second, 60: time.Second} {
		for range 20 {
			d := w.backoff(n)
			assert.GreaterOrEqual(t, d, want/2, "attempt %d", n)
			assert.LessOrEqual(t, d, want, "attempt %d", n)
		}
	}
}

func TestVerifySignatureRejectsTampering(t *testing.T) {
	body := []byte(`{"id":"1"}`)
	now := time.Unix(1_700_000_000, 0)
	sig := notify.Sign([]byte(testSecret), now.Unix(), body)
	ts := "1700000000"
	require.NoError(t, notify.VerifySignature([]byte(testSecret), sig, ts, body, now, time.Minute))

	for name, err := range map[string]error{
		"body":      notify.VerifySignature([]byte(testSecret), sig, ts, []byte(`{"id":"2"}`), now, time.Minute),
		"secret":    notify.VerifySignature([]byte("another-secret"), sig, ts, body, now, time.Minute),
		"timestamp": notify.VerifySignature([]byte(testSecret), sig, "1700000001", body, now, time.Minute),
		"stale":     notify.VerifySignature([]byte(testSecret), sig, ts, body, now.Add(time.Hour), time.Minute),
		"prefix":    notify.VerifySignature([]byte(testSecret), sig[len("sha256="):], ts, body, now, time.Minute),
	} {
		assert.ErrorIs(t, err, notify.ErrBadSignature, name)
	}
}

// fakeNotifier records messages and fails when err is set.
type fakeNotifier struct {
	got []notify.Message
	err error
}

func (f *fakeNotifier) Send(_ context.Context, m notify.Message) error {
	f.got = append(f.got, m)
	return f.err
}

func TestMultiSendsToEveryChannel(t *testing.T) {
	ok, broken := &fakeNotifier{}, &fakeNotifier{err: errors.New("smtp down")}
	m := NewMulti(Channel{Name: "email", Notifier: broken}, Channel{Name: "webhook", Notifier: ok})
	err := m.Send(context.Background(), testMessage)
	assert.EqualError(t, err, "email: smtp down")
	assert.Len(t, ok.got, 1, "a failing channel does not stop the others")
	assert.Len(t, broken.got, 1)
}

func TestNewFromConfig(t *testing.T) {
	r, _ := newReceiver(t, http.StatusOK)
	srv := startSMTP(t)
	n, err := New(config.Notify{
		Channels: []string{config.ChannelEmail, config.ChannelWebhook},
		Email:    emailConfig(srv.port(), config.TLSNone),
		Webhook:  config.Webhook{URL: r.url, Secret: testSecret},
	})
	require.NoError(t, err)
	require.NoError(t, n.Send(context.Background(), testMessage))
	assert.Equal(t, int32(1), r.calls.Load())
	select {
	case <-srv.msgs:
	case <-time.After(5 * time.Second):
		t.Fatal("no email sent")
	}

	none, err := New(config.Notify{})
	require.NoError(t, err)
	assert.NoError(t, none.Send(context.Background(), testMessage), "no channels: disabled")

	_, err = New(config.Notify{Channels: []string{"pigeon"}})
	assert.ErrorContains(t, err, `unknown channel "pigeon"`)
}
