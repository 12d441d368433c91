package database

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

// maxCachedStmts bounds the statement cache. Ent renders a bounded set of
// queries per program, but a query that inlines a value (a LIMIT, say)
// makes a new text per value: past the bound, queries run unprepared.
const maxCachedStmts = 512

// stmtCache keeps one prepared *sql.Stmt per query text. Without it every
// query is parsed and planned again on each call (for SQLite that is most
// of a primary-key read); database/sql re-prepares a cached statement on
// each pooled connection the first time it runs there.
type stmtCache struct {
	db    *sql.DB
	mu    sync.RWMutex
	stmts map[string]*sql.Stmt
}

func newStmtCache(db *sql.DB) *stmtCache {
	return &stmtCache{db: db, stmts: map[string]*sql.Stmt{}}
}

// get returns the prepared statement of query, or nil when it cannot be
// prepared (the caller then runs the query as is) or the cache is full.
func (c *stmtCache) get(ctx context.Context, query string) *sql.Stmt {
	c.mu.RLock()
	st, full := c.stmts[query], len(c.stmts) >= maxCachedStmts
	c.mu.RUnlock()
	if st != nil || full {
		return st
	}
	st, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if have := c.stmts[query]; have != nil {
		_ = st.Close() // another goroutine prepared it first
		return have
	}
	if len(c.stmts) >= maxCachedStmts {
		_ = st.Close()
		return nil
	}
	c.stmts[query] = st
	return st
}

// close closes every cached statement.
func (c *stmtCache) close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	var errs []error
	for q, st := range c.stmts {
		errs = append(errs, st.Close())
		delete(c.stmts, q)
	}
	return errors.Join(errs...)
}
