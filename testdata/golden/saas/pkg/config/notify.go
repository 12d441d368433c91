package config

import (
	"fmt"
	"net/url"
	"slices"
	"time"
)

// Notification channels accepted in Notify.Channels.
const (
	ChannelEmail   = "email"
	ChannelWebhook = "webhook"
)

// SMTP TLS policies accepted in Email.TLSPolicy.
const (
	// TLSMandatory refuses to send unless STARTTLS (or implicit TLS) succeeds.
	TLSMandatory = "mandatory"
	// TLSOpportunistic uses STARTTLS when offered and plain text otherwise.
	TLSOpportunistic = "opportunistic"
	// TLSNone never uses TLS; only for local relays and tests.
	TLSNone = "none"
	// TLSImplicit connects with TLS from the first byte (SMTPS, port 465).
	TLSImplicit = "implicit"
)

// Notify configures outgoing notifications.
type Notify struct {
	// Channels lists the channels every notification is sent to, e.g.
	// [email, webhook]. Empty disables notifications: Send succeeds and
	// sends nothing.
	Channels []string `mapstructure:"channels"`
	// Email configures the SMTP channel.
	Email Email `mapstructure:"email"`
	// Webhook configures the signed webhook channel.
	Webhook Webhook `mapstructure:"webhook"`
}

// Email configures the SMTP channel.
type Email struct {
	// Host is the SMTP server host name.
	Host string `mapstructure:"host"`
	// Port is the SMTP port, e.g. 587 (submission) or 465 (implicit TLS).
	Port int `mapstructure:"port"`
	// Username enables SMTP AUTH when set.
	Username string `mapstructure:"username"`
	// Password is the SMTP AUTH password.
	Password string `mapstructure:"password"`
	// From is the sender address, e.g. "Saas <no-reply@example.com>".
	From string `mapstructure:"from"`
	// TLSPolicy is mandatory (default), opportunistic, implicit or none.
	TLSPolicy string `mapstructure:"tls_policy"`
	// Timeout bounds connecting and each SMTP command. 0 means 10s.
	Timeout time.Duration `mapstructure:"timeout"`
}

// Webhook configures the signed webhook channel.
type Webhook struct {
	// URL receives a JSON POST per notification.
	URL string `mapstructure:"url"`
	// Secret is the HMAC-SHA256 key the body is signed with.
	Secret string `mapstructure:"secret"`
	// Timeout bounds one delivery attempt. 0 means 10s.
	Timeout time.Duration `mapstructure:"timeout"`
	// MaxAttempts bounds delivery attempts, the first included. 0 means 4.
	MaxAttempts int `mapstructure:"max_attempts"`
	// InitialBackoff is the wait before the first retry; it doubles after
	// each attempt. Every wait is spread by ±50% jitter. 0 means 500ms.
	InitialBackoff time.Duration `mapstructure:"initial_backoff"`
	// MaxBackoff caps the doubling (before jitter). 0 means 10s.
	MaxBackoff time.Duration `mapstructure:"max_backoff"`
}

// validate checks the notification settings of the enabled channels only,
// so unused channels need no configuration.
func (n Notify) validate() []error {
	var errs []error
	for _, ch := range n.Channels {
		switch ch {
		case ChannelEmail:
			errs = append(errs, n.Email.validate()...)
		case ChannelWebhook:
			errs = append(errs, n.Webhook.validate()...)
		default:
			errs = append(errs, fmt.Errorf("notify.channels: unknown channel %q, want %s or %s", ch, ChannelEmail, ChannelWebhook))
		}
	}
	return errs
}

func (e Email) validate() []error {
	var errs []error
	if e.Host == "" {
		errs = append(errs, fmt.Errorf("notify.email.host: must not be empty"))
	}
	if e.Port <= 0 || e.Port > 65535 {
		errs = append(errs, fmt.Errorf("notify.email.port: must be a TCP port, got %d", e.Port))
	}
	if e.From == "" {
		errs = append(errs, fmt.Errorf("notify.email.from: must not be empty"))
	}
	if !slices.Contains([]string{"", TLSMandatory, TLSOpportunistic, TLSImplicit, TLSNone}, e.TLSPolicy) {
		errs = append(errs, fmt.Errorf("notify.email.tls_policy: must be %s, %s, %s or %s, got %q",
			TLSMandatory, TLSOpportunistic, TLSImplicit, TLSNone, e.TLSPolicy))
	}
	if e.Timeout < 0 {
		errs = append(errs, fmt.Errorf("notify.email.timeout: must not be negative"))
	}
	return errs
}

func (w Webhook) validate() []error {
	var errs []error
	if u, err := url.Parse(w.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("notify.webhook.url: must be an absolute http(s) URL, got %q", w.URL))
	}
	// Receivers cannot tell a forged request from a real one without it.
	if len(w.Secret) < minSecretLen {
		errs = append(errs, fmt.Errorf("notify.webhook.secret: needs at least %d bytes", minSecretLen))
	}
	if w.MaxAttempts < 0 {
		errs = append(errs, fmt.Errorf("notify.webhook.max_attempts: must not be negative"))
	}
	if w.Timeout < 0 || w.InitialBackoff < 0 || w.MaxBackoff < 0 {
		errs = append(errs, fmt.Errorf("notify.webhook: timeout and backoffs must not be negative"))
	}
	return errs
}
