package migrations

import (
	"context"
	"database/sql"
	"os"
	"strings"
	"testing"
	"time"

	"ariga.io/atlas/sql/migrate"
	"entgo.io/ent/dialect"
	entschema "entgo.io/ent/dialect/sql/schema"
	"entgo.io/ent/schema/field"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	t0 = time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)
	t1 = t0.Add(time.Hour)
)

func at(t time.Time) func() time.Time { return func() time.Time { return t } }

// col is a NOT NULL string column unless changed by opts.
func col(name string, opts ...func(*entschema.Column)) *entschema.Column {
	c := &entschema.Column{Name: name, Type: field.TypeString}
	for _, o := range opts {
		o(c)
	}
	return c
}

func unique(c *entschema.Column)               { c.Unique = true }
func nullable(c *entschema.Column)             { c.Nullable = true }
func typ(t field.Type) func(*entschema.Column) { return func(c *entschema.Column) { c.Type = t } }
func def(v any) func(*entschema.Column)        { return func(c *entschema.Column) { c.Default = v } }
func size(n int64) func(*entschema.Column)     { return func(c *entschema.Column) { c.Size = n } }

func table(name string, cols ...*entschema.Column) *entschema.Table {
	t := entschema.NewTable(name).AddPrimary(&entschema.Column{Name: "id", Type: field.TypeInt, Increment: true})
	for _, c := range cols {
		t.AddColumn(c)
	}
	return t
}

// v1 is the schema the database starts from, with rows (see seed).
func v1() []*entschema.Table {
	return []*entschema.Table{
		table("posts", col("title"), col("body"), col("note", nullable)),
		table("tags", col("name")),
	}
}

func seed(t *testing.T, db *sql.DB) {
	t.Helper()
	for _, q := range []string{
		`INSERT INTO posts (id, title, body, note) VALUES (1, 'hello', 'first body', NULL)`,
		`INSERT INTO posts (id, title, body, note) VALUES (2, 'a longer title', 'second body', 'n')`,
		`INSERT INTO tags (id, name) VALUES (1, 'go')`,
	} {
		_, err := db.Exec(q)
		require.NoError(t, err, q)
	}
}

// backend is a database dialect the tests run on.
type backend struct {
	dialect string
	url     string
}

func backends() map[string]backend {
	return map[string]backend{
		"sqlite":   {dialect: dialect.SQLite},
		"postgres": {dialect: dialect.Postgres, url: os.Getenv("DATABASE_URL")},
	}
}

func (b backend) skipWithoutServer(t testing.TB) {
	if b.dialect == dialect.Postgres && b.url == "" {
		t.Skip("DATABASE_URL is not set: set it to a PostgreSQL database to run this test (e.g. postgres://postgres@127.0.0.1:5432/test?sslmode=disable)")
	}
}

// database opens an empty database of b's dialect, dropped at the end.
func (b backend) database(t *testing.T) *sql.DB {
	t.Helper()
	dev, err := openDev(context.Background(), b.dialect, b.url)
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, dev.close()) })
	return dev.db
}

func (b backend) diff(t *testing.T, opts Options) Result {
	t.Helper()
	opts.Dialect, opts.DevURL = b.dialect, b.url
	res, err := Diff(context.Background(), opts)
	require.NoError(t, err)
	return res
}

// write adds res's files to dir, as goplt's plan would.
func write(t *testing.T, dir migrate.Dir, res Result) {
	t.Helper()
	for _, f := range res.Files {
		require.NoError(t, dir.WriteFile(f.Name, f.Data))
	}
	if res.Sum != nil {
		require.NoError(t, dir.WriteFile(migrate.HashFileName, res.Sum))
	}
}

// apply runs the statements of files on db.
func apply(t *testing.T, db *sql.DB, files []File) {
	t.Helper()
	for _, f := range files {
		stmts, err := migrate.NewLocalFile(f.Name, f.Data).Stmts()
		require.NoError(t, err)
		for _, s := range stmts {
			_, err := db.Exec(s)
			require.NoError(t, err, "%s: %s", f.Name, s)
		}
	}
}

