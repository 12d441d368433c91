require (
	github.com/wneessen/go-mail v0.8.1 // indirect
)
