// Package spec is the fake LinkedIn's own schema of the RSC resources: for
// each resource, on /v2 and on /rest, its key fields, its body fields with
// their types, required flags, enums and length limits, and the renames
// between the two protocols. It is written from LinkedIn's API notes
// (../shared/rsc-api/: ats-to-linkedin.md, linkedin-to-ats.md,
// answers-2026-12.md), each rule with its source in a comment, and
// "Assumption:" where no source exists.
//
// It imports neither the rsc client nor rsc/model: a wrong rule in the
// client's model cannot be wrong the same way here, and the cross-check test
// of rscmock compares the two on a corpus of good and bad records.
//
// Source tags in comments: [A §n] ats-to-linkedin.md section n, [L §n]
// linkedin-to-ats.md, [Q] answers-2026-12.md, [PM] LinkedIn's Postman
// collection as the notes quote it, [SDK] LinkedIn's Java SDK as the notes
// quote it.
package spec

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

// Kind is the JSON type of a field.
type Kind int

// The kinds of fields.
const (
	String Kind = iota
	// Millis is an integer epoch-milliseconds timestamp (UTC).
	Millis
	Bool
	Strings
	// Object is a record with Fields.
	Object
	// Objects is an array of records with Fields.
	Objects
	// Union is a Rest.li union: an object with exactly one member named in
	// Enum (e.g. {"string": "..."}).
	Union
	// Any is a field whose shape is not documented; any JSON is accepted.
	Any
)

// Field is one field of a body.
type Field struct {
	// Name is the field's name on /v2.
	Name string
	// Rest is its name on /rest when LinkedIn renamed it.
	Rest string
	// Kind is the field's JSON type.
	Kind Kind
	// Required fields must be present (and, for strings, non-empty).
	Required bool
	// Enum lists the allowed values of a string (or string list element).
	Enum []string
	// MinLen and MaxLen bound a string's length in characters (0: none).
	MinLen, MaxLen int
	// MaxItems bounds a list (0: none).
	MaxItems int
	// Positive requires a timestamp > 0; NonNegative >= 0.
	Positive, NonNegative bool
	// Email requires each value to have the shape X@X.X.
	Email bool
	// HTTPURL requires an absolute http(s) URL.
	HTTPURL bool
	// URN requires a URN "urn:li:<URN>:..." of this entity type.
	URN string
	// Not lists values that are refused.
	Not []string
	// Fields are the fields of an Object or of each element of Objects.
	Fields []Field
	// HTMLTags, when set, lists the only HTML tags a string may hold.
	HTMLTags []string
	// NoTrailingSlash refuses a string ending in "/".
	NoTrailingSlash bool
}

// Rule is a rule over several fields of a body; it returns the errors.
type Rule func(body Body) []Error

// Resource is the schema of one resource.
type Resource struct {
	// Name names the resource in messages and tests.
	Name string
	// V2 and Rest are the paths on /v2 and /rest ("" when absent).
	V2, Rest string
	// Key are the key fields: their /v2 and /rest wire names.
	Key []KeyField
	// Fields are the body fields.
	Fields []Field
	// Rules are the cross-field rules.
	Rules []Rule
}

// KeyField is one key field with its wire names.
type KeyField struct {
	// V2 and Rest are the wire names ("" when the protocol has no such field).
	V2, Rest string
	// URN, when set, is the URN type the value must have.
	URN string
	// Fixed, when set, is the only allowed value (dataProvider=ATS).
	Fixed string
	// Enum, when set, lists the allowed values.
	Enum []string
}

// Error is one refused field.
type Error struct {
	// Field is the path of the field, "/"-separated as LinkedIn writes it
	// ("firstName", "emailAddresses/0", "author/lastName").
	Field string
	// Message says what is wrong.
	Message string
}

// String renders e as LinkedIn's validation messages do:
// "ERROR :: /field :: message".
func (e Error) String() string { return "ERROR :: /" + e.Field + " :: " + e.Message }

// FieldNames answers the wire names of the body fields, for tests and
// documentation.
func (r *Resource) FieldNames(rest bool) []string {
	var out []string
	for _, f := range r.Fields {
		out = append(out, f.wire(rest))
	}
	return out
}

func (f Field) wire(rest bool) string {
	if rest && f.Rest != "" {
		return f.Rest
	}
	return f.Name
}

// ToV2 renames the /rest field names of body to their /v2 names in place.
func (r *Resource) ToV2(body map[string]json.RawMessage) {
	for _, f := range r.Fields {
		if f.Rest == "" {
			continue
		}
		if v, ok := body[f.Rest]; ok {
			delete(body, f.Rest)
			body[f.Name] = v
		}
	}
}

// ToRest renames the /v2 field names of body to their /rest names in place.
func (r *Resource) ToRest(body map[string]json.RawMessage) {
	for _, f := range r.Fields {
		if f.Rest == "" {
			continue
		}
		if v, ok := body[f.Name]; ok {
			delete(body, f.Name)
			body[f.Rest] = v
		}
	}
}

