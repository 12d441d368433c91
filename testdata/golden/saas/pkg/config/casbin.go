package config

import (
	"fmt"
	"maps"
	"slices"
)

// Authorization engines accepted in Authz.Engine.
const (
	// AuthzEngineMemory is the built-in role table with wildcard patterns.
	AuthzEngineMemory = "memory"
	// AuthzEngineCasbin evaluates the same roles with a casbin model.
	AuthzEngineCasbin = "casbin"
)

// Casbin configures the casbin authorization engine. Its policies are the
// roles in authz.roles; only the model and role inheritance are set here.
type Casbin struct {
	// ModelFile is a casbin model (.conf) replacing the built-in one, which
	// config/casbin/model.conf reproduces as a starting point. Empty uses
	// the built-in model.
	ModelFile string `mapstructure:"model_file"`
	// Inherits maps a role to the roles whose permissions it also grants,
	// e.g. editor: [viewer].
	Inherits map[string][]string `mapstructure:"inherits"`
}

// validateEngine checks authz.engine and the casbin settings. An empty
// engine means memory.
func (a Authz) validateEngine() []error {
	var errs []error
	switch a.Engine {
	case "", AuthzEngineMemory:
		// The memory engine has no notion of inheritance; silently
		// ignoring it would grant less than the operator expects.
		if len(a.Casbin.Inherits) > 0 {
			errs = append(errs, fmt.Errorf("authz.casbin.inherits: requires authz.engine %s", AuthzEngineCasbin))
		}
	case AuthzEngineCasbin:
		for _, role := range slices.Sorted(maps.Keys(a.Casbin.Inherits)) {
			for _, parent := range a.Casbin.Inherits[role] {
				if _, ok := a.Roles[parent]; !ok {
					errs = append(errs, fmt.Errorf("authz.casbin.inherits.%s: unknown role %q", role, parent))
				}
			}
		}
	default:
		errs = append(errs, fmt.Errorf("authz.engine: must be %s or %s, got %q", AuthzEngineMemory, AuthzEngineCasbin, a.Engine))
	}
	return errs
}
