package audit_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	internalaudit "example.com/saas/internal/audit"
	"example.com/saas/internal/database"
	"example.com/saas/internal/ent"
	"example.com/saas/internal/ent/auditrecord"
	"example.com/saas/pkg/audit"
	"example.com/saas/pkg/auth"
	"example.com/saas/pkg/config"
	"example.com/saas/pkg/httpapi"
)

// backend is a migrated database holding audit_records.
type backend struct {
	drv    dialect.Driver
	db     *sql.DB
	client *ent.Client
}

// openSQLite returns a private in-memory SQLite database named after the
// test, migrated.
func openSQLite(t *testing.T) *backend {
	t.Helper()
	name := strings.NewReplacer("/", "_", " ", "_").Replace(t.Name())
	return open(t, config.Database{
		Driver:       config.DriverSQLite,
		DSN:          "file:" + name + "?mode=memory&cache=shared&_pragma=foreign_keys(1)",
		MaxOpenConns: 4,
		// An in-memory SQLite database lives as long as one connection
		// does, so keep idle ones.
		MaxIdleConns: 4,
	})
}

// openPostgres returns a migrated PostgreSQL database confined to a fresh
// schema, dropped at cleanup: audit rows cannot be deleted, but the schema
// holding them can.
func openPostgres(t *testing.T) *backend {
	t.Helper()
	dsn := os.Getenv("DATABASE_URL")
	if dsn == "" {
		t.Skip("DATABASE_URL not set; skipping PostgreSQL audit test")
	}
	schema := "audit_test_" + strings.ToLower(rand.Text()[:12])
	admin, err := database.Open(config.Database{Driver: config.DriverPostgres, DSN: dsn, MaxOpenConns: 1})
	require.NoError(t, err)
	t.Cleanup(func() { _ = admin.Close() })
	ctx := context.Background()
	_, err = admin.DB().ExecContext(ctx, "CREATE SCHEMA "+schema)
	require.NoError(t, err)
	t.Cleanup(func() {
		_, err := admin.DB().ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
		assert.NoError(t, err)
	})
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return open(t, config.Database{
		Driver:       config.DriverPostgres,
		DSN:          dsn + sep + "search_path=" + schema,
		MaxOpenConns: 4,
		MaxIdleConns: 4,
	})
}

func open(t *testing.T, cfg config.Database) *backend {
	t.Helper()
	db, err := database.Open(cfg)
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	require.NoError(t, internalaudit.Migrate(t.Context(), db.Driver()))
	return &backend{drv: db.Driver(), db: db.DB(), client: ent.NewClient(ent.Driver(db.Driver()))}
}

// backends runs fn against SQLite and, when DATABASE_URL is set, PostgreSQL.
func backends(t *testing.T, fn func(t *testing.T, b *backend)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, openSQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, openPostgres(t)) })
}

func TestRecordAndReadBack(t *testing.T) {
	backends(t, func(t *testing.T, b *backend) {
		ctx := t.Context()
		at := time.Date(2026, 3, 4, 5, 6, 7, 891234567, time.FixedZone("CET", 3600))
		rec := internalaudit.NewRecorder(b.client)

		want := audit.Action{
			Actor:     "alice",
			Action:    "blog.post.create",
			Target:    "blog/posts/42",
			TenantID:  "tenant-1",
			RequestID: "req-1",
			Metadata:  map[string]any{"title": "hello", "status": float64(201), "tags": []any{"a", "b"}},
			Time:      at,
		}
		require.NoError(t, rec.Record(ctx, want))
		require.NoError(t, rec.Record(ctx, audit.Action{Actor: "bob", Action: "blog.post.delete", Target: "blog/posts/42"}))

		got, err := internalaudit.Latest(ctx, b.client, 10)
		require.NoError(t, err)
		require.Len(t, got, 2)
		// Oldest first, like tail.
		first := got[0]
		assert.Positive(t, first.ID)
		assert.Equal(t, "alice", first.Actor)
		assert.Equal(t, "blog.post.create", first.Action.Action)
		assert.Equal(t, "blog/posts/42", first.Target)
		assert.Equal(t, "tenant-1", first.TenantID)
		assert.Equal(t, "req-1", first.RequestID)
		assert.Equal(t, want.Metadata, first.Metadata)
		assert.Equal(t, time.UTC, first.Time.Location(), "times are stored and returned in UTC")
		assert.True(t, at.Truncate(time.Microsecond).Equal(first.Time), "got %s", first.Time)

		second := got[1]
		assert.Greater(t, second.ID, first.ID)
		assert.Equal(t, "bob", second.Actor)
		assert.Empty(t, second.TenantID)
		assert.Nil(t, second.Metadata)
		assert.WithinDuration(t, time.Now(), second.Time, time.Minute, "zero Time means now")

		latest, err := internalaudit.Latest(ctx, b.client, 1)
		require.NoError(t, err)
		require.Len(t, latest, 1)
		assert.Equal(t, second.ID, latest[0].ID)

		after, err := internalaudit.After(ctx, b.client, first.ID, 10)
		require.NoError(t, err)
		require.Len(t, after, 1)
		assert.Equal(t, second.ID, after[0].ID)
	})
}

