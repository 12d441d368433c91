package spec

import (
	"fmt"
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"

	"golang.org/x/mod/semver"
	"gopkg.in/yaml.v3"
)

// CoreVersion is the version of the platform kernel ("core") that this goplt
// generates: the kernel API modules declare against. It is the playbook's
// kernel, whose sample module asks for "core >= 1.3.0". A module's
// dependency on core must accept it.
const CoreVersion = "1.3.0"

// ModuleFile is the name of a module spec inside its module directory.
const ModuleFile = "module.yaml"

// Field types of module.yaml.
const (
	TypeString = "string"
	TypeText   = "text"
	TypeInt    = "int"
	TypeFloat  = "float"
	TypeBool   = "bool"
	TypeTime   = "time"
	TypeUUID   = "uuid"
	TypeEnum   = "enum"
	TypeJSON   = "json"
)

// Module is a parsed module.yaml. Every value that a later check may need to
// point at has a Pos next to it; a Pos is zero (Line 0) when its key is absent.
type Module struct {
	File         string // the path as given to Parse, e.g. "modules/blog/module.yaml"
	Name         string // module name, e.g. "blog"; also its package and permission prefix
	NamePos      Pos
	Version      string // semantic version without "v", e.g. "0.1.0"
	VersionPos   Pos
	Description  string // one line; optional
	Dependencies []Dependency
	Permissions  []Permission
	Entities     []Entity
	Routes       []Route
}

// Dependency is one entry of dependencies, e.g. "core >= 0.1.0".
type Dependency struct {
	Module  string // e.g. "core"
	Op      string // ">=", ">", "=", "<=", "<", or "" for any version
	Version string // e.g. "0.1.0"; "" when Op is ""
	Pos     Pos
}

// Permission is one declared permission, e.g. "blog.post.create".
type Permission struct {
	Name string
	Pos  Pos
}

// Entity is one stored data type of a module.
type Entity struct {
	Name         string // snake_case, singular, e.g. "post"
	Pos          Pos    // of the entity's mapping
	NamePos      Pos
	Description  string
	TenantScoped bool
	Fields       []Field
}

// Field is one field of an entity.
type Field struct {
	Name        string // snake_case, e.g. "published_at"
	Pos         Pos    // of the field's mapping
	NamePos     Pos
	Type        string // one of the Type* constants
	TypePos     Pos
	Description string
	Required    bool     // a value must be given on create; otherwise optional
	Unique      bool     // no two rows hold the same value
	Values      []string // allowed values of an enum
	ValuesPos   Pos
	Default     any // nil, or a string, int64, float64 or bool matching Type
	DefaultPos  Pos
	MaxLength   int // 0 when not set; string and text only
	MaxLenPos   Pos
	Min, Max    *float64 // nil when not set; int and float only
	MinPos      Pos
	MaxPos      Pos
}

// Route is one HTTP route of a module.
type Route struct {
	Method         string // GET, POST, PUT, PATCH or DELETE
	Pos            Pos    // of the route's mapping
	Path           string // as written, with :id or {id} parameters
	PathPos        Pos
	Permission     string // "" for a public route
	PermissionPos  Pos
	Public         bool
	OperationID    string // "" when absent
	OperationIDPos Pos
	Summary        string
	Request        string // entity name, "[]entity", or ""
	RequestPos     Pos
	Response       string
	ResponsePos    Pos
}

// PathParams returns the names of the route's path parameters in order:
// "/posts/:id" and "/posts/{id}" both give ["id"].
func (r *Route) PathParams() []string {
	var out []string
	for _, seg := range strings.Split(r.Path, "/") {
		if name, ok := param(seg); ok {
			out = append(out, name)
		}
	}
	return out
}

// operationID is the route's operation_id, or the one DeriveOperationID
// gives it; "" when the path or method is not valid.
func (r *Route) operationID() string {
	switch {
	case r.OperationID != "":
		return r.OperationID
	case r.Method == "" || r.Path == "" || checkPath("", r.Path) != nil:
		return ""
	}
	return DeriveOperationID(r.Method, r.Path)
}

