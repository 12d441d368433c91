package tenant_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"example.com/saas/pkg/httpapi"
	"example.com/saas/pkg/tenant"
)

func TestScope(t *testing.T) {
	ctx := t.Context()

	_, _, err := tenant.Scope(ctx)
	require.ErrorIs(t, err, tenant.ErrMissing, "no tenant fails closed")
	assert.ErrorIs(t, err, httpapi.ErrBadRequest, "and answers 400 over HTTP")

	_, _, err = tenant.Scope(tenant.WithTenant(ctx, ""))
	require.ErrorIs(t, err, tenant.ErrMissing, "an empty tenant is no tenant")

	id, all, err := tenant.Scope(tenant.WithTenant(ctx, "acme"))
	require.NoError(t, err)
	assert.Equal(t, "acme", id)
	assert.False(t, all)

	id, all, err = tenant.Scope(tenant.WithBypass(ctx))
	require.NoError(t, err)
	assert.Empty(t, id)
	assert.True(t, all)

	id, all, err = tenant.Scope(tenant.WithTenant(tenant.WithBypass(ctx), "acme"))
	require.NoError(t, err)
	assert.Equal(t, "acme", id, "a tenant takes precedence over the bypass")
	assert.False(t, all)
}

func TestValidate(t *testing.T) {
	for _, id := range []string{"acme", "ACME-2", "a", "t_1.eu", "0c8f2c1e-8e5a-4b9e-9d57-2f1f3a0c9b11", strings.Repeat("a", tenant.MaxLen)} {
		assert.NoError(t, tenant.Validate(id), id)
	}
	for _, id := range []string{"", "-acme", ".acme", "ac me", "acme\n", "acmé", "a/b", strings.Repeat("a", tenant.MaxLen+1)} {
		err := tenant.Validate(id)
		assert.True(t, errors.Is(err, tenant.ErrInvalid), "%q: %v", id, err)
	}
}
