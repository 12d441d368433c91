// Package tenantent scopes Ent entities to the tenant in the context. A
// module's tenant mixin (generated into its ent/schema package) installs
// Interceptor and Hook, so every query, update and delete of a
// tenant-scoped entity is limited to the caller's tenant and every create
// is stamped with it.
//
// It depends only on entgo.io/ent, never on a module's generated package,
// so one implementation serves every module.
package tenantent

import (
	"context"
	"fmt"
	"reflect"

	"entgo.io/ent"
	"entgo.io/ent/dialect/sql"

	"example.com/saas/pkg/tenant"
)

// Field is the column holding the owning tenant of a tenant-scoped entity.
const Field = "tenant_id"

// Wherer is implemented by every generated query and mutation: it appends
// a storage-level predicate without knowing the entity's package.
type Wherer interface {
	WhereP(...func(*sql.Selector))
}

// Filter limits q to the tenant in ctx. It fails closed with
// tenant.ErrMissing when ctx has neither a tenant nor a bypass.
func Filter(ctx context.Context, q Wherer) error {
	id, all, err := tenant.Scope(ctx)
	if err != nil {
		return err
	}
	if !all {
		q.WhereP(sql.FieldEQ(Field, id))
	}
	return nil
}

// Interceptor limits every query of the entity, graph traversals
// included, to the tenant in the context, and fails closed with
// tenant.ErrMissing when the context has neither a tenant nor a bypass.
//
// It is an ent.TraverseFunc rather than the module's generated
// intercept.TraverseFunc so the schema does not import its own generated
// code, which entc could not load for a module generated the first time.
// Generated queries have no untyped WhereP, so the predicate goes through
// their Where method (see where).
func Interceptor() ent.Interceptor {
	return ent.TraverseFunc(func(ctx context.Context, q ent.Query) error {
		id, all, err := tenant.Scope(ctx)
		if err != nil {
			return err
		}
		if all {
			return nil
		}
		return where(q, sql.FieldEQ(Field, id))
	})
}

// selectorFunc is the underlying type of every generated predicate type
// (predicate.Post and so on).
var selectorFunc = reflect.TypeFor[func(*sql.Selector)]()

// where calls q.Where(p), converting p to the predicate type of q's
// entity. Every generated query has Where(...predicate.X); a query without
// one is refused rather than silently read unfiltered.
func where(q ent.Query, p func(*sql.Selector)) error {
	if w, ok := q.(Wherer); ok {
		w.WhereP(p)
		return nil
	}
	m := reflect.ValueOf(q).MethodByName("Where")
	if !m.IsValid() || !m.Type().IsVariadic() || m.Type().NumIn() != 1 ||
		!selectorFunc.ConvertibleTo(m.Type().In(0).Elem()) {
		return fmt.Errorf("tenantent: query %T cannot be scoped to a tenant", q)
	}
	m.Call([]reflect.Value{reflect.ValueOf(p).Convert(m.Type().In(0).Elem())})
	return nil
}

// Hook stamps creates with the tenant in ctx and limits updates and deletes
// to it, so UpdateOne and DeleteOne on another tenant's row find nothing
// and report not found.
func Hook() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			id, all, err := tenant.Scope(ctx)
			if err != nil {
				return nil, fmt.Errorf("%s %s: %w", m.Op(), m.Type(), err)
			}
			if m.Op().Is(ent.OpCreate) {
				if err := stamp(m, id, all); err != nil {
					return nil, err
				}
				return next.Mutate(ctx, m)
			}
			if !all {
				w, ok := m.(Wherer)
				if !ok {
					// Every generated mutation has WhereP; failing here
					// beats silently touching other tenants' rows.
					return nil, fmt.Errorf("tenantent: %s mutation %T cannot be scoped to a tenant", m.Type(), m)
				}
				w.WhereP(sql.FieldEQ(Field, id))
			}
			return next.Mutate(ctx, m)
		})
	}
}

// stamp sets the tenant of a create. A tenant set explicitly must match the
// context's; under a bypass the caller sets it and Ent's required-field
// check rejects a create without one.
func stamp(m ent.Mutation, id string, all bool) error {
	if all {
		return nil
	}
	if v, ok := m.Field(Field); ok {
		if v != id {
			return fmt.Errorf("create %s: %w: tenant_id %v, context tenant %s", m.Type(), tenant.ErrConflict, v, id)
		}
		return nil
	}
	if err := m.SetField(Field, id); err != nil {
		return fmt.Errorf("create %s: set %s: %w", m.Type(), Field, err)
	}
	return nil
}
