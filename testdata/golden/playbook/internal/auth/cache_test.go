package auth

import (
	"context"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestVerifiedTokensAreCachedUntilExpiry(t *testing.T) {
	a, err := New(hsConfig())
	require.NoError(t, err)
	c := claims("alice", 30*time.Second)
	token := sign(t, jwt.SigningMethodHS256, c, []byte(testSecret), "")

	first, err := a.VerifyToken(context.Background(), token)
	require.NoError(t, err)
	first.Roles = nil // a caller's change must not reach the cache
	now := time.Now()
	cached, ok := a.cache.get(token, now)
	require.True(t, ok, "a verified token is cached")
	assert.Equal(t, "alice", cached.Subject)
	assert.Equal(t, []string{"admin"}, cached.Roles)

	_, ok = a.cache.get(token, c.ExpiresAt.Time)
	assert.False(t, ok, "a cached token is not trusted past its expiry")
	_, ok = a.cache.get(token, now.Add(cacheMaxAge+time.Second))
	assert.False(t, ok, "nor past the cache's own bound")
}

func TestRejectedTokensAreNotCached(t *testing.T) {
	a, err := New(hsConfig())
	require.NoError(t, err)
	forged := sign(t, jwt.SigningMethodHS256, claims("mallory", time.Hour), []byte("not-the-secret-0123456789abcdef"), "")
	for range 2 {
		_, err := a.VerifyToken(context.Background(), forged)
		require.Error(t, err)
	}
	assert.Empty(t, a.cache.entries)
}

func TestCacheStaysBounded(t *testing.T) {
	var c verifiedCache
	now := time.Now()
	cl := claims("alice", time.Hour)
	for i := range cacheMaxEntries + 10 {
		c.put(string(rune(i))+"token", &cl, now)
	}
	assert.LessOrEqual(t, len(c.entries), cacheMaxEntries)
}
