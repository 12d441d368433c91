package spec

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"gopkg.in/yaml.v3"

	"github.com/goplt/goplt/schemas"
)

// stringCheck is the Go check behind a string property's pattern and length
// limits. It returns the message the user sees, so that the schema layer and
// the semantic layer word a problem the same way. label names the value,
// e.g. "name" or "routes[1].permission".
type stringCheck func(label, value string) error

// schema is one compiled file of schemas/ with the raw document kept for
// descriptions, examples and property lists.
type schema struct {
	name     string             // e.g. "goplt.schema.json"
	compiled *jsonschema.Schema // what validates
	raw      any                // the decoded JSON, for lookups by pointer
	// checks maps the JSON pointer of a property schema ("/properties/name",
	// "/$defs/permission") to the Go check that explains its pattern.
	checks map[string]stringCheck
	// resolved memoises at: JSON pointer -> map[string]any.
	resolved sync.Map
}

// loadSchema compiles an embedded schema. A failure is a bug in schemas/,
// caught by the tests, so callers report it as a plain error.
func loadSchema(name string, checks map[string]stringCheck) (*schema, error) {
	data, err := fs.ReadFile(schemas.FS, name)
	if err != nil {
		return nil, fmt.Errorf("load schema %s: %w", name, err)
	}
	raw, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("load schema %s: %w", name, err)
	}
	id, _ := pointer(raw, "/$id").(string)
	if id == "" {
		return nil, fmt.Errorf("load schema %s: no $id", name)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(id, raw); err != nil {
		return nil, fmt.Errorf("load schema %s: %w", name, err)
	}
	compiled, err := c.Compile(id)
	if err != nil {
		return nil, fmt.Errorf("compile schema %s: %w", name, err)
	}
	return &schema{name: name, compiled: compiled, raw: raw, checks: checks}, nil
}

// validate checks root against the schema and records each leaf cause of a
// failure as a diagnostic at the node it concerns.
func (s *schema) validate(d *diagnostics, root *yaml.Node) {
	budget := maxValues
	value, err := toValue(root, &budget, 0)
	if err != nil {
		d.addf(root.Line, root.Column, "aliases expand this file to more than %d values or %d levels; write the values out instead", maxValues, maxDepth)
		return
	}
	err = s.compiled.Validate(value)
	if err == nil {
		return
	}
	var verr *jsonschema.ValidationError
	if !errors.As(err, &verr) {
		d.addf(root.Line, root.Column, "validate against %s: %v", s.name, err)
		return
	}
	all := leaves(verr, nil)
	typos := typos(all)
	for _, leaf := range all {
		s.report(d, root, leaf, typos)
	}
}

// typos returns, per mapping (keyed by its instance location), the known
// fields that an unknown field there looks like a misspelling of. A missing
// required field that was only misspelled is then reported once, as the
// unknown field with its suggestion.
func typos(errs []*jsonschema.ValidationError) map[string][]string {
	out := map[string][]string{}
	for _, e := range errs {
		k, ok := e.ErrorKind.(*kind.AdditionalProperties)
		if !ok {
			continue
		}
		// The schema's own property names are not at hand here, but the
		// missing fields are: suggest among those.
		loc := strings.Join(e.InstanceLocation, "/")
		for _, other := range errs {
			r, ok := other.ErrorKind.(*kind.Required)
			if !ok || strings.Join(other.InstanceLocation, "/") != loc {
				continue
			}
			for _, p := range k.Properties {
				if best := suggest(p, r.Missing); best != "" {
					out[loc] = append(out[loc], best)
				}
			}
		}
	}
	return out
}

// leaves flattens the library's tree of errors to the causes that have no
// causes of their own; the inner nodes only say "validation failed".
func leaves(e *jsonschema.ValidationError, out []*jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(e.Causes) == 0 {
		return append(out, e)
	}
	for _, c := range e.Causes {
		out = leaves(c, out)
	}
	return out
}

var printer = message.NewPrinter(language.English)

