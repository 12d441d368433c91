// Package model is the intermediate model between goplt's specs and its
// templates. Every name a template needs (Go identifiers, import paths,
// environment prefixes) is computed here, once, so templates only range over
// lists and test flags.
package model

import (
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/goplt/goplt/generator/pin"
	"github.com/goplt/goplt/generator/spec"
)

// GoVersion is the go directive of every generated go.mod. Its dependencies
// (modernc sqlite, x/tools, otel) need Go 1.26.
const GoVersion = "1.26.0"

// CorePermissions are the permissions the kernel itself checks.
var CorePermissions = []string{
	"system.health.check",
	"system.modules.read",
	"system.routes.read",
}

// Project is the whole generated platform.
type Project struct {
	// Name is the project name, e.g. "acme".
	Name string
	// Module is the Go module path, e.g. "example.com/acme".
	Module string
	// Description is one line for READMEs.
	Description string
	// Database is the default database driver: "sqlite" or "postgres".
	Database string
	// Permissions is every permission of the platform (the kernel's and
	// every module's), sorted by value, each once.
	Permissions []Permission
	// Modules are the feature modules, sorted by name.
	Modules []*Module
	// Features says which optional kernel services are generated.
	Features Features
	// PluginNames are the names goplt.yaml lists under plugins, sorted. A
	// listed name is normally a module (Module.Plugin is then set); right
	// after goplt init it may not be one yet.
	PluginNames []string
	// Goplt is the version of the goplt rendering the project, which
	// goplt.mk pins for make gen.
	Goplt string
}

// GopltRelease reports whether Goplt is a release that `go run
// github.com/goplt/goplt/cmd/goplt@VERSION` can fetch, not a development
// build.
func (p *Project) GopltRelease() bool { return pin.Release(p.Goplt) }

// Features says which optional kernel services (spec.Features) are on.
// Templates test the flags; Names keeps the order goplt.yaml lists them in.
type Features struct {
	Names         []string
	Audit         bool
	Events        bool
	Jobs          bool
	Notifications bool
	Errors        bool
	Tenancy       bool
	OIDC          bool
	Casbin        bool
	Tracing       bool
}

// newFeatures sets the flag of each name in names.
func newFeatures(names []string) Features {
	f := Features{Names: slices.Clone(names)}
	flags := map[string]*bool{
		"audit": &f.Audit, "events": &f.Events, "jobs": &f.Jobs,
		"notifications": &f.Notifications, "errors": &f.Errors, "tenancy": &f.Tenancy,
		"oidc": &f.OIDC, "casbin": &f.Casbin, "tracing": &f.Tracing,
	}
	for _, n := range names {
		if flag, ok := flags[n]; ok {
			*flag = true
		}
	}
	return f
}

// PerfEntity is the entity perf/wrk.sh reads back: the first one, by
// module and entity name, with create and get routes; nil when none has.
func (p *Project) PerfEntity() *Entity {
	for _, m := range p.Modules {
		for _, e := range m.Entities {
			if e.CRUDRoute(CRUDCreate) != nil && e.CRUDRoute(CRUDGet) != nil {
				return e
			}
		}
	}
	return nil
}

// StaticModules are the modules linked into the core binary (through
// internal/registry), sorted by name.
func (p *Project) StaticModules() []*Module {
	var out []*Module
	for _, m := range p.Modules {
		if !m.Plugin {
			out = append(out, m)
		}
	}
	return out
}

// Plugins are the modules built as Go plugins and loaded at start
// (internal/plugins), sorted by name.
func (p *Project) Plugins() []*Module {
	var out []*Module
	for _, m := range p.Modules {
		if m.Plugin {
			out = append(out, m)
		}
	}
	return out
}

// ListsPlugins reports whether goplt.yaml lists plugin modules: the core is
// then built with cgo and its container image needs a C library. Scaffolds
// written once (Dockerfile) test it, since goplt init renders them before
// the listed modules exist.
func (p *Project) ListsPlugins() bool { return len(p.PluginNames) > 0 }

// KernelEnt reports whether the kernel has Ent tables of its own (the audit
// log and the event outbox), generated into internal/ent.
func (f Features) KernelEnt() bool { return f.Audit || f.Events }

// New builds the model of a project spec and its modules' specs.
func New(p *spec.Project, mods ...*spec.Module) *Project {
	proj := &Project{
		Name:        p.Name,
		Module:      p.Module,
		Description: p.Description,
		Database:    p.Database,
		Features:    newFeatures(p.Features),
		PluginNames: slices.Clone(p.Plugins),
	}
	for _, v := range CorePermissions {
		proj.Permissions = append(proj.Permissions, Permission{Value: v})
	}
	for _, m := range mods {
		mod := newModule(proj, m)
		mod.Plugin = p.IsPlugin(m.Name)
		proj.Modules = append(proj.Modules, mod)
		proj.Permissions = append(proj.Permissions, mod.Permissions...)
	}
	sort.Slice(proj.Modules, func(i, j int) bool { return proj.Modules[i].Name < proj.Modules[j].Name })
	sort.Slice(proj.Permissions, func(i, j int) bool {
		return proj.Permissions[i].Value < proj.Permissions[j].Value
	})
	proj.Permissions = slices.Compact(proj.Permissions)
	return proj
}

// GoVersion is the go directive of the generated go.mod.
func (p *Project) GoVersion() string { return GoVersion }

// EnvPrefix is the prefix of every environment variable the platform reads:
// the name upper-cased with every other character as '_' ("my-app" -> "MY_APP").
func (p *Project) EnvPrefix() string {
	return strings.Map(func(r rune) rune {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return unicode.ToUpper(r)
		}
		return '_'
	}, p.Name)
}

// Title is the name for headings ("my-app" -> "My App").
func (p *Project) Title() string { return Title(p.Name) }

// Title turns a name into words for headings ("my-app" -> "My App",
// "blog_posts" -> "Blog Posts").
func Title(name string) string {
	words := strings.FieldsFunc(name, func(r rune) bool { return r == '-' || r == '_' })
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}

// DescriptionOrDefault is the one-line description, or a default one.
func (p *Project) DescriptionOrDefault() string {
	if p.Description != "" {
		return p.Description
	}
	return p.Title() + " platform: a modular Go monolith on uber-go/fx, Gin and Ent"
}

// Postgres reports whether PostgreSQL is the default database.
func (p *Project) Postgres() bool { return p.Database == "postgres" }

// Permission is one "module.resource.action" permission string.
type Permission struct {
	// Value is the permission string, e.g. "blog.post.create".
	Value string
}

// Const is the Go constant naming the permission in package perm
// ("blog.post.create" -> "BlogPostCreate").
func (p Permission) Const() string { return pascal(p.Value) }

// pascal joins the words of s, split at any non-alphanumeric character, in
// PascalCase ("blog.post_tag.read" -> "BlogPostTagRead").
func pascal(s string) string {
	var b strings.Builder
	upper := true
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			upper = true
			continue
		}
		if upper {
			r = unicode.ToUpper(r)
			upper = false
		}
		b.WriteRune(r)
	}
	return b.String()
}
