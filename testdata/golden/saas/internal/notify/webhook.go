package notify

import (
	"bytes"
	"context"
	crand "crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"

	"example.com/saas/pkg/config"
	"example.com/saas/pkg/notify"
)

// Webhook defaults used when the configuration leaves a value at 0.
const (
	DefaultMaxAttempts    = 4
	DefaultInitialBackoff = 500 * time.Millisecond
	DefaultMaxBackoff     = 10 * time.Second
)

// maxErrorBody caps how much of a failed response is quoted in the error.
const maxErrorBody = 512

// Webhook POSTs each notification as JSON to one URL, signed with
// HMAC-SHA256 (see notify.VerifySignature for the receiver's side).
//
// Network errors and 5xx answers are retried with exponential backoff and
// jitter, up to MaxAttempts in total; 4xx answers are never retried, since
// repeating a request the receiver rejected cannot succeed. Every attempt
// carries the same X-Delivery-ID so the receiver can drop duplicates.
type Webhook struct {
	url         string
	secret      []byte
	client      *http.Client
	maxAttempts int
	initial     time.Duration
	max         time.Duration
	now         func() time.Time
}

var _ notify.Notifier = (*Webhook)(nil)

// payload is the JSON body of a webhook delivery.
type payload struct {
	ID string `json:"id"`
	notify.Message
	SentAt time.Time `json:"sent_at"`
}

// StatusError is returned when the receiver answers with a non-2xx status.
type StatusError struct {
	StatusCode int
	Body       string
}

// Error implements error.
func (e *StatusError) Error() string {
	return fmt.Sprintf("webhook answered %d %s: %s", e.StatusCode, http.StatusText(e.StatusCode), e.Body)
}

// NewWebhook returns a webhook notifier for cfg.
func NewWebhook(cfg config.Webhook) *Webhook {
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	w := &Webhook{
		url:         cfg.URL,
		secret:      []byte(cfg.Secret),
		client:      &http.Client{Timeout: timeout},
		maxAttempts: cfg.MaxAttempts,
		initial:     cfg.InitialBackoff,
		max:         cfg.MaxBackoff,
		now:         time.Now,
	}
	if w.maxAttempts <= 0 {
		w.maxAttempts = DefaultMaxAttempts
	}
	if w.initial <= 0 {
		w.initial = DefaultInitialBackoff
	}
	if w.max <= 0 {
		w.max = DefaultMaxBackoff
	}
	return w
}

// Send implements notify.Notifier.
func (w *Webhook) Send(ctx context.Context, msg notify.Message) error {
	id := crand.Text()
	body, err := json.Marshal(payload{ID: id, Message: msg, SentAt: w.now().UTC()})
	if err != nil {
		return fmt.Errorf("notify: encode webhook payload: %w", err)
	}

	var lastErr error
	for attempt := range w.maxAttempts {
		if attempt > 0 {
			if err := sleep(ctx, w.backoff(attempt)); err != nil {
				return fmt.Errorf("notify: webhook gave up after %d attempts: %w (last error: %w)", attempt, err, lastErr)
			}
		}
		retry, err := w.attempt(ctx, id, body)
		if err == nil {
			return nil
		}
		lastErr = err
		if !retry {
			return fmt.Errorf("notify: webhook %s: %w", w.url, err)
		}
	}
	return fmt.Errorf("notify: webhook %s failed after %d attempts: %w", w.url, w.maxAttempts, lastErr)
}

// attempt performs one signed POST and reports whether a failure is worth
// retrying.
func (w *Webhook) attempt(ctx context.Context, id string, body []byte) (retry bool, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.url, bytes.NewReader(body))
	if err != nil {
		return false, fmt.Errorf("build request: %w", err)
	}
	ts := w.now().Unix()
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(notify.HeaderDelivery, id)
	req.Header.Set(notify.HeaderTimestamp, strconv.FormatInt(ts, 10))
	req.Header.Set(notify.HeaderSignature, notify.Sign(w.secret, ts, body))

	resp, err := w.client.Do(req)
	if err != nil {
		// The caller's context ending is final; anything else on the
		// network (refused, reset, timeout) may heal.
		return ctx.Err() == nil, err
	}
	defer func() { _ = resp.Body.Close() }() // only read: its close has nothing to report
	snippet, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	// Drain the rest so the connection can be reused.
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return false, nil
	}
	return resp.StatusCode >= 500, &StatusError{StatusCode: resp.StatusCode, Body: string(snippet)}
}

// backoff returns the wait before attempt n (n >= 1): initial * 2^(n-1),
// capped at max, with "equal jitter" (a random point in its upper half) so
// many failing senders do not retry in lockstep.
func (w *Webhook) backoff(n int) time.Duration {
	d := w.initial << (n - 1)
	if d <= 0 || d > w.max {
		d = w.max
	}
	half := d / 2
	return half + rand.N(half+1)
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// IsPermanent reports whether err is a webhook rejection (4xx) that
// retrying, now or later, cannot fix.
func IsPermanent(err error) bool {
	var se *StatusError
	return errors.As(err, &se) && se.StatusCode < 500
}
