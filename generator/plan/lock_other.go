//go:build !unix

package plan

// lock is a no-op where flock(2) does not exist.
func lock(string) (func(), error) { return func() {}, nil }
