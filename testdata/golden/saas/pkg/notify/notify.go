// Package notify is the contract for outgoing notifications. Which channels
// a Send reaches (email, signed webhook) is configuration, not code, so a
// module only ever depends on Notifier.
package notify

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Notifier sends notifications.
type Notifier interface {
	// Send delivers msg on every configured channel and returns the
	// failures of all channels joined; it returns when delivery finished or
	// ctx ended. Send does not queue: call it from a jobs task handler to
	// keep slow mail servers out of request latency.
	Send(ctx context.Context, msg Message) error
}

// Message is one notification.
type Message struct {
	// To lists the recipients' addresses; email needs at least one.
	To []string `json:"to"`
	// Subject is the email subject or webhook title.
	Subject string `json:"subject"`
	// Body is the plain-text content; always sent.
	Body string `json:"body"`
	// HTML is an optional HTML rendering of Body, sent as an alternative part.
	HTML string `json:"html,omitempty"`
	// Metadata carries machine-readable context (event type, ids) to
	// webhook receivers. Email ignores it.
	Metadata map[string]string `json:"metadata,omitempty"`
}

// Webhook headers. A receiver verifies a delivery with VerifySignature.
const (
	// HeaderSignature is "sha256=" + hex(HMAC-SHA256(secret, timestamp + "." + body)).
	HeaderSignature = "X-Signature"
	// HeaderTimestamp is the Unix time, in seconds, the attempt was signed at.
	HeaderTimestamp = "X-Signature-Timestamp"
	// HeaderDelivery identifies a delivery; it is the same on every retry,
	// so receivers can drop duplicates.
	HeaderDelivery = "X-Delivery-ID"
)

// signaturePrefix names the algorithm in HeaderSignature.
const signaturePrefix = "sha256="

// ErrBadSignature is returned by VerifySignature for a forged, altered or
// stale delivery.
var ErrBadSignature = errors.New("notify: bad webhook signature")

// Sign returns the HeaderSignature value for body sent at timestamp. The
// timestamp is part of the signed text so a captured request cannot be
// replayed later with a fresh timestamp.
func Sign(secret []byte, timestamp int64, body []byte) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(strconv.FormatInt(timestamp, 10)))
	mac.Write([]byte("."))
	mac.Write(body)
	return signaturePrefix + hex.EncodeToString(mac.Sum(nil))
}

// VerifySignature checks a webhook delivery the way a receiver should:
//
//  1. read the raw body before decoding it;
//  2. recompute HMAC-SHA256 over "<X-Signature-Timestamp>.<body>" with the
//     shared secret and compare it with X-Signature in constant time;
//  3. refuse timestamps further than tolerance from now (replays).
//
// now is usually time.Now(); tolerance 5 minutes is typical.
func VerifySignature(secret []byte, signature, timestamp string, body []byte, now time.Time, tolerance time.Duration) error {
	ts, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return fmt.Errorf("%w: malformed timestamp %q", ErrBadSignature, timestamp)
	}
	if age := now.Sub(time.Unix(ts, 0)).Abs(); age > tolerance {
		return fmt.Errorf("%w: timestamp %s outside tolerance %s", ErrBadSignature, age, tolerance)
	}
	if !strings.HasPrefix(signature, signaturePrefix) {
		return fmt.Errorf("%w: missing %q prefix", ErrBadSignature, signaturePrefix)
	}
	if !hmac.Equal([]byte(signature), []byte(Sign(secret, ts, body))) {
		return ErrBadSignature
	}
	return nil
}
