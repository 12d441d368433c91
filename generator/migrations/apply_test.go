package migrations

// The platform, not goplt, applies migrations (platformctl migrate up and
// the start-up policy of issue 15). This file is the tested reference for
// that generated code: Atlas's Executor, a revision table shared by the
// modules, and Atlas's database lock so that replicas starting together
// apply each file once.

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"ariga.io/atlas/sql/migrate"
	"ariga.io/atlas/sql/postgres"
	atlas "ariga.io/atlas/sql/schema"
	"ariga.io/atlas/sql/sqlite"
	"entgo.io/ent/dialect"
	entschema "entgo.io/ent/dialect/sql/schema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// revisionTable keeps the applied migrations of every module.
const revisionTable = "goplt_migrations"

// revisions is Atlas's RevisionReadWriter for one module's rows of
// revisionTable.
type revisions struct {
	db      *sql.DB
	dialect string
	module  string
}

func (r *revisions) Ident() *migrate.TableIdent { return &migrate.TableIdent{Name: revisionTable} }

// arg is the n-th (1-based) placeholder.
func (r *revisions) arg(n int) string {
	if r.dialect == dialect.Postgres {
		return fmt.Sprintf("$%d", n)
	}
	return "?"
}

func (r *revisions) create(ctx context.Context) error {
	_, err := r.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS `+revisionTable+` (
		module varchar(255) NOT NULL, version varchar(255) NOT NULL, description text NOT NULL,
		type integer NOT NULL, applied integer NOT NULL, total integer NOT NULL,
		executed_at timestamp NOT NULL, execution_time bigint NOT NULL,
		error text NOT NULL, error_stmt text NOT NULL, hash text NOT NULL, partial_hashes text NOT NULL,
		operator_version text NOT NULL, PRIMARY KEY (module, version))`)
	return err
}

const revisionColumns = `version, description, type, applied, total, executed_at, execution_time, error, error_stmt, hash, partial_hashes, operator_version`

func (r *revisions) ReadRevisions(ctx context.Context) ([]*migrate.Revision, error) {
	return r.read(ctx, "")
}

func (r *revisions) ReadRevision(ctx context.Context, version string) (*migrate.Revision, error) {
	revs, err := r.read(ctx, version)
	switch {
	case err != nil:
		return nil, err
	case len(revs) == 0:
		return nil, migrate.ErrRevisionNotExist
	}
	return revs[0], nil
}

func (r *revisions) read(ctx context.Context, version string) (_ []*migrate.Revision, err error) {
	q, args := `SELECT `+revisionColumns+` FROM `+revisionTable+` WHERE module = `+r.arg(1), []any{r.module}
	if version != "" {
		q, args = q+` AND version = `+r.arg(2), append(args, version)
	}
	rows, err := r.db.QueryContext(ctx, q+` ORDER BY version`, args...)
	if err != nil {
		return nil, err
	}
	defer func() { err = errors.Join(err, rows.Close()) }()
	var out []*migrate.Revision
	for rows.Next() {
		var (
			rev     migrate.Revision
			elapsed int64
			partial string
		)
		if err := rows.Scan(&rev.Version, &rev.Description, &rev.Type, &rev.Applied, &rev.Total, &rev.ExecutedAt,
			&elapsed, &rev.Error, &rev.ErrorStmt, &rev.Hash, &partial, &rev.OperatorVersion); err != nil {
			return nil, err
		}
		rev.ExecutionTime = time.Duration(elapsed)
		if err := json.Unmarshal([]byte(partial), &rev.PartialHashes); err != nil {
			return nil, err
		}
		out = append(out, &rev)
	}
	return out, rows.Err()
}

func (r *revisions) WriteRevision(ctx context.Context, rev *migrate.Revision) error {
	partial, err := json.Marshal(rev.PartialHashes)
	if err != nil {
		return err
	}
	args := []any{r.module, rev.Version, rev.Description, rev.Type, rev.Applied, rev.Total, rev.ExecutedAt.UTC(),
		int64(rev.ExecutionTime), rev.Error, rev.ErrorStmt, rev.Hash, string(partial), rev.OperatorVersion}
	ph := ""
	for i := range args {
		if i > 0 {
			ph += ", "
		}
		ph += r.arg(i + 1)
	}
	// Atlas writes a revision when a file starts and again when it ends.
	_, err = r.db.ExecContext(ctx, `INSERT INTO `+revisionTable+` (module, `+revisionColumns+`) VALUES (`+ph+`)
		ON CONFLICT (module, version) DO UPDATE SET description = excluded.description, type = excluded.type,
		applied = excluded.applied, total = excluded.total, executed_at = excluded.executed_at,
		execution_time = excluded.execution_time, error = excluded.error, error_stmt = excluded.error_stmt,
		hash = excluded.hash, partial_hashes = excluded.partial_hashes, operator_version = excluded.operator_version`, args...)
	return err
}

func (r *revisions) DeleteRevision(ctx context.Context, version string) error {
	_, err := r.db.ExecContext(ctx, `DELETE FROM `+revisionTable+` WHERE module = `+r.arg(1)+` AND version = `+r.arg(2), r.module, version)
	return err
}

// migrateUp applies the pending migrations of each module's directory,
// holding the database lock throughout: a replica that waits for it finds
// nothing left to do.
func migrateUp(ctx context.Context, db *sql.DB, dia string, dirs map[string]migrate.Dir) (applied []string, err error) {
	drv, err := atlasDriver(db, dia)
	if err != nil {
		return nil, err
	}
	unlock, err := drv.(atlas.Locker).Lock(ctx, "goplt_migrate", time.Minute)
	if err != nil {
		return nil, fmt.Errorf("take the migration lock: %w", err)
	}
	defer func() { err = errors.Join(err, unlock()) }()
	for _, module := range []string{"blog", "tags"} {
		rrw := &revisions{db: db, dialect: dia, module: module}
		if err := rrw.create(ctx); err != nil {
			return nil, err
		}
		// Modules share the database: another module's tables do not make
		// it "dirty" for this one.
		ex, err := migrate.NewExecutor(drv, dirs[module], rrw, migrate.WithAllowDirty(true), migrate.WithOperatorVersion("goplt test"))
		if err != nil {
			return nil, err
		}
		pending, err := ex.Pending(ctx)
		if errors.Is(err, migrate.ErrNoPendingFiles) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("module %s: %w", module, err)
		}
		if err := ex.ExecuteN(ctx, 0); err != nil {
			return nil, fmt.Errorf("module %s: %w", module, err)
		}
		for _, f := range pending {
			applied = append(applied, module+"/"+f.Name())
		}
	}
	return applied, nil
}

func atlasDriver(db *sql.DB, dia string) (migrate.Driver, error) {
	if dia == dialect.Postgres {
		return postgres.Open(db)
	}
	return sqlite.Open(db)
}

// moduleDirs makes the migration directories of two modules.
func moduleDirs(t *testing.T, b backend) map[string]migrate.Dir {
	dirs := map[string]migrate.Dir{}
	for module, tables := range map[string][]*entschema.Table{
		"blog": {table("posts", col("title"))},
		"tags": {table("tags", col("name"))},
	} {
		dir := &migrate.MemDir{}
		write(t, dir, b.diff(t, Options{Tables: tables, Dir: dir, Prefix: module, Now: at(t0)}))
		dirs[module] = dir
	}
	// A second blog migration.
	blog := dirs["blog"]
	write(t, blog, b.diff(t, Options{Tables: []*entschema.Table{table("posts", col("title"), col("slug", nullable))}, Dir: blog, Prefix: "blog", Now: at(t1)}))
	return dirs
}

func TestMigrateUp_ReplicasStartingTogetherApplyEachMigrationOnce(t *testing.T) {
	b := backends()["postgres"]
	b.skipWithoutServer(t)
	dirs := moduleDirs(t, b)
	// One schema, three "replicas" with a connection pool each.
	dev, err := openDev(context.Background(), b.dialect, b.url)
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, dev.close()) })

	const replicas = 3
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		applied []string
	)
	for range replicas {
		db, err := sql.Open("postgres", dev.url)
		require.NoError(t, err)
		t.Cleanup(func() { assert.NoError(t, db.Close()) })
		wg.Go(func() {
			got, err := migrateUp(context.Background(), db, b.dialect, dirs)
			assert.NoError(t, err)
			mu.Lock()
			applied = append(applied, got...)
			mu.Unlock()
		})
	}
	wg.Wait()
	assert.ElementsMatch(t, []string{
		"blog/20261205100000_blog_create_posts.sql",
		"blog/20261205110000_blog_posts_add_slug.sql",
		"tags/20261205100000_tags_create_tags.sql",
	}, applied, "each file is applied by one replica")
	assert.Equal(t, []string{"3"}, strings1(t, dev.db, `SELECT count(*) FROM `+revisionTable+` WHERE error = ''`))
	assert.Equal(t, []string{"0"}, strings1(t, dev.db, `SELECT count(*) FROM posts WHERE slug IS NOT NULL`))
}

func TestMigrateUp_EditedAppliedMigrationStopsIt(t *testing.T) {
	for bname, b := range backends() {
		t.Run(bname, func(t *testing.T) {
			b.skipWithoutServer(t)
			dirs := moduleDirs(t, b)
			db := b.database(t)
			_, err := migrateUp(context.Background(), db, b.dialect, dirs)
			require.NoError(t, err)
			// Up to date: nothing to apply.
			applied, err := migrateUp(context.Background(), db, b.dialect, dirs)
			require.NoError(t, err)
			assert.Empty(t, applied)

			files, err := dirs["blog"].Files()
			require.NoError(t, err)
			require.NoError(t, dirs["blog"].WriteFile(files[0].Name(), append(files[0].Bytes(), "-- edited\n"...)))
			_, err = migrateUp(context.Background(), db, b.dialect, dirs)
			require.ErrorIs(t, err, migrate.ErrChecksumMismatch)
			assert.ErrorContains(t, err, "module blog")
		})
	}
}
