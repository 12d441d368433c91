package spec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Limits that keep a hostile file (an alias bomb, an alias cycle, deep
// nesting) from exhausting memory or stack when the node tree is expanded.
const (
	maxValues = 100_000
	maxDepth  = 200
)

// readMapping decodes data as a single YAML document whose top level is a
// mapping, and checks its keys. It returns nil when the file cannot be
// checked further (a syntax error, an empty file, a top level that is not a
// mapping); the reasons are in d. example is a snippet of valid content for
// the messages, e.g. "name: acme".
func readMapping(d *diagnostics, data []byte, example string) (root *yaml.Node) {
	defer func() {
		// yaml.v3 has panicked on malformed input in the past; a spec file
		// must never crash goplt, so report it like any other syntax error.
		if r := recover(); r != nil {
			root = nil
			d.addf(1, 1, "invalid YAML: the parser failed on this file (%v); check the syntax", r)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			d.addf(1, 1, "the file is empty; add at least %s", example)
		} else {
			addSyntaxError(d, data, err)
		}
		return nil
	}
	if len(doc.Content) == 0 {
		d.addf(1, 1, "the file is empty; add at least %s", example)
		return nil
	}
	root = doc.Content[0]
	if root.Kind == yaml.AliasNode && root.Alias != nil {
		root = root.Alias
	}
	if root.Kind != yaml.MappingNode {
		d.addf(root.Line, root.Column, "the file must be a mapping of fields such as %s, not %s", example, describe(root))
		return nil
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == nil:
		d.addf(next.Line, 1, "a second YAML document starts here; keep one document per file and remove the \"---\" and what follows")
	case !errors.Is(err, io.EOF):
		addSyntaxError(d, data, err)
	}
	checkKeys(d, root, "")
	return root
}

var (
	yamlLine      = regexp.MustCompile(`^line (\d+): (.*)$`)
	unknownAnchor = regexp.MustCompile(`^unknown anchor '(.*)' referenced$`)
)

// syntaxHints says what to do about yaml.v3's most common syntax errors.
var syntaxHints = []struct{ problem, hint string }{
	{"tab character", "indent with spaces, not tabs"},
	{"cannot start any token", "indent with spaces, not tabs, and quote values that start with @, ` or %"},
	{"mapping values are not allowed", "quote values that contain \": \""},
	{"did not find expected key", "check the indentation of this block"},
	{"did not find expected ',' or ']'", "close the [ list with ]"},
	{"did not find expected ',' or '}'", "close the { mapping with }"},
	{"unexpected end of stream", "close the quoted string"},
	{"unknown anchor", "define the anchor with &name before using *name"},
	{"control characters are not allowed", "remove the control characters; spec files are UTF-8 text"},
}

// addSyntaxError turns yaml.v3's "yaml: line N: problem" into a diagnostic at
// line N, column 1 (yaml.v3 reports no column).
func addSyntaxError(d *diagnostics, data []byte, err error) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line, col := 1, 1
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		if n, err := strconv.Atoi(m[1]); err == nil {
			line = n
		}
		msg = m[2]
	} else if m := unknownAnchor.FindStringSubmatch(msg); m != nil {
		// yaml.v3 gives no line here, but the alias is easy to find.
		line, col = find(data, "*"+m[1])
	}
	hint := "check the indentation and quoting"
	for _, h := range syntaxHints {
		if strings.Contains(msg, h.problem) {
			hint = h.hint
			break
		}
	}
	d.addf(line, col, "invalid YAML: %s; %s", msg, hint)
}

// find returns the 1-based line and column of the first s in data, or 1, 1.
func find(data []byte, s string) (line, col int) {
	i := bytes.Index(data, []byte(s))
	if i < 0 {
		return 1, 1
	}
	before := data[:i]
	line = bytes.Count(before, []byte("\n")) + 1
	col = i - bytes.LastIndexByte(before, '\n')
	return line, col
}

// checkKeys reports keys that are not plain scalars and keys defined twice
// in one mapping, anywhere below n. It does not follow aliases, so it visits
// every node written in the file exactly once.
func checkKeys(d *diagnostics, n *yaml.Node, label string) {
	switch n.Kind {
	case yaml.MappingNode:
		first := map[string]*yaml.Node{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				d.addf(k.Line, k.Column, "%skeys must be plain names, not %s", prefix(label), describe(k))
				continue
			}
			if prev, ok := first[k.Value]; ok {
				d.addf(k.Line, k.Column, "%sfield %q is defined twice (first at line %d); remove one", prefix(label), k.Value, prev.Line)
			} else {
				first[k.Value] = k
			}
			checkKeys(d, v, join(label, k.Value))
		}
	case yaml.SequenceNode:
		for i, item := range n.Content {
			checkKeys(d, item, fmt.Sprintf("%s[%d]", label, i))
		}
	}
}

