package tracing

import (
	"context"
	"database/sql"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/fx"
	"go.uber.org/fx/fxtest"
	"go.uber.org/zap"
	_ "modernc.org/sqlite"

	"example.com/saas/pkg/config"
	"example.com/saas/pkg/database"
)

// testDB is a database.Database over a private in-memory SQLite.
type testDB struct {
	db  *sql.DB
	drv dialect.Driver
}

func (d testDB) DB() *sql.DB            { return d.db }
func (d testDB) Driver() dialect.Driver { return d.drv }
func (d testDB) Dialect() string        { return dialect.SQLite }

// InTx runs fn without a transaction: these tests trace statements, not
// the kernel's transaction handling (internal/database tests that).
func (d testDB) InTx(ctx context.Context, fn func(context.Context) error) error { return fn(ctx) }

// AfterCommit runs fn at once, as there is no transaction to wait for.
func (d testDB) AfterCommit(_ context.Context, fn func()) { fn() }

func newTestDB(t *testing.T) testDB {
	t.Helper()
	name := strings.NewReplacer("/", "_", " ", "_").Replace(t.Name())
	db, err := sql.Open("sqlite", "file:"+name+"?mode=memory&cache=shared")
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	return testDB{db: db, drv: entsql.OpenDB(dialect.SQLite, db)}
}

func newTracer(t *testing.T) (trace.TracerProvider, *tracetest.InMemoryExporter) {
	t.Helper()
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	return tp, exp
}

func TestDriverTransactions(t *testing.T) {
	tp, exp := newTracer(t)
	drv := NewDriver(newTestDB(t).drv, tp)
	ctx, parent := tp.Tracer("test").Start(context.Background(), "request")

	require.NoError(t, drv.Exec(ctx, "CREATE TABLE t (v INTEGER)", []any{}, nil))
	tx, err := drv.BeginTx(ctx, &sql.TxOptions{})
	require.NoError(t, err)
	require.NoError(t, tx.Exec(ctx, "INSERT INTO t (v) VALUES (?)", []any{42}, nil))
	require.NoError(t, tx.Commit())

	tx, err = drv.Tx(ctx)
	require.NoError(t, err)
	require.Error(t, tx.Exec(ctx, "INSERT INTO missing (v) VALUES (?)", []any{1}, nil))
	require.NoError(t, tx.Rollback())
	parent.End()

	spans := exp.GetSpans()
	names := make([]string, len(spans))
	for i, s := range spans {
		names[i] = s.Name
	}
	assert.Equal(t, []string{"CREATE", "INSERT", "transaction", "INSERT", "transaction", "request"}, names)

	request, create := spans[5], spans[0]
	insert, commit := spans[1], spans[2]
	failed, rollback := spans[3], spans[4]
	assert.Equal(t, request.SpanContext.SpanID(), create.Parent.SpanID())
	assert.Equal(t, request.SpanContext.SpanID(), commit.Parent.SpanID())
	assert.Equal(t, commit.SpanContext.SpanID(), insert.Parent.SpanID(), "statements nest under their transaction")
	assert.Equal(t, codes.Error, failed.Status.Code)
	assert.NotEmpty(t, failed.Events, "the error is recorded")
	assert.Equal(t, codes.Unset, rollback.Status.Code)
	for _, kv := range insert.Attributes {
		assert.NotContains(t, kv.Value.String(), "42", "arguments are never recorded")
	}
}

func TestOperation(t *testing.T) {
	for query, want := range map[string]string{
		"SELECT 1":                   "SELECT",
		"  insert into t values (1)": "INSERT",
		"WITH(x) AS ...":             "WITH",
		"":                           "query",
	} {
		assert.Equal(t, want, operation(query), query)
	}
}

func TestTracesURL(t *testing.T) {
	assert.Equal(t, "http://otel:4318/v1/traces", tracesURL("http://otel:4318"))
	assert.Equal(t, "http://otel:4318/v1/traces", tracesURL("http://otel:4318/"))
	assert.Equal(t, "https://otel/v1/traces", tracesURL("https://otel/v1/traces"))
}