// param returns the name of a path parameter segment (":id" or "{id}").
func param(seg string) (string, bool) {
	switch {
	case strings.HasPrefix(seg, ":"):
		return seg[1:], true
	case strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}"):
		return seg[1 : len(seg)-1], true
	}
	return "", false
}

// moduleSchema is module.schema.json, compiled on first use.
var moduleSchema = sync.OnceValues(func() (*schema, error) {
	return loadSchema("module.schema.json", map[string]stringCheck{
		"/properties/name":                     checkModuleName,
		"/properties/version":                  checkVersion,
		"/properties/description":              checkOneLine,
		"/properties/dependencies/items":       checkDependency,
		"/$defs/permission":                    checkPermission,
		"/$defs/identifier":                    checkIdentifier,
		"/$defs/entity/properties/description": checkOneLine,
		"/$defs/field/properties/description":  checkOneLine,
		"/$defs/route/properties/path":         checkPath,
		"/$defs/route/properties/operation_id": checkOperationID,
		"/$defs/route/properties/summary":      checkOneLine,
		"/$defs/route/properties/request":      checkBody,
		"/$defs/route/properties/response":     checkBody,
	})
})

// LoadModule reads and parses the module.yaml at path. Diagnostics name the
// file as path is given.
func LoadModule(path string) (*Module, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load module: %w", err)
	}
	return ParseModule(path, data)
}

// ParseModule parses the contents of a module.yaml; file names it in
// diagnostics. For bad input the error is Diagnostics holding every problem
// found, by the schema and by the checks across fields (permissions,
// routes, entity references, the core version).
func ParseModule(file string, data []byte) (*Module, error) {
	sch, err := moduleSchema()
	if err != nil {
		return nil, err
	}
	d := &diagnostics{file: file}
	root := readMapping(d, data, "name: blog and version: 0.1.0")
	if root == nil {
		return nil, d.err()
	}
	sch.validate(d, root)
	sch.runChecks(d, root, "", "", 0)
	m := decodeModule(d, root)
	checkModule(d, m)
	if err := d.err(); err != nil {
		return nil, err
	}
	return m, nil
}

// decoder reads values out of a node tree that may not match the schema:
// a value of the wrong type reads as the zero value, since the schema layer
// has already reported it.
type decoder struct{ d *diagnostics }

func (dc decoder) pos(n *yaml.Node) Pos {
	if n == nil {
		return Pos{}
	}
	return Pos{File: dc.d.file, Line: max(n.Line, 1), Col: max(n.Column, 1)}
}

// get returns the value of key in mapping m, aliases followed, or nil.
func get(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	if _, v := lookup(m, key); v != nil {
		return deref(v)
	}
	return nil
}

// list returns the items of a sequence, aliases followed, or nil.
func list(n *yaml.Node) []*yaml.Node {
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]*yaml.Node, len(n.Content))
	for i, item := range n.Content {
		out[i] = deref(item)
	}
	return out
}

// text returns the string held by n, or "".
func text(n *yaml.Node) string {
	if n != nil && n.Kind == yaml.ScalarNode {
		if s, ok := scalar(n).(string); ok {
			return s
		}
	}
	return ""
}

// boolean returns the boolean held by n, or false.
func boolean(n *yaml.Node) bool {
	if n != nil && n.Kind == yaml.ScalarNode {
		b, _ := scalar(n).(bool)
		return b
	}
	return false
}

// number returns the number held by n, or nil.
func number(n *yaml.Node) *float64 {
	if n == nil || n.Kind != yaml.ScalarNode {
		return nil
	}
	var f float64
	switch v := scalar(n).(type) {
	case int64:
		f = float64(v)
	case uint64:
		f = float64(v)
	case float64:
		f = v
	default:
		return nil
	}
	return &f
}

