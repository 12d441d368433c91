package deploys

import "go.uber.org/fx"

// extraOptions returns the module's hand-written fx wiring, added to the
// generated Options in module.go. goplt created this file once and never
// overwrites it: add your own providers and invokes here, e.g.
//
//	return fx.Options(
//		fx.Provide(newMailer),
//		fx.Provide(health.AsChecker(newSearchChecker)),
//		fx.Invoke(registerHooks),
//	)
func extraOptions() fx.Option {
	return fx.Options()
}
