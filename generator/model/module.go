package model

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/goplt/goplt/generator/spec"
)

// Module is one feature module of the platform, as modules/<name>/.
type Module struct {
	// Name is the module name, e.g. "blog"; also its Go package name.
	Name string
	// Version is the module's semantic version, e.g. "0.1.0".
	Version string
	// Description is one line; may be empty.
	Description string
	// Entities are the stored types, in module.yaml order.
	Entities []*Entity
	// Routes are the HTTP routes, in module.yaml order.
	Routes []*Route
	// Permissions are the declared permissions, sorted by value.
	Permissions []Permission
	// Plugin is set when goplt.yaml lists the module under plugins: it is
	// built into plugins/<name>.so and loaded at start, not linked into the
	// core binary.
	Plugin bool

	project *Project // for the module path of the platform
}

// newModule builds the model of one module spec.
func newModule(p *Project, m *spec.Module) *Module {
	mod := &Module{Name: m.Name, Version: m.Version, Description: m.Description, project: p}
	byName := map[string]*Entity{}
	for _, e := range m.Entities {
		ent := &Entity{Name: e.Name, Description: e.Description, TenantScoped: e.TenantScoped, module: mod}
		for _, f := range e.Fields {
			ent.Fields = append(ent.Fields, &Field{
				Name:        f.Name,
				Type:        f.Type,
				Description: f.Description,
				Required:    f.Required,
				Unique:      f.Unique,
				Values:      slices.Clone(f.Values),
				Default:     f.Default,
				MaxLength:   f.MaxLength,
				Min:         f.Min,
				Max:         f.Max,
				entity:      ent,
			})
		}
		mod.Entities = append(mod.Entities, ent)
		byName[e.Name] = ent
	}
	for _, r := range m.Routes {
		route := &Route{
			Method:      r.Method,
			Path:        r.Path,
			Public:      r.Public,
			Summary:     r.Summary,
			operationID: r.OperationID,
			module:      mod,
		}
		if r.Permission != "" {
			route.Permission = &Permission{Value: r.Permission}
		}
		route.Request, route.RequestList = body(byName, r.Request)
		route.Response, route.ResponseList = body(byName, r.Response)
		// Templates ask for these names many times per route: derive
		// them once.
		route.operationID = route.OperationID()
		route.handlerName = oapiName(route.operationID)
		mod.Routes = append(mod.Routes, route)
	}
	for _, perm := range m.Permissions {
		mod.Permissions = append(mod.Permissions, Permission{Value: perm.Name})
	}
	slices.SortFunc(mod.Permissions, func(a, b Permission) int { return strings.Compare(a.Value, b.Value) })
	mod.Permissions = slices.Compact(mod.Permissions)
	return mod
}

// body resolves a route's "post" or "[]post" to its entity. An unknown
// entity (which spec rejects) reads as no body rather than a panic later.
func body(entities map[string]*Entity, s string) (*Entity, bool) {
	name, list := strings.CutPrefix(s, "[]")
	if e, ok := entities[name]; ok {
		return e, list
	}
	return nil, false
}

// Dir is the module's directory relative to the project root ("modules/blog").
func (m *Module) Dir() string { return "modules/" + m.Name }

// ImportPath is the module's Go module path
// ("example.com/acme/modules/blog"): each module is its own Go module.
func (m *Module) ImportPath() string {
	if m.project == nil {
		return m.Dir()
	}
	return m.project.Module + "/" + m.Dir()
}

// Package is the module's Go package name; spec guarantees the name is one.
func (m *Module) Package() string { return m.Name }

// ImportName is the name the platform's files importing the module give
// its package ("blog" -> "blogmodule"). The module name alone could be any
// identifier those files also use (fx, ctx, server, ...); the suffix keeps
// every valid module name from shadowing or being shadowed.
func (m *Module) ImportName() string { return m.Name + "module" }

