package database

import (
	"context"
	"errors"
)

// ErrRollbackOnly is returned by the outermost Transactor.InTx when a nested
// InTx (or an Ent Tx joined to the transaction) failed or rolled back but the
// outer function still returned nil: committing would persist half of the
// work, so the whole transaction is rolled back instead.
var ErrRollbackOnly = errors.New("database: transaction marked rollback-only by a nested failure")

// Transactor runs work in one database transaction that every Ent client
// built on Database.Driver joins.
//
// The transaction travels in the context. InTx begins it and passes fn a
// context that carries it; the kernel's driver runs every statement issued
// with that context on the transaction, whichever module's Ent client issues
// it. Each module generates its own Ent client type, so sharing an
// ent.Tx across modules is impossible; sharing the driver is what lets a
// module write its rows and the kernel its outbox row atomically:
//
//	err := db.InTx(ctx, func(ctx context.Context) error {
//		p, err := client.Post.Create().SetTitle(t).Save(ctx)
//		if err != nil {
//			return err
//		}
//		return publisher.Publish(ctx, event)
//	})
//
// Statements issued with a context that does not descend from fn's context
// (context.Background(), a detached goroutine's context) run outside the
// transaction, on the pool.
type Transactor interface {
	// InTx runs fn in a transaction: it commits when fn returns nil and
	// rolls back when fn returns an error or panics. fn's error is returned
	// unwrapped so callers can still match it with errors.Is and errors.As.
	//
	// When ctx already carries a transaction, fn joins it and the outermost
	// InTx commits; a failed nested call makes the outer one roll back (see
	// ErrRollbackOnly). Ent's own client.Tx(ctx) also joins.
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
	// AfterCommit runs fn once the transaction carried by ctx has committed,
	// and never if it rolls back; use it for side effects that must not
	// happen for rolled-back work, such as waking a worker. Without a
	// transaction in ctx, fn runs at once.
	AfterCommit(ctx context.Context, fn func())
}
