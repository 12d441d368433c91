require (
	github.com/getsentry/sentry-go v0.50.0
	go.uber.org/goleak v1.3.0
)
