package notify

import (
	"bytes"
	"context"
	crand "crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/cenkalti/backoff/v5"

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

// maxRetryAfter caps the wait a receiver's Retry-After may ask for, so one
// receiver cannot hold a delivery for hours.
const maxRetryAfter = time.Minute

// Webhook POSTs each notification as JSON to one URL, signed with
// HMAC-SHA256 (see notify.VerifySignature for the receiver's side).
//
// Network errors, 5xx and 429 answers are retried with exponential backoff
// and jitter (cenkalti/backoff), up to MaxAttempts in total; a Retry-After
// header on a 429 or 5xx answer sets the next wait instead (at most
// maxRetryAfter). Other 4xx answers are never retried, since repeating a
// request the receiver rejected cannot succeed. Every attempt carries the
// same X-Delivery-ID so the receiver can drop duplicates.
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

	var (
		attempts int
		lastErr  error
	)
	deliver := func() (struct{}, error) {
		attempts++
		lastErr = w.attempt(ctx, id, body)
		return struct{}{}, lastErr
	}
	_, err = backoff.Retry(ctx, deliver,
		backoff.WithBackOff(w.backOff()),
		backoff.WithMaxTries(uint(w.maxAttempts)),
		backoff.WithMaxElapsedTime(0), // MaxAttempts and ctx bound the retries
	)
	var permanent *backoff.PermanentError
	switch {
	case err == nil:
		return nil
	case errors.As(lastErr, &permanent):
		return fmt.Errorf("notify: webhook %s: %w", w.url, err)
	case attempts == w.maxAttempts:
		return fmt.Errorf("notify: webhook %s failed after %d attempts: %w", w.url, attempts, err)
	default: // ctx ended before the next attempt
		return fmt.Errorf("notify: webhook gave up after %d attempts: %w (last error: %w)", attempts, err, lastErr)
	}
}

// backOff returns the waits between attempts: initial, doubling up to max,
// each spread by ±50% jitter so many failing senders do not retry in
// lockstep.
func (w *Webhook) backOff() *backoff.ExponentialBackOff {
	return &backoff.ExponentialBackOff{
		InitialInterval:     w.initial,
		RandomizationFactor: 0.5,
		Multiplier:          2,
		MaxInterval:         w.max,
	}
}

// attempt performs one signed POST. A failure retrying cannot fix is
// wrapped in backoff.Permanent; a Retry-After the receiver sent replaces
// the next wait.
func (w *Webhook) attempt(ctx context.Context, id string, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.url, bytes.NewReader(body))
	if err != nil {
		return backoff.Permanent(fmt.Errorf("build request: %w", err))
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
		if ctx.Err() != nil {
			return backoff.Permanent(err)
		}
		return err
	}
	defer func() { _ = resp.Body.Close() }()
	snippet, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	// Drain the rest so the connection can be reused.
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return nil
	}
	statusErr := &StatusError{StatusCode: resp.StatusCode, Body: string(snippet)}
	if IsPermanent(statusErr) {
		return backoff.Permanent(statusErr)
	}
	if wait, ok := retryAfter(resp.Header.Get("Retry-After"), w.now()); ok {
		return &retryAfterError{err: statusErr, after: &backoff.RetryAfterError{Duration: wait}}
	}
	return statusErr
}

// retryAfter reads a Retry-After header, in delta-seconds or HTTP-date
// form, as the wait from now, capped at maxRetryAfter. A date in the past
// means now; a header that is neither form is ignored.
func retryAfter(header string, now time.Time) (time.Duration, bool) {
	if header == "" {
		return 0, false
	}
	var wait time.Duration
	if secs, err := strconv.ParseInt(header, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		wait = time.Duration(min(secs, int64(maxRetryAfter/time.Second))) * time.Second
	} else if at, err := http.ParseTime(header); err == nil {
		wait = max(at.Sub(now), 0)
	} else {
		return 0, false
	}
	return min(wait, maxRetryAfter), true
}

// retryAfterError is a retryable failure whose receiver said when to try
// again: backoff.Retry waits that long (it finds the RetryAfterError), and
// the error reads, and unwraps, as the failure itself.
type retryAfterError struct {
	err   error
	after *backoff.RetryAfterError
}

func (e *retryAfterError) Error() string   { return e.err.Error() }
func (e *retryAfterError) Unwrap() []error { return []error{e.err, e.after} }

// IsPermanent reports whether err is a webhook rejection (4xx other than
// 429 Too Many Requests) that retrying, now or later, cannot fix.
func IsPermanent(err error) bool {
	var se *StatusError
	return errors.As(err, &se) && se.StatusCode < 500 && se.StatusCode != http.StatusTooManyRequests
}
