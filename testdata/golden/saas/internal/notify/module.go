// Package notify implements notify.Notifier: SMTP email (wneessen/go-mail),
// HMAC-signed webhooks, and a fan-out over the channels listed in
// notify.channels.
package notify

import (
	"fmt"

	"go.uber.org/fx"
	"go.uber.org/zap"

	"example.com/saas/pkg/config"
	"example.com/saas/pkg/notify"
)

// Module provides notify.Notifier built from configuration.
var Module = fx.Module("notify", fx.Provide(provide))

func provide(cfg *config.Config, log *zap.Logger) (notify.Notifier, error) {
	n, err := New(cfg.Notify)
	if err != nil {
		return nil, err
	}
	if len(cfg.Notify.Channels) == 0 {
		log.Info("notifications disabled: notify.channels is empty")
	}
	return n, nil
}

// New returns the fan-out notifier for the channels cfg enables.
func New(cfg config.Notify) (*Multi, error) {
	channels := make([]Channel, 0, len(cfg.Channels))
	for _, name := range cfg.Channels {
		var n notify.Notifier
		switch name {
		case config.ChannelEmail:
			email, err := NewEmail(cfg.Email)
			if err != nil {
				return nil, err
			}
			n = email
		case config.ChannelWebhook:
			n = NewWebhook(cfg.Webhook)
		default:
			return nil, fmt.Errorf("notify: unknown channel %q", name)
		}
		channels = append(channels, Channel{Name: name, Notifier: n})
	}
	return NewMulti(channels...), nil
}