func TestRecordFillsFromContext(t *testing.T) {
	b := openSQLite(t)
	fixed := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tenantKey := struct{ name string }{"tenant"}
	rec := internalaudit.NewRecorder(b.client,
		internalaudit.WithClock(func() time.Time { return fixed }),
		internalaudit.WithTenantFunc(func(ctx context.Context) string {
			s, _ := ctx.Value(tenantKey).(string)
			return s
		}),
	)

	ctx := auth.WithUser(t.Context(), auth.User{ID: "carol", TenantID: "jwt-tenant"})
	ctx = httpapi.WithRequestID(ctx, "req-ctx")
	ctx = context.WithValue(ctx, tenantKey, "acme")
	require.NoError(t, rec.Record(ctx, audit.Action{Action: "blog.post.publish", Target: "blog/posts/7"}))

	got, err := internalaudit.Latest(ctx, b.client, 1)
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, "carol", got[0].Actor)
	assert.Equal(t, "req-ctx", got[0].RequestID)
	assert.Equal(t, "acme", got[0].TenantID, "TenantID comes from the tenant hook")
	assert.True(t, fixed.Equal(got[0].Time))

	// Explicit values win over the context.
	require.NoError(t, rec.Record(ctx, audit.Action{Actor: "system", Action: "x.y", TenantID: "other", RequestID: "r2"}))
	got, err = internalaudit.Latest(ctx, b.client, 1)
	require.NoError(t, err)
	assert.Equal(t, "system", got[0].Actor)
	assert.Equal(t, "other", got[0].TenantID)
	assert.Equal(t, "r2", got[0].RequestID)
}

func TestDefaultTenantIsEmpty(t *testing.T) {
	b := openSQLite(t)
	rec := internalaudit.NewRecorder(b.client)
	ctx := auth.WithUser(t.Context(), auth.User{ID: "dave", TenantID: "jwt-tenant"})
	require.NoError(t, rec.Record(ctx, audit.Action{Action: "blog.post.create"}))
	got, err := internalaudit.Latest(ctx, b.client, 1)
	require.NoError(t, err)
	assert.Empty(t, got[0].TenantID, "without a TenantFunc records are platform-wide")
}

func TestRecordRejectsEmptyAction(t *testing.T) {
	b := openSQLite(t)
	err := internalaudit.NewRecorder(b.client).Record(t.Context(), audit.Action{Actor: "alice", Target: "x"})
	require.ErrorIs(t, err, audit.ErrInvalidAction)
	n, err := b.client.AuditRecord.Query().Count(t.Context())
	require.NoError(t, err)
	assert.Zero(t, n)
}

func TestEntRefusesUpdateAndDelete(t *testing.T) {
	backends(t, func(t *testing.T, b *backend) {
		ctx := t.Context()
		rec := internalaudit.NewRecorder(b.client)
		require.NoError(t, rec.Record(ctx, audit.Action{Actor: "alice", Action: "blog.post.create", Target: "blog/posts/1"}))
		row := b.client.AuditRecord.Query().OnlyX(ctx)

		attempts := map[string]func() error{
			"update":     func() error { return b.client.AuditRecord.Update().Exec(ctx) },
			"update one": func() error { return b.client.AuditRecord.UpdateOneID(row.ID).Exec(ctx) },
			"update where": func() error {
				_, err := b.client.AuditRecord.Update().Where(auditrecord.Actor("alice")).Save(ctx)
				return err
			},
			"delete":     func() error { _, err := b.client.AuditRecord.Delete().Exec(ctx); return err },
			"delete one": func() error { return b.client.AuditRecord.DeleteOneID(row.ID).Exec(ctx) },
		}
		for name, attempt := range attempts {
			err := attempt()
			assert.ErrorIs(t, err, audit.ErrAppendOnly, name)
		}

		// Inside a transaction too: hooks run on the tx client.
		tx, err := b.client.Tx(ctx)
		require.NoError(t, err)
		_, err = tx.AuditRecord.Delete().Exec(ctx)
		assert.ErrorIs(t, err, audit.ErrAppendOnly)
		require.NoError(t, tx.Rollback())

		after := b.client.AuditRecord.Query().OnlyX(ctx)
		assert.Equal(t, row.ID, after.ID)
		assert.Equal(t, "alice", after.Actor)
	})
}

func TestMigrateIsIdempotent(t *testing.T) {
	backends(t, func(t *testing.T, b *backend) {
		require.NoError(t, internalaudit.Migrate(t.Context(), b.drv))
		require.NoError(t, internalaudit.Migrate(t.Context(), b.drv))
	})
}

func TestPostgresTriggerRefusesRawSQL(t *testing.T) {
	b := openPostgres(t)
	ctx := t.Context()
	rec := internalaudit.NewRecorder(b.client)
	require.NoError(t, rec.Record(ctx, audit.Action{Actor: "alice", Action: "blog.post.create", Target: "blog/posts/1"}))

	for _, stmt := range []string{
		"UPDATE audit_records SET actor = 'mallory'",
		"DELETE FROM audit_records",
		"TRUNCATE audit_records",
	} {
		_, err := b.db.ExecContext(ctx, stmt)
		require.Error(t, err, stmt)
		assert.Contains(t, err.Error(), "append-only", stmt)
	}

	row := b.client.AuditRecord.Query().OnlyX(ctx)
	assert.Equal(t, "alice", row.Actor)

	// Inserts still work through raw SQL: the table is append-only, not
	// read-only.
	_, err := b.db.ExecContext(ctx,
		"INSERT INTO audit_records (occurred_at, actor, action, target, tenant_id, request_id) VALUES (now(), 'ops', 'manual.fix', '', '', '')")
	require.NoError(t, err)
	n, err := b.client.AuditRecord.Query().Count(ctx)
	require.NoError(t, err)
	assert.Equal(t, 2, n)
}

func TestNopAuditor(t *testing.T) {
	var a audit.Auditor = audit.Nop{}
	assert.NoError(t, a.Record(t.Context(), audit.Action{}))
	assert.False(t, errors.Is(audit.Action{Action: "a"}.Validate(), audit.ErrInvalidAction))
}
