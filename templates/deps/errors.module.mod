require (
	github.com/getsentry/sentry-go v0.50.0 // indirect
)
