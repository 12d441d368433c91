package migrations

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"ariga.io/atlas/sql/migrate"
	"ariga.io/atlas/sql/postgres"
	"ariga.io/atlas/sql/sqlite"
	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	// lib/pq rather than pgx (the generated platform's driver): it is 0.8
	// MB of goplt's binary instead of 5.5, and registers "postgres", the
	// name Atlas's URL opener asks for.
	_ "github.com/lib/pq"
	_ "modernc.org/sqlite" // registers "sqlite"
)

// devDB is an empty database the directory is replayed on.
type devDB struct {
	db     *sql.DB
	driver *entsql.Driver
	atlas  migrate.Driver // plans the table drops Ent leaves out
	url    string         // PostgreSQL: the URL of the throwaway schema
	close  func() error
}

// openDev opens an in-memory SQLite database, or a new schema in the
// PostgreSQL database at devURL that close drops again, so diffs running
// side by side (tests, several modules) never see each other's tables.
func openDev(ctx context.Context, dia, devURL string) (*devDB, error) {
	if dia == dialect.SQLite {
		// One connection: every connection to ":memory:" is its own
		// database.
		db, err := sql.Open("sqlite", "file::memory:?_pragma=foreign_keys(1)")
		if err != nil {
			return nil, fmt.Errorf("open SQLite dev database: %w", err)
		}
		db.SetMaxOpenConns(1)
		return newDev(db, dia, db.Close)
	}
	admin, err := sql.Open("postgres", devURL)
	if err != nil {
		return nil, fmt.Errorf("open PostgreSQL dev database: %w", err)
	}
	name, err := randomSchema()
	if err != nil {
		return nil, errors.Join(err, admin.Close())
	}
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+name); err != nil {
		err = fmt.Errorf("PostgreSQL dev database %s: create a throwaway schema: %w", redact(devURL), err)
		return nil, errors.Join(err, admin.Close())
	}
	drop := func() error {
		_, err := admin.ExecContext(context.Background(), "DROP SCHEMA "+name+" CASCADE")
		if err != nil {
			err = fmt.Errorf("PostgreSQL dev database %s: drop the throwaway schema %s: %w", redact(devURL), name, err)
		}
		return errors.Join(err, admin.Close())
	}
	scoped := withSearchPath(devURL, name)
	db, err := sql.Open("postgres", scoped)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("open PostgreSQL dev database: %w", err), drop())
	}
	dev, err := newDev(db, dia, func() error { return errors.Join(db.Close(), drop()) })
	if err != nil {
		return nil, errors.Join(err, drop())
	}
	dev.url = scoped
	return dev, nil
}

func newDev(db *sql.DB, dia string, close func() error) (*devDB, error) {
	var (
		drv migrate.Driver
		err error
	)
	if dia == dialect.SQLite {
		drv, err = sqlite.Open(db)
	} else {
		drv, err = postgres.Open(db)
	}
	if err != nil {
		return nil, errors.Join(fmt.Errorf("open %s dev database: %w", dia, err), db.Close())
	}
	return &devDB{db: db, driver: entsql.OpenDB(dia, db), atlas: drv, close: close}, nil
}

// randomSchema names a throwaway schema.
func randomSchema() (string, error) {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return "goplt_dev_" + hex.EncodeToString(b), nil
}

// withSearchPath makes schema the connection's only schema.
func withSearchPath(dsn, schema string) string {
	if u, err := url.Parse(dsn); err == nil && u.Scheme != "" {
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		return u.String()
	}
	return strings.TrimSpace(dsn) + " search_path=" + schema
}

// redact drops the password of a URL shown in an error.
func redact(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.Scheme != "" {
		return u.Redacted()
	}
	return "(connection string)"
}