// start makes the first migration from v1, applies it to a new database
// and seeds it.
func (b backend) start(t *testing.T) (*migrate.MemDir, *sql.DB) {
	t.Helper()
	dir := &migrate.MemDir{}
	first := b.diff(t, Options{Tables: v1(), Dir: dir, Prefix: "blog", Now: at(t0)})
	require.Len(t, first.Files, 1)
	assert.Equal(t, "20261205100000_blog_create_posts_create_tags.sql", first.Files[0].Name)
	write(t, dir, first)
	db := b.database(t)
	apply(t, db, first.Files)
	seed(t, db)
	return dir, db
}

func strings1(t *testing.T, db *sql.DB, q string) []string {
	t.Helper()
	rows, err := db.Query(q)
	require.NoError(t, err, q)
	defer func() { assert.NoError(t, rows.Close()) }()
	var out []string
	for rows.Next() {
		var s sql.NullString
		require.NoError(t, rows.Scan(&s))
		out = append(out, s.String)
	}
	require.NoError(t, rows.Err())
	return out
}

func TestDiff_EvolvesADatabaseWithRows(t *testing.T) {
	cases := []struct {
		name    string
		v2      []*entschema.Table
		renames map[string]map[string]string
		drops   []string
		// file is the new file's name after the version; "" for none.
		file string
		// findings are "kind table.column", in order.
		findings []string
		// violating is what each Tightened finding's Query counts on the
		// seeded rows; fix runs after the queries, before the new file.
		violating []string
		fix       string
		// check runs on the seeded database after the new file.
		check func(t *testing.T, db *sql.DB)
	}{
		{
			name: "no change",
			v2:   v1(),
		},
		{
			name: "add optional field",
			v2: []*entschema.Table{
				table("posts", col("title"), col("body"), col("note", nullable), col("subtitle", nullable)),
				table("tags", col("name")),
			},
			file: "_blog_posts_add_subtitle.sql",
			check: func(t *testing.T, db *sql.DB) {
				assert.Equal(t, []string{"", ""}, strings1(t, db, `SELECT subtitle FROM posts ORDER BY id`))
				assert.Equal(t, []string{"hello", "a longer title"}, strings1(t, db, `SELECT title FROM posts ORDER BY id`))
			},
		},
		{
			name: "add required field with default",
			v2: []*entschema.Table{
				table("posts", col("title"), col("body"), col("note", nullable), col("status", def("draft"))),
				table("tags", col("name")),
			},
			file: "_blog_posts_add_status.sql",
			check: func(t *testing.T, db *sql.DB) {
				assert.Equal(t, []string{"draft", "draft"}, strings1(t, db, `SELECT status FROM posts ORDER BY id`))
			},
		},
		{
			name: "add required field without default is refused",
			v2: []*entschema.Table{
				table("posts", col("title"), col("body"), col("note", nullable), col("slug")),
				table("tags", col("name")),
			},
			findings: []string{"required-without-default posts.slug"},
		},
		{
			name: "rename keeps the data",
			v2: []*entschema.Table{
				table("posts", col("title"), col("content"), col("note", nullable)),
				table("tags", col("name")),
			},
			renames: map[string]map[string]string{"posts": {"content": "body"}},
			file:    "_blog_posts_rename_body_to_content.sql",
			check: func(t *testing.T, db *sql.DB) {
				assert.Equal(t, []string{"first body", "second body"}, strings1(t, db, `SELECT content FROM posts ORDER BY id`))
			},
		},
		{
			name: "rename without renamed_from is a drop",
			v2: []*entschema.Table{
				table("posts", col("title"), col("content", nullable), col("note", nullable)),
				table("tags", col("name")),
			},
			findings: []string{"drop-column posts.body"},
		},
		{
			name: "drop field without acknowledgement",
			v2: []*entschema.Table{
				table("posts", col("title"), col("body")),
				table("tags", col("name")),
			},
			findings: []string{"drop-column posts.note"},
		},
		{
			name: "drop field with acknowledgement",
			v2: []*entschema.Table{
				table("posts", col("title"), col("body")),
				table("tags", col("name")),
			},
			drops: []string{"posts.note"},
			file:  "_blog_posts_drop_note.sql",
			check: func(t *testing.T, db *sql.DB) {
				assert.Equal(t, []string{"first body", "second body"}, strings1(t, db, `SELECT body FROM posts ORDER BY id`))
				_, err := db.Exec(`SELECT note FROM posts`)
				assert.Error(t, err, "the column is gone")
			},
		},
		{
			name:     "drop entity without acknowledgement",
			v2:       []*entschema.Table{table("posts", col("title"), col("body"), col("note", nullable))},
			findings: []string{"drop-table tags."},
		},
		{
			name:  "drop entity with acknowledgement",
			v2:    []*entschema.Table{table("posts", col("title"), col("body"), col("note", nullable))},
			drops: []string{"tags"},
			file:  "_blog_drop_tags.sql",
			check: func(t *testing.T, db *sql.DB) {
				_, err := db.Exec(`SELECT name FROM tags`)
				assert.Error(t, err, "the table is gone")
				assert.Len(t, strings1(t, db, `SELECT title FROM posts`), 2)
			},
		},
		{
			name: "type change that loses data is refused",
			v2: []*entschema.Table{
				table("posts", col("title", typ(field.TypeInt)), col("body"), col("note", nullable)),
				table("tags", col("name")),
			},
			findings: []string{"lossy-type-change posts.title"},
		},
		{
			name: "optional field made required is a warning with its violating rows",
			v2: []*entschema.Table{
				table("posts", col("title"), col("body"), col("note")),
				table("tags", col("name")),
			},
			file:      "_blog_posts_alter_note.sql",
			findings:  []string{"tightened posts.note"},
			violating: []string{"1"},
			fix:       `UPDATE posts SET note = 'fixed' WHERE note IS NULL`,
			check: func(t *testing.T, db *sql.DB) {
				assert.Equal(t, []string{"fixed", "n"}, strings1(t, db, `SELECT note FROM posts ORDER BY id`))
			},
		},
		{
			name: "optional field made required with a default gets the default where it was NULL",
			v2: []*entschema.Table{
				table("posts", col("title"), col("body"), col("note", def("none"))),
				table("tags", col("name")),
			},
			file: "_blog_posts_alter_note.sql",
			check: func(t *testing.T, db *sql.DB) {
				assert.Equal(t, []string{"none", "n"}, strings1(t, db, `SELECT note FROM posts ORDER BY id`))
			},
		},
		{
			name: "field made unique is a warning with its duplicates",
			v2: []*entschema.Table{
				table("posts", col("title", unique), col("body"), col("note", nullable)),
				table("tags", col("name")),
			},
			file:      "_blog_posts_indexes.sql",
			findings:  []string{"tightened posts.title"},
			violating: []string{"0"},
			check: func(t *testing.T, db *sql.DB) {
				_, err := db.Exec(`INSERT INTO posts (id, title, body) VALUES (3, 'hello', 'again')`)
				assert.Error(t, err, "titles are unique now")
			},
		},
		{
			name: "unique field added with a default fails on more than one row",
			v2: []*entschema.Table{
				table("posts", col("title"), col("body"), col("note", nullable), col("code", unique, def("x"))),
				table("tags", col("name")),
			},
			file:      "_blog_posts_add_code_posts_indexes.sql",
			findings:  []string{"tightened posts.code"},
			violating: []string{"2"},
			fix:       `DELETE FROM posts WHERE id = 2`,
			check: func(t *testing.T, db *sql.DB) {
				assert.Equal(t, []string{"x"}, strings1(t, db, `SELECT code FROM posts`))
			},
		},
		{
			name: "rename and change the field at once",
			v2: []*entschema.Table{
				table("posts", col("title"), col("content", nullable), col("note", nullable)),
				table("tags", col("name")),
			},
			renames: map[string]map[string]string{"posts": {"content": "body"}},
			file:    "_blog_posts_rename_body_to_content_posts_alter_content.sql",
			check: func(t *testing.T, db *sql.DB) {
				assert.Equal(t, []string{"first body", "second body"}, strings1(t, db, `SELECT content FROM posts ORDER BY id`))
				_, err := db.Exec(`INSERT INTO posts (id, title, content) VALUES (3, 'no content', NULL)`)
				assert.NoError(t, err, "content is optional now")
			},
		},
		{
			name: "renamed_from of a column already renamed changes nothing",
			v2: []*entschema.Table{
				table("posts", col("title"), col("body"), col("note", nullable)),
				table("tags", col("name")),
			},
			renames: map[string]map[string]string{"posts": {"body": "text"}},
		},
	}
	for bname, b := range backends() {
		t.Run(bname, func(t *testing.T) {
			b.skipWithoutServer(t)
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) {
					t.Parallel()
					dir, db := b.start(t)
					res := b.diff(t, Options{Tables: c.v2, Dir: dir, Prefix: "blog", Renames: c.renames, Drops: c.drops, Now: at(t1)})

					var got []string
					for _, f := range res.Findings {
						got = append(got, string(f.Kind)+" "+f.Table+"."+f.Column)
						assert.NotEmpty(t, f.Message)
					}
					assert.Equal(t, c.findings, got)
					if c.file == "" {
						assert.Empty(t, res.Files)
						assert.Nil(t, res.Sum)
						return
					}
					require.Len(t, res.Files, 1)
					assert.Equal(t, "20261205110000"+c.file, res.Files[0].Name)
					var violating []string
					for _, f := range res.Findings {
						if f.Kind == Tightened {
							violating = append(violating, strings1(t, db, f.Query)...)
						}
					}
					assert.Equal(t, c.violating, violating, "the queries count the rows the change breaks")
					if c.fix != "" {
						_, err := db.Exec(c.fix)
						require.NoError(t, err)
					}
					apply(t, db, res.Files)
					if c.check != nil {
						c.check(t, db)
					}
					// The directory now matches the schema.
					write(t, dir, res)
					again := b.diff(t, Options{Tables: c.v2, Dir: dir, Prefix: "blog", Renames: c.renames, Drops: c.drops, Now: at(t1.Add(time.Hour))})
					assert.Empty(t, again.Files, "a second diff finds nothing: %s", again.Files)
				})
			}
		})
	}
}

