package module

import (
	"context"
	"testing"

	"entgo.io/ent/dialect"
	"github.com/stretchr/testify/assert"
	"go.uber.org/fx"

	"github.com/yourorg/platform/pkg/perm"
)

type fakeModule struct{ name string }

func (m fakeModule) Name() string    { return m.name }
func (m fakeModule) Version() string { return "1.0.0" }
func (m fakeModule) Permissions() []perm.Permission {
	return []perm.Permission{perm.Permission(m.name + ".item.read")}
}
func (m fakeModule) Options() fx.Option { return fx.Options() }

func TestRegistrySortsAndRejectsDuplicates(t *testing.T) {
	var r Registry
	r.Register(fakeModule{"wiki"})
	r.Register(fakeModule{"blog"})

	all := r.All()
	assert.Equal(t, "blog", all[0].Name())
	assert.Equal(t, "wiki", all[1].Name())
	assert.PanicsWithValue(t, `module: duplicate module name "blog"`, func() { r.Register(fakeModule{"blog"}) })
	assert.Panics(t, func() { r.Register(fakeModule{""}) })
}

func TestDescribe(t *testing.T) {
	info := Describe(fakeModule{"blog"})
	perms := []perm.Permission{"blog.item.read"}
	assert.Equal(t, Info{Name: "blog", Version: "1.0.0", Permissions: perms, Source: SourceStatic}, info)
}

func TestSortMigrationsKernelFirst(t *testing.T) {
	noop := func(context.Context, dialect.Driver) error { return nil }
	ms := []Migration{
		{Module: "wiki", Run: noop},
		{Module: "blog", Run: noop},
		{Module: KernelName, Run: noop},
		{Module: "audit", Run: noop},
	}
	var got []string
	for _, m := range SortMigrations(ms) {
		got = append(got, m.Module)
	}
	assert.Equal(t, []string{KernelName, "audit", "blog", "wiki"}, got)
}