// report turns one leaf error into short messages that name the field and
// say what is allowed.
func (s *schema) report(d *diagnostics, root *yaml.Node, e *jsonschema.ValidationError, typos map[string][]string) {
	n, label := locate(root, e.InstanceLocation)
	ptr := fragment(e.SchemaURL)
	prop, _ := pointer(s.raw, ptr).(map[string]any)
	at := func(format string, args ...any) {
		d.addf(n.Line, n.Column, "%s"+format, append([]any{prefix(label)}, args...)...)
	}
	switch k := e.ErrorKind.(type) {
	case *kind.Required:
		for _, m := range k.Missing {
			if slices.Contains(typos[strings.Join(e.InstanceLocation, "/")], m) {
				continue
			}
			msg := fmt.Sprintf("missing required field %q", m)
			if ex, ok := s.example(ptr, m); ok {
				msg += fmt.Sprintf("; add e.g. %s: %s", m, ex)
			}
			at("%s", msg)
		}
	case *kind.AdditionalProperties:
		known := keys(prop["properties"])
		for _, p := range k.Properties {
			kn, _ := lookup(n, p)
			if kn == nil {
				kn = n
			}
			msg := fmt.Sprintf("%sunknown field %q", prefix(label), p)
			if best := suggest(p, known); best != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", best)
				d.misspelled(n, best)
			} else {
				msg += "; remove it or use one of " + strings.Join(known, ", ")
			}
			d.addf(kn.Line, kn.Column, "%s", msg)
		}
	case *kind.Type:
		want := make([]string, len(k.Want))
		for i, w := range k.Want {
			want[i] = typeName(w)
		}
		msg := fmt.Sprintf("expected %s, got %s", strings.Join(want, " or "), describe(n))
		if ex, ok := exampleOf(prop); ok {
			msg += "; use e.g. " + exampleFor(label, ex)
		}
		at("%s", msg)
	case *kind.Enum:
		want := make([]string, len(k.Want))
		for i, w := range k.Want {
			want[i] = display(w)
		}
		if len(want) == 1 {
			at("%s is not allowed; use %s", display(k.Got), want[0])
		} else {
			at("%s is not allowed; use one of %s", display(k.Got), strings.Join(want, ", "))
		}
	case *kind.Const:
		at("%s is not allowed; use %s", display(k.Got), display(k.Want))
	case *kind.Pattern, *kind.MinLength, *kind.MaxLength:
		if check := s.checks[ptr]; check != nil && n.Kind == yaml.ScalarNode {
			if err := check(label, n.Value); err != nil {
				d.addf(n.Line, n.Column, "%s", err.Error())
				return
			}
		}
		switch k := k.(type) {
		case *kind.Pattern:
			at("%s does not match the pattern %s", quote(k.Got), quote(k.Want))
		case *kind.MinLength:
			if k.Want == 1 {
				at("must not be empty")
			} else {
				at("%s is too short; use at least %d characters", quote(n.Value), k.Want)
			}
		case *kind.MaxLength:
			at("%s is too long; use at most %d characters", quote(n.Value), k.Want)
		}
	case *kind.Minimum:
		at("%s is too small; use %s or more", rat(k.Got), rat(k.Want))
	case *kind.Maximum:
		at("%s is too large; use %s or less", rat(k.Got), rat(k.Want))
	case *kind.ExclusiveMinimum:
		at("%s is too small; use more than %s", rat(k.Got), rat(k.Want))
	case *kind.ExclusiveMaximum:
		at("%s is too large; use less than %s", rat(k.Got), rat(k.Want))
	case *kind.MinItems:
		at("needs at least %d item(s), has %d; add more", k.Want, k.Got)
	case *kind.MaxItems:
		at("allows at most %d item(s), has %d; remove some", k.Want, k.Got)
	case *kind.UniqueItems:
		if item := child(n, strconv.Itoa(k.Duplicates[1])); item != nil {
			n = item
		}
		at("item %d repeats item %d; remove one", k.Duplicates[1], k.Duplicates[0])
	default:
		at("%s", e.ErrorKind.LocalizedString(printer))
	}
}

// fragment returns the JSON pointer after '#' in a schema location.
func fragment(url string) string {
	if i := strings.IndexByte(url, '#'); i >= 0 {
		return url[i+1:]
	}
	return ""
}

// at is the schema object at ptr (nil when it is not an object), resolved
// once per pointer: every node of every spec file asks for its schema.
func (s *schema) at(ptr string) map[string]any {
	if v, ok := s.resolved.Load(ptr); ok {
		return v.(map[string]any)
	}
	m, _ := pointer(s.raw, ptr).(map[string]any)
	s.resolved.Store(ptr, m)
	return m
}

// pointer resolves a JSON pointer ("/properties/name") in a decoded JSON
// document, or returns nil.
func pointer(doc any, ptr string) any {
	if ptr == "" {
		return doc
	}
	for _, tok := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		if strings.Contains(tok, "~") {
			tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		}
		switch v := doc.(type) {
		case map[string]any:
			doc = v[tok]
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(v) {
				return nil
			}
			doc = v[i]
		default:
			return nil
		}
	}
	return doc
}

