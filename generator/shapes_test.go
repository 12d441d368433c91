package generator_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/goplt/goplt/generator/model"
	"github.com/goplt/goplt/generator/spec"
)

// TestExamples_CoverEveryModuleShape classifies every module and route of
// every example and fails when a shape module.yaml admits has no example:
// the examples are what TestGolden pins and TestBuildAndRun builds, starts
// and calls over HTTP, so a shape without one is a shape nobody checked.
// The shapes come from the schema (each optional key present and absent,
// each method and field type) and from the model's notions (CRUD kinds,
// Validates, Public, path parameters), so a new key, kind or method shows
// up here as a shape to cover.
func TestExamples_CoverEveryModuleShape(t *testing.T) {
	seen := map[string][]string{} // shape -> where it is seen
	for _, name := range examples(t) {
		specs, err := spec.Load(filepath.Join("..", "examples", name))
		require.NoError(t, err, name)
		proj := model.New(specs.Project, specs.Modules...)
		if len(proj.Modules) > 0 && !slices.ContainsFunc(proj.Modules, func(m *model.Module) bool { return len(m.Entities) > 0 }) {
			// The root go.mod then needs nothing of Ent's migration.
			seen["project whose modules have no entities"] = append(seen["project whose modules have no entities"], name)
		}
		for i, sm := range specs.Modules {
			where := name + "/" + sm.Name
			for _, shape := range specShapes(sm) {
				seen[shape] = append(seen[shape], where)
			}
			for _, shape := range moduleShapes(proj.Modules[i]) {
				seen[shape] = append(seen[shape], where)
			}
		}
	}

	var missing []string
	for _, shape := range wantedShapes(t) {
		if len(seen[shape]) == 0 {
			missing = append(missing, shape)
		}
	}
	sort.Strings(missing)
	require.Empty(t, missing, "module shapes no example under examples/ holds; add a module (examples/shapes) that has each")
}

// wantedShapes lists every shape an example must hold.
func wantedShapes(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile("../schemas/module.schema.json")
	require.NoError(t, err)
	var schema jsonSchema
	require.NoError(t, json.Unmarshal(data, &schema))

	var want []string
	// Every optional key of each object, present somewhere and absent
	// somewhere; a key the classifier does not know fails, so a key added
	// to the schema is noticed here.
	for _, obj := range []struct {
		label  string
		schema jsonSchema
	}{{"module", schema}, {"entity", schema.Defs["entity"]}, {"field", schema.Defs["field"]}, {"route", schema.Defs["route"]}} {
		for key := range obj.schema.Properties {
			_, known := keyPresence[obj.label+"."+key]
			require.True(t, known, "schema key %s.%s is new: teach keyPresence in shapes_test.go to see it", obj.label, key)
			want = append(want, obj.label+" with "+key)
			if !slices.Contains(obj.schema.Required, key) {
				want = append(want, obj.label+" without "+key)
			}
		}
	}
	for _, m := range schema.Defs["route"].Properties["method"].Enum {
		want = append(want, "route method "+m)
	}
	for _, typ := range schema.Defs["field"].Properties["type"].Enum {
		want = append(want, "field type "+typ)
	}
	for _, kind := range model.CRUDKinds {
		want = append(want, "route crud "+kind)
	}
	for _, req := range bodyKinds {
		for _, resp := range bodyKinds {
			want = append(want, "custom route request "+req+" response "+resp)
		}
	}
	return append(want,
		"route custom", "route public", "route with permission",
		"route validates", "route validates nothing",
		"route path without parameters", "route path with only id", "route path with a parameter other than id",
		"route path with several parameters", "route path nested under a parameter",
		"route path with :param", "route path with {param}",
		"route POST action on an item without body",
		"module without entities, with routes", "module without routes", "module with an entity no route serves",
		"module with several entities", "module with only public routes", "module declaring permissions with only public routes", "module whose routes validate nothing",
		"module with only GET routes", "module with only custom routes",
		"project whose modules have no entities",
	)
}

// jsonSchema is the part of a JSON Schema the shapes are read from.
type jsonSchema struct {
	Required   []string              `json:"required"`
	Properties map[string]jsonSchema `json:"properties"`
	Enum       []string              `json:"enum"`
	Defs       map[string]jsonSchema `json:"$defs"`
}

var bodyKinds = []string{"none", "entity", "list"}

