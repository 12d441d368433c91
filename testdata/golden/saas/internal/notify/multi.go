package notify

import (
	"context"
	"errors"
	"fmt"

	"example.com/saas/pkg/notify"
)

// Channel is a Notifier labelled with its configured channel name.
type Channel struct {
	Name     string
	Notifier notify.Notifier
}

// Multi sends every notification on each of its channels, in order. A
// failing channel does not stop the others; their errors are joined, each
// prefixed with the channel name. With no channels Send does nothing,
// which is how notify.channels: [] disables notifications.
type Multi struct {
	channels []Channel
}

var _ notify.Notifier = (*Multi)(nil)

// NewMulti returns a notifier fanning out to channels.
func NewMulti(channels ...Channel) *Multi { return &Multi{channels: channels} }

// Send implements notify.Notifier.
func (m *Multi) Send(ctx context.Context, msg notify.Message) error {
	var errs []error
	for _, ch := range m.channels {
		if err := ch.Notifier.Send(ctx, msg); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", ch.Name, err))
		}
	}
	return errors.Join(errs...)
}
