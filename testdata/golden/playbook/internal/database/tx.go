package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"github.com/yourorg/platform/pkg/database"
)

var _ database.Transactor = (*DB)(nil)

// newDB wraps db. Its Driver joins the transaction carried by a context
// (see InTx), so every module's Ent client takes part in it unchanged.
func newDB(db *sql.DB, dialectName string) *DB {
	d := &DB{db: db, dialect: dialectName}
	d.stmts = newStmtCache(db)
	d.drv = &txDriver{Driver: entsql.OpenDB(dialectName, db), owner: d}
	if dialectName == dialect.SQLite {
		// SQLite has a single writer. Serialising write transactions here
		// turns "database is locked" (and, on shared-cache in-memory
		// databases, "database table is locked", which busy_timeout does
		// not retry) into a short wait.
		d.writeLock = make(chan struct{}, 1)
	}
	return d
}

// txKey is the context key of the *txState that InTx started.
type txKey struct{}

// txState is one transaction begun by InTx and shared by every nested call.
type txState struct {
	owner *DB
	tx    dialect.Tx

	mu           sync.Mutex
	rollbackOnly bool
	afterCommit  []func()
}

// markRollbackOnly records that part of the work failed, so the outermost
// InTx must not commit.
func (s *txState) markRollbackOnly() {
	s.mu.Lock()
	s.rollbackOnly = true
	s.mu.Unlock()
}

// state returns the transaction this DB started that ctx carries, if any.
// A transaction of another DB (two platforms in one test binary) is ignored.
func (d *DB) state(ctx context.Context) *txState {
	if s, ok := ctx.Value(txKey{}).(*txState); ok && s.owner == d {
		return s
	}
	return nil
}

// InTx runs fn in a transaction; see database.Transactor.
func (d *DB) InTx(ctx context.Context, fn func(ctx context.Context) error) error {
	if s := d.state(ctx); s != nil {
		if err := fn(ctx); err != nil {
			s.markRollbackOnly()
			return err
		}
		return nil
	}
	s, err := d.runTx(ctx, fn)
	if err != nil {
		return err
	}
	// The write lock is released and the data visible: callbacks may start
	// transactions of their own.
	for _, f := range s.afterCommit {
		f()
	}
	return nil
}

// runTx begins a transaction, runs fn in it and commits or rolls back.
func (d *DB) runTx(ctx context.Context, fn func(ctx context.Context) error) (_ *txState, err error) {
	if d.writeLock != nil {
		select {
		case d.writeLock <- struct{}{}:
			defer func() { <-d.writeLock }()
		case <-ctx.Done():
			return nil, fmt.Errorf("database: wait for the write lock: %w", ctx.Err())
		}
	}
	tx, err := d.drv.(*txDriver).Driver.Tx(ctx)
	if err != nil {
		return nil, fmt.Errorf("database: begin transaction: %w", err)
	}
	s := &txState{owner: d, tx: tx}
	committed := false
	defer func() {
		// Runs on error and on panic; the panic keeps propagating.
		if !committed {
			if rerr := tx.Rollback(); rerr != nil && !errors.Is(rerr, sql.ErrTxDone) {
				err = errors.Join(err, fmt.Errorf("database: rollback: %w", rerr))
			}
		}
	}()
	if err := fn(context.WithValue(ctx, txKey{}, s)); err != nil {
		return nil, err
	}
	s.mu.Lock()
	rollbackOnly := s.rollbackOnly
	s.mu.Unlock()
	if rollbackOnly {
		return nil, database.ErrRollbackOnly
	}
	committed = true
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("database: commit: %w", err)
	}
	return s, nil
}

// AfterCommit runs fn after the transaction in ctx commits, or at once
// without one; see database.Transactor.
func (d *DB) AfterCommit(ctx context.Context, fn func()) {
	s := d.state(ctx)
	if s == nil {
		fn()
		return
	}
	s.mu.Lock()
	s.afterCommit = append(s.afterCommit, fn)
	s.mu.Unlock()
}

// txDriver is the dialect.Driver that Database.Driver returns: statements
// run on the transaction carried by their context, else on the pool.
type txDriver struct {
	*entsql.Driver
	owner *DB
}

// Exec runs a statement on the context's transaction or on the pool.
func (d *txDriver) Exec(ctx context.Context, query string, args, v any) error {
	if s := d.owner.state(ctx); s != nil {
		return s.tx.Exec(ctx, query, args, v)
	}
	return d.Driver.Exec(ctx, query, args, v)
}

// Query runs a query on the context's transaction, or on the pool as a
// cached prepared statement.
func (d *txDriver) Query(ctx context.Context, query string, args, v any) error {
	if s := d.owner.state(ctx); s != nil {
		return s.tx.Query(ctx, query, args, v)
	}
	rows, ok := v.(*entsql.Rows)
	argv, ok2 := args.([]any)
	if ok && ok2 {
		if st := d.owner.stmts.get(ctx, query); st != nil {
			r, err := st.QueryContext(ctx, argv...)
			if err != nil {
				return err
			}
			*rows = entsql.Rows{ColumnScanner: r}
			return nil
		}
	}
	return d.Driver.Query(ctx, query, args, v)
}

// Tx begins a transaction, or joins the context's one: Ent opens its own
// transactions for multi-statement writes and for client.Tx, and those must
// not escape the caller's InTx. Without a transaction in ctx it is a plain
// transaction outside InTx's bookkeeping, as before.
func (d *txDriver) Tx(ctx context.Context) (dialect.Tx, error) {
	if s := d.owner.state(ctx); s != nil {
		return joinedTx{s}, nil
	}
	return d.Driver.Tx(ctx)
}

// BeginTx is Tx with options, which Ent's client.BeginTx uses. Joining
// ignores opts: the outermost InTx chose the transaction's isolation.
func (d *txDriver) BeginTx(ctx context.Context, opts *sql.TxOptions) (dialect.Tx, error) {
	if s := d.owner.state(ctx); s != nil {
		return joinedTx{s}, nil
	}
	return d.Driver.BeginTx(ctx, opts)
}

// joinedTx is a nested transaction: the outermost InTx commits, and a
// rollback marks the whole transaction rollback-only.
type joinedTx struct{ s *txState }

// Exec runs a statement on the shared transaction.
func (t joinedTx) Exec(ctx context.Context, query string, args, v any) error {
	return t.s.tx.Exec(ctx, query, args, v)
}

// Query runs a query on the shared transaction.
func (t joinedTx) Query(ctx context.Context, query string, args, v any) error {
	return t.s.tx.Query(ctx, query, args, v)
}

// Commit is a no-op: the outermost InTx commits.
func (joinedTx) Commit() error { return nil }

// Rollback marks the shared transaction rollback-only.
func (t joinedTx) Rollback() error {
	t.s.markRollbackOnly()
	return nil
}
