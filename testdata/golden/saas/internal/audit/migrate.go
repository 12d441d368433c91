package audit

import (
	"context"
	"fmt"

	"entgo.io/ent/dialect"

	"example.com/saas/internal/ent"
)

// appendOnlyTriggerSQL makes audit_records append-only inside PostgreSQL,
// so even raw SQL (a psql session, another service, a buggy migration)
// cannot rewrite history. It is idempotent: the migration runs on every
// start. TRUNCATE is refused too, as it deletes without a row trigger.
var appendOnlyTriggerSQL = []string{
	`CREATE OR REPLACE FUNCTION audit_records_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'audit_records is append-only: % refused', TG_OP
		USING ERRCODE = 'insufficient_privilege';
END;
$$`,
	`DROP TRIGGER IF EXISTS audit_records_append_only ON audit_records`,
	`CREATE TRIGGER audit_records_append_only
	BEFORE UPDATE OR DELETE ON audit_records
	FOR EACH ROW EXECUTE FUNCTION audit_records_append_only()`,
	`DROP TRIGGER IF EXISTS audit_records_no_truncate ON audit_records`,
	`CREATE TRIGGER audit_records_no_truncate
	BEFORE TRUNCATE ON audit_records
	FOR EACH STATEMENT EXECUTE FUNCTION audit_records_append_only()`,
}

// Migrate creates the audit_records table and, on PostgreSQL, the trigger
// that refuses UPDATE, DELETE and TRUNCATE on it.
func Migrate(ctx context.Context, drv dialect.Driver) error {
	if err := ent.NewClient(ent.Driver(drv)).Schema.Create(ctx); err != nil {
		return fmt.Errorf("audit: create tables: %w", err)
	}
	if drv.Dialect() != dialect.Postgres {
		return nil
	}
	return installTrigger(ctx, drv)
}

// installTrigger runs appendOnlyTriggerSQL in one transaction: the DROP
// TRIGGER locks the table, so instances starting together take turns
// instead of failing on each other's half-installed trigger.
func installTrigger(ctx context.Context, drv dialect.Driver) (err error) {
	tx, err := drv.Tx(ctx)
	if err != nil {
		return fmt.Errorf("audit: install append-only trigger: begin: %w", err)
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	for _, stmt := range appendOnlyTriggerSQL {
		if err := tx.Exec(ctx, stmt, []any{}, nil); err != nil {
			return fmt.Errorf("audit: install append-only trigger: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("audit: install append-only trigger: commit: %w", err)
	}
	return nil
}
