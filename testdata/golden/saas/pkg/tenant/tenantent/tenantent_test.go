package tenantent

import (
	"context"
	"testing"

	"entgo.io/ent"
	"entgo.io/ent/dialect/sql"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"example.com/saas/pkg/tenant"
)

// predicate and query mimic what Ent generates for an entity: a named
// predicate type and a query whose Where takes it.
type (
	predicate func(*sql.Selector)
	query     struct{ preds []predicate }
)

func (q *query) Where(ps ...predicate) *query {
	q.preds = append(q.preds, ps...)
	return q
}

// selectorSQL renders the predicates of q on a SELECT.
func selectorSQL(q *query) (string, []any) {
	s := sql.Select("*").From(sql.Table("posts"))
	for _, p := range q.preds {
		p(s)
	}
	return s.Query()
}

func intercept(ctx context.Context, q ent.Query) error {
	return Interceptor().(ent.TraverseFunc)(ctx, q)
}

func TestInterceptor(t *testing.T) {
	t.Run("filters by the context's tenant", func(t *testing.T) {
		q := &query{}
		require.NoError(t, intercept(tenant.WithTenant(t.Context(), "acme"), q))
		query, args := selectorSQL(q)
		assert.Contains(t, query, "`tenant_id` = ?")
		assert.Equal(t, []any{"acme"}, args)
	})
	t.Run("a bypass reads every tenant", func(t *testing.T) {
		q := &query{}
		require.NoError(t, intercept(tenant.WithBypass(t.Context()), q))
		assert.Empty(t, q.preds)
	})
	t.Run("no tenant fails closed", func(t *testing.T) {
		q := &query{}
		require.ErrorIs(t, intercept(t.Context(), q), tenant.ErrMissing)
		assert.Empty(t, q.preds)
	})
	t.Run("a query without Where is refused", func(t *testing.T) {
		err := intercept(tenant.WithTenant(t.Context(), "acme"), struct{}{})
		require.ErrorContains(t, err, "cannot be scoped to a tenant")
	})
}