func TestDiff_EditedMigrationIsAnIntegrityError(t *testing.T) {
	for bname, b := range backends() {
		t.Run(bname, func(t *testing.T) {
			b.skipWithoutServer(t)
			dir := &migrate.MemDir{}
			write(t, dir, b.diff(t, Options{Tables: v1(), Dir: dir, Now: at(t0)}))
			files, err := dir.Files()
			require.NoError(t, err)
			name := files[0].Name()
			require.NoError(t, dir.WriteFile(name, append(files[0].Bytes(), "-- edited\n"...)))

			_, err = Diff(context.Background(), Options{Tables: v1(), Dir: dir, Dialect: b.dialect, DevURL: b.url, Now: at(t1)})
			var ierr *IntegrityError
			require.ErrorAs(t, err, &ierr)
			assert.Equal(t, name, ierr.File)
			assert.Equal(t, "edited", ierr.Reason)
			assert.Contains(t, err.Error(), name)
		})
	}
}

func TestVerify_FilesWithoutAtlasSumAreAnIntegrityError(t *testing.T) {
	dir := &migrate.MemDir{}
	require.NoError(t, dir.WriteFile("20261205100000_init.sql", []byte("CREATE TABLE t (id integer);\n")))
	err := Verify(dir)
	var ierr *IntegrityError
	require.ErrorAs(t, err, &ierr)
	assert.Contains(t, err.Error(), "atlas.sum is missing")
}