// startModule runs Module alone with a stub database and returns what it
// provided.
func startModule(t *testing.T, cfg config.Tracing, extra ...fx.Option) (*fxtest.App, trace.TracerProvider, database.Database) {
	t.Helper()
	full := &config.Config{App: config.App{Name: "saas", Environment: "test"}}
	full.Tracing = cfg
	var (
		tp trace.TracerProvider
		db database.Database
	)
	opts := append([]fx.Option{
		Module,
		fx.Supply(full, zap.NewNop()),
		fx.Provide(func() database.Database { return newTestDB(t) }),
		fx.NopLogger,
		fx.Populate(&tp, &db),
	}, extra...)
	app := fxtest.New(t, opts...)
	app.RequireStart()
	return app, tp, db
}

func TestModuleDisabledIsNoop(t *testing.T) {
	app, tp, db := startModule(t, config.Tracing{})
	defer app.RequireStop()
	_, span := tp.Tracer("x").Start(context.Background(), "s")
	assert.False(t, span.SpanContext().IsValid(), "no-op spans have no ids")
	assert.IsType(t, testDB{}, db, "the database is not wrapped")
}

func TestModuleWithoutEndpointStillAssignsIDs(t *testing.T) {
	app, tp, db := startModule(t, config.Tracing{Enabled: true, SampleRatio: 1})
	defer app.RequireStop()
	_, span := tp.Tracer("x").Start(context.Background(), "s")
	assert.True(t, span.SpanContext().IsValid())
	assert.IsType(t, &Driver{}, db.Driver(), "statements are traced")
}

func TestModuleSampleRatioZero(t *testing.T) {
	app, tp, _ := startModule(t, config.Tracing{Enabled: true, SampleRatio: 0})
	defer app.RequireStop()
	_, span := tp.Tracer("x").Start(context.Background(), "s")
	assert.False(t, span.SpanContext().IsSampled())
	assert.True(t, span.SpanContext().IsValid(), "unsampled spans still carry ids for the logs")
}

// TestModuleExportsOTLPAndFlushesOnStop points the exporter at a fake
// collector: spans are batched, and stopping the app must deliver them.
func TestModuleExportsOTLPAndFlushesOnStop(t *testing.T) {
	var posts atomic.Int32
	var path atomic.Value
	collector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		path.Store(r.URL.Path)
		posts.Add(1)
		w.WriteHeader(http.StatusOK)
	}))
	defer collector.Close()

	app, tp, _ := startModule(t, config.Tracing{Enabled: true, Endpoint: collector.URL, SampleRatio: 1})
	_, span := tp.Tracer("x").Start(context.Background(), "s")
	span.End()
	assert.Zero(t, posts.Load(), "spans are batched, not sent one by one")
	app.RequireStop()
	assert.Equal(t, int32(1), posts.Load(), "stop flushes the batch")
	assert.Equal(t, "/v1/traces", path.Load())
}

func TestModuleProcessorsGroup(t *testing.T) {
	exp := tracetest.NewInMemoryExporter()
	app, tp, _ := startModule(t, config.Tracing{Enabled: true, SampleRatio: 1},
		WithProcessor(sdktrace.NewSimpleSpanProcessor(exp)))
	defer app.RequireStop()
	_, span := tp.Tracer("x").Start(context.Background(), "s")
	span.End()
	require.Len(t, exp.GetSpans(), 1)
	assert.Equal(t, "saas", resourceValue(exp.GetSpans()[0], "service.name"))
	assert.Equal(t, "test", resourceValue(exp.GetSpans()[0], "deployment.environment.name"))
}

func resourceValue(s tracetest.SpanStub, key string) string {
	for _, kv := range s.Resource.Attributes() {
		if string(kv.Key) == key {
			return kv.Value.String()
		}
	}
	return ""
}
