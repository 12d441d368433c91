require (
	github.com/casbin/casbin/v2 v2.135.0
)