func TestDiff_TablesOfHandWrittenMigrationsCanBeLeftAlone(t *testing.T) {
	b := backends()["sqlite"]
	dir, _ := b.start(t)
	require.NoError(t, dir.WriteFile("20261205103000_report_table.sql", []byte("CREATE TABLE report (day text);\n")))
	sum, _, err := Rehash(dir)
	require.NoError(t, err)
	require.NoError(t, dir.WriteFile(migrate.HashFileName, sum))

	res := b.diff(t, Options{Tables: v1(), Dir: dir, Now: at(t1)})
	require.Len(t, res.Findings, 1, "a table the schema does not know looks dropped")
	assert.Equal(t, DropTable, res.Findings[0].Kind)

	res = b.diff(t, Options{Tables: v1(), Dir: dir, Unmanaged: []string{"report"}, Now: at(t1)})
	assert.Empty(t, res.Findings)
	assert.Empty(t, res.Files)
}

func TestDiff_SameInputGivesSameBytesButTheVersion(t *testing.T) {
	for bname, b := range backends() {
		t.Run(bname, func(t *testing.T) {
			b.skipWithoutServer(t)
			run := func(now time.Time) Result {
				return b.diff(t, Options{Tables: v1(), Dir: &migrate.MemDir{}, Prefix: "blog", Now: at(now)})
			}
			a, same, later := run(t0), run(t0), run(t1)
			assert.Equal(t, a, same)
			require.Len(t, later.Files, 1)
			assert.Equal(t, a.Files[0].Data, later.Files[0].Data, "only the version differs")
			assert.NotEqual(t, a.Files[0].Name, later.Files[0].Name)
		})
	}
}

