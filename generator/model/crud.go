package model

import (
	"slices"
	"strconv"
	"strings"

	"github.com/goplt/goplt/generator/spec"
)

// DefaultLimit and MaxLimit bound the limit query parameter of list
// routes; the OpenAPI document and the list handlers share them. A route
// whose rows can be large gets a smaller bound: see Route.MaxLimit.
const (
	DefaultLimit = 20
	MaxLimit     = 100
)

// PageBudget bounds the JSON of one page of a list: a list route's largest
// page is the most rows whose largest encoding (Entity.MaxRowBytes) fits in
// 16 MiB, so no request for a page makes the server build more.
const PageBudget = 16 << 20

// JSONFieldBytes is the most a json field holds: a write brings it in one
// request body, which the generated config bounds to 1 MiB by default
// (http.max_body_bytes).
const JSONFieldBytes = 1 << 20

// MaxRowBytes is the longest JSON encoding of one row of e in a response,
// counting every character of a string at 6 bytes: encoding/json writes
// "<" as \u003c. A json field counts as JSONFieldBytes.
func (e *Entity) MaxRowBytes() int {
	// Braces, id and the two timestamps (RFC 3339 with nanoseconds and
	// offset, quoted).
	n := 2 + len(`"id":`) + 20 + 2*(len(`,"created_at":`)+37)
	for _, f := range e.Fields {
		n += len(`,"":`) + len(f.Name) + f.maxValueBytes()
	}
	return n
}

// maxValueBytes is the longest JSON encoding of a value of f.
func (f *Field) maxValueBytes() int {
	switch f.Type {
	case spec.TypeString, spec.TypeText:
		return 2 + 6*f.MaxChars()
	case spec.TypeEnum:
		longest := 0
		for _, v := range f.Values {
			longest = max(longest, len(v))
		}
		return 2 + longest
	case spec.TypeInt:
		return 20 // -9223372036854775808
	case spec.TypeFloat:
		return 24 // -1.2345678901234567e-308
	case spec.TypeBool:
		return 5
	case spec.TypeTime:
		return 37
	case spec.TypeUUID:
		return 38
	case spec.TypeJSON:
		return JSONFieldBytes
	}
	return 4 // null
}

// MaxLimit is the largest page a list route serves: MaxLimit rows, or
// fewer when that many of its entity's largest rows would pass PageBudget;
// never less than 1.
func (r *Route) MaxLimit() int {
	if r.Response == nil {
		return MaxLimit
	}
	return max(1, min(MaxLimit, PageBudget/r.Response.MaxRowBytes()))
}

// CRUD kinds of a route: the default handler body goplt can write.
const (
	CRUDCreate = "create"
	CRUDList   = "list"
	CRUDGet    = "get"
	CRUDUpdate = "update"
	CRUDPatch  = "patch"
	CRUDDelete = "delete"
)

// CRUDKinds lists every kind CRUD returns but "", for tests and tools that
// walk them all; a new kind belongs here too.
var CRUDKinds = []string{CRUDCreate, CRUDList, CRUDGet, CRUDUpdate, CRUDPatch, CRUDDelete}

// CRUD is the kind of default handler body goplt writes for the route, one
// of the CRUD* constants, or "" for a route that is not plain CRUD on one
// entity: its handler answers 501 until the user writes it.
func (r *Route) CRUD() string {
	e := r.Entity()
	if e == nil || r.RequestList {
		return ""
	}
	sameBody := func() bool { return r.Response == nil || (r.Response == r.Request && !r.ResponseList) }
	onItem := slices.Equal(r.PathParams(), []string{"id"})
	noParams := len(r.PathParams()) == 0
	switch {
	case r.Method == "POST" && r.Request != nil && noParams && sameBody():
		return CRUDCreate
	case r.Method == "GET" && r.Request == nil && r.ResponseList && noParams:
		return CRUDList
	case r.Method == "GET" && r.Request == nil && r.Response != nil && !r.ResponseList && onItem:
		return CRUDGet
	case r.Method == "PUT" && r.Request != nil && onItem && sameBody():
		return CRUDUpdate
	case r.Method == "PATCH" && r.Request != nil && onItem && sameBody():
		return CRUDPatch
	case r.Method == "DELETE" && r.Request == nil && r.Response == nil && onItem:
		return CRUDDelete
	}
	return ""
}

// Entity is the entity the route works on: its request or response
// entity, else the entity its collection segment names ("/posts/:id" ->
// post); nil when there is none.
func (r *Route) Entity() *Entity {
	switch {
	case r.Request != nil:
		return r.Request
	case r.Response != nil:
		return r.Response
	case r.module == nil:
		return nil
	}
	segs := splitPath(r.Path)
	for i := len(segs) - 1; i >= 0; i-- {
		if _, ok := spec.PathParam(segs[i]); ok {
			continue
		}
		for _, e := range r.module.Entities {
			if singular(segs[i]) == e.Name || segs[i] == e.Plural() {
				return e
			}
		}
		return nil
	}
	return nil
}

// SuccessResponse is the oapi-codegen type of the route's success response
// ("CreatePost201JSONResponse", "DeletePost204Response").
func (r *Route) SuccessResponse() string {
	status := r.SuccessStatus()
	if status == 204 || r.ResponseSchema() == "" {
		return r.HandlerName() + strconv.Itoa(status) + "Response"
	}
	return r.HandlerName() + strconv.Itoa(status) + "JSONResponse"
}