// Validate checks a body in /v2 field names (call ToV2 first for a /rest
// body). With strict, fields the resource does not declare are refused.
// Errors are sorted by field.
//
// It checks the body as it reads it: it reads the body's syntax once,
// keeping each member's name and the JSON text of its value, then checks
// each field's text by its Kind, reading a nested object or list when its
// field is checked; no map or boxed value is built per record. It answers
// what decoding the body as encoding/json with UseNumber would into
// map[string]any and checking that map would: a repeated name keeps its
// last value, and null counts as absent.
func (r *Resource) Validate(raw []byte, strict bool) []Error {
	members, err := readObject(raw)
	if err != nil {
		return []Error{{"", "entity must be a JSON object"}}
	}
	var errs []Error
	checkFields(&errs, "", r.Fields, members, strict)
	body := Body{members}
	for _, rule := range r.Rules {
		errs = append(errs, rule(body)...)
	}
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].Field < errs[j].Field })
	return errs
}

// CheckKey checks logical key values given by /v2 wire name.
func (r *Resource) CheckKey(key map[string]string) []Error {
	var errs []Error
	for _, k := range r.Key {
		if k.V2 == "" {
			continue
		}
		v := key[k.V2]
		switch {
		case k.Fixed != "" && v != k.Fixed:
			errs = append(errs, Error{k.V2, "must be " + k.Fixed})
		case v == "":
			errs = append(errs, Error{k.V2, msgRequired})
		case k.URN != "" && !IsURN(v, strings.Split(k.URN, "|")...):
			errs = append(errs, Error{k.V2, "must be a urn:li:" + k.URN + ":... URN"})
		case len(k.Enum) > 0 && !slices.Contains(k.Enum, v):
			errs = append(errs, Error{k.V2, v + " is not one of " + strings.Join(k.Enum, ", ")})
		}
	}
	return errs
}

const (
	msgRequired = "field is required but not found and has no default value"
)

// isEmail reports whether s is X@X.X: what ^[^@\s]+@[^@\s]+\.[^@\s]+$
// matches (\s being RE2's ASCII whitespace), without a regexp, which cost a
// tenth of a batch's validation.
func isEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || strings.Contains(domain, "@") || strings.ContainsAny(s, "\t\n\f\r ") {
		return false
	}
	return len(domain) >= 3 && strings.Contains(domain[1:len(domain)-1], ".")
}

// tagRE finds HTML tags: "<" or "</", a letter-led name, then ">", "/" or space.
var tagRE = regexp.MustCompile(`</?([A-Za-z][A-Za-z0-9]*)[\s/>]`)

func checkString(errs *[]Error, path string, f *Field, s string) {
	add := func(format string, args ...any) { *errs = append(*errs, Error{path, fmt.Sprintf(format, args...)}) }
	if s == "" {
		if f.Required || f.MinLen > 0 {
			add(msgRequired)
		}
		return
	}
	n := utf8.RuneCountInString(s)
	if f.MinLen > 0 && n < f.MinLen {
		add("must be at least %d characters, got %d", f.MinLen, n)
	}
	if f.MaxLen > 0 && n > f.MaxLen {
		add("must be at most %d characters, got %d", f.MaxLen, n)
	}
	if len(f.Enum) > 0 && !slices.Contains(f.Enum, s) {
		add("%s is not an enum symbol (one of %s)", s, strings.Join(f.Enum, ", "))
	}
	if slices.Contains(f.Not, s) {
		add("%q is not allowed", s)
	}
	if f.Email && !isEmail(s) {
		add("must be an email address X@X.X")
	}
	if f.HTTPURL && !isHTTPURL(s) {
		add("must be an absolute http or https URL")
	}
	if f.URN != "" && !IsURN(s, f.URN) {
		add("must be a urn:li:%s:... URN", f.URN)
	}
	if f.NoTrailingSlash && strings.HasSuffix(s, "/") {
		add("must not end with /")
	}
	if f.HTMLTags != nil {
		for _, m := range tagRE.FindAllStringSubmatch(s, -1) {
			if name := strings.ToLower(m[1]); !slices.Contains(f.HTMLTags, name) && htmlElement[name] {
				add("HTML tag <%s> is not allowed", name)
				break
			}
		}
	}
}

// htmlElement holds the HTML element names that count as tags; other names
// in angle brackets ("List<String>") are text.
var htmlElement = map[string]bool{}

func init() {
	for n := range strings.FieldsSeq(`a abbr address article aside audio b base blockquote body br button canvas caption center cite
		code col dd del details div dl dt em embed font footer form frame h1 h2 h3 h4 h5 h6 head header hr html i iframe img
		input ins label li link main mark meta nav noscript object ol p pre q s script section select small span strike strong
		style sub sup svg table tbody td textarea tfoot th thead title tr u ul video`) {
		htmlElement[n] = true
	}
}

// isHTTPURL reports whether s starts with http:// or https:// and a host.
func isHTTPURL(s string) bool {
	rest, ok := strings.CutPrefix(s, "https://")
	if !ok {
		rest, ok = strings.CutPrefix(s, "http://")
	}
	if !ok || rest == "" {
		return false
	}
	// Assumption: only the scheme and host are checked; LinkedIn documents
	// no rule for the rest, and ATS ids in paths may hold any character.
	host, _, _ := strings.Cut(rest, "/")
	return host != "" && !strings.HasPrefix(host, ":") && !strings.ContainsAny(host, " \t\n")
}

// IsURN reports whether s is "urn:li:<type>:<id>" with a non-empty id, for
// one of types.
func IsURN(s string, types ...string) bool {
	for _, t := range types {
		if id, ok := strings.CutPrefix(s, "urn:li:"+t+":"); ok && id != "" {
			return true
		}
	}
	return false
}
