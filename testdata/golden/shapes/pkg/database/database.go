// Package database exposes the kernel-owned database connection.
//
// The kernel owns the connection pool; feature modules own their Ent schemas
// and build their own Ent clients on top of Driver:
//
//	client := ent.NewClient(ent.Driver(db.Driver()))
package database

import (
	"database/sql"

	"entgo.io/ent/dialect"
)

// Database is the shared database connection.
type Database interface {
	// DB returns the underlying connection pool.
	DB() *sql.DB
	// Driver returns an Ent driver over the pool.
	Driver() dialect.Driver
	// Dialect returns the Ent dialect name (dialect.SQLite or dialect.Postgres).
	Dialect() string
	// Transactor runs work in a transaction that Driver joins.
	Transactor
}
