// Package migrations computes the next versioned migration of one Ent
// package (the kernel's or a module's): it replays the existing migration
// directory on a throwaway dev database, diffs the result against the Ent
// schema with Ent's own Atlas-backed machinery, and returns the new SQL
// file and atlas.sum in memory, for goplt's plan to write.
//
// On the way it turns the drop and add of a renamed column into a rename
// (so the data is kept), and reports changes that could fail or lose data
// on a database with rows in it as Findings; a blocking finding withholds
// the file.
//
// A caller (goplt gen, not wired yet) runs, per Ent package:
//
//	entgen.Generate(entgen.Options{..., Graph: keep the graph's Tables()})
//	Verify(dir)                  // an edited migration is an IntegrityError
//	Rehash(dir)                  // takes hand-written files added at the end
//	res, err := Diff(ctx, Options{Tables: ..., Dir: dir, ...})
//	// res.Findings -> positioned errors and warnings on module.yaml;
//	// res.Files and res.Sum -> the plan (or stale files for gen --check).
package migrations

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"time"

	"ariga.io/atlas/sql/migrate"
	atlas "ariga.io/atlas/sql/schema"
	"entgo.io/ent/dialect"
	entschema "entgo.io/ent/dialect/sql/schema"
)

// Options says what to diff.
type Options struct {
	// Tables is the desired state: the tables of the Ent package, as
	// (*gen.Graph).Tables() returns them.
	Tables []*entschema.Table
	// Dir is the existing migration directory (SQL files and atlas.sum).
	// It is only read.
	Dir migrate.Dir
	// Dialect is dialect.SQLite or dialect.Postgres.
	Dialect string
	// DevURL is the PostgreSQL dev database to replay the directory on; a
	// throwaway schema is created in it and dropped after. SQLite ignores
	// it and uses an in-memory database.
	DevURL string
	// Prefix starts the name of a new file, e.g. "blog" gives
	// "20261205120000_blog_posts_add_slug.sql".
	Prefix string
	// Renames maps a table to its renamed columns, new name to old name:
	// their drop and add become a rename that keeps the data.
	Renames map[string]map[string]string
	// Drops acknowledges dropped tables ("posts") and columns
	// ("posts.body"); any other drop is a blocking finding.
	Drops []string
	// Unmanaged are tables of the directory the Ent schema does not know
	// (made by hand-written migrations): never dropped, never reported.
	Unmanaged []string
	// Before, when not nil, are the tables the last migration was made
	// from: Diff then also reports tightened enums and lengths, which the
	// SQL schema does not show (see TightenedColumns).
	Before []*entschema.Table
	// Now gives the new file's version (Atlas's UTC yyyymmddHHMMSS); nil
	// means time.Now. A version not after the directory's last one is
	// moved just past it, so files stay ordered.
	Now func() time.Time
}

// File is one new migration file.
type File struct {
	Name string
	Data []byte
}

// Result is what Diff found.
type Result struct {
	// Files are the new migration files, usually one; empty when the
	// directory already matches the schema or a finding blocks.
	Files []File
	// Sum is the new atlas.sum; nil when Files is empty.
	Sum []byte
	// Findings are the changes to look at, in table and column order.
	Findings []Finding
}

// Blocked reports whether a finding withheld the migration.
func (r Result) Blocked() bool {
	return slices.ContainsFunc(r.Findings, func(f Finding) bool { return f.Blocking })
}

// IntegrityError says a migration file no longer matches atlas.sum: it was
// edited, removed or added by hand after the sum was written.
type IntegrityError struct {
	File   string // empty when atlas.sum itself is damaged or missing
	Reason string // "edited", "removed", "added", or what is wrong with atlas.sum
}

func (e *IntegrityError) Error() string {
	if e.File == "" {
		return "migration directory does not match atlas.sum: " + e.Reason
	}
	return fmt.Sprintf("migration file %s was %s after atlas.sum was written: applied migrations must not change (restore the file and put the change in a new migration)", e.File, e.Reason)
}