func TestDiff_VersionFollowsTheLastFile(t *testing.T) {
	dir := &migrate.MemDir{}
	b := backends()["sqlite"]
	write(t, dir, b.diff(t, Options{Tables: v1(), Dir: dir, Now: at(t1)}))
	// A clock behind the last file still orders the new file after it.
	res := b.diff(t, Options{Tables: []*entschema.Table{table("posts", col("title"), col("body"), col("note", nullable), col("x", nullable)), table("tags", col("name"))}, Dir: dir, Now: at(t0)})
	require.Len(t, res.Files, 1)
	assert.Equal(t, "20261205110001_posts_add_x.sql", res.Files[0].Name)
}

func TestDiff_LeavesTheDirectoryUntouched(t *testing.T) {
	dir := &migrate.MemDir{}
	res := backends()["sqlite"].diff(t, Options{Tables: v1(), Dir: dir, Now: at(t0)})
	require.Len(t, res.Files, 1)
	files, err := dir.Files()
	require.NoError(t, err)
	assert.Empty(t, files)
}

func TestDiff_LongNamesAreShortened(t *testing.T) {
	var cols []*entschema.Column
	for _, n := range []string{"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf"} {
		cols = append(cols, col(n, nullable))
	}
	res := backends()["sqlite"].diff(t, Options{Tables: []*entschema.Table{table("posts", cols...)}, Dir: &migrate.MemDir{}, Now: at(t0)})
	require.Len(t, res.Files, 1)
	assert.Equal(t, "20261205100000_create_posts.sql", res.Files[0].Name)

	h := &hook{parts: []string{"posts_add_alpha", "posts_add_bravo", "posts_add_charlie", "posts_add_delta", "posts_add_echo"}}
	assert.Equal(t, "posts_add_alpha_posts_add_bravo_posts_add_charlie_and_2_more", h.name())
}

func TestTightenedColumns_EnumsAndLengthsCountTheirViolations(t *testing.T) {
	enum := func(vals ...string) func(*entschema.Column) {
		return func(c *entschema.Column) { c.Type, c.Enums = field.TypeEnum, vals }
	}
	before := []*entschema.Table{table("posts", col("status", enum("draft", "published", "archived")), col("title", size(200)), col("body"))}
	after := []*entschema.Table{table("posts", col("status", enum("draft", "published")), col("title", size(100)), col("body", size(1000)))}
	got := TightenedColumns(dialect.SQLite, before, after)
	require.Len(t, got, 3)
	assert.Equal(t, `SELECT count(*) FROM "posts" WHERE "status" IN ('archived')`, got[0].Query)
	assert.Contains(t, got[0].Message, "archived")
	assert.Equal(t, `SELECT count(*) FROM "posts" WHERE length("title") > 100`, got[1].Query)
	assert.Equal(t, "body", got[2].Column)

	// The queries run on a database holding old rows, and count them.
	db := backends()["sqlite"].database(t)
	dir := &migrate.MemDir{}
	res := backends()["sqlite"].diff(t, Options{Tables: before, Dir: dir, Now: at(t0)})
	apply(t, db, res.Files)
	_, err := db.Exec(`INSERT INTO posts (status, title, body) VALUES ('archived', 'short', 'b'), ('draft', ?, 'b')`, strings.Repeat("x", 150))
	require.NoError(t, err)
	assert.Equal(t, []string{"1"}, strings1(t, db, got[0].Query))
	assert.Equal(t, []string{"1"}, strings1(t, db, got[1].Query))

	// Diff reports them too when given the old tables.
	write(t, dir, res)
	res = backends()["sqlite"].diff(t, Options{Tables: after, Before: before, Dir: dir, Now: at(t1)})
	assert.False(t, res.Blocked())
	assert.Len(t, res.Findings, 3)
	assert.Empty(t, res.Files, "SQLite stores neither enums nor lengths")
}

