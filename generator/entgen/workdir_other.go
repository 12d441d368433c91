//go:build !unix

package entgen

// lockWorkDir is a no-op where flock(2) does not exist.
func lockWorkDir(string) (func(), error) { return func() {}, nil }

// lockFree keeps every working copy where no lock tells live runs apart.
func lockFree(string) (free, hasLock bool) { return false, false }