// DefaultLimit is the page size of a list route when limit is absent.
func (r *Route) DefaultLimit() int { return min(DefaultLimit, r.MaxLimit()) }

// EntArg converts v, an expression of the field's API type (not a pointer),
// into the type of its Ent setter: enums change type, the rest are shared.
func (f *Field) EntArg(v string) string {
	if f.Type == spec.TypeEnum {
		return f.entity.EntPackage() + "." + f.GoName() + "(" + v + ")"
	}
	return v
}

// APIValue converts v, an expression of the field's Ent type (not a
// pointer), into its API type.
func (f *Field) APIValue(v string) string {
	if f.Type == spec.TypeEnum {
		return "api." + f.EnumSchema() + "(" + v + ")"
	}
	return v
}

// EntDefault is the expression of the field's Ent default in the entity's
// package ("post.DefaultViews"); time and uuid defaults are functions.
func (f *Field) EntDefault() string {
	d := f.entity.EntPackage() + ".Default" + f.GoName()
	if f.Type == spec.TypeTime || f.Type == spec.TypeUUID {
		d += "()"
	}
	return d
}

// SampleJSON is a valid JSON value for the field, for generated tests.
func (f *Field) SampleJSON() string {
	switch f.Type {
	case spec.TypeInt, spec.TypeFloat:
		if f.Min != nil {
			return strconv.FormatFloat(*f.Min, 'f', -1, 64)
		}
		return "1"
	case spec.TypeBool:
		return "true"
	case spec.TypeTime:
		return `"2026-01-02T03:04:05Z"`
	case spec.TypeUUID:
		return `"0b9a8f5e-6f0c-4c7e-9a53-5a1f3f2b7d10"`
	case spec.TypeEnum:
		return strconv.Quote(f.Values[0])
	case spec.TypeJSON:
		return `{"k": "v"}`
	}
	s := "sample " + f.Name
	if n := f.MaxChars(); n > 0 && len(s) > n {
		s = s[:n]
	}
	return strconv.Quote(s)
}

// splitPath returns the segments of a route path.
func splitPath(path string) []string {
	return strings.Split(strings.Trim(path, "/"), "/")
}

// CRUDRoute is the entity's route of the given CRUD kind, or nil.
func (e *Entity) CRUDRoute(kind string) *Route {
	for _, r := range e.module.Routes {
		if r.CRUD() == kind && r.Entity() == e {
			return r
		}
	}
	return nil
}

// SampleJSON is a valid JSON object of the entity's fields, for tests.
func (e *Entity) SampleJSON() string { return e.sampleJSON(nil) }

// SampleJSONWithout is SampleJSON lacking field f.
func (e *Entity) SampleJSONWithout(f *Field) string { return e.sampleJSON(f) }

func (e *Entity) sampleJSON(skip *Field) string {
	var parts []string
	for _, f := range e.Fields {
		if f != skip {
			parts = append(parts, strconv.Quote(f.Name)+": "+f.SampleJSON())
		}
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// FirstString is the first string or text field, or nil: the generated
// tests check its length bound.
func (e *Entity) FirstString() *Field {
	for _, f := range e.Fields {
		if f.MaxChars() > 0 {
			return f
		}
	}
	return nil
}

// FirstRequired is the first required field, or nil.
func (e *Entity) FirstRequired() *Field {
	for _, f := range e.Fields {
		if f.Required {
			return f
		}
	}
	return nil
}

// ItemPath is the Go expression of an item route's path for an id held in
// the variable id ("/api/v1/blog/posts/" + strconv.FormatInt(id, 10)).
func (r *Route) ItemPath(id string) string {
	p := r.GinPath()
	i := strings.LastIndex(p, "/")
	return strconv.Quote(p[:i+1]) + " + strconv.FormatInt(" + id + ", 10)"
}

// IsUnique reports whether the database keeps the field's values unique:
// unique is set and the type is one goplt makes a unique column of.
func (f *Field) IsUnique() bool {
	return f.Unique && !slices.Contains([]string{spec.TypeBool, spec.TypeEnum, spec.TypeJSON}, f.Type)
}

// UniqueFields lists the entity's unique fields in model order.
func (e *Entity) UniqueFields() []*Field {
	var out []*Field
	for _, f := range e.Fields {
		if f.IsUnique() {
			out = append(out, f)
		}
	}
	return out
}

// Conflicts reports whether a call of the route can break a uniqueness
// rule (409): it writes an entity with unique fields.
func (r *Route) Conflicts() bool {
	return r.Request != nil && len(r.Request.UniqueFields()) > 0
}

// LocationRoute is the route the Location header of a create route's 201
// answer points at: the entity's get route. It is nil for any other route
// and when the entity cannot be read back.
func (r *Route) LocationRoute() *Route {
	if r.CRUD() != CRUDCreate || r.SuccessStatus() != 201 {
		return nil
	}
	return r.Entity().CRUDRoute(CRUDGet)
}

// PathWithID is the Go expression of the route's path with its id
// parameter replaced by the decimal form of the int expression id
// ("/api/v1/blog/posts/" + strconv.Itoa(v.ID)).
func (r *Route) PathWithID(id string) string {
	before, after, _ := strings.Cut(r.GinPath(), ":id")
	expr := strconv.Quote(before) + " + strconv.Itoa(" + id + ")"
	if after != "" {
		expr += " + " + strconv.Quote(after)
	}
	return expr
}
