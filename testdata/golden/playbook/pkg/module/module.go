// Package module defines the contract every feature module implements and
// the static registry generated code fills at program start.
package module

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"

	"entgo.io/ent/dialect"
	"go.uber.org/fx"

	"github.com/yourorg/platform/pkg/perm"
)

// Module is a feature module, linked into the platform binary or loaded
// from a plugin file at start.
type Module interface {
	// Name is the unique module name; it prefixes the module's permissions.
	Name() string
	// Version is the module's semantic version.
	Version() string
	// Permissions lists the permissions the module defines.
	Permissions() []perm.Permission
	// Options returns the module's fx wiring: constructors, routes,
	// health checks and migrations.
	Options() fx.Option
}

// Info is the serialisable description of a Module.
type Info struct {
	Name        string            `json:"name"`
	Version     string            `json:"version"`
	Permissions []perm.Permission `json:"permissions"`
	// Source is SourceStatic or "plugin:" and the plugin file's path.
	Source string `json:"source"`
}

// Describe returns the description of m.
func Describe(m Module) Info {
	ps := slices.Clone(m.Permissions())
	slices.Sort(ps)
	if ps == nil {
		ps = []perm.Permission{}
	}
	return Info{Name: m.Name(), Version: m.Version(), Permissions: ps, Source: SourceOf(m)}
}

// Registry holds modules by unique name.
type Registry struct {
	mu      sync.RWMutex
	modules map[string]Module
}

// Register adds m. It panics on an empty or duplicate name because it runs
// from generated code during initialisation, where a conflict is a build
// mistake that must not reach production.
func (r *Registry) Register(m Module) {
	r.mu.Lock()
	defer r.mu.Unlock()
	name := m.Name()
	if name == "" {
		panic("module: Register called with an empty module name")
	}
	if _, dup := r.modules[name]; dup {
		panic(fmt.Sprintf("module: duplicate module name %q", name))
	}
	if r.modules == nil {
		r.modules = make(map[string]Module)
	}
	r.modules[name] = m
}

// All returns the registered modules sorted by name.
func (r *Registry) All() []Module {
	r.mu.RLock()
	defer r.mu.RUnlock()
	all := make([]Module, 0, len(r.modules))
	for _, m := range r.modules {
		all = append(all, m)
	}
	slices.SortFunc(all, func(a, b Module) int { return cmp.Compare(a.Name(), b.Name()) })
	return all
}

// static is the process-wide registry of statically linked modules.
var static Registry

// Register adds m to the static registry. See Registry.Register.
func Register(m Module) { static.Register(m) }

// All returns the statically registered modules sorted by name.
func All() []Module { return static.All() }

// MigrationsGroup is the fx value group that collects every Migration.
const MigrationsGroup = "migrations"

// KernelName is the Migration.Module value for kernel migrations, which
// always run before module migrations.
const KernelName = "kernel"

// Migration brings one module's schema up to date. It must be idempotent:
// it runs on every start.
type Migration struct {
	// Module is the owning module's name.
	Module string
	// Run applies the migration, typically client.Schema.Create(ctx).
	Run func(ctx context.Context, drv dialect.Driver) error
}

// AsMigration contributes m to the migrations group.
func AsMigration(m Migration) fx.Option {
	return fx.Supply(fx.Annotated{Group: MigrationsGroup, Target: m})
}

// SortMigrations orders ms for execution: kernel first, then by module
// name. The sort is stable so one module's migrations keep their order.
func SortMigrations(ms []Migration) []Migration {
	sorted := slices.Clone(ms)
	slices.SortStableFunc(sorted, func(a, b Migration) int {
		if ak, bk := a.Module == KernelName, b.Module == KernelName; ak != bk {
			if ak {
				return -1
			}
			return 1
		}
		return cmp.Compare(a.Module, b.Module)
	})
	return sorted
}
