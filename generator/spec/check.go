package spec

import (
	"errors"
	"fmt"
	"go/token"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/mod/module"
)

// MaxNameLen is the longest project name CheckName accepts.
const MaxNameLen = 40

var (
	// namePattern is the "pattern" of name in goplt.schema.json.
	namePattern = regexp.MustCompile(`^[a-z]([a-z0-9-]*[a-z0-9])?$`)
	// nameRule says in words what namePattern allows.
	nameRule = "use lower-case letters, digits and '-', starting with a letter and not ending with '-'"
)

// reservedNames are directories and packages of the generated project that
// a project or module of the same name would collide with or shadow.
var reservedNames = map[string]bool{
	"cmd":      true,
	"internal": true,
	"main":     true,
	"modules":  true,
	"pkg":      true,
	"platform": true,
	"testdata": true,
	"vendor":   true,
}

// CheckName reports whether name is a valid project name: lower-case
// letters, digits and '-', starting with a letter and not ending with '-', at
// most 40 characters, and neither a Go keyword nor a name goplt reserves
// (such as "internal" or "platform"). The error says what is allowed.
func CheckName(name string) error {
	return checkName("name", name, MaxNameLen)
}

// checkName is CheckName for the value at label; the schema layer calls it
// so that its messages match the semantic layer's.
func checkName(label, name string, maxLen int) error {
	switch {
	case name == "":
		return fmt.Errorf("%s must not be empty; %s, e.g. acme", label, nameRule)
	case len(name) > maxLen:
		return fmt.Errorf("%s %s is %d characters long; use at most %d", label, quote(name), len(name), maxLen)
	case !namePattern.MatchString(name):
		msg := fmt.Sprintf("%s %s is not valid; %s", label, quote(name), nameRule)
		if s := sanitizeName(name, maxLen); s != "" {
			msg += fmt.Sprintf(", e.g. %q", s)
		}
		return errors.New(msg)
	case token.IsKeyword(name):
		return fmt.Errorf("%s %q is a Go keyword; choose another name, e.g. %q", label, name, name+"-app")
	case reservedNames[name]:
		return fmt.Errorf("%s %q is reserved for a directory of the generated project; choose another name, e.g. %q", label, name, name+"-app")
	}
	return nil
}

// sanitizeName suggests a valid name close to s ("My App" -> "my-app"), or
// returns "" when there is nothing to go on.
func sanitizeName(s string, maxLen int) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	out := strings.TrimLeft(b.String(), "0123456789-")
	if len(out) > maxLen {
		out = out[:maxLen]
	}
	out = strings.TrimRight(out, "-")
	if !namePattern.MatchString(out) || token.IsKeyword(out) || reservedNames[out] {
		return ""
	}
	return out
}

// CheckModulePath reports whether path is a valid module path for a
// generated project: golang.org/x/mod/module.CheckPath must accept it, its
// first element must contain a dot (example.com/acme, not acme), and it must
// not contain upper-case letters. The error says what is allowed.
func CheckModulePath(path string) error {
	return checkModulePath("module", path)
}

// checkModulePath is CheckModulePath for the value at label.
func checkModulePath(label, path string) error {
	const hint = "use a path like example.com/acme"
	if path == "" {
		return fmt.Errorf("%s must not be empty; %s", label, hint)
	}
	if lower := strings.ToLower(path); lower != path && module.CheckPath(lower) == nil {
		return fmt.Errorf("%s %s has upper-case letters; use %s", label, quote(path), quote(lower))
	}
	if err := module.CheckPath(path); err != nil {
		var perr *module.InvalidPathError
		if errors.As(err, &perr) {
			err = perr.Err
		}
		return fmt.Errorf("%s %s is not a valid Go module path: %v; %s", label, quote(path), err, hint)
	}
	// CheckPath requires the dot only in practice (it rejects "acme" via
	// its first-element rule); say so explicitly in case that changes.
	if first, _, _ := strings.Cut(path, "/"); !strings.Contains(first, ".") {
		return fmt.Errorf("%s %s is not a valid Go module path: the first element needs a dot; %s", label, quote(path), hint)
	}
	if strings.ToLower(path) != path {
		return fmt.Errorf("%s %s has upper-case letters; use lower case", label, quote(path))
	}
	if dep := thirdPartyClash(path); dep != "" {
		return fmt.Errorf("%s %s would be confused with %s, a module the generated project depends on; use a path you own, e.g. example.com/acme", label, quote(path), dep)
	}
	return nil
}