// keys returns the sorted keys of a JSON object.
func keys(v any) []string {
	m, _ := v.(map[string]any)
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// example returns the first example of property name of the object schema
// at ptr, written as YAML. When ptr is a part of an object schema (its
// "then", say) the enclosing schemas are searched too.
func (s *schema) example(ptr, name string) (string, bool) {
	for {
		prop, _ := pointer(s.raw, ptr+"/properties/"+name).(map[string]any)
		if ref, ok := prop["$ref"].(string); ok && strings.HasPrefix(ref, "#") {
			prop, _ = pointer(s.raw, ref[1:]).(map[string]any)
		}
		if prop != nil {
			return exampleOf(prop)
		}
		i := strings.LastIndexByte(ptr, '/')
		if i < 0 {
			return "", false
		}
		ptr = ptr[:i]
	}
}

// exampleOf returns the first entry of a schema's "examples" as YAML.
func exampleOf(prop map[string]any) (string, bool) {
	exs, _ := prop["examples"].([]any)
	if len(exs) == 0 {
		return "", false
	}
	return flow(exs[0]), true
}

// exampleFor writes an example for the value at label: "key: value" when
// the value sits under a key, the bare value for a list item.
func exampleFor(label, ex string) string {
	if label == "" || strings.HasSuffix(label, "]") {
		return ex
	}
	return label[strings.LastIndexByte(label, '.')+1:] + ": " + ex
}

// flow writes a JSON value as one line of YAML flow style.
func flow(v any) string {
	switch v := v.(type) {
	case []any:
		items := make([]string, len(v))
		for i, item := range v {
			items[i] = flow(item)
		}
		return "[" + strings.Join(items, ", ") + "]"
	case map[string]any:
		items := make([]string, 0, len(v))
		for _, k := range keys(v) {
			items = append(items, k+": "+flow(v[k]))
		}
		return "{" + strings.Join(items, ", ") + "}"
	case string:
		return yamlString(v)
	default:
		return fmt.Sprint(v)
	}
}

// display writes a value for a message: strings quoted, numbers as is.
func display(v any) string {
	switch v := v.(type) {
	case string:
		return quote(v)
	case nil:
		return "an empty value"
	default:
		if f, ok := v.(float64); ok {
			return strconv.FormatFloat(f, 'g', -1, 64)
		}
		return fmt.Sprint(v)
	}
}

// rat writes a number from a numeric keyword error.
func rat(r *big.Rat) string {
	if r == nil {
		return "?"
	}
	if r.IsInt() {
		return r.Num().String()
	}
	f, _ := r.Float64()
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// typeName turns a JSON Schema type into words a YAML author knows.
func typeName(t string) string {
	switch t {
	case "object":
		return "a mapping"
	case "array":
		return "a list"
	case "string":
		return "a string"
	case "integer":
		return "an integer"
	case "number":
		return "a number"
	case "boolean":
		return "true or false"
	case "null":
		return "an empty value"
	}
	return t
}

// runChecks runs the Go check of every string value whose property has one,
// walking the node tree and the schema side by side. The schema layer ran
// these checks only where a pattern failed; here they catch what patterns
// cannot express (keywords, reserved names, the rules of module.CheckPath).
// Both word a problem the same way, and equal diagnostics are merged.
// Aliases are not followed: the values behind them are checked where they
// are written.
func (s *schema) runChecks(d *diagnostics, n *yaml.Node, ptr, label string, depth int) {
	if depth > maxDepth {
		return
	}
	check := s.checks[ptr]
	sm := s.at(ptr)
	if ref, ok := sm["$ref"].(string); ok && strings.HasPrefix(ref, "#") {
		ptr = ref[1:]
		sm = s.at(ptr)
		if check == nil {
			check = s.checks[ptr]
		}
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if check != nil && n.ShortTag() == "!!str" {
			if err := check(label, n.Value); err != nil {
				d.addf(n.Line, n.Column, "%s", err.Error())
			}
		}
	case yaml.MappingNode:
		props, _ := sm["properties"].(map[string]any)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if _, ok := props[k.Value]; ok && k.Kind == yaml.ScalarNode {
				s.runChecks(d, n.Content[i+1], ptr+"/properties/"+k.Value, join(label, k.Value), depth+1)
			}
		}
	case yaml.SequenceNode:
		if _, ok := sm["items"]; ok {
			for i, item := range n.Content {
				s.runChecks(d, item, ptr+"/items", fmt.Sprintf("%s[%d]", label, i), depth+1)
			}
		}
	}
}