func decodeModule(d *diagnostics, root *yaml.Node) *Module {
	dc := decoder{d}
	m := &Module{File: d.file}
	m.Name, m.NamePos = text(get(root, "name")), dc.pos(get(root, "name"))
	m.Version, m.VersionPos = text(get(root, "version")), dc.pos(get(root, "version"))
	m.Description = text(get(root, "description"))
	for _, n := range list(get(root, "dependencies")) {
		dep := Dependency{Pos: dc.pos(n)}
		dep.Module, dep.Op, dep.Version = splitDependency(text(n))
		m.Dependencies = append(m.Dependencies, dep)
	}
	for _, n := range list(get(root, "permissions")) {
		m.Permissions = append(m.Permissions, Permission{Name: text(n), Pos: dc.pos(n)})
	}
	for _, n := range list(get(root, "entities")) {
		e := Entity{
			Name:         text(get(n, "name")),
			Pos:          dc.pos(n),
			NamePos:      dc.pos(get(n, "name")),
			Description:  text(get(n, "description")),
			TenantScoped: boolean(get(n, "tenant_scoped")),
		}
		for _, fn := range list(get(n, "fields")) {
			e.Fields = append(e.Fields, dc.field(fn))
		}
		m.Entities = append(m.Entities, e)
	}
	for _, n := range list(get(root, "routes")) {
		m.Routes = append(m.Routes, Route{
			Method:         text(get(n, "method")),
			Pos:            dc.pos(n),
			Path:           text(get(n, "path")),
			PathPos:        dc.pos(get(n, "path")),
			Permission:     text(get(n, "permission")),
			PermissionPos:  dc.pos(get(n, "permission")),
			Public:         boolean(get(n, "public")),
			OperationID:    text(get(n, "operation_id")),
			OperationIDPos: dc.pos(get(n, "operation_id")),
			Summary:        text(get(n, "summary")),
			Request:        text(get(n, "request")),
			RequestPos:     dc.pos(get(n, "request")),
			Response:       text(get(n, "response")),
			ResponsePos:    dc.pos(get(n, "response")),
		})
	}
	return m
}

func (dc decoder) field(n *yaml.Node) Field {
	f := Field{
		Name:        text(get(n, "name")),
		Pos:         dc.pos(n),
		NamePos:     dc.pos(get(n, "name")),
		Type:        text(get(n, "type")),
		TypePos:     dc.pos(get(n, "type")),
		Description: text(get(n, "description")),
		Required:    boolean(get(n, "required")),
		Unique:      boolean(get(n, "unique")),
		ValuesPos:   dc.pos(get(n, "values")),
		DefaultPos:  dc.pos(get(n, "default")),
		MaxLenPos:   dc.pos(get(n, "max_length")),
		Min:         number(get(n, "min")),
		MinPos:      dc.pos(get(n, "min")),
		Max:         number(get(n, "max")),
		MaxPos:      dc.pos(get(n, "max")),
	}
	for _, v := range list(get(n, "values")) {
		f.Values = append(f.Values, text(v))
	}
	if v := get(n, "default"); v != nil && v.Kind == yaml.ScalarNode {
		f.Default = scalar(v)
	}
	if ml := number(get(n, "max_length")); ml != nil && *ml >= 1 && *ml <= 1<<31 {
		f.MaxLength = int(*ml)
	}
	return f
}

var dependencyRe = regexp.MustCompile(`^([a-z][a-z0-9]*)(?: *(>=|<=|>|<|=) *([0-9]+\.[0-9]+\.[0-9]+))?$`)

// splitDependency splits "core >= 0.1.0" into its parts, or returns empty
// strings when s is not a valid dependency.
func splitDependency(s string) (module, op, version string) {
	if m := dependencyRe.FindStringSubmatch(s); m != nil {
		return m[1], m[2], m[3]
	}
	return "", "", ""
}