// keyPresence tells, for each key of module.yaml, whether a parsed value
// holds it; the argument is the *spec.Module, *spec.Entity, *spec.Field or
// *spec.Route the key belongs to.
var keyPresence = map[string]func(v any) bool{
	"module.name":          func(any) bool { return true },
	"module.version":       func(any) bool { return true },
	"module.description":   func(v any) bool { return v.(*spec.Module).Description != "" },
	"module.dependencies":  func(v any) bool { return len(v.(*spec.Module).Dependencies) > 0 },
	"module.permissions":   func(v any) bool { return len(v.(*spec.Module).Permissions) > 0 },
	"module.entities":      func(v any) bool { return len(v.(*spec.Module).Entities) > 0 },
	"module.routes":        func(v any) bool { return len(v.(*spec.Module).Routes) > 0 },
	"entity.name":          func(any) bool { return true },
	"entity.fields":        func(any) bool { return true },
	"entity.description":   func(v any) bool { return v.(*spec.Entity).Description != "" },
	"entity.tenant_scoped": func(v any) bool { return v.(*spec.Entity).TenantScoped },
	"field.name":           func(any) bool { return true },
	"field.type":           func(any) bool { return true },
	"field.description":    func(v any) bool { return v.(*spec.Field).Description != "" },
	"field.required":       func(v any) bool { return v.(*spec.Field).Required },
	"field.unique":         func(v any) bool { return v.(*spec.Field).Unique },
	"field.values":         func(v any) bool { return len(v.(*spec.Field).Values) > 0 },
	"field.default":        func(v any) bool { return v.(*spec.Field).Default != nil },
	"field.max_length":     func(v any) bool { return v.(*spec.Field).MaxLength > 0 },
	"field.min":            func(v any) bool { return v.(*spec.Field).Min != nil },
	"field.max":            func(v any) bool { return v.(*spec.Field).Max != nil },
	"route.method":         func(any) bool { return true },
	"route.path":           func(any) bool { return true },
	"route.permission":     func(v any) bool { return v.(*spec.Route).Permission != "" },
	"route.public":         func(v any) bool { return v.(*spec.Route).Public },
	"route.operation_id":   func(v any) bool { return v.(*spec.Route).OperationID != "" },
	"route.summary":        func(v any) bool { return v.(*spec.Route).Summary != "" },
	"route.request":        func(v any) bool { return v.(*spec.Route).Request != "" },
	"route.response":       func(v any) bool { return v.(*spec.Route).Response != "" },
}

// specShapes names the keys present and absent in a module as written.
func specShapes(m *spec.Module) []string {
	var out []string
	has := func(label string, v any) {
		for key, present := range keyPresence {
			if rest, ok := strings.CutPrefix(key, label+"."); ok {
				if present(v) {
					out = append(out, label+" with "+rest)
				} else {
					out = append(out, label+" without "+rest)
				}
			}
		}
	}
	has("module", m)
	for i := range m.Entities {
		has("entity", &m.Entities[i])
		for j := range m.Entities[i].Fields {
			has("field", &m.Entities[i].Fields[j])
			out = append(out, "field type "+m.Entities[i].Fields[j].Type)
		}
	}
	for i := range m.Routes {
		has("route", &m.Routes[i])
	}
	return out
}

// moduleShapes names the shapes of a module and its routes as the model
// sees them.
func moduleShapes(m *model.Module) []string {
	var out []string
	served := map[*model.Entity]bool{}
	allPublic, noneValidates, onlyGET, onlyCustom := true, true, true, true
	for _, r := range m.Routes {
		out = append(out, routeShapes(r)...)
		served[r.Entity()] = true
		allPublic = allPublic && r.Public
		noneValidates = noneValidates && !r.Validates()
		onlyGET = onlyGET && r.Method == "GET"
		onlyCustom = onlyCustom && r.CRUD() == ""
	}
	add := func(ok bool, shape string) {
		if ok {
			out = append(out, shape)
		}
	}
	routes := len(m.Routes) > 0
	add(len(m.Entities) == 0 && routes, "module without entities, with routes")
	add(!routes, "module without routes")
	add(slices.ContainsFunc(m.Entities, func(e *model.Entity) bool { return !served[e] }), "module with an entity no route serves")
	add(len(m.Entities) > 1, "module with several entities")
	add(routes && allPublic, "module with only public routes")
	add(routes && allPublic && len(m.Permissions) > 0, "module declaring permissions with only public routes")
	add(routes && noneValidates, "module whose routes validate nothing")
	add(routes && onlyGET, "module with only GET routes")
	add(routes && onlyCustom, "module with only custom routes")
	return out
}

// routeShapes names the shapes of one route.
func routeShapes(r *model.Route) []string {
	out := []string{"route method " + r.Method}
	if kind := r.CRUD(); kind != "" {
		out = append(out, "route crud "+kind)
	} else {
		out = append(out, "route custom", fmt.Sprintf("custom route request %s response %s",
			bodyKind(r.Request, r.RequestList), bodyKind(r.Response, r.ResponseList)))
	}
	if r.Public {
		out = append(out, "route public")
	} else {
		out = append(out, "route with permission")
	}
	if r.Validates() {
		out = append(out, "route validates")
	} else {
		out = append(out, "route validates nothing")
	}
	params := r.PathParams()
	switch {
	case len(params) == 0:
		out = append(out, "route path without parameters")
	case slices.Equal(params, []string{"id"}):
		out = append(out, "route path with only id")
	}
	if slices.ContainsFunc(params, func(p string) bool { return p != "id" }) {
		out = append(out, "route path with a parameter other than id")
	}
	if len(params) > 1 {
		out = append(out, "route path with several parameters")
	}
	segs := strings.Split(strings.Trim(r.Path, "/"), "/")
	if slices.ContainsFunc(segs[:len(segs)-1], func(seg string) bool {
		return strings.HasPrefix(seg, ":") || strings.HasPrefix(seg, "{")
	}) {
		out = append(out, "route path nested under a parameter")
	}
	if strings.Contains(r.Path, "/:") {
		out = append(out, "route path with :param")
	}
	if strings.Contains(r.Path, "/{") {
		out = append(out, "route path with {param}")
	}
	if r.Method == "POST" && len(params) > 0 && r.Request == nil {
		out = append(out, "route POST action on an item without body")
	}
	return out
}

// bodyKind names a request or response body: none, one entity or a list.
func bodyKind(e *model.Entity, list bool) string {
	switch {
	case e == nil:
		return "none"
	case list:
		return "list"
	}
	return "entity"
}
