package notify

import (
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"time"

	"github.com/wneessen/go-mail"

	"example.com/saas/pkg/config"
	"example.com/saas/pkg/notify"
)

// DefaultTimeout bounds an SMTP session or a webhook attempt when the
// configuration leaves it at 0.
const DefaultTimeout = 10 * time.Second

// Email sends notifications over SMTP with wneessen/go-mail. Each Send opens
// its own connection: notifications are infrequent, and a pooled
// connection would need keep-alive handling for little gain.
type Email struct {
	cfg  config.Email
	opts []mail.Option
}

var _ notify.Notifier = (*Email)(nil)

// NewEmail returns an SMTP notifier for cfg.
func NewEmail(cfg config.Email) (*Email, error) {
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	opts := []mail.Option{mail.WithPort(cfg.Port), mail.WithTimeout(timeout)}
	switch cfg.TLSPolicy {
	case config.TLSMandatory, "":
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	case config.TLSOpportunistic:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSOpportunistic))
	case config.TLSImplicit:
		opts = append(opts, mail.WithSSL())
	case config.TLSNone:
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	default:
		return nil, fmt.Errorf("notify: unknown email tls policy %q", cfg.TLSPolicy)
	}
	if cfg.Username != "" {
		// Auto-discovery picks the strongest mechanism the server offers
		// and refuses PLAIN/LOGIN on an unencrypted connection.
		opts = append(opts,
			mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover),
			mail.WithUsername(cfg.Username),
			mail.WithPassword(cfg.Password),
		)
	}
	// Fail at startup, not at the first notification, on a bad option.
	if _, err := mail.NewClient(cfg.Host, opts...); err != nil {
		return nil, fmt.Errorf("notify: smtp client for %s: %w", cfg.Host, err)
	}
	return &Email{cfg: cfg, opts: opts}, nil
}

// Send implements notify.Notifier.
func (e *Email) Send(ctx context.Context, msg notify.Message) error {
	if len(msg.To) == 0 {
		return errors.New("notify: email needs at least one recipient")
	}
	m := mail.NewMsg()
	if err := m.From(e.cfg.From); err != nil {
		return fmt.Errorf("notify: email from %q: %w", e.cfg.From, err)
	}
	if err := m.To(msg.To...); err != nil {
		return fmt.Errorf("notify: email recipients: %w", err)
	}
	m.Subject(msg.Subject)
	m.SetDate()
	m.SetMessageID()
	m.SetBodyString(mail.TypeTextPlain, msg.Body)
	if msg.HTML != "" {
		m.AddAlternativeString(mail.TypeTextHTML, msg.HTML)
	}

	// go-mail v0.8.1 leaves the connection open when EHLO, STARTTLS or AUTH
	// fails, so dial it here and close it on any error. Implicit TLS keeps
	// go-mail's own dialer: it must know the connection is encrypted.
	opts := e.opts
	var conn net.Conn
	if e.cfg.TLSPolicy != config.TLSImplicit {
		opts = append(slices.Clone(e.opts), mail.WithDialContextFunc(
			func(ctx context.Context, network, addr string) (net.Conn, error) {
				c, err := new(net.Dialer).DialContext(ctx, network, addr)
				conn = c
				return c, err
			}))
	}
	client, err := mail.NewClient(e.cfg.Host, opts...)
	if err != nil {
		return fmt.Errorf("notify: smtp client for %s: %w", e.cfg.Host, err)
	}
	if err := client.DialAndSendWithContext(ctx, m); err != nil {
		if conn != nil {
			_ = conn.Close() // may already be closed; only the leak matters
		}
		return fmt.Errorf("notify: send email via %s:%d: %w", e.cfg.Host, e.cfg.Port, err)
	}
	return nil
}
