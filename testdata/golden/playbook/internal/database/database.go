// Package database opens the shared database connection, runs migrations
// on start and closes the pool on stop.
package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"time"

	"entgo.io/ent/dialect"
	"go.uber.org/fx"
	"go.uber.org/zap"

	// Register the database/sql drivers the platform supports.
	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"

	"github.com/yourorg/platform/pkg/config"
	"github.com/yourorg/platform/pkg/database"
	"github.com/yourorg/platform/pkg/health"
	"github.com/yourorg/platform/pkg/module"
)

// Module provides database.Database, its dialect.Driver and Transactor, and
// a health check.
//
// The health check depends on the Database, and the HTTP server depends on
// the health checks, so fx always starts (pings and migrates) the database
// before the server starts accepting requests.
var Module = fx.Module("database",
	fx.Provide(
		provide,
		func(db database.Database) dialect.Driver { return db.Driver() },
		func(db database.Database) database.Transactor { return db },
		health.AsChecker(NewChecker),
	),
)

// DB is the kernel's database.Database implementation.
type DB struct {
	db      *sql.DB
	drv     dialect.Driver
	dialect string
	// writeLock serialises SQLite write transactions; nil for PostgreSQL.
	writeLock chan struct{}
	// stmts caches prepared statements of queries run outside a transaction.
	stmts *stmtCache
}

var _ database.Database = (*DB)(nil)

// Open returns a connection pool for cfg. It does not connect: database/sql
// dials lazily, and Start verifies connectivity.
func Open(cfg config.Database) (*DB, error) {
	driverName, dialectName, err := driverFor(cfg.Driver)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open(driverName, cfg.DSN)
	if err != nil {
		return nil, fmt.Errorf("database: open %s: %w", cfg.Driver, err)
	}
	db.SetMaxOpenConns(cfg.MaxOpenConns)
	db.SetMaxIdleConns(cfg.MaxIdleConns)
	db.SetConnMaxLifetime(cfg.ConnMaxLifetime)
	return newDB(db, dialectName), nil
}

// driverFor maps a configured driver to database/sql and Ent names.
func driverFor(name string) (driverName, dialectName string, err error) {
	switch name {
	case config.DriverSQLite:
		return "sqlite", dialect.SQLite, nil
	case config.DriverPostgres:
		return "pgx", dialect.Postgres, nil
	default:
		return "", "", fmt.Errorf("database: unsupported driver %q", name)
	}
}

// DB returns the connection pool.
func (d *DB) DB() *sql.DB { return d.db }

// Driver returns the Ent driver over the pool.
func (d *DB) Driver() dialect.Driver { return d.drv }

// Dialect returns the Ent dialect name.
func (d *DB) Dialect() string { return d.dialect }

// Close closes the pool.
func (d *DB) Close() error { return errors.Join(d.stmts.close(), d.db.Close()) }

// Migrate runs ms in SortMigrations order, stopping at the first failure.
func (d *DB) Migrate(ctx context.Context, log *zap.Logger, ms []module.Migration) error {
	for _, m := range module.SortMigrations(ms) {
		start := time.Now()
		if err := m.Run(ctx, d.drv); err != nil {
			return fmt.Errorf("database: migrate module %q: %w", m.Module, err)
		}
		log.Info("migration applied", zap.String("module", m.Module), zap.Duration("took", time.Since(start)))
	}
	return nil
}

type params struct {
	fx.In

	Lifecycle  fx.Lifecycle
	Config     *config.Config
	Logger     *zap.Logger
	Migrations []module.Migration `group:"migrations"`
}

func provide(p params) (database.Database, error) {
	cfg := p.Config.Database
	db, err := Open(cfg)
	if err != nil {
		return nil, err
	}
	log := p.Logger.Named("database")
	p.Lifecycle.Append(fx.Hook{
		OnStart: func(ctx context.Context) error {
			if err := prepareDataDir(cfg); err != nil {
				return err
			}
			if err := db.DB().PingContext(ctx); err != nil {
				return fmt.Errorf("database: ping %s: %w", cfg.Driver, err)
			}
			log.Info("database connected", zap.String("driver", cfg.Driver))
			return db.Migrate(ctx, log, p.Migrations)
		},
		OnStop: func(context.Context) error {
			if err := db.Close(); err != nil {
				return fmt.Errorf("database: close: %w", err)
			}
			return nil
		},
	})
	return db, nil
}

// prepareDataDir creates the directory holding a file-based database.
func prepareDataDir(cfg config.Database) error {
	if cfg.Driver != config.DriverSQLite || cfg.DataDir == "" {
		return nil
	}
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return fmt.Errorf("database: create data dir %s: %w", cfg.DataDir, err)
	}
	return nil
}

// Checker pings the database for readiness.
type Checker struct {
	db database.Database
}

// NewChecker returns a health check for db.
func NewChecker(db database.Database) *Checker { return &Checker{db: db} }

// Name returns "database".
func (c *Checker) Name() string { return "database" }

// Check pings the database.
func (c *Checker) Check(ctx context.Context) error {
	return c.db.DB().PingContext(ctx)
}
