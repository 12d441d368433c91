package spec

import (
	"fmt"
	"go/token"
	"go/types"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// EdgeNames are the names most likely to clash once a spec name becomes Go:
// Go's keywords and predeclared identifiers, the names Ent reserves or
// generates (entc/gen: globalIdent, privateField, importPkg, and the
// packages and files it writes under ent/), the kernel's package names,
// and the packages the generated code imports. Lower case only: every role
// (module, entity, field, enum value) needs a lower-case name.
func EdgeNames() []string {
	var out []string
	for tok := token.BREAK; tok <= token.VAR; tok++ {
		out = append(out, tok.String())
	}
	out = append(out, types.Universe.Names()...)
	out = append(out,
		// entc/gen globalIdent and privateField, lower-cased.
		"aggregatefunc", "as", "asc", "client", "config", "count", "debug", "desc", "driver", "hook",
		"interceptor", "log", "mutatefunc", "mutation", "mutator", "op", "option", "orderfunc", "max",
		"mean", "min", "schema", "sum", "policy", "query", "value",
		"ctx", "done", "hooks", "inters", "limit", "offset", "oldvalue", "order", "path", "predicates",
		"typ", "unique",
		// entc/gen importPkg, and what Ent writes under ent/.
		"context", "errors", "fmt", "math", "strings", "time", "ent", "dialect", "field", "sql",
		"sqlgraph", "enttest", "intercept", "migrate", "predicate", "privacy", "runtime", "tx",
		"entql", "internal", "node", "label", "table", "columns", "edges",
		// Packages the generated code imports.
		"api", "service", "handler", "store", "uuid", "http", "json", "gin", "fx", "zap", "slog",
		"testing", "require", "assert", "httptest", "url", "test", "events", "samples", "doc",
	)
	for name := range kernelPackages() {
		out = append(out, name)
	}
	slices.Sort(out)
	return slices.DeleteFunc(slices.Compact(out), func(s string) bool { return strings.ToLower(s) != s })
}

// TestEdgeNames walks EdgeNames through every role a name can take in
// module.yaml: each is either refused with a positioned error that says
// what to do, or accepted (TestBuildEdgeNames in package generator builds
// a project holding every accepted one).
func TestEdgeNames(t *testing.T) {
	roles := map[string]struct {
		yaml   func(n string) string
		line   int
		before string // what precedes the name on its line
	}{
		"module": {func(n string) string { return "name: " + n + "\nversion: 0.1.0\n" }, 1, "name: "},
		"entity": {func(n string) string {
			return "name: shop\nversion: 0.1.0\nentities:\n  - name: " + n + "\n    fields: [{name: title, type: string}]\n"
		}, 4, "name: "},
		"field": {func(n string) string {
			return "name: shop\nversion: 0.1.0\nentities:\n  - name: item\n    fields: [{name: " + n + ", type: string}]\n"
		}, 5, "name: "},
		"enum value": {func(n string) string {
			return "name: shop\nversion: 0.1.0\nentities:\n  - name: item\n    fields: [{name: kind, type: enum, values: [" + n + "]}]\n"
		}, 5, "values: ["},
	}
	accepted := map[string]int{}
	for role, r := range roles {
		for _, name := range EdgeNames() {
			_, err := ParseModule(ModuleFile, []byte(r.yaml(name)))
			if err == nil {
				accepted[role]++
				continue
			}
			var ds Diagnostics
			require.ErrorAs(t, err, &ds, "%s %q", role, name)
			require.Len(t, ds, 1, "%s %q: %s", role, name, ds)
			d := ds[0]
			where := fmt.Sprintf("%s %q: %s", role, name, d)
			assert.Equal(t, r.line, d.Pos.Line, where)
			line := strings.Split(r.yaml(name), "\n")[r.line-1]
			assert.Equal(t, strings.Index(line, r.before+name)+len(r.before)+1, d.Pos.Col, where)
			assert.Contains(t, d.Msg, "; ", "no what-to-do: %s", where)
			assert.Contains(t, d.Msg, name, where)
		}
	}
	// The walk means something only if both outcomes happen in each role.
	for role := range roles {
		assert.NotZero(t, accepted[role], "%s: every edge name refused", role)
		assert.Less(t, accepted[role], len(EdgeNames()), "%s: every edge name accepted", role)
	}
}
