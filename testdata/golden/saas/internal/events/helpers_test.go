package events

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"

	"example.com/saas/internal/database"
	"example.com/saas/pkg/config"
	"example.com/saas/pkg/events"
	"example.com/saas/pkg/module"
)

// backend is a database the outbox tests run against.
type backend struct {
	name string
	open func(t *testing.T) *database.DB
}

// backends returns SQLite always and PostgreSQL when DATABASE_URL is set.
func backends(t *testing.T) []backend {
	t.Helper()
	bs := []backend{{name: "sqlite", open: openSQLite}}
	if os.Getenv("DATABASE_URL") != "" {
		bs = append(bs, backend{name: "postgres", open: openPostgres})
	}
	return bs
}

// forEachBackend runs fn as a subtest per backend, reporting the skipped
// PostgreSQL variant so a missing DATABASE_URL is visible.
func forEachBackend(t *testing.T, fn func(t *testing.T, db *database.DB)) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) { fn(t, b.open(t)) })
	}
	if os.Getenv("DATABASE_URL") == "" {
		t.Run("postgres", func(t *testing.T) {
			t.Skip("DATABASE_URL not set; skipping the PostgreSQL variant (set it to a postgres:// URL to run)")
		})
	}
}

// openSQLite opens a private in-memory database with the outbox table.
func openSQLite(t *testing.T) *database.DB {
	t.Helper()
	name := strings.NewReplacer("/", "_", " ", "_").Replace(t.Name())
	return openMigrated(t, config.Database{
		Driver:       config.DriverSQLite,
		DSN:          "file:" + name + "?mode=memory&cache=shared&_pragma=foreign_keys(1)",
		MaxOpenConns: 4,
		MaxIdleConns: 4,
	})
}

// openPostgres opens DATABASE_URL with a private schema, dropped at the
// end, so parallel runs never see each other's outbox rows.
func openPostgres(t *testing.T) *database.DB {
	t.Helper()
	dsn := os.Getenv("DATABASE_URL")
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := "evt_test_" + hex.EncodeToString(b)

	admin, err := sql.Open("pgx", dsn)
	require.NoError(t, err)
	t.Cleanup(func() { _ = admin.Close() })
	_, err = admin.ExecContext(t.Context(), "CREATE SCHEMA "+schema)
	require.NoError(t, err)
	t.Cleanup(func() {
		_, _ = admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
	})

	u, err := url.Parse(dsn)
	require.NoError(t, err)
	q := u.Query()
	q.Set("search_path", schema) // pgx sends unknown parameters as session settings
	u.RawQuery = q.Encode()
	return openMigrated(t, config.Database{
		Driver:       config.DriverPostgres,
		DSN:          u.String(),
		MaxOpenConns: 4,
		MaxIdleConns: 4,
	})
}

// openMigrated opens cfg and runs the events kernel migration.
func openMigrated(t *testing.T, cfg config.Database) *database.DB {
	t.Helper()
	db, err := database.Open(cfg)
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	require.NoError(t, db.Migrate(t.Context(), zap.NewNop(),
		[]module.Migration{{Module: module.KernelName, Run: migrate}}))
	return db
}

// recorder is a handler that remembers what it received.
type recorder struct {
	mu  sync.Mutex
	got []events.Event
}

// handle records e.
func (r *recorder) handle(_ context.Context, e events.Event) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, e)
	return nil
}

// events returns a copy of what was received.
func (r *recorder) events() []events.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.got)
}

// waitFor waits until the recorder holds n events.
func (r *recorder) waitFor(t *testing.T, n int) []events.Event {
	t.Helper()
	require.Eventually(t, func() bool { return len(r.events()) >= n }, 10*time.Second, 5*time.Millisecond,
		"want %d events", n)
	return r.events()
}

// fakeTransport records batches and fails while failures > 0.
type fakeTransport struct {
	mu       sync.Mutex
	failures int
	sent     []events.Event
	calls    int
}

// Send fails the first failures calls, then records evs.
func (f *fakeTransport) Send(_ context.Context, evs []events.Event) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if f.failures > 0 {
		f.failures--
		return errBrokerDown
	}
	f.sent = append(f.sent, evs...)
	return nil
}

// delivered returns what was sent successfully.
func (f *fakeTransport) delivered() []events.Event {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.sent)
}

// errBrokerDown is the fake transport's failure.
var errBrokerDown = &brokerError{}

type brokerError struct{}

func (*brokerError) Error() string { return "broker unavailable" }

// testLogger logs to the test output.
func testLogger(t *testing.T) *zap.Logger { return zaptest.NewLogger(t) }

// ids returns the ids of evs.
func ids(evs []events.Event) []string {
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = e.ID
	}
	return out
}

// outboxCount counts rows waiting in the outbox.
func outboxCount(t *testing.T, o *Outbox) int {
	t.Helper()
	n, err := o.client.OutboxEvent.Query().Count(t.Context())
	require.NoError(t, err)
	return n
}
