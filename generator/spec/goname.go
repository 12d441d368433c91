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