func TestDiff_BadOptionsAreRefused(t *testing.T) {
	for _, o := range []Options{
		{Dialect: dialect.SQLite},
		{Dir: &migrate.MemDir{}, Dialect: "mysql"},
		{Dir: &migrate.MemDir{}, Dialect: dialect.Postgres},
	} {
		_, err := Diff(context.Background(), o)
		assert.Error(t, err)
	}
	_, err := Diff(context.Background(), Options{Dir: &migrate.MemDir{}, Dialect: dialect.Postgres, DevURL: "postgres://nobody@127.0.0.1:1/none?connect_timeout=1"})
	assert.ErrorContains(t, err, "127.0.0.1:1", "a dev database that cannot be reached is named")
}

func BenchmarkDiff(b *testing.B) {
	for bname, be := range backends() {
		b.Run(bname, func(b *testing.B) {
			be.skipWithoutServer(b)
			ctx := context.Background()
			dir := &migrate.MemDir{}
			first, err := Diff(ctx, Options{Tables: v1(), Dir: dir, Dialect: be.dialect, DevURL: be.url, Now: at(t0)})
			if err != nil {
				b.Fatal(err)
			}
			for _, f := range append(first.Files, File{Name: migrate.HashFileName, Data: first.Sum}) {
				if err := dir.WriteFile(f.Name, f.Data); err != nil {
					b.Fatal(err)
				}
			}
			v2 := []*entschema.Table{table("posts", col("title"), col("body"), col("note", nullable), col("subtitle", nullable)), table("tags", col("name"))}
			b.ResetTimer()
			for b.Loop() {
				res, err := Diff(ctx, Options{Tables: v2, Dir: dir, Dialect: be.dialect, DevURL: be.url, Now: at(t1)})
				if err != nil || len(res.Files) != 1 {
					b.Fatal(err, res.Files)
				}
			}
		})
	}
}

func TestRehash_TakesHandWrittenMigrationsNeverHistoryChanges(t *testing.T) {
	b := backends()["sqlite"]
	dir, db := b.start(t)
	files, err := dir.Files()
	require.NoError(t, err)
	first := files[0]

	// Nothing added: nothing to do.
	sum, added, err := Rehash(dir)
	require.NoError(t, err)
	assert.Nil(t, sum)
	assert.Empty(t, added)

	// A backfill written by hand after the generated file.
	backfill := File{Name: "20261205103000_backfill_titles.sql", Data: []byte("UPDATE posts SET title = upper(title);\n")}
	require.NoError(t, dir.WriteFile(backfill.Name, backfill.Data))
	var ierr *IntegrityError
	require.ErrorAs(t, Verify(dir), &ierr)
	assert.Equal(t, backfill.Name, ierr.File)
	assert.Equal(t, "added", ierr.Reason)

	sum, added, err = Rehash(dir)
	require.NoError(t, err)
	assert.Equal(t, []string{backfill.Name}, added)
	require.NoError(t, dir.WriteFile(migrate.HashFileName, sum))
	require.NoError(t, Verify(dir))
	apply(t, db, []File{backfill})
	assert.Equal(t, []string{"HELLO", "A LONGER TITLE"}, strings1(t, db, `SELECT title FROM posts ORDER BY id`))
	// The data migration leaves the schema as it was.
	assert.Empty(t, b.diff(t, Options{Tables: v1(), Dir: dir, Now: at(t1)}).Files)

	// History does not change: an edited file and a file slipped in
	// before the last are refused.
	edited := &migrate.MemDir{}
	require.NoError(t, edited.WriteFile(first.Name(), append(first.Bytes(), "-- edited\n"...)))
	require.NoError(t, edited.WriteFile(migrate.HashFileName, sum))
	_, _, err = Rehash(edited)
	require.ErrorAs(t, err, &ierr)
	assert.Equal(t, first.Name(), ierr.File)
	assert.Equal(t, "edited", ierr.Reason)

	require.NoError(t, dir.WriteFile("20261205090000_early.sql", []byte("SELECT 1;\n")))
	_, _, err = Rehash(dir)
	require.ErrorAs(t, err, &ierr)
	assert.Equal(t, "20261205090000_early.sql", ierr.File)
	assert.Contains(t, ierr.Reason, "give it a later version")
}