// checkOneLine is the check behind the description's pattern.
func checkOneLine(label, s string) error {
	if strings.ContainsAny(s, "\r\n") {
		return fmt.Errorf("%s must be one line; shorten it and put longer text in the README", label)
	}
	// The text lands in Go comments, OpenAPI documents and READMEs, where
	// an invisible character (a byte order mark, a zero-width space, a
	// control character) shows nothing yet changes the bytes and trips
	// tools: refuse it rather than carry it.
	for i, r := range s {
		if r != '\t' && (unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp) || r == utf8.RuneError) {
			return fmt.Errorf("%s has an invisible character U+%04X at byte %d; delete it (retype the text if you cannot see it)", label, r, i)
		}
	}
	return nil
}

var (
	moduleNamePattern  = regexp.MustCompile(`^[a-z][a-z0-9]*$`)
	versionPattern     = regexp.MustCompile(`^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$`)
	permissionPattern  = regexp.MustCompile(`^[a-z][a-z0-9]*\.[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$`)
	identifierPattern  = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	operationIDPattern = regexp.MustCompile(`^[a-z][A-Za-z0-9]*$`)
	bodyPattern        = regexp.MustCompile(`^(\[\])?[a-z][a-z0-9_]*$`)
	segmentPattern     = regexp.MustCompile(`^[a-z0-9._~-]+$`)
)

// MaxModuleNameLen is the longest module name module.yaml accepts.
const MaxModuleNameLen = 30

// CheckModuleName reports whether name is a valid module name: lower-case
// letters and digits starting with a letter, at most MaxModuleNameLen
// characters, not a Go keyword or predeclared identifier, and not a name of
// the kernel.
func CheckModuleName(name string) error { return checkModuleName("module name", name) }

// checkModuleName is the check behind a module's name: it becomes a Go
// package name, a directory and the first segment of every permission.
func checkModuleName(label, name string) error {
	const rule = "use lower-case letters and digits, starting with a letter (it becomes a Go package name)"
	switch {
	case name == "":
		return fmt.Errorf("%s must not be empty; %s, e.g. blog", label, rule)
	case len(name) > MaxModuleNameLen:
		return fmt.Errorf("%s %s is %d characters long; use at most %d", label, quote(name), len(name), MaxModuleNameLen)
	case !moduleNamePattern.MatchString(name):
		msg := fmt.Sprintf("%s %s is not valid; %s", label, quote(name), rule)
		if s := strings.ReplaceAll(sanitizeName(name, MaxModuleNameLen), "-", ""); moduleNamePattern.MatchString(s) {
			msg += fmt.Sprintf(", e.g. %q", s)
		}
		return errors.New(msg)
	case token.IsKeyword(name):
		return fmt.Errorf("%s %q is a Go keyword; choose another name%s", label, name, otherModuleName(name))
	case isPredeclared(name):
		return fmt.Errorf("%s %q is a predeclared Go identifier; choose another name%s", label, name, otherModuleName(name))
	case reservedNames[name] || name == "core":
		return fmt.Errorf("%s %q is reserved for the platform; choose another name%s", label, name, otherModuleName(name))
	case kernelPackages()[name]:
		return fmt.Errorf("%s %q is a package of the platform kernel; choose another name%s", label, name, otherModuleName(name))
	}
	return nil
}

// otherModuleName suggests a module name close to name that the checks
// accept (", e.g. \"myjobs\""), or nothing when no usual form is.
func otherModuleName(name string) string {
	for _, s := range []string{"my" + name, name + "app"} {
		if checkModuleName("", s) == nil {
			return fmt.Sprintf(", e.g. %q", s)
		}
	}
	return ""
}