// at records a problem at pos.
func (d *diagnostics) at(pos Pos, format string, args ...any) {
	if pos.File == "" {
		pos.File = d.file
	}
	d.list = append(d.list, Diagnostic{
		Pos: Pos{File: pos.File, Line: max(pos.Line, 1), Col: max(pos.Col, 1)},
		Msg: fmt.Sprintf(format, args...),
	})
}

// checkModule runs the checks that look across fields. Values the schema
// rejected are empty here and skipped, so nothing is reported twice.
func checkModule(d *diagnostics, m *Module) {
	// 1. Dependencies: core must accept CoreVersion; names are unique.
	deps := map[string]Pos{}
	for i, dep := range m.Dependencies {
		if dep.Module == "" {
			continue
		}
		if first, ok := deps[dep.Module]; ok {
			d.at(dep.Pos, "dependencies[%d]: %q is listed twice (first at line %d); remove one", i, dep.Module, first.Line)
			continue
		}
		deps[dep.Module] = dep.Pos
		if dep.Module == m.Name && m.Name != "" {
			d.at(dep.Pos, "dependencies[%d]: module %q cannot depend on itself; remove it", i, m.Name)
		}
		if dep.Module == "core" && dep.Op != "" && !satisfies(CoreVersion, dep.Op, dep.Version) {
			d.at(dep.Pos, "dependencies[%d]: needs core %s %s, but this goplt generates core %s; change it to \"core >= %s\" or upgrade goplt", i, dep.Op, dep.Version, CoreVersion, minVersion(dep.Version, CoreVersion))
		}
	}

	// 2. Permissions: each belongs to the module and is declared once.
	declared := map[string]Pos{}
	consts := map[string]string{}
	var names []string
	for i, p := range m.Permissions {
		if checkPermission("", p.Name) != nil {
			continue
		}
		if first, ok := declared[p.Name]; ok {
			d.at(p.Pos, "permissions[%d]: %q is declared twice (first at line %d); remove one", i, p.Name, first.Line)
			continue
		}
		declared[p.Name] = p.Pos
		names = append(names, p.Name)
		if other, ok := consts[permConst(p.Name)]; ok {
			d.at(p.Pos, "permissions[%d]: %q and %q both become the Go constant perm.%s; rename one", i, other, p.Name, permConst(p.Name))
		}
		consts[permConst(p.Name)] = p.Name
		if owner, _, _ := strings.Cut(p.Name, "."); m.Name != "" && owner != m.Name {
			d.at(p.Pos, "permissions[%d]: %q belongs to module %q, not %q; start it with %q", i, p.Name, owner, m.Name, m.Name+".")
		}
	}

	// 3. Entities and their fields.
	entities := map[string]Pos{}
	for i, e := range m.Entities {
		label := fmt.Sprintf("entities[%d]", i)
		if e.Name != "" {
			if first, ok := entities[e.Name]; ok {
				d.at(e.NamePos, "%s.name: entity %q is defined twice (first at line %d); rename one", label, e.Name, first.Line)
			} else {
				entities[e.Name] = e.NamePos
			}
		}
		checkFields(d, label, e)
		checkFieldNames(d, label, e)
	}
	checkEntityNames(d, m)

	// 4. Routes.
	checkKernelRoutes(d, m)
	checkParamClashes(d, m)
	routes := map[string]int{}
	opIDs := map[string]int{}
	for i, r := range m.Routes {
		label := fmt.Sprintf("routes[%d]", i)
		hasPerm := r.PermissionPos.Line > 0
		switch {
		case hasPerm && r.Public:
			d.at(r.PermissionPos, "%s: a public route needs no permission; remove permission or public: true", label)
		case !hasPerm && !r.Public && !d.isMisspelled(r.Pos, "permission", "public"):
			msg := fmt.Sprintf("%s: %s %s has no permission; add permission: <one of permissions> or public: true", label, r.Method, r.Path)
			if len(names) > 0 {
				msg = fmt.Sprintf("%s: %s %s has no permission; add e.g. permission: %s, or public: true", label, r.Method, r.Path, names[0])
			}
			d.at(r.Pos, "%s", msg)
		case hasPerm && r.Permission != "" && checkPermission("", r.Permission) == nil:
			if _, ok := declared[r.Permission]; !ok {
				msg := fmt.Sprintf("%s.permission %q is not declared under permissions", label, r.Permission)
				if best := suggest(r.Permission, names); best != "" {
					msg += fmt.Sprintf(" (did you mean %q?)", best)
				} else {
					msg += "; declare it there"
				}
				d.at(r.PermissionPos, "%s", msg)
			}
		}
		duplicate := false
		if r.Path != "" && checkPath("", r.Path) == nil {
			if r.Method != "" {
				key := r.Method + " " + shape(r.Path)
				if first, ok := routes[key]; ok {
					duplicate = true
					d.at(r.PathPos, "%s: %s %s is already served by routes[%d] (line %d); change the method or path", label, r.Method, r.Path, first, m.Routes[first].Pos.Line)
				} else {
					routes[key] = i
				}
			}
		}
		if id := r.operationID(); id != "" && !duplicate {
			// Two routes must not share an operationId, nor the Go
			// handler name it becomes ("getAPIKey", "getApiKey").
			key := OAPIName(id)
			first, ok := opIDs[key]
			switch {
			case !ok:
				opIDs[key] = i
			case r.OperationID != "":
				d.at(r.OperationIDPos, "%s.operation_id %q is already used by routes[%d] (line %d)%s; choose another", label, r.OperationID, first, m.Routes[first].Pos.Line, sameHandler(m.Routes[first].operationID(), id, key))
			default:
				d.at(r.PathPos, "%s: %s %s gets the operation id %q, already used by routes[%d] (line %d)%s; set operation_id on one of them", label, r.Method, r.Path, id, first, m.Routes[first].Pos.Line, sameHandler(m.Routes[first].operationID(), id, key))
			}
		}
		for _, body := range []struct {
			key, name string
			pos       Pos
		}{{"request", r.Request, r.RequestPos}, {"response", r.Response, r.ResponsePos}} {
			ent := strings.TrimPrefix(body.name, "[]")
			if body.name == "" || checkBody("", body.name) != nil {
				continue
			}
			if _, ok := entities[ent]; !ok {
				msg := fmt.Sprintf("%s.%s: entity %q is not defined under entities", label, body.key, ent)
				if best := suggest(ent, slices.Sorted(maps.Keys(entities))); best != "" {
					msg += fmt.Sprintf(" (did you mean %q?)", best)
				} else {
					msg += "; define it there"
				}
				d.at(body.pos, "%s", msg)
			}
		}
	}
}

