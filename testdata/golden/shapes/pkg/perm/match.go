package perm

import (
	"fmt"
	"strings"
)

// Wildcard is the pattern segment that stands for "any".
const Wildcard = "*"

// PatternKind classifies a permission pattern.
type PatternKind int

// Pattern kinds, from the most to the least general.
const (
	// MatchAll is the pattern "*": it matches every permission.
	MatchAll PatternKind = iota
	// MatchPrefix is a pattern such as "blog.*": it matches every permission
	// below the given prefix ("blog.post.read", "blog.comment.delete").
	MatchPrefix
	// MatchAction is a pattern such as "*.read": it matches every permission
	// whose last segment is the given action.
	MatchAction
	// MatchExact is a pattern without wildcards: it matches only itself.
	MatchExact
)

// Pattern is a parsed permission pattern as used in role definitions.
//
// The grammar is deliberately small so that role definitions stay easy to
// audit: "*" matches everything, "prefix.*" matches everything below prefix,
// "*.action" matches any permission ending in action, and anything else must
// match exactly. A wildcard anywhere else is rejected.
type Pattern struct {
	// Kind tells how Value is compared.
	Kind PatternKind
	// Value is the prefix, action or exact permission, depending on Kind.
	Value string
}

// ParsePattern validates and parses s.
func ParsePattern(s string) (Pattern, error) {
	switch {
	case s == Wildcard:
		return Pattern{Kind: MatchAll}, nil
	case s == "":
		return Pattern{}, fmt.Errorf("empty permission pattern")
	case strings.HasSuffix(s, "."+Wildcard):
		prefix := strings.TrimSuffix(s, "."+Wildcard)
		if err := checkSegments(prefix); err != nil {
			return Pattern{}, fmt.Errorf("pattern %q: %w", s, err)
		}
		return Pattern{Kind: MatchPrefix, Value: prefix}, nil
	case strings.HasPrefix(s, Wildcard+"."):
		action := strings.TrimPrefix(s, Wildcard+".")
		if strings.Contains(action, ".") {
			return Pattern{}, fmt.Errorf("pattern %q: an action pattern has exactly one segment after %q", s, Wildcard)
		}
		if err := checkSegments(action); err != nil {
			return Pattern{}, fmt.Errorf("pattern %q: %w", s, err)
		}
		return Pattern{Kind: MatchAction, Value: action}, nil
	default:
		if err := checkSegments(s); err != nil {
			return Pattern{}, fmt.Errorf("pattern %q: %w", s, err)
		}
		return Pattern{Kind: MatchExact, Value: s}, nil
	}
}

// Match reports whether the pattern grants p. It does not allocate.
func (pt Pattern) Match(p Permission) bool {
	s := string(p)
	switch pt.Kind {
	case MatchAll:
		return true
	case MatchPrefix:
		return len(s) > len(pt.Value)+1 && s[len(pt.Value)] == '.' && strings.HasPrefix(s, pt.Value)
	case MatchAction:
		i := strings.LastIndexByte(s, '.')
		return i >= 0 && s[i+1:] == pt.Value
	default:
		return s == pt.Value
	}
}

// String returns the pattern in its textual form.
func (pt Pattern) String() string {
	switch pt.Kind {
	case MatchAll:
		return Wildcard
	case MatchPrefix:
		return pt.Value + "." + Wildcard
	case MatchAction:
		return Wildcard + "." + pt.Value
	default:
		return pt.Value
	}
}

// Valid reports whether p is a well-formed, wildcard-free permission.
func (p Permission) Valid() bool { return checkSegments(string(p)) == nil }

// checkSegments rejects empty segments and stray wildcards.
func checkSegments(s string) error {
	for seg := range strings.SplitSeq(s, ".") {
		if seg == "" {
			return fmt.Errorf("empty segment")
		}
		if strings.Contains(seg, Wildcard) {
			return fmt.Errorf("wildcard only allowed as the whole first or last segment")
		}
	}
	return nil
}
