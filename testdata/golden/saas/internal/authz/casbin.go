package authz

import (
	"context"
	_ "embed" // the built-in casbin model
	"fmt"
	"maps"
	"os"
	"slices"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"
	"go.uber.org/fx"

	"example.com/saas/pkg/auth"
	"example.com/saas/pkg/authz"
	"example.com/saas/pkg/config"
	"example.com/saas/pkg/perm"
)

// casbinModel is the built-in model: RBAC with role inheritance (g) whose
// policies grant permission patterns matched by permMatch. It is a copy of
// config/casbin/model.conf; a test keeps the two identical.
//
//go:embed casbin_model.conf
var casbinModel string

// matchFunc is the name the model uses for perm.Pattern matching.
const matchFunc = "permMatch"

// CasbinAuthorizer evaluates authz.roles with a casbin enforcer. It grants
// exactly what RoleAuthorizer grants for the same roles, plus inheritance
// between roles; pick it to customise the model or to grow into casbin's
// policy storage.
type CasbinAuthorizer struct {
	enforcer *casbin.SyncedEnforcer
	patterns map[string]perm.Pattern
}

var _ authz.Authorizer = (*CasbinAuthorizer)(nil)

// CasbinModule offers the casbin authorizer as the kernel's alternative
// when authz.engine is casbin; with any other engine it offers none.
var CasbinModule = fx.Provide(fx.Annotate(
	func(cfg *config.Config) (authz.Authorizer, error) {
		if cfg.Authz.Engine != config.AuthzEngineCasbin {
			return nil, nil
		}
		return provideCasbin(cfg.Authz)
	},
	fx.ResultTags(`name:"`+AlternativeName+`"`),
))

// provideCasbin builds the casbin authorizer from the authz configuration,
// reading authz.casbin.model_file when set.
func provideCasbin(cfg config.Authz) (*CasbinAuthorizer, error) {
	text := casbinModel
	if cfg.Casbin.ModelFile != "" {
		data, err := os.ReadFile(cfg.Casbin.ModelFile)
		if err != nil {
			return nil, fmt.Errorf("authz: casbin: read model: %w", err)
		}
		text = string(data)
	}
	return NewCasbin(text, cfg.Roles, cfg.Casbin.Inherits)
}

// NewCasbin builds an enforcer for modelText (empty = built-in model) with
// one policy per role pattern and one grouping per inherited role. Patterns
// are validated and compiled here, like New does, so bad roles fail start.
func NewCasbin(modelText string, roles, inherits map[string][]string) (*CasbinAuthorizer, error) {
	if modelText == "" {
		modelText = casbinModel
	}
	m, err := model.NewModelFromString(modelText)
	if err != nil {
		return nil, fmt.Errorf("authz: casbin: parse model: %w", err)
	}
	e, err := casbin.NewSyncedEnforcer(m)
	if err != nil {
		return nil, fmt.Errorf("authz: casbin: new enforcer: %w", err)
	}
	a := &CasbinAuthorizer{enforcer: e, patterns: make(map[string]perm.Pattern)}
	e.AddFunction(matchFunc, a.match)

	var policies [][]string
	// Sorted so errors and policy order are stable across runs.
	for _, role := range slices.Sorted(maps.Keys(roles)) {
		for _, s := range roles[role] {
			p, err := perm.ParsePattern(s)
			if err != nil {
				return nil, fmt.Errorf("authz: role %q: %w", role, err)
			}
			a.patterns[s] = p
			rule := []string{role, s}
			// casbin refuses a batch holding a duplicate rule.
			if !slices.ContainsFunc(policies, func(r []string) bool { return slices.Equal(r, rule) }) {
				policies = append(policies, rule)
			}
		}
	}
	var groupings [][]string
	for _, role := range slices.Sorted(maps.Keys(inherits)) {
		for _, parent := range slices.Compact(slices.Sorted(slices.Values(inherits[role]))) {
			groupings = append(groupings, []string{role, parent})
		}
	}
	if len(policies) > 0 {
		if _, err := e.AddPolicies(policies); err != nil {
			return nil, fmt.Errorf("authz: casbin: add policies: %w", err)
		}
	}
	if len(groupings) > 0 {
		if _, err := e.AddGroupingPolicies(groupings); err != nil {
			return nil, fmt.Errorf("authz: casbin: add role inheritance: %w", err)
		}
	}
	return a, nil
}

// match is permMatch(permission, pattern) for the model. Patterns from the
// configuration are compiled once; others (a custom model's) are parsed on
// use, and a malformed one matches nothing.
func (a *CasbinAuthorizer) match(args ...any) (any, error) {
	if len(args) != 2 {
		return false, fmt.Errorf("%s: want 2 arguments, got %d", matchFunc, len(args))
	}
	p, ok1 := args[0].(string)
	s, ok2 := args[1].(string)
	if !ok1 || !ok2 {
		return false, fmt.Errorf("%s: arguments must be strings", matchFunc)
	}
	pt, ok := a.patterns[s]
	if !ok {
		var err error
		if pt, err = perm.ParsePattern(s); err != nil {
			return false, nil
		}
	}
	return pt.Match(perm.Permission(p)), nil
}

// Authorize reports whether any of the user's roles is granted p by the
// model. Unknown roles grant nothing.
func (a *CasbinAuthorizer) Authorize(ctx context.Context, p perm.Permission) error {
	user, ok := auth.FromContext(ctx)
	if !ok {
		return authz.ErrUnauthenticated
	}
	for _, role := range user.Roles {
		allowed, err := a.enforcer.Enforce(role, string(p))
		if err != nil {
			return fmt.Errorf("authz: casbin: enforce %s for role %q: %w", p, role, err)
		}
		if allowed {
			return nil
		}
	}
	return authz.ErrForbidden
}
