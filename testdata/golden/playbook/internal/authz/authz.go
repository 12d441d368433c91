// Package authz implements role-based authorization from configuration.
package authz

import (
	"context"
	"fmt"

	"go.uber.org/fx"

	"github.com/yourorg/platform/pkg/auth"
	"github.com/yourorg/platform/pkg/authz"
	"github.com/yourorg/platform/pkg/config"
	"github.com/yourorg/platform/pkg/perm"
)

// AlternativeName names the authz.Authorizer a kernel feature provides in
// place of the in-memory one (casbin, when authz.engine says so). A feature
// that is configured off provides nil, and the role table is used.
const AlternativeName = "authz.alternative"

// Module provides the authz.Authorizer: a feature's alternative when one is
// provided, else the role table of authz.roles.
var Module = fx.Module("authz", fx.Provide(provide))

type params struct {
	fx.In

	Config      *config.Config
	Alternative authz.Authorizer `name:"authz.alternative" optional:"true"`
}

func provide(p params) (authz.Authorizer, error) {
	if p.Alternative != nil {
		return p.Alternative, nil
	}
	return New(p.Config.Authz.Roles)
}

// RoleAuthorizer grants permissions through roles. Each role's patterns are
// compiled once at construction so Authorize neither parses nor allocates.
type RoleAuthorizer struct {
	roles map[string]grants
}

var _ authz.Authorizer = (*RoleAuthorizer)(nil)

// grants is the compiled form of one role's patterns.
type grants struct {
	all      bool
	exact    map[perm.Permission]struct{}
	patterns []perm.Pattern // prefix and action patterns
}

// New compiles roles (role name -> permission patterns).
func New(roles map[string][]string) (*RoleAuthorizer, error) {
	a := &RoleAuthorizer{roles: make(map[string]grants, len(roles))}
	for role, patterns := range roles {
		g, err := compile(patterns)
		if err != nil {
			return nil, fmt.Errorf("authz: role %q: %w", role, err)
		}
		a.roles[role] = g
	}
	return a, nil
}

func compile(patterns []string) (grants, error) {
	g := grants{exact: make(map[perm.Permission]struct{})}
	for _, s := range patterns {
		p, err := perm.ParsePattern(s)
		if err != nil {
			return grants{}, err
		}
		switch p.Kind {
		case perm.MatchAll:
			g.all = true
		case perm.MatchExact:
			g.exact[perm.Permission(p.Value)] = struct{}{}
		default:
			g.patterns = append(g.patterns, p)
		}
	}
	return g, nil
}

// Authorize reports whether the user in ctx holds p through any role.
// Unknown roles grant nothing.
func (a *RoleAuthorizer) Authorize(ctx context.Context, p perm.Permission) error {
	user, ok := auth.FromContext(ctx)
	if !ok {
		return authz.ErrUnauthenticated
	}
	for _, role := range user.Roles {
		if g, ok := a.roles[role]; ok && g.allows(p) {
			return nil
		}
	}
	return authz.ErrForbidden
}

func (g grants) allows(p perm.Permission) bool {
	if g.all {
		return true
	}
	if _, ok := g.exact[p]; ok {
		return true
	}
	for _, pt := range g.patterns {
		if pt.Match(p) {
			return true
		}
	}
	return false
}