// checkFields checks the fields of one entity against their types.
func checkFields(d *diagnostics, label string, e Entity) {
	seen := map[string]Pos{}
	for j, f := range e.Fields {
		fl := fmt.Sprintf("%s.fields[%d]", label, j)
		switch {
		case f.Name == "":
		case f.Name == "id" || e.TenantScoped && f.Name == "tenant_id":
			d.at(f.NamePos, "%s.name: %q is added automatically; remove this field", fl, f.Name)
		default:
			if first, ok := seen[f.Name]; ok {
				d.at(f.NamePos, "%s.name: field %q is defined twice in entity %q (first at line %d); rename one", fl, f.Name, e.Name, first.Line)
			} else {
				seen[f.Name] = f.NamePos
			}
		}
		if f.Type == "" {
			continue
		}
		if f.ValuesPos.Line > 0 && f.Type != TypeEnum {
			d.at(f.ValuesPos, "%s.values: only enum fields have values; remove values or use type: enum", fl)
		}
		if f.MaxLenPos.Line > 0 && f.Type != TypeString && f.Type != TypeText {
			d.at(f.MaxLenPos, "%s.max_length: only string and text fields have a maximum length; remove it", fl)
		}
		numeric := f.Type == TypeInt || f.Type == TypeFloat
		if f.MinPos.Line > 0 && !numeric {
			d.at(f.MinPos, "%s.min: only int and float fields have a minimum; remove it", fl)
		}
		if f.MaxPos.Line > 0 && !numeric {
			d.at(f.MaxPos, "%s.max: only int and float fields have a maximum; remove it", fl)
		}
		if f.Min != nil && f.Max != nil && *f.Min > *f.Max {
			d.at(f.MaxPos, "%s.max: %v is less than min %v; swap them", fl, *f.Max, *f.Min)
		}
		if f.Type == TypeEnum {
			vals := map[string]bool{}
			for k, v := range f.Values {
				if v != "" && vals[v] {
					d.at(f.ValuesPos, "%s.values[%d]: %q is listed twice; remove one", fl, k, v)
				}
				vals[v] = true
			}
		}
		if f.Default != nil {
			if msg := checkDefault(f); msg != "" {
				d.at(f.DefaultPos, "%s.default: %s", fl, msg)
			}
		}
	}
}