// Title is the name for headings and the OpenAPI title ("blog" -> "Blog").
func (m *Module) Title() string { return pascal(m.Name) }

// GoName is the module name as a Go identifier prefix ("blog" -> "Blog").
func (m *Module) GoName() string { return goName(m.Name) }

// VersionOrDefault is the version, or "0.1.0" when none is set. A module
// versions itself, apart from the kernel's spec.CoreVersion.
func (m *Module) VersionOrDefault() string {
	if m.Version == "" {
		return "0.1.0"
	}
	return m.Version
}

// TenantScoped reports whether any of the module's entities is
// tenant-scoped, so the module needs the Tenant mixin in its Ent schema and
// the ent/runtime import that registers the mixin's hooks.
func (m *Module) TenantScoped() bool {
	return slices.ContainsFunc(m.Entities, func(e *Entity) bool { return e.TenantScoped })
}

// ValidatesRequests reports whether any route validates its requests
// against the OpenAPI document, so routes.gen.go needs the document.
func (m *Module) ValidatesRequests() bool {
	return slices.ContainsFunc(m.Routes, (*Route).Validates)
}

// Guarded reports whether any route needs a permission, so routes.gen.go
// refers to the perm package.
func (m *Module) Guarded() bool {
	return slices.ContainsFunc(m.Routes, func(r *Route) bool { return !r.Public })
}

// Entity is one stored data type of a module.
type Entity struct {
	// Name is the snake_case singular name, e.g. "post".
	Name string
	// Description is one line; may be empty.
	Description string
	// TenantScoped says whether each row belongs to one tenant.
	TenantScoped bool
	// Fields are the declared fields, without id, tenant_id and timestamps.
	Fields []*Field

	module *Module
}

// Module is the module declaring the entity.
func (e *Entity) Module() *Module { return e.module }

// GoName is the Go type name, as Ent names it: PascalCase with Go
// initialisms ("post" -> "Post", "api_key" -> "APIKey").
func (e *Entity) GoName() string { return goName(e.Name) }

// Plural is the plural snake_case name ("post" -> "posts", "category" ->
// "categories").
func (e *Entity) Plural() string { return plural(e.Name) }

// GoPlural is the plural Go name ("post" -> "Posts").
func (e *Entity) GoPlural() string { return goName(e.Plural()) }

// EntPackage is the package Ent generates for the entity under ent/
// ("api_key" -> "apikey"): Ent lower-cases the type name.
func (e *Entity) EntPackage() string { return strings.ToLower(e.GoName()) }

// Table is the SQL table: the plural prefixed by the module name, so two
// modules may both have a post ("blog_posts").
func (e *Entity) Table() string {
	if e.module == nil {
		return e.Plural()
	}
	return e.module.Name + "_" + e.Plural()
}

