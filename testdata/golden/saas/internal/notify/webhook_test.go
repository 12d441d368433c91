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
	// retryAfter is sent as Retry-After with 429 and 503 answers.
	retryAfter string
	calls      atomic.Int32

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
	if r.retryAfter != "" && (status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable) {
		w.Header().Set("Retry-After", r.retryAfter)
	}
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
	ms := time.Millisecond
	for range 20 {
		b := w.backOff()
		for n, want := range []time.Duration{100 * ms, 200 * ms, 400 * ms, 800 * ms, time.Second, time.Second, time.Second} {
			d := b.NextBackOff()
			assert.GreaterOrEqual(t, d, want/2, "wait %d", n+1)
			assert.LessOrEqual(t, d, want*3/2, "wait %d", n+1)
		}
	}
}

// TestWebhookRetriesTooManyRequests: a 429 is retried, not given up on as
// other 4xx answers are; its Retry-After, in either form, replaces a
// backoff far longer than the test.
func TestWebhookRetriesTooManyRequests(t *testing.T) {
	now := time.Now()
	for name, header := range map[string]string{
		"no Retry-After":   "",
		"delta-seconds":    "0",
		"HTTP-date":        now.UTC().Format(http.TimeFormat),
		"HTTP-date passed": now.Add(-time.Hour).UTC().Format(http.TimeFormat),
	} {
		t.Run(name, func(t *testing.T) {
			r, w := newReceiver(t, http.StatusTooManyRequests, http.StatusOK)
			r.retryAfter = header
			if header != "" {
				w.initial, w.max = time.Hour, time.Hour
			}
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			require.NoError(t, w.Send(ctx, testMessage))
			assert.Equal(t, int32(2), r.calls.Load())
		})
	}
	t.Run("given up after max attempts", func(t *testing.T) {
		r, w := newReceiver(t, http.StatusTooManyRequests)
		r.retryAfter = "0"
		err := w.Send(context.Background(), testMessage)
		assert.ErrorContains(t, err, "failed after 4 attempts")
		assert.Equal(t, int32(4), r.calls.Load())
		var se *StatusError
		require.ErrorAs(t, err, &se)
		assert.Equal(t, http.StatusTooManyRequests, se.StatusCode)
		assert.False(t, IsPermanent(err))
	})
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	date := func(d time.Duration) string { return now.Add(d).Format(http.TimeFormat) }
	for header, want := range map[string]time.Duration{
		"0":                    0,
		"7":                    7 * time.Second,
		"86400":                maxRetryAfter,
		"99999999999999999":    maxRetryAfter,
		date(30 * time.Second): 30 * time.Second,
		date(time.Hour):        maxRetryAfter,
		date(-time.Minute):     0,
	} {
		got, ok := retryAfter(header, now)
		assert.True(t, ok, header)
		assert.Equal(t, want, got, header)
	}
	for _, header := range []string{"", "-1", "soon", "1.5", "2026-01-02T03:04:35Z"} {
		_, ok := retryAfter(header, now)
		assert.False(t, ok, "%q is ignored", header)
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