// checkDefault says what is wrong with a field's default, or returns "".
func checkDefault(f Field) string {
	switch f.Type {
	case TypeInt:
		if _, ok := f.Default.(int64); !ok {
			return fmt.Sprintf("%s is not an integer; use a whole number", display(f.Default))
		}
	case TypeFloat:
		switch f.Default.(type) {
		case int64, float64:
		default:
			return fmt.Sprintf("%s is not a number; use e.g. 0.5", display(f.Default))
		}
	case TypeBool:
		if _, ok := f.Default.(bool); !ok {
			return fmt.Sprintf("%s is not a boolean; use true or false", display(f.Default))
		}
	case TypeEnum:
		s, _ := f.Default.(string)
		if !slices.Contains(f.Values, s) {
			return fmt.Sprintf("%s is not one of the values; use one of %s", display(f.Default), strings.Join(f.Values, ", "))
		}
	case TypeJSON:
		return "json fields have no default; remove it"
	default: // string, text, time, uuid
		s, ok := f.Default.(string)
		if !ok {
			return fmt.Sprintf("%s is not a string; quote it", display(f.Default))
		}
		if f.MaxLength > 0 && len([]rune(s)) > f.MaxLength {
			return fmt.Sprintf("%s is longer than max_length %d; shorten it", quote(s), f.MaxLength)
		}
	}
	if n, ok := f.Default.(int64); ok {
		if f.Min != nil && float64(n) < *f.Min || f.Max != nil && float64(n) > *f.Max {
			return fmt.Sprintf("%d is outside min and max; change it", n)
		}
	}
	return ""
}

// shape normalizes a path so that routes differing only in parameter names
// or style ("/posts/:id", "/posts/{key}") compare equal.
func shape(path string) string {
	segs := strings.Split(path, "/")
	for i, s := range segs {
		if _, ok := param(s); ok {
			segs[i] = "{}"
		}
	}
	return strings.Join(segs, "/")
}

// satisfies reports whether version v meets "op want".
func satisfies(v, op, want string) bool {
	c := semver.Compare("v"+v, "v"+want)
	switch op {
	case ">=":
		return c >= 0
	case ">":
		return c > 0
	case "=":
		return c == 0
	case "<=":
		return c <= 0
	case "<":
		return c < 0
	}
	return true
}

// minVersion returns the smaller of two versions.
func minVersion(a, b string) string {
	if semver.Compare("v"+a, "v"+b) < 0 {
		return a
	}
	return b
}

// sameHandler explains a clash of two different operation ids: they
// become one Go handler name.
func sameHandler(first, id, handler string) string {
	if first == id {
		return ""
	}
	return fmt.Sprintf(" as %q: both become the handler %s", first, handler)
}

// permConst is the constant pkg/perm declares for a permission: its words,
// split at '.' and '_', each capitalised ("blog.post_tag.read" ->
// "BlogPostTagRead"), as model.Permission.Const writes it.
func permConst(p string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(p, func(r rune) bool { return r == '.' || r == '_' }) {
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String()
}
