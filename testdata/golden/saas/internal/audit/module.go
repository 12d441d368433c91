package audit

import (
	"go.uber.org/fx"

	"example.com/saas/internal/ent"
	"example.com/saas/pkg/audit"
	"example.com/saas/pkg/database"
	"example.com/saas/pkg/httpapi"
	"example.com/saas/pkg/module"
)

// Module provides audit.Auditor, audits permission-checked mutating
// requests through the router's route middleware group, and registers the
// kernel migration that creates audit_records.
//
// A tenancy feature makes records carry the tenant by supplying an
// audit.TenantFunc to the graph.
var Module = fx.Module("audit",
	fx.Provide(
		// Private: other kernel features may build their own client on the
		// same generated package without a conflicting *ent.Client.
		fx.Private,
		newClient,
	),
	fx.Provide(
		fx.Annotate(newRecorder, fx.As(new(audit.Auditor))),
		httpapi.AsRouteMiddleware(NewMiddleware),
	),
	module.AsMigration(module.Migration{Module: module.KernelName, Run: Migrate}),
)

// newClient builds the kernel Ent client on the shared connection pool;
// the database module closes the pool, so the client needs no lifecycle.
func newClient(db database.Database) *ent.Client {
	return ent.NewClient(ent.Driver(db.Driver()))
}

type recorderParams struct {
	fx.In

	Client *ent.Client
	Tenant audit.TenantFunc `optional:"true"`
}

func newRecorder(p recorderParams) *Recorder {
	return NewRecorder(p.Client, WithTenantFunc(p.Tenant))
}