// join appends a field name to a label such as "routes[1]".
func join(label, key string) string {
	if label == "" {
		return key
	}
	return label + "." + key
}

// prefix returns "label: " or "" for the top level.
func prefix(label string) string {
	if label == "" {
		return ""
	}
	return label + ": "
}

// errTooLarge stops toValue on alias bombs and cycles.
var errTooLarge = errors.New("too large")

// toValue converts a node tree into the plain values the JSON Schema
// validator takes: map[string]any, []any, string, bool, int64, uint64,
// float64 and nil. Aliases are expanded; of duplicate keys the first wins
// (checkKeys reports the rest). Keys that are not scalars are left out.
func toValue(n *yaml.Node, budget *int, depth int) (any, error) {
	*budget--
	if *budget < 0 || depth > maxDepth {
		return nil, errTooLarge
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return toValue(n.Content[0], budget, depth+1)
	case yaml.AliasNode:
		if n.Alias == nil {
			return nil, nil
		}
		return toValue(n.Alias, budget, depth+1)
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind != yaml.ScalarNode {
				continue
			}
			if _, dup := m[k.Value]; dup {
				continue
			}
			v, err := toValue(n.Content[i+1], budget, depth+1)
			if err != nil {
				return nil, err
			}
			m[k.Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		s := make([]any, 0, len(n.Content))
		for _, item := range n.Content {
			v, err := toValue(item, budget, depth+1)
			if err != nil {
				return nil, err
			}
			s = append(s, v)
		}
		return s, nil
	default:
		return scalar(n), nil
	}
}

// scalar returns the value of a scalar node as the validator sees it.
// Non-finite floats, timestamps and values with custom tags stay strings:
// none of them is valid JSON.
func scalar(n *yaml.Node) any {
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool":
		var b bool
		if n.Decode(&b) == nil {
			return b
		}
	case "!!int":
		var i int64
		if n.Decode(&i) == nil {
			return i
		}
		var u uint64
		if n.Decode(&u) == nil {
			return u
		}
		var f float64
		if n.Decode(&f) == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			return f
		}
	case "!!float":
		var f float64
		if n.Decode(&f) == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
			return f
		}
	}
	return n.Value
}

// describe names what a node holds, for messages: "a list", "the string
// "x"", "the number 3", "an empty value".
func describe(n *yaml.Node) string {
	for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil && i < maxDepth; i++ {
		n = n.Alias
	}
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch v := scalar(n).(type) {
		case nil:
			return "an empty value"
		case bool:
			return fmt.Sprintf("the boolean %v", v)
		case string:
			return fmt.Sprintf("the string %s", quote(v))
		default:
			return "the number " + n.Value
		}
	}
	return "an empty value"
}

// quote quotes s for a message, shortening long values.
func quote(s string) string {
	if r := []rune(s); len(r) > 60 {
		s = string(r[:57]) + "..."
	}
	return strconv.Quote(s)
}

// locate follows a JSON-pointer-like path (map keys and decimal list
// indexes, as in jsonschema.ValidationError.InstanceLocation) from root. It
// returns the deepest node reached and its label, e.g. "routes[1].path".
func locate(root *yaml.Node, path []string) (*yaml.Node, string) {
	n, label := root, ""
	for _, tok := range path {
		for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil && i < maxDepth; i++ {
			n = n.Alias
		}
		next := child(n, tok)
		if next == nil {
			break
		}
		if n.Kind == yaml.SequenceNode {
			label = fmt.Sprintf("%s[%s]", label, tok)
		} else {
			label = join(label, tok)
		}
		n = next
	}
	return n, label
}

// child returns the value of key tok in a mapping (the first, if it is
// defined twice) or item tok of a list, or nil.
func child(n *yaml.Node, tok string) *yaml.Node {
	switch n.Kind {
	case yaml.MappingNode:
		if k, v := lookup(n, tok); k != nil {
			return v
		}
	case yaml.SequenceNode:
		if i, err := strconv.Atoi(tok); err == nil && i >= 0 && i < len(n.Content) {
			return n.Content[i]
		}
	}
	return nil
}

// lookup returns the first key node named key in mapping m and its value.
func lookup(m *yaml.Node, key string) (k, v *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if k := m.Content[i]; k.Kind == yaml.ScalarNode && k.Value == key {
			return k, m.Content[i+1]
		}
	}
	return nil, nil
}
