require (
	github.com/go-openapi/swag/jsonname v0.25.5 // indirect
)