// checkVersion is the check behind a module's version.
func checkVersion(label, v string) error {
	if !versionPattern.MatchString(v) {
		return fmt.Errorf("%s %s is not a version; use MAJOR.MINOR.PATCH, e.g. 0.1.0", label, quote(v))
	}
	return nil
}

// checkDependency is the check behind each entry of dependencies.
func checkDependency(label, dep string) error {
	if !dependencyRe.MatchString(dep) {
		return fmt.Errorf("%s %s is not a dependency; write a module name and optionally a version, e.g. \"core >= %s\"", label, quote(dep), CoreVersion)
	}
	return nil
}

// checkPermission is the check behind a declared or required permission.
func checkPermission(label, p string) error {
	if !permissionPattern.MatchString(p) {
		return fmt.Errorf("%s %s is not a permission; use module.resource.action in lower case, e.g. blog.post.read", label, quote(p))
	}
	return nil
}

// checkIdentifier is the check behind entity, field and enum value names.
func checkIdentifier(label, s string) error {
	switch {
	case len(s) > 40:
		return fmt.Errorf("%s %s is %d characters long; use at most 40", label, quote(s), len(s))
	case !identifierPattern.MatchString(s):
		msg := fmt.Sprintf("%s %s is not valid; use lower-case letters, digits and '_', starting with a letter", label, quote(s))
		if sn := strings.ReplaceAll(sanitizeName(s, 40), "-", "_"); identifierPattern.MatchString(sn) {
			msg += fmt.Sprintf(", e.g. %q", sn)
		}
		return errors.New(msg)
	case token.IsKeyword(s):
		return fmt.Errorf("%s %q is a Go keyword; choose another name", label, s)
	}
	return nil
}

// checkOperationID is the check behind a route's operation_id.
func checkOperationID(label, s string) error {
	if !operationIDPattern.MatchString(s) {
		return fmt.Errorf("%s %s is not valid; use lowerCamelCase letters and digits, e.g. createPost", label, quote(s))
	}
	return nil
}

// checkBody is the check behind a route's request and response.
func checkBody(label, s string) error {
	if !bodyPattern.MatchString(s) {
		return fmt.Errorf("%s %s is not valid; name an entity, or []entity for a list, e.g. post", label, quote(s))
	}
	return nil
}

// checkPath is the check behind a route's path: it starts with '/', has no
// empty segments, and each segment is a lower-case literal or a parameter
// written :name or {name}, each name used once.
func checkPath(label, p string) error {
	if !strings.HasPrefix(p, "/") {
		return fmt.Errorf("%s %s must start with \"/\", e.g. /api/v1/blog/posts", label, quote(p))
	}
	if p == "/" {
		return nil
	}
	seen := map[string]bool{}
	for _, seg := range strings.Split(p[1:], "/") {
		if seg == "" {
			return fmt.Errorf("%s %s has an empty segment; remove the extra \"/\"", label, quote(p))
		}
		if seg == "." || seg == ".." {
			return fmt.Errorf("%s %s has a %q segment, which clients and proxies resolve away before the router sees it; write the path without it", label, quote(p), seg)
		}
		if name, ok := param(seg); ok {
			if !identifierPattern.MatchString(name) && !operationIDPattern.MatchString(name) {
				return fmt.Errorf("%s %s has a bad parameter %q; write :name or {name} with a name like id", label, quote(p), seg)
			}
			if seen[name] {
				return fmt.Errorf("%s %s uses the parameter %q twice; give each parameter its own name", label, quote(p), name)
			}
			seen[name] = true
			continue
		}
		if !segmentPattern.MatchString(seg) {
			return fmt.Errorf("%s %s has a bad segment %q; use lower-case letters, digits, '-', '_' and '.', or a parameter like :id or {id}", label, quote(p), seg)
		}
	}
	return nil
}