// SchemaImports are the packages an Ent schema file needs beyond ent and
// field for this entity's fields, sorted ("github.com/google/uuid", "time").
func (e *Entity) SchemaImports() []string {
	var out []string
	for _, f := range e.Fields {
		switch {
		case f.Type == spec.TypeUUID:
			out = append(out, "github.com/google/uuid")
		case f.Type == spec.TypeTime && f.Default != nil:
			out = append(out, "time")
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Field is one field of an entity.
type Field struct {
	// Name is the snake_case name, e.g. "published_at"; also its JSON name.
	Name string
	// Type is one of spec's Type* constants.
	Type string
	// Description is one line; may be empty.
	Description string
	// Required says a value must be given on create.
	Required bool
	// Unique says no two rows hold the same value.
	Unique bool
	// Values are the allowed values of an enum.
	Values []string
	// Default is nil, or a string, int64, float64 or bool matching Type.
	Default any
	// MaxLength is the max_length module.yaml gives, 0 when unset; see
	// MaxChars for the bound in effect.
	MaxLength int
	// Min and Max bound an int or float; nil when not set.
	Min, Max *float64

	entity *Entity
}

// Entity is the entity the field belongs to.
func (f *Field) Entity() *Entity { return f.entity }

// Default maximum lengths, in characters, of string and text fields without
// max_length: no value the API stores is unbounded, so neither is a row nor
// a page of a list.
const (
	// DefaultStringMaxLength matches the varchar(255) Ent gives strings on
	// MySQL: names, titles, e-mail addresses.
	DefaultStringMaxLength = 255
	// DefaultTextMaxLength, 64 Ki characters, holds a long article (about
	// 10,000 words) and keeps a row, encoded as JSON, under 400 KB (6
	// bytes for the worst-escaped character), so a page of an entity with
	// one text field can still hold about 40 rows (see PageBudget).
	DefaultTextMaxLength = 65536
)

// MaxChars is the longest value of a string or text field, in characters
// (runes): max_length, or the type's default; 0 for other types.
func (f *Field) MaxChars() int {
	switch {
	case f.Type != spec.TypeString && f.Type != spec.TypeText:
		return 0
	case f.MaxLength > 0:
		return f.MaxLength
	case f.Type == spec.TypeText:
		return DefaultTextMaxLength
	default:
		return DefaultStringMaxLength
	}
}

// GoName is the struct field Ent generates ("author_id" -> "AuthorID").
func (f *Field) GoName() string { return goName(f.Name) }

// APIName is the struct field oapi-codegen generates for the field in the
// API models, with its ToCamelCaseWithInitialisms normalizer (which apigen
// selects). Its initialisms differ from Ent's in a few words ("db_name" is
// DbName in Ent but DBName in the API).
func (f *Field) APIName() string { return oapiName(f.Name) }

// JSONName is the name in JSON bodies: the snake_case name as written.
func (f *Field) JSONName() string { return f.Name }

// HasDefault reports whether the field has a default value.
func (f *Field) HasDefault() bool { return f.Default != nil }

// AlwaysSet reports whether every stored row holds a value: the field is
// required or has a default. Such fields are NOT NULL columns, plain values
// in Ent, and required in the API's read model.
func (f *Field) AlwaysSet() bool { return f.Required || f.HasDefault() }

// Nillable reports whether Ent stores the field as a pointer, so that an
// absent value differs from the zero value (0, "", false). JSON fields are
// maps, nil already.
func (f *Field) Nillable() bool { return !f.AlwaysSet() && f.Type != spec.TypeJSON }

// EntBuilder is the full Ent field expression of the field, e.g.
// field.String("title").MaxLen(200).NotEmpty().
func (f *Field) EntBuilder() string {
	q := strconv.Quote(f.Name)
	var b strings.Builder
	switch f.Type {
	case spec.TypeString:
		b.WriteString("field.String(" + q + ")")
	case spec.TypeText:
		b.WriteString("field.Text(" + q + ")")
	case spec.TypeInt:
		// Int64, not Int: the API's integers are int64, so handlers copy
		// values without conversions that could overflow on 32-bit.
		b.WriteString("field.Int64(" + q + ")")
	case spec.TypeFloat:
		b.WriteString("field.Float(" + q + ")")
	case spec.TypeBool:
		b.WriteString("field.Bool(" + q + ")")
	case spec.TypeTime:
		b.WriteString("field.Time(" + q + ")")
	case spec.TypeUUID:
		b.WriteString("field.UUID(" + q + ", uuid.UUID{})")
	case spec.TypeEnum:
		b.WriteString("field.Enum(" + q + ").Values(" + quoteAll(f.Values) + ")")
	case spec.TypeJSON:
		b.WriteString("field.JSON(" + q + ", map[string]any{})")
	default:
		b.WriteString("field.String(" + q + ")")
	}
	switch f.Type {
	case spec.TypeString, spec.TypeText:
		// MaxRuneLen, not MaxLen: max_length counts characters, as the
		// OpenAPI document's maxLength does, not UTF-8 bytes.
		fmt.Fprintf(&b, ".MaxRuneLen(%d)", f.MaxChars())
		if f.Required {
			b.WriteString(".NotEmpty()")
		}
	case spec.TypeInt, spec.TypeFloat:
		if f.Min != nil {
			fmt.Fprintf(&b, ".Min(%s)", f.number(*f.Min))
		}
		if f.Max != nil {
			fmt.Fprintf(&b, ".Max(%s)", f.number(*f.Max))
		}
	}
	// Ent has no Unique on bool, enum and JSON builders; a unique bool or
	// enum makes little sense, so the flag is dropped there.
	if f.IsUnique() {
		b.WriteString(".Unique()")
	}
	if d := f.entDefault(); d != "" {
		b.WriteString(".Default(" + d + ")")
	}
	if !f.AlwaysSet() {
		b.WriteString(".Optional()")
	}
	if f.Nillable() {
		b.WriteString(".Nillable()")
	}
	if f.Description != "" {
		b.WriteString(".Comment(" + strconv.Quote(f.Description) + ")")
	}
	return b.String()
}

// number formats a bound or default as a Go literal of the field's type:
// an int field gets an integer, a float field a float ("0" -> "0.0" is not
// needed: Go converts untyped constants).
func (f *Field) number(v float64) string {
	if f.Type == spec.TypeInt && v == math.Trunc(v) {
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// entDefault is the argument of the field's .Default(...), or "" for none.
func (f *Field) entDefault() string {
	switch v := f.Default.(type) {
	case nil:
		return ""
	case bool:
		return strconv.FormatBool(v)
	case int64:
		return f.number(float64(v))
	case float64:
		return f.number(v)
	case string:
		switch f.Type {
		case spec.TypeTime:
			return timeDefault(v)
		case spec.TypeUUID:
			if v == "new" || v == "random" {
				return "uuid.New"
			}
			if _, err := parseUUID(v); err == nil {
				return "func() uuid.UUID { return uuid.MustParse(" + strconv.Quote(v) + ") }"
			}
			return ""
		}
		return strconv.Quote(v)
	}
	return ""
}

// timeDefault turns a time default into Ent's default function: "now" is
// the time of insertion, an RFC 3339 time a fixed instant. Anything else is
// dropped rather than emitting Go that does not compile.
func timeDefault(v string) string {
	if v == "now" {
		return "time.Now"
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return ""
	}
	t = t.UTC()
	return fmt.Sprintf("func() time.Time { return time.Date(%d, %d, %d, %d, %d, %d, %d, time.UTC) }",
		t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond())
}

var uuidRe = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// parseUUID checks the textual form of a UUID, so a bad default never
// reaches uuid.MustParse in generated code.
func parseUUID(s string) (string, error) {
	if !uuidRe.MatchString(s) {
		return "", fmt.Errorf("%q is not a UUID", s)
	}
	return s, nil
}

// APIType is the Go type of the field in the API models oapi-codegen
// generates, without the pointer an optional field gets ("int64",
// "time.Time", "openapi_types.UUID", "PostStatus").
func (f *Field) APIType() string {
	switch f.Type {
	case spec.TypeInt:
		return "int64"
	case spec.TypeFloat:
		return "float64"
	case spec.TypeBool:
		return "bool"
	case spec.TypeTime:
		return "time.Time"
	case spec.TypeUUID:
		return "openapi_types.UUID"
	case spec.TypeEnum:
		return f.EnumSchema()
	case spec.TypeJSON:
		return "map[string]interface{}"
	}
	return "string"
}

// EnumSchema is the name of the OpenAPI component schema (and so the Go
// type) of an enum field ("post" + "status" -> "PostStatus"); "" for other
// types. One shared schema gives one Go type for the read, input and patch
// models.
func (f *Field) EnumSchema() string {
	if f.Type != spec.TypeEnum || f.entity == nil {
		return ""
	}
	return f.entity.GoName() + goName(f.Name)
}

// Schema is the OpenAPI schema of the field as an ordered map, ready to be
// encoded to YAML. Enum fields get a $ref to EnumSchema (see EnumValueSchema).
func (f *Field) Schema() map[string]any {
	if f.Type == spec.TypeEnum {
		return map[string]any{"$ref": "#/components/schemas/" + f.EnumSchema()}
	}
	s := map[string]any{}
	switch f.Type {
	case spec.TypeString, spec.TypeText:
		s["type"] = "string"
		s["maxLength"] = f.MaxChars()
		if f.Required {
			s["minLength"] = 1 // Ent's NotEmpty
		}
	case spec.TypeInt:
		s["type"], s["format"] = "integer", "int64"
	case spec.TypeFloat:
		s["type"], s["format"] = "number", "double"
	case spec.TypeBool:
		s["type"] = "boolean"
	case spec.TypeTime:
		s["type"], s["format"] = "string", "date-time"
	case spec.TypeUUID:
		s["type"], s["format"] = "string", "uuid"
	case spec.TypeJSON:
		s["type"], s["additionalProperties"] = "object", true
	}
	if f.Type == spec.TypeInt || f.Type == spec.TypeFloat {
		if f.Min != nil {
			s["minimum"] = f.numberValue(*f.Min)
		}
		if f.Max != nil {
			s["maximum"] = f.numberValue(*f.Max)
		}
	}
	if d := f.apiDefault(); d != nil {
		s["default"] = d
	}
	if f.Description != "" {
		s["description"] = f.Description
	}
	return s
}

// EnumValueSchema is the component schema of an enum field, nil for other
// types.
func (f *Field) EnumValueSchema() map[string]any {
	if f.Type != spec.TypeEnum {
		return nil
	}
	s := map[string]any{"type": "string", "enum": slices.Clone(f.Values)}
	if d := f.apiDefault(); d != nil {
		s["default"] = d
	}
	if f.Description != "" {
		s["description"] = f.Description
	}
	return s
}

// apiDefault is the default in the API document. Time and UUID defaults
// like "now" are computed on insert, not literal values: leave them out.
func (f *Field) apiDefault() any {
	switch v := f.Default.(type) {
	case int64:
		if f.Type == spec.TypeFloat {
			return float64(v)
		}
		return v
	case string:
		if f.Type == spec.TypeTime || f.Type == spec.TypeUUID {
			return nil
		}
	}
	return f.Default
}

// numberValue is a bound as int64 for int fields, so YAML shows 0, not 0.0.
func (f *Field) numberValue(v float64) any {
	if f.Type == spec.TypeInt && v == math.Trunc(v) {
		return int64(v)
	}
	return v
}

// Route is one HTTP route of a module.
type Route struct {
	// Method is GET, POST, PUT, PATCH or DELETE.
	Method string
	// Path is the path as written in module.yaml, with :id or {id}.
	Path string
	// Permission is the permission a caller needs; nil for public routes
	// and for the kernel's authenticated routes without one.
	Permission *Permission
	// Public says the route is served without authentication.
	Public bool
	// Summary is one line for the OpenAPI summary; may be empty.
	Summary string
	// Request is the entity of the request body, nil for none.
	Request *Entity
	// RequestList says the request body is a list of Request.
	RequestList bool
	// Response is the entity of the response body, nil for none.
	Response *Entity
	// ResponseList says the response body is a page of Response.
	ResponseList bool

	operationID string
	handlerName string  // oapiName(operationID), when New derived it
	module      *Module // nil for the kernel's routes
}

// Module is the module serving the route; nil for the kernel's own routes.
func (r *Route) Module() *Module { return r.module }

// Tag is the OpenAPI tag grouping the route: the module name, or "system"
// for the kernel.
func (r *Route) Tag() string {
	if r.module == nil {
		return "system"
	}
	return r.module.Name
}

// GinPath is the path in Gin's syntax ("/api/v1/blog/posts/:id").
func (r *Route) GinPath() string { return rewriteParams(r.Path, ":", "") }

// OpenAPIPath is the path in OpenAPI's syntax ("/api/v1/blog/posts/{id}").
func (r *Route) OpenAPIPath() string { return rewriteParams(r.Path, "{", "}") }

// rewriteParams writes every path parameter as open+name+close.
func rewriteParams(path, open, close string) string {
	segs := strings.Split(path, "/")
	for i, s := range segs {
		if name, ok := spec.PathParam(s); ok {
			segs[i] = open + name + close
		}
	}
	return strings.Join(segs, "/")
}

// PathParams are the names of the path parameters in order (["id"]).
func (r *Route) PathParams() []string {
	var out []string
	for _, s := range strings.Split(r.Path, "/") {
		if name, ok := spec.PathParam(s); ok {
			out = append(out, name)
		}
	}
	return out
}

// HasPathParams reports whether the path has parameters.
func (r *Route) HasPathParams() bool { return len(r.PathParams()) > 0 }

// Validates reports whether requests of the route need validating against
// the OpenAPI document before oapi-codegen's wrapper parses them: a body,
// or the query parameters of a list, whose limits only the document holds.
// Path parameters are typed but unconstrained (an int64 id, or a string),
// and the wrapper's parsing answers 400 for a malformed one; the openapi
// package's tests hold its documents to that.
func (r *Route) Validates() bool { return r.RequestSchema() != "" || r.ResponseList }

// IsIDParam reports whether a path parameter holds a numeric row id ("id"
// or "*_id"), which the API types as int64.
func IsIDParam(name string) bool { return name == "id" || strings.HasSuffix(name, "_id") }

// HasBody reports whether the route takes a request body.
func (r *Route) HasBody() bool { return r.Request != nil }

// Authenticated reports whether a caller must present a token.
func (r *Route) Authenticated() bool { return !r.Public }

// OperationID is the OpenAPI operationId: the one given in module.yaml, or
// one derived from method and path. On a collection (path ends in a static
// segment) POST is create<Noun> and GET list<Nouns>; on an item (a static
// segment then one parameter) GET is get<Noun>, PUT and PATCH update<Noun>
// and DELETE delete<Noun>, where Noun is that segment singularised. Any
// other route is the lower-case method plus the Pascal case of its static
// segments after /api/vN ("getBlogPing").
func (r *Route) OperationID() string {
	if r.operationID != "" {
		return r.operationID
	}
	return spec.DeriveOperationID(r.Method, r.Path)
}

// HandlerName is the method of oapi-codegen's StrictServerInterface (and
// ServerInterface) for the route: its operationId through the
// ToCamelCaseWithInitialisms normalizer apigen selects ("createPost" ->
// "CreatePost", "getApiKey" -> "GetAPIKey").
func (r *Route) HandlerName() string {
	if r.handlerName != "" {
		return r.handlerName
	}
	return oapiName(r.OperationID())
}

// SuccessStatus is the HTTP status of a successful call: 201 for a POST
// that creates from a body, 204 for a DELETE or a route without a response
// body, 200 otherwise.
func (r *Route) SuccessStatus() int {
	switch {
	case r.Method == "POST" && r.Request != nil && r.Response != nil:
		return 201
	case r.Method == "DELETE" || r.Response == nil:
		return 204
	}
	return 200
}

// RequestSchema is the component schema of the request body: <Entity>Patch
// for PATCH, <Entity>Input otherwise; "" without a body. A list request is
// an array of it (see RequestList).
func (r *Route) RequestSchema() string {
	switch {
	case r.Request == nil:
		return ""
	case r.Method == "PATCH":
		return r.Request.GoName() + "Patch"
	}
	return r.Request.GoName() + "Input"
}

// ResponseSchema is the component schema of the success response:
// <Entity>List for a list, <Entity> otherwise; "" without a body.
func (r *Route) ResponseSchema() string {
	switch {
	case r.Response == nil:
		return ""
	case r.ResponseList:
		return r.Response.GoName() + "List"
	}
	return r.Response.GoName()
}

// CoreRoutes are the kernel's own routes, listed in the platform's OpenAPI
// document next to every module's.
var CoreRoutes = []*Route{
	{Method: "GET", Path: "/healthz", Public: true, Summary: "Liveness probe", operationID: "getHealthz"},
	{Method: "GET", Path: "/ready", Public: true, Summary: "Readiness probe", operationID: "getReady"},
	{Method: "GET", Path: "/metrics", Public: true, Summary: "Prometheus metrics", operationID: "getMetrics"},
	{Method: "GET", Path: "/api/v1/me", Summary: "The authenticated caller", operationID: "getMe"},
	{Method: "GET", Path: "/api/v1/system/health", Permission: &Permission{Value: "system.health.check"}, Summary: "Health of every component", operationID: "getSystemHealth"},
	{Method: "GET", Path: "/api/v1/system/modules", Permission: &Permission{Value: "system.modules.read"}, Summary: "Registered modules", operationID: "listSystemModules"},
	{Method: "GET", Path: "/api/v1/system/routes", Permission: &Permission{Value: "system.routes.read"}, Summary: "Registered routes", operationID: "listSystemRoutes"},
}

// quoteAll quotes each string and joins them with ", ".
func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}

// goName converts a snake_case name to a Go identifier the way Ent's
// pascal does ("author_id" -> "AuthorID"); see spec.GoName.
func goName(s string) string { return spec.GoName(s) }

// oapiName is oapi-codegen's ToCamelCaseWithInitialisms; see spec.OAPIName.
func oapiName(s string) string { return spec.OAPIName(s) }

// plural and singular are spec's English plural rules.
func plural(s string) string   { return spec.Plural(s) }
func singular(s string) string { return spec.Singular(s) }

// FileName is the base name (without .go) of the user-owned file holding
// the route's handler: the operationId in snake case ("createPost" ->
// "create_post"). A name Go would read as a test file or a build constraint
// ("get_test", "get_linux"), or the name of the package's own handler.go,
// gets "_route" appended, so every route's handler is always compiled.
func (r *Route) FileName() string {
	name := snake(r.OperationID())
	if spec.SpecialFileSuffix(name) != "" || name == "handler" {
		name += "_route"
	}
	return name
}

// snake turns camelCase into snake_case, keeping runs of capitals together
// ("getAPIKey" -> "get_api_key").
func snake(s string) string {
	var b strings.Builder
	runes := []rune(s)
	for i, r := range runes {
		if unicode.IsUpper(r) {
			prevLower := i > 0 && (unicode.IsLower(runes[i-1]) || unicode.IsDigit(runes[i-1]))
			nextLower := i+1 < len(runes) && unicode.IsLower(runes[i+1])
			if i > 0 && (prevLower || nextLower && unicode.IsUpper(runes[i-1])) {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Plural is the English plural goplt uses for collection paths and Go
// names ("post" -> "posts", "category" -> "categories").
func Plural(s string) string { return plural(s) }

// Singular undoes Plural ("posts" -> "post").
func Singular(s string) string { return singular(s) }

// Project is the platform the module belongs to.
func (m *Module) Project() *Project { return m.project }

// GoMethod is the net/http constant of the route's method ("MethodPost").
func (r *Route) GoMethod() string {
	return "Method" + r.Method[:1] + strings.ToLower(r.Method[1:])
}

// VarPlural is the plural as a Go variable name ("posts", "blogPosts").
func (e *Entity) VarPlural() string {
	g := e.GoPlural()
	return strings.ToLower(g[:1]) + g[1:]
}

// VarName is the entity as a Go variable name ("post", "blogPost").
func (e *Entity) VarName() string {
	g := e.GoName()
	return strings.ToLower(g[:1]) + g[1:]
}
