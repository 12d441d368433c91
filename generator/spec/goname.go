package spec

import (
	"regexp"
	"strings"
	"unicode"
)

// entInitialisms are the initialisms Ent's gen upper-cases in names
// (entc/gen/func.go, ruleset), so GoName matches the code Ent generates.
var entInitialisms = map[string]bool{}

// oapiInitialisms mirrors oapi-codegen v2.8.2's initialismsList
// (pkg/codegen/utils.go), keyed by lower case.
var oapiInitialisms = map[string]string{}

func init() {
	for _, w := range []string{
		"ACL", "API", "ASCII", "AWS", "CPU", "CSS", "DNS", "EOF", "GB", "GUID",
		"HCL", "HTML", "HTTP", "HTTPS", "ID", "IP", "JSON", "KB", "LHS", "MAC",
		"MB", "QPS", "RAM", "RHS", "RPC", "SLA", "SMTP", "SQL", "SSH", "SSO",
		"TCP", "TLS", "TTL", "UDP", "UI", "UID", "URI", "URL", "UTF8", "UUID",
		"VM", "XML", "XMPP", "XSRF", "XSS",
	} {
		entInitialisms[w] = true
	}
	for _, w := range []string{
		"ACL", "API", "ASCII", "CPU", "CSS", "DNS", "EOF", "GUID", "HTML", "HTTP", "HTTPS", "ID", "IP", "JSON",
		"QPS", "RAM", "RPC", "SLA", "SMTP", "SQL", "SSH", "TCP", "TLS", "TTL", "UDP", "UI", "GID", "UID", "UUID",
		"URI", "URL", "UTF8", "VM", "XML", "XMPP", "XSRF", "XSS", "SIP", "RTP", "AMQP", "DB", "TS",
	} {
		oapiInitialisms[strings.ToLower(w)] = w
	}
}

// GoName converts a snake_case (or kebab-case) name to a Go identifier the
// way Ent's pascal does: words split at '_', '-', '.' and ' ', each
// capitalised, or upper-cased when it is an initialism ("author_id" ->
// "AuthorID"). The model names entities and fields with it, and the checks
// of this package use it to find names that clash once converted.
func GoName(s string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == '_' || r == '-' || r == '.' || r == ' ' }) {
		if up := strings.ToUpper(w); entInitialisms[up] {
			b.WriteString(up)
			continue
		}
		r := []rune(w)
		r[0] = unicode.ToUpper(r[0])
		b.WriteString(string(r))
	}
	return b.String()
}

// oapiWordRe is oapi-codegen's camelCaseMatchParts.
var oapiWordRe = regexp.MustCompile(`[\p{Lu}\d]+([\p{Ll}\d]+|$)`)

// OAPIName is oapi-codegen's ToCamelCaseWithInitialisms, ported so the
// model knows the names the generated API code will declare.
func OAPIName(s string) string {
	parts := oapiWordRe.FindAllString(camelWithDigits(s), -1)
	for i, p := range parts {
		if v, ok := oapiInitialisms[strings.ToLower(p)]; ok {
			parts[i] = v
		}
	}
	return strings.Join(parts, "")
}

// camelWithDigits is oapi-codegen's ToCamelCaseWithDigits.
func camelWithDigits(s string) string {
	var b strings.Builder
	capNext := true
	for _, v := range s {
		switch {
		case unicode.IsUpper(v):
			b.WriteRune(v)
			capNext = false
		case unicode.IsDigit(v):
			b.WriteRune(v)
			capNext = true
		case unicode.IsLower(v):
			if capNext {
				v = unicode.ToUpper(v)
			}
			b.WriteRune(v)
			capNext = false
		default:
			capNext = true
		}
	}
	return b.String()
}

// DeriveOperationID is the OpenAPI operationId of a route that sets none:
// on a collection (path ends in a static segment) POST is create<Noun> and
// GET list<Nouns>; on an item (a static segment then one parameter) GET is
// get<Noun>, PUT and PATCH update<Noun> and DELETE delete<Noun>, where Noun
// is that segment singularised. Any other route is the lower-case method
// plus the Pascal case of its static segments after /api/vN ("getBlogPing").
func DeriveOperationID(method, path string) string {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	n := len(segs)
	_, lastIsParam := PathParam(segs[n-1])
	switch {
	case !lastIsParam && isPlural(segs[n-1]):
		noun := segs[n-1]
		switch method {
		case "POST":
			return "create" + GoName(Singular(noun))
		case "GET":
			return "list" + GoName(noun)
		}
	case lastIsParam && n >= 2:
		noun := segs[n-2]
		if _, ok := PathParam(noun); !ok {
			switch method {
			case "GET":
				return "get" + GoName(Singular(noun))
			case "PUT", "PATCH":
				return "update" + GoName(Singular(noun))
			case "DELETE":
				return "delete" + GoName(Singular(noun))
			}
		}
	}
	var b strings.Builder
	b.WriteString(strings.ToLower(method))
	for i, s := range segs {
		if _, ok := PathParam(s); ok || s == "" {
			continue
		}
		if i == 0 && s == "api" || i == 1 && segs[0] == "api" && versionRe.MatchString(s) {
			continue
		}
		b.WriteString(GoName(s))
	}
	return b.String()
}

var versionRe = regexp.MustCompile(`^v[0-9]+$`)

// PathParam returns the name of a ":id" or "{id}" path segment; model
// reads route paths with it too.
func PathParam(seg string) (string, bool) {
	switch {
	case strings.HasPrefix(seg, ":") && len(seg) > 1:
		return seg[1:], true
	case strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") && len(seg) > 2:
		return seg[1 : len(seg)-1], true
	}
	return "", false
}

// Plural is a simple English plural of a snake_case name, applied to its
// last word: y after a consonant -> ies, s/x/z/ch/sh -> es, else s.
func Plural(s string) string {
	switch {
	case s == "":
		return s
	case strings.HasSuffix(s, "y") && len(s) > 1 && !strings.ContainsRune("aeiou", rune(s[len(s)-2])):
		return s[:len(s)-1] + "ies"
	case strings.HasSuffix(s, "s"), strings.HasSuffix(s, "x"), strings.HasSuffix(s, "z"),
		strings.HasSuffix(s, "ch"), strings.HasSuffix(s, "sh"):
		return s + "es"
	}
	return s + "s"
}

// Singular undoes Plural ("posts" -> "post", "categories" -> "category",
// "boxes" -> "box"); a word that does not end in s is returned unchanged.
func Singular(s string) string {
	switch {
	case strings.HasSuffix(s, "ies") && len(s) > 3:
		return s[:len(s)-3] + "y"
	case strings.HasSuffix(s, "sses"), strings.HasSuffix(s, "xes"), strings.HasSuffix(s, "zes"),
		strings.HasSuffix(s, "ches"), strings.HasSuffix(s, "shes"):
		return s[:len(s)-2]
	case strings.HasSuffix(s, "ss"), strings.HasSuffix(s, "us"), strings.HasSuffix(s, "is"):
		return s // "status", "analysis", "class"
	case strings.HasSuffix(s, "s") && len(s) > 1:
		return s[:len(s)-1]
	}
	return s
}

// isPlural reports whether a path segment reads as a plural noun, i.e. a
// collection; "publish" or "status" do not.
func isPlural(s string) bool { return Singular(s) != s }
