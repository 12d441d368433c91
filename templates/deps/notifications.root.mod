require (
	github.com/cenkalti/backoff/v5 v5.0.3
	github.com/wneessen/go-mail v0.8.1
)