// Diff computes the migration that takes the database described by
// opts.Dir to opts.Tables. No change gives an empty Result.
func Diff(ctx context.Context, opts Options) (_ Result, err error) {
	if err := opts.check(); err != nil {
		return Result{}, err
	}
	if err := Verify(opts.Dir); err != nil {
		return Result{}, err
	}
	dir, err := memCopy(opts.Dir)
	if err != nil {
		return Result{}, fmt.Errorf("read migration directory: %w", err)
	}
	dev, err := openDev(ctx, opts.Dialect, opts.DevURL)
	if err != nil {
		return Result{}, err
	}
	defer func() {
		if cerr := dev.close(); cerr != nil && err == nil {
			err = cerr
		}
	}()

	last, err := lastVersion(dir)
	if err != nil {
		return Result{}, err
	}
	h := &hook{opts: opts, dialect: opts.Dialect}
	f := &formatter{hook: h, dev: dev, version: nextVersion(opts.now(), last)}
	migrateOpts := []entschema.MigrateOption{
		entschema.WithDir(dir),
		entschema.WithMigrationMode(entschema.ModeReplay),
		entschema.WithDialect(opts.Dialect),
		entschema.WithDropColumn(true),
		entschema.WithDropIndex(true),
		entschema.WithDiffHook(h.diffHook),
		entschema.WithFormatter(f),
	}
	var m *entschema.Atlas
	if dev.url != "" {
		// Only Atlas's URL opener scopes the replay to the throwaway
		// schema; a driver would see the whole database as not clean.
		m, err = entschema.NewMigrateURL(dev.url, migrateOpts...)
	} else {
		m, err = entschema.NewMigrate(dev.driver, migrateOpts...)
	}
	if err != nil {
		return Result{}, err
	}
	if err := m.NamedDiff(ctx, "changes", opts.Tables...); err != nil {
		return Result{}, fmt.Errorf("diff %s migrations: %w", opts.Dialect, err)
	}
	if opts.Before != nil {
		for _, f := range TightenedColumns(opts.Dialect, opts.Before, opts.Tables) {
			if !slices.ContainsFunc(h.findings, func(g Finding) bool {
				return g.Table == f.Table && g.Column == f.Column && g.Kind == f.Kind
			}) {
				h.findings = append(h.findings, f)
			}
		}
	}
	res := Result{Findings: h.sortedFindings()}
	if res.Blocked() {
		return res, nil
	}
	// Ent plans only added and modified tables: a plan of acknowledged
	// table drops alone never reaches the formatter.
	if !f.called && len(h.dropTables) > 0 {
		planner := migrate.NewPlanner(nil, dir, migrate.PlanFormat(f))
		if err := planner.WritePlan(&migrate.Plan{Name: "changes"}); err != nil {
			return Result{}, err
		}
	}
	if f.err != nil {
		return Result{}, f.err
	}
	return newFiles(opts.Dir, dir, res)
}

// Verify checks that the directory's files match its atlas.sum.
func Verify(dir migrate.Dir) error {
	err := migrate.Validate(dir)
	var cerr *migrate.ChecksumError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &cerr) && cerr.File != "":
		return &IntegrityError{File: cerr.File, Reason: cerr.Reason.String()}
	case errors.Is(err, migrate.ErrChecksumNotFound):
		return &IntegrityError{Reason: "atlas.sum is missing"}
	case errors.Is(err, migrate.ErrChecksumFormat), errors.Is(err, migrate.ErrChecksumMismatch):
		return &IntegrityError{Reason: "atlas.sum was edited or a file was added by hand"}
	default:
		return fmt.Errorf("read migration directory: %w", err)
	}
}

