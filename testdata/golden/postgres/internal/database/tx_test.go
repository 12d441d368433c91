package database_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"os"
	"strings"
	"testing"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acme-corp/shop/internal/database"
	"github.com/acme-corp/shop/pkg/config"
	pkgdb "github.com/acme-corp/shop/pkg/database"
)

var errAbort = errors.New("abort")

// txFixture is a database with a private table.
type txFixture struct {
	db    *database.DB
	table string
}

// fixtures returns SQLite always and PostgreSQL when DATABASE_URL is set.
func fixtures(t *testing.T) map[string]func(t *testing.T) txFixture {
	fs := map[string]func(t *testing.T) txFixture{
		"sqlite": func(t *testing.T) txFixture {
			name := strings.NewReplacer("/", "_", " ", "_").Replace(t.Name())
			return newFixture(t, config.Database{
				Driver: config.DriverSQLite, MaxOpenConns: 4, MaxIdleConns: 4,
				DSN: "file:" + name + "?mode=memory&cache=shared&_pragma=foreign_keys(1)",
			})
		},
	}
	if dsn := os.Getenv("DATABASE_URL"); dsn != "" {
		fs["postgres"] = func(t *testing.T) txFixture {
			return newFixture(t, config.Database{Driver: config.DriverPostgres, DSN: dsn, MaxOpenConns: 4, MaxIdleConns: 4})
		}
	}
	return fs
}

// newFixture opens cfg and creates a uniquely named table, dropped at the end.
func newFixture(t *testing.T, cfg config.Database) txFixture {
	t.Helper()
	db, err := database.Open(cfg)
	require.NoError(t, err)
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	f := txFixture{db: db, table: "tx_test_" + hex.EncodeToString(b)}
	require.NoError(t, db.Driver().Exec(t.Context(), "CREATE TABLE "+f.table+" (name TEXT NOT NULL)", []any{}, nil))
	t.Cleanup(func() {
		_ = db.Driver().Exec(context.Background(), "DROP TABLE "+f.table, []any{}, nil)
		_ = db.Close()
	})
	return f
}

// insert adds a row with ctx, inside whatever transaction ctx carries.
func (f txFixture) insert(ctx context.Context, name string) error {
	arg := "?"
	if f.db.Dialect() == "postgres" {
		arg = "$1"
	}
	return f.db.Driver().Exec(ctx, "INSERT INTO "+f.table+" (name) VALUES ("+arg+")", []any{name}, nil)
}

// count returns the committed rows.
func (f txFixture) count(t *testing.T) int {
	t.Helper()
	var rows entsql.Rows
	require.NoError(t, f.db.Driver().Query(t.Context(), "SELECT COUNT(*) FROM "+f.table, []any{}, &rows))
	var n int
	require.True(t, rows.Next())
	require.NoError(t, rows.Scan(&n))
	require.NoError(t, rows.Close())
	return n
}

func TestInTx(t *testing.T) {
	for name, open := range fixtures(t) {
		t.Run(name, func(t *testing.T) {
			t.Run("commit runs after-commit callbacks", func(t *testing.T) {
				f := open(t)
				called := 0
				require.NoError(t, f.db.InTx(t.Context(), func(ctx context.Context) error {
					require.NoError(t, f.insert(ctx, "a"))
					f.db.AfterCommit(ctx, func() { called++ })
					assert.Zero(t, called, "not before commit")
					return nil
				}))
				assert.Equal(t, 1, f.count(t))
				assert.Equal(t, 1, called)
			})
			t.Run("error rolls back and skips callbacks", func(t *testing.T) {
				f := open(t)
				called := false
				err := f.db.InTx(t.Context(), func(ctx context.Context) error {
					require.NoError(t, f.insert(ctx, "a"))
					f.db.AfterCommit(ctx, func() { called = true })
					return errAbort
				})
				assert.ErrorIs(t, err, errAbort, "fn's error is returned unwrapped")
				assert.Zero(t, f.count(t))
				assert.False(t, called)
			})
			t.Run("panic rolls back and propagates", func(t *testing.T) {
				f := open(t)
				assert.PanicsWithValue(t, "boom", func() {
					_ = f.db.InTx(t.Context(), func(ctx context.Context) error {
						require.NoError(t, f.insert(ctx, "a"))
						panic("boom")
					})
				})
				assert.Zero(t, f.count(t))
				require.NoError(t, f.db.InTx(t.Context(), func(ctx context.Context) error { return f.insert(ctx, "b") }),
					"the write lock was released")
			})
			t.Run("nested calls join; a nested failure rolls back all", func(t *testing.T) {
				f := open(t)
				err := f.db.InTx(t.Context(), func(ctx context.Context) error {
					require.NoError(t, f.insert(ctx, "outer"))
					require.NoError(t, f.db.InTx(ctx, func(ctx context.Context) error { return f.insert(ctx, "inner") }))
					_ = f.db.InTx(ctx, func(context.Context) error { return errAbort }) // swallowed by the caller
					return nil
				})
				assert.ErrorIs(t, err, pkgdb.ErrRollbackOnly)
				assert.Zero(t, f.count(t))

				require.NoError(t, f.db.InTx(t.Context(), func(ctx context.Context) error {
					require.NoError(t, f.insert(ctx, "outer"))
					return f.db.InTx(ctx, func(ctx context.Context) error { return f.insert(ctx, "inner") })
				}))
				assert.Equal(t, 2, f.count(t))
			})
			t.Run("driver transactions join", func(t *testing.T) {
				f := open(t)
				err := f.db.InTx(t.Context(), func(ctx context.Context) error {
					// What Ent does for multi-statement writes and client.Tx.
					tx, err := f.db.Driver().Tx(ctx)
					require.NoError(t, err)
					require.NoError(t, tx.Exec(ctx, "DELETE FROM "+f.table, []any{}, nil))
					require.NoError(t, tx.Commit(), "a no-op: the outer InTx commits")
					// What Ent does for client.BeginTx.
					btx, err := f.db.Driver().(interface {
						BeginTx(context.Context, *sql.TxOptions) (dialect.Tx, error)
					}).BeginTx(ctx, &sql.TxOptions{})
					require.NoError(t, err)
					require.NoError(t, btx.Exec(ctx, "INSERT INTO "+f.table+" (name) VALUES ('b')", []any{}, nil))
					require.NoError(t, btx.Commit(), "a no-op: the outer InTx rolls the insert back")
					require.NoError(t, f.insert(ctx, "a"))
					return errAbort
				})
				require.ErrorIs(t, err, errAbort)
				assert.Zero(t, f.count(t))
			})
			t.Run("without a transaction callbacks run at once", func(t *testing.T) {
				f := open(t)
				called := false
				f.db.AfterCommit(t.Context(), func() { called = true })
				assert.True(t, called)
			})
		})
	}
}
