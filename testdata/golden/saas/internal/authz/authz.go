// Package authz implements role-based authorization from configuration.
package authz

import (
	"context"
	"fmt"

	"go.uber.org/fx"

	"example.com/saas/pkg/auth"
	"example.com/saas/pkg/authz"
	"example.com/saas/pkg/config"
	"example.com/saas/pkg/perm"
)

// Module provides the authz.Authorizer configured by authz.roles, evaluated
// by the engine authz.engine selects.
var Module = fx.Module("authz", fx.Provide(provide))

func provide(cfg *config.Config) (authz.Authorizer, error) {
	if cfg.Authz.Engine == config.AuthzEngineCasbin {
		return provideCasbin(cfg.Authz)
	}
	return New(cfg.Authz.Roles)
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
