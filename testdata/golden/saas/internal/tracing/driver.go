package tracing

import (
	"context"
	stdsql "database/sql"
	"strings"

	"entgo.io/ent/dialect"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"example.com/saas/pkg/config"
	"example.com/saas/pkg/database"
)

// instrumentation names the tracer of the database spans.
const instrumentation = "example.com/saas/internal/tracing"

// traceDatabase decorates the shared database.Database so that Driver()
// returns a traced driver; Ent clients built on it trace every statement.
// Migrations and health checks use the pool directly and stay untraced.
func traceDatabase(cfg *config.Config, tp trace.TracerProvider, db database.Database) database.Database {
	if !cfg.Tracing.Enabled {
		return db
	}
	return tracedDatabase{Database: db, drv: NewDriver(db.Driver(), tp)}
}

// tracedDatabase is a database.Database whose Driver is traced.
type tracedDatabase struct {
	database.Database
	drv dialect.Driver
}

// Driver returns the traced Ent driver.
func (d tracedDatabase) Driver() dialect.Driver { return d.drv }

// Driver is a dialect.Driver that opens a client span per statement, with
// db.system.name, db.operation.name and db.query.text. Arguments are never
// recorded: they hold user data.
type Driver struct {
	dialect.Driver
	tracer trace.Tracer
	system attribute.KeyValue
}

// NewDriver wraps drv with spans from tp.
func NewDriver(drv dialect.Driver, tp trace.TracerProvider) *Driver {
	return &Driver{Driver: drv, tracer: tp.Tracer(instrumentation), system: systemName(drv.Dialect())}
}

// systemName maps an Ent dialect to the semantic-convention db system.
func systemName(d string) attribute.KeyValue {
	switch d {
	case dialect.Postgres:
		return semconv.DBSystemNamePostgreSQL
	case dialect.SQLite:
		return semconv.DBSystemNameSQLite
	case dialect.MySQL:
		return semconv.DBSystemNameMySQL
	default:
		return semconv.DBSystemNameKey.String(d)
	}
}

// Exec executes query in a span.
func (d *Driver) Exec(ctx context.Context, query string, args, v any) error {
	ctx, span := d.startStatement(ctx, query)
	err := d.Driver.Exec(ctx, query, args, v)
	end(span, err)
	return err
}

// Query runs query in a span.
func (d *Driver) Query(ctx context.Context, query string, args, v any) error {
	ctx, span := d.startStatement(ctx, query)
	err := d.Driver.Query(ctx, query, args, v)
	end(span, err)
	return err
}

// Tx starts a transaction with a span lasting until commit or rollback.
func (d *Driver) Tx(ctx context.Context) (dialect.Tx, error) {
	return d.beginTx(ctx, func(ctx context.Context) (dialect.Tx, error) { return d.Driver.Tx(ctx) })
}

// BeginTx starts a transaction with options, as Ent's client.BeginTx
// requires of the driver.
func (d *Driver) BeginTx(ctx context.Context, opts *stdsql.TxOptions) (dialect.Tx, error) {
	b, ok := d.Driver.(interface {
		BeginTx(context.Context, *stdsql.TxOptions) (dialect.Tx, error)
	})
	if !ok {
		return d.Tx(ctx)
	}
	return d.beginTx(ctx, func(ctx context.Context) (dialect.Tx, error) { return b.BeginTx(ctx, opts) })
}

func (d *Driver) beginTx(ctx context.Context, begin func(context.Context) (dialect.Tx, error)) (dialect.Tx, error) {
	parent := trace.SpanContextFromContext(ctx).SpanID()
	ctx, span := d.tracer.Start(ctx, "transaction",
		trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(d.system))
	tx, err := begin(ctx)
	if err != nil {
		end(span, err)
		return nil, err
	}
	return &Tx{Tx: tx, drv: d, span: span, parent: parent}, nil
}

// startStatement opens the span of one statement. Its name is the
// operation ("SELECT", "INSERT", ...), which keeps span names low in
// cardinality; the statement itself is an attribute.
func (d *Driver) startStatement(ctx context.Context, query string) (context.Context, trace.Span) {
	op := operation(query)
	return d.tracer.Start(ctx, op,
		trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(d.system, semconv.DBOperationName(op), semconv.DBQueryText(query)),
	)
}

// operation is the statement's first keyword, upper-cased.
func operation(query string) string {
	query = strings.TrimSpace(query)
	if i := strings.IndexAny(query, " \t\n("); i > 0 {
		query = query[:i]
	}
	if query == "" {
		return "query"
	}
	return strings.ToUpper(query)
}

// end records err on span and ends it.
func end(span trace.Span, err error) {
	if err != nil {
		span.RecordError(err)
		span.SetStatus(codes.Error, err.Error())
	}
	span.End()
}

// Tx is a traced dialect.Tx. Its statements are children of the
// transaction span when they run in the context that began it.
type Tx struct {
	dialect.Tx
	drv    *Driver
	span   trace.Span
	parent trace.SpanID
}

// Exec executes query in a span.
func (t *Tx) Exec(ctx context.Context, query string, args, v any) error {
	ctx, span := t.drv.startStatement(t.context(ctx), query)
	err := t.Tx.Exec(ctx, query, args, v)
	end(span, err)
	return err
}

// Query runs query in a span.
func (t *Tx) Query(ctx context.Context, query string, args, v any) error {
	ctx, span := t.drv.startStatement(t.context(ctx), query)
	err := t.Tx.Query(ctx, query, args, v)
	end(span, err)
	return err
}

// context parents statement spans on the transaction span unless ctx has
// moved on to a span opened after the transaction began.
func (t *Tx) context(ctx context.Context) context.Context {
	if trace.SpanContextFromContext(ctx).SpanID() == t.parent {
		return trace.ContextWithSpan(ctx, t.span)
	}
	return ctx
}

// Commit commits and ends the transaction span.
func (t *Tx) Commit() error {
	err := t.Tx.Commit()
	end(t.span, err)
	return err
}

// Rollback rolls back and ends the transaction span.
func (t *Tx) Rollback() error {
	err := t.Tx.Rollback()
	t.span.SetAttributes(attribute.Bool("db.transaction.rolled_back", true))
	end(t.span, err)
	return err
}
