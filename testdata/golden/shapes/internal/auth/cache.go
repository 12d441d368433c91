package auth

import (
	"sync"
	"time"

	"example.com/shapes/pkg/auth"
)

// Verifying a token's signature costs tens of microseconds, and clients
// send the same token on every request until it expires. verifiedCache
// remembers tokens that passed every check, so each is verified once.
const (
	// cacheMaxAge bounds how long a verified token is trusted without a
	// new check, so a key withdrawn from the JWKS stops working soon.
	cacheMaxAge = time.Minute
	// cacheMaxEntries bounds the memory the cache may hold.
	cacheMaxEntries = 10000
)

// verifiedCache maps a token to its verified claims until the earlier of
// the token's expiry and cacheMaxAge. It is safe for concurrent use.
type verifiedCache struct {
	mu      sync.RWMutex
	entries map[string]verified
}

// verified is one cached verification.
type verified struct {
	claims *auth.Claims
	until  time.Time
}

// get returns the claims of a token verified before and still valid at now.
func (c *verifiedCache) get(token string, now time.Time) (*auth.Claims, bool) {
	c.mu.RLock()
	v, ok := c.entries[token]
	c.mu.RUnlock()
	if !ok || !now.Before(v.until) {
		return nil, false
	}
	claims := *v.claims // callers may not change what the cache holds
	return &claims, true
}

// put remembers claims of a token verified at now.
func (c *verifiedCache) put(token string, claims *auth.Claims, now time.Time) {
	until := now.Add(cacheMaxAge)
	if claims.ExpiresAt != nil && claims.ExpiresAt.Before(until) {
		until = claims.ExpiresAt.Time
	}
	if !now.Before(until) {
		return
	}
	stored := *claims
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = make(map[string]verified)
	}
	if len(c.entries) >= cacheMaxEntries {
		c.evict(now)
	}
	c.entries[token] = verified{claims: &stored, until: until}
}

// evict drops expired entries, or every entry when none has expired; the
// cache only saves work, so starting over is always correct.
func (c *verifiedCache) evict(now time.Time) {
	for token, v := range c.entries {
		if !now.Before(v.until) {
			delete(c.entries, token)
		}
	}
	if len(c.entries) >= cacheMaxEntries {
		clear(c.entries)
	}
}