func (o Options) check() error {
	switch {
	case o.Dir == nil:
		return errors.New("diff migrations: no migration directory")
	case o.Dialect != dialect.SQLite && o.Dialect != dialect.Postgres:
		return fmt.Errorf("diff migrations: dialect %q is not %q or %q", o.Dialect, dialect.SQLite, dialect.Postgres)
	case o.Dialect == dialect.Postgres && o.DevURL == "":
		return errors.New("diff migrations: PostgreSQL needs a dev database URL")
	}
	return nil
}

func (o Options) now() time.Time {
	if o.Now == nil {
		return time.Now()
	}
	return o.Now()
}

// versionLayout is Atlas's version format (migrate.NewVersion).
const versionLayout = "20060102150405"

// nextVersion is now's version, or last+1 when now is not after last.
func nextVersion(now time.Time, last string) string {
	v := now.UTC().Format(versionLayout)
	if last == "" || v > last {
		return v
	}
	n, err := strconv.ParseUint(last, 10, 64)
	if err != nil {
		return v
	}
	return strconv.FormatUint(n+1, 10)
}

// lastVersion is the version of the directory's last file.
func lastVersion(dir migrate.Dir) (string, error) {
	files, err := dir.Files()
	if err != nil || len(files) == 0 {
		return "", err
	}
	return files[len(files)-1].Version(), nil
}

// memCopy copies dir's migration files and atlas.sum into memory, where
// the planner may write without touching the real directory.
func memCopy(dir migrate.Dir) (*migrate.MemDir, error) {
	mem := &migrate.MemDir{}
	files, err := dir.Files()
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		if err := mem.WriteFile(f.Name(), f.Bytes()); err != nil {
			return nil, err
		}
	}
	sum, err := fs.ReadFile(dir, migrate.HashFileName)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, err
	default:
		if err := mem.WriteFile(migrate.HashFileName, sum); err != nil {
			return nil, err
		}
	}
	return mem, nil
}

// newFiles fills res with the files mem has and orig has not.
func newFiles(orig migrate.Dir, mem *migrate.MemDir, res Result) (Result, error) {
	before, err := orig.Files()
	if err != nil {
		return res, err
	}
	old := map[string]bool{}
	for _, f := range before {
		old[f.Name()] = true
	}
	after, err := mem.Files()
	if err != nil {
		return res, err
	}
	for _, f := range after {
		if !old[f.Name()] {
			res.Files = append(res.Files, File{Name: f.Name(), Data: f.Bytes()})
		}
	}
	if len(res.Files) == 0 {
		return res, nil
	}
	res.Sum, err = fs.ReadFile(mem, migrate.HashFileName)
	return res, err
}

// formatter names and versions the plan, adds the acknowledged table
// drops Ent leaves out, and writes Atlas's file format.
type formatter struct {
	hook    *hook
	dev     *devDB
	version string
	called  bool
	err     error
}

func (f *formatter) Format(plan *migrate.Plan) ([]migrate.File, error) {
	f.called = true
	if len(f.hook.dropTables) > 0 {
		drops := make([]atlas.Change, len(f.hook.dropTables))
		for i, t := range f.hook.dropTables {
			drops[i] = &atlas.DropTable{T: t}
		}
		dp, err := f.dev.atlas.PlanChanges(context.Background(), "drop", drops, noQualifier)
		if err != nil {
			f.err = fmt.Errorf("plan table drops: %w", err)
			return nil, f.err
		}
		plan.Changes = append(plan.Changes, dp.Changes...)
	}
	for _, b := range f.hook.backfills {
		plan.Changes = slices.Insert(plan.Changes, b.at(plan.Changes), b.change())
	}
	plan.Version = f.version
	plan.Name = f.hook.name()
	return migrate.DefaultFormatter.Format(plan)
}

// noQualifier leaves the schema name out of statements, as Ent does.
func noQualifier(o *migrate.PlanOptions) {
	var none string
	o.SchemaQualifier = &none
}
