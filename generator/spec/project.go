package spec

import (
	"bytes"
	"cmp"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// SchemaVersion is the version of the goplt.yaml format this package reads
// and writes.
const SchemaVersion = 1

// ProjectFile is the name of the project spec at the root of a project.
const ProjectFile = "goplt.yaml"

// Databases goplt can generate code for; the first is the default.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// Project is the parsed goplt.yaml.
type Project struct {
	File        string // the path as given to Parse, e.g. "goplt.yaml"
	Version     int    // spec format version; 1
	Name        string // project name: lower-case letters, digits and '-', starting with a letter, at most 40 chars
	Module      string // Go module path of the generated project
	Description string // one line for READMEs; optional
	Database    string // "sqlite" (default) or "postgres"
	// Features are the optional kernel services switched on, each once, in
	// the order of the Features table (Encode and ParseProject sort them).
	Features []string
	// Plugins names the feature modules (directories under modules/) that
	// are built as Go plugins and loaded at start instead of being linked
	// into the core binary; sorted, each once.
	Plugins []string
}

// Feature is one optional kernel service a project can switch on in the
// features list of goplt.yaml. A feature that is off generates no code and
// adds no dependency.
type Feature struct {
	Name    string
	Summary string // one line, shown by goplt init's prompt and in docs
}

// Features is every optional kernel service, in the order goplt.yaml lists
// them. Keep it in step with the enum in schemas/goplt.schema.json (a test
// checks it).
var Features = []Feature{
	{"audit", "append-only audit log of every mutating request"},
	{"events", "event bus with a transactional outbox, in-process or Kafka"},
	{"jobs", "cron scheduler and job queue, in-process or Redis (asynq)"},
	{"notifications", "email (SMTP) and signed webhook notifiers"},
	{"errors", "error bus: panics and failures of requests and jobs, forwarded to Sentry when a DSN is set"},
	{"tenancy", "multi-tenancy: tenant resolution and tenant-scoped entities"},
	{"oidc", "OpenID Connect token verification"},
	{"casbin", "casbin as an alternative authorization engine"},
	{"tracing", "OpenTelemetry tracing of requests and queries"},
}

// FeatureNames returns the names of Features in table order.
func FeatureNames() []string {
	names := make([]string, len(Features))
	for i, f := range Features {
		names[i] = f.Name
	}
	return names
}

// SortFeatures orders names as the Features table does and drops
// duplicates; unknown names sort last, alphabetically.
func SortFeatures(names []string) []string {
	rank := func(n string) int {
		for i, f := range Features {
			if f.Name == n {
				return i
			}
		}
		return len(Features)
	}
	out := slices.Clone(names)
	slices.SortFunc(out, func(a, b string) int {
		if c := cmp.Compare(rank(a), rank(b)); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	return slices.Compact(out)
}

// Has reports whether feature name is switched on.
func (p *Project) Has(name string) bool { return slices.Contains(p.Features, name) }

// IsPlugin reports whether module name is listed under plugins.
func (p *Project) IsPlugin(name string) bool { return slices.Contains(p.Plugins, name) }

// projectFields lists the fields of goplt.yaml in the order Encode writes
// them, with the comment Encode puts above each. The comments are the
// descriptions in schemas/goplt.schema.json (a test keeps them equal).
var projectFields = []struct {
	key, comment string
	value        func(*Project) string
}{
	{"version", "Version of the goplt.yaml format; always 1.", func(p *Project) string { return strconv.Itoa(p.Version) }},
	{"name", "Project name: lower-case letters, digits and '-', starting with a letter and not ending with '-', at most 40 characters.", func(p *Project) string { return yamlString(p.Name) }},
	{"module", "Go module path of the generated project, e.g. example.com/acme.", func(p *Project) string { return yamlString(p.Module) }},
	{"description", "One line describing the project, used in the README; optional.", func(p *Project) string { return yamlString(p.Description) }},
	{"database", "Database the platform stores its data in: sqlite (default) or postgres.", func(p *Project) string { return yamlString(p.Database) }},
	{"features", "Optional kernel services to generate: audit, events, jobs, notifications, errors, tenancy, oidc, casbin, tracing.", func(p *Project) string { return flowList(p.Features) }},
	{"plugins", "Feature modules (names of modules under modules/) built as Go plugins and loaded at start instead of linked into the core binary; needs cgo.", func(p *Project) string { return flowList(p.Plugins) }},
}

// flowList writes names as a YAML flow sequence: [a, b] ([] when empty).
func flowList(names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = yamlString(n)
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}

// projectSchema is goplt.schema.json, compiled on first use.
var projectSchema = sync.OnceValues(func() (*schema, error) {
	return loadSchema("goplt.schema.json", map[string]stringCheck{
		"/properties/name":        func(l, v string) error { return checkName(l, v, MaxNameLen) },
		"/properties/module":      checkModulePath,
		"/properties/description": checkOneLine,
	})
})

// NewProject returns a project with the given name and module path and
// every other field at its default: version 1, database sqlite, no
// description. File is "goplt.yaml". It does not check name or module; see
// CheckName and CheckModulePath.
func NewProject(name, module string) *Project {
	return &Project{
		File:     ProjectFile,
		Version:  SchemaVersion,
		Name:     name,
		Module:   module,
		Database: SQLite,
	}
}

// LoadProject reads and parses the goplt.yaml at path. Diagnostics name the
// file as path is given, so pass a path relative to where the user works.
func LoadProject(path string) (*Project, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load project: %w", err)
	}
	return ParseProject(path, data)
}

// ParseProject parses the contents of a goplt.yaml; file names it in
// diagnostics. For bad input the error is Diagnostics holding every problem
// found. Absent optional fields get their defaults.
func ParseProject(file string, data []byte) (*Project, error) {
	sch, err := projectSchema()
	if err != nil {
		return nil, err
	}
	d := &diagnostics{file: file}
	root := readMapping(d, data, "name: acme and module: example.com/acme")
	if root == nil {
		return nil, d.err()
	}
	sch.validate(d, root)
	sch.runChecks(d, root, "", "", 0)
	if err := d.err(); err != nil {
		return nil, err
	}
	p := NewProject("", "")
	p.File = file
	p.Name = str(root, "name", p.Name)
	p.Module = str(root, "module", p.Module)
	p.Description = str(root, "description", p.Description)
	p.Database = str(root, "database", p.Database)
	for _, n := range list(get(root, "features")) {
		p.Features = append(p.Features, text(n))
	}
	p.Features = SortFeatures(p.Features)
	for _, n := range list(get(root, "plugins")) {
		p.Plugins = append(p.Plugins, text(n))
	}
	slices.Sort(p.Plugins)
	p.Plugins = slices.Compact(p.Plugins)
	if _, v := lookup(root, "version"); v != nil {
		if n, ok := integer(v); ok {
			p.Version = n
		}
	}
	return p, nil
}

// str returns the string value of key in mapping m, or def when it is absent.
func str(m *yaml.Node, key, def string) string {
	if _, v := lookup(m, key); v != nil {
		if s, ok := scalar(deref(v)).(string); ok {
			return s
		}
	}
	return def
}

// integer returns the value of an integer node; the schema accepts 1.0.
func integer(n *yaml.Node) (int, bool) {
	switch v := scalar(deref(n)).(type) {
	case int64:
		return int(v), true
	case uint64:
		return int(v), true
	case float64:
		return int(v), v == float64(int(v))
	}
	return 0, false
}

// deref follows an alias to the node it names.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil && i < maxDepth; i++ {
		n = n.Alias
	}
	return n
}

// Encode returns p as canonical goplt.yaml: a schema comment for editors, a
// line saying what the file is, then every field in a fixed order with a
// one-line comment above it. The bytes depend only on p, and ParseProject
// of them gives p back.
func (p *Project) Encode() []byte {
	var b bytes.Buffer
	b.WriteString("# yaml-language-server: $schema=.goplt/schemas/goplt.schema.json\n")
	b.WriteString("# goplt.yaml describes this project to goplt; run \"goplt gen\" after editing it.\n")
	for _, f := range projectFields {
		fmt.Fprintf(&b, "\n# %s\n%s: %s\n", f.comment, f.key, f.value(p))
	}
	return b.Bytes()
}

// yamlString writes s as a YAML scalar that reads back as the string s:
// plain when that is unambiguous, quoted otherwise ("", "1", "true", "a: b").
func yamlString(s string) string {
	out, err := yaml.Marshal(s)
	v := strings.TrimSuffix(string(out), "\n")
	if err != nil || strings.Contains(v, "\n") || strings.HasPrefix(v, "!!") || !utf8.ValidString(s) {
		return strconv.Quote(s)
	}
	return v
}
