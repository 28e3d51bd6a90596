package restli

import (
	"errors"
	"fmt"
	"strings"
)

// paramsPrefix1 prefixes $params fields in protocol 1.0 keys.
const paramsPrefix1 = "$params."

// paramsName2 is the name of the $params map in protocol 2.0 keys.
const paramsName2 = "$params"

// ErrInvalidKey is wrapped by every key-parsing error.
var ErrInvalidKey = errors.New("invalid rest.li key")

func invalidKey(format string, args ...any) error {
	return fmt.Errorf(format+": %w", append(args, ErrInvalidKey)...)
}

// EncodeEntityKey returns k as a key of a JSON body map ({"entities":{…}} or
// {"results":{…}}).
//
// Protocol 1.0: field=value&field2=value2 ($params first, as
// $params.name=value) with values written as LinkedIn's samples write them
// (integrationContext=urn:li:organization:1001): only %, &, =, +, #, space,
// other characters outside a URI query and non-ASCII bytes are
// percent-encoded; a simple key is written as is. Protocol 2.0: (field:value,field2:value2) with only , ( ) ' : and %
// percent-encoded in values; a simple key is escaped the same way.
func EncodeEntityKey(p Protocol, k Key) string {
	if p == Protocol2 {
		if k.IsSimple() {
			return escapeBody2(k.Simple)
		}
		return string(appendCompound2(make([]byte, 0, compound2Len(k)), k, appendEscapeBody2))
	}
	if k.IsSimple() {
		return k.Simple
	}
	return encodeCompound1(k, body1Safe)
}

// EncodePathKey returns k as one URL path segment, as in
// /atsApplications/{here}/stages.
//
// Protocol 1.0: field=value&field2=value2 with values escaped like Java's
// URLEncoder; a simple key is escaped the same way. Protocol 2.0:
// (field:value,…) with values escaped for a path segment (: is %3A).
func EncodePathKey(p Protocol, k Key) string {
	if p == Protocol2 {
		if k.IsSimple() {
			return escape2(k.Simple, path2Safe)
		}
		esc := func(b []byte, s string) []byte { return appendEscape2(b, s, path2Safe) }
		return string(appendCompound2(make([]byte, 0, compound2Len(k)), k, esc))
	}
	if k.IsSimple() {
		return escape(k.Simple, form1Safe)
	}
	return encodeCompound1(k, form1Safe)
}

// encodeCompound1 writes $params.a=x&…&f=v&… with values escaped by safe.
func encodeCompound1(k Key, safe *charset) string {
	var sb strings.Builder
	write := func(prefix string, fields []Field) {
		for _, f := range fields {
			if sb.Len() > 0 {
				sb.WriteByte('&')
			}
			sb.WriteString(prefix)
			sb.WriteString(f.Name)
			sb.WriteByte('=')
			sb.WriteString(escape(f.Value, safe))
		}
	}
	write(paramsPrefix1, k.Params)
	write("", k.Fields)
	return sb.String()
}

// appendCompound2 appends ($params:(a:x),f:v,…) to b with esc applied to values.
func appendCompound2(b []byte, k Key, esc func(b []byte, s string) []byte) []byte {
	b = append(b, '(')
	if len(k.Params) > 0 {
		b = append(b, paramsName2+":("...)
		b = appendFields2(b, k.Params, esc)
		b = append(b, "),"...)
	}
	b = appendFields2(b, k.Fields, esc)
	return append(b, ')')
}

func appendFields2(b []byte, fields []Field, esc func(b []byte, s string) []byte) []byte {
	for i, f := range fields {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, f.Name...)
		b = append(b, ':')
		b = esc(b, f.Value)
	}
	return b
}

// compound2Len is the length of k written by appendCompound2 when no value
// needs an escape: a buffer of this size plus a little rarely grows.
func compound2Len(k Key) int {
	n := len(paramsName2) + 8
	for _, fs := range [][]Field{k.Params, k.Fields} {
		for _, f := range fs {
			n += len(f.Name) + len(f.Value) + 2
		}
	}
	return n + 16
}

// ParseEntityKey decodes a key of a JSON body map written by EncodeEntityKey.
//
// Protocol 1.0: a string containing '=' is a compound key (fields in any
// order, values percent-decoded, '+' read as a space); any other string is a
// simple key, taken as is. Protocol 2.0: a string starting with '(' is a
// compound key; any other string is a simple key, percent-decoded.
func ParseEntityKey(p Protocol, s string) (Key, error) {
	if p == Protocol2 {
		if strings.HasPrefix(s, "(") {
			return parseKey2(s, false)
		}
		v, err := unescape2(s, false)
		if err != nil {
			return Key{}, invalidKey("entity key %q: %v", s, err)
		}
		return SimpleKey(v), nil
	}
	if strings.Contains(s, "=") {
		return parseCompound1(s)
	}
	return SimpleKey(s), nil
}

// ParsePathKey decodes one escaped URL path segment written by EncodePathKey.
// Pass the escaped form of the segment (from URL.EscapedPath), not the decoded
// URL.Path.
//
// Protocol 1.0: a segment containing '=' is a compound key, anything else a
// percent-decoded simple key. Protocol 2.0: a segment starting with '(' is a
// compound key, anything else a percent-decoded simple key. Use ParseAnyKey
// to also accept a 2.0 compound key escaped as a whole (%28…%29).
func ParsePathKey(p Protocol, s string) (Key, error) {
	if p == Protocol2 {
		if strings.HasPrefix(s, "(") {
			return parseKey2(s, false)
		}
		v, err := unescape2(s, false)
		if err != nil {
			return Key{}, invalidKey("path key %q: %v", s, err)
		}
		return SimpleKey(v), nil
	}
	if strings.Contains(s, "=") {
		return parseCompound1(s)
	}
	v, err := unescape(s, false)
	if err != nil {
		return Key{}, invalidKey("path key %q: %v", s, err)
	}
	return SimpleKey(v), nil
}

// ParseAnyKey decodes a key without knowing its protocol: "(a:b,…)" is a 2.0
// compound key, and so is "%28…%29" (the whole key escaped once more, as
// LinkedIn documents for path keys); "a=b&…" is a 1.0 compound key; anything
// else is a simple key. Values are percent-decoded; a simple key that is not
// validly escaped is returned as is.
func ParseAnyKey(s string) (Key, error) {
	switch {
	case strings.HasPrefix(s, "("):
		return parseKey2(s, false)
	case len(s) >= 3 && strings.EqualFold(s[:3], "%28"):
		inner, err := unescape(s, false)
		if err != nil {
			return Key{}, invalidKey("key %q: %v", s, err)
		}
		return parseKey2(inner, false)
	case strings.Contains(s, "="):
		return parseCompound1(s)
	}
	v, err := unescape2(s, false)
	if err != nil {
		return SimpleKey(s), nil
	}
	return SimpleKey(v), nil
}

// validName reports whether name can be written unescaped in every key
// syntax: it is non-empty and made of ASCII letters, digits and _ - . ~ $.
func validName(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		switch b := name[i]; {
		case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9':
		case b == '_' || b == '-' || b == '.' || b == '~' || b == '$':
		default:
			return false
		}
	}
	return true
}

// parseCompound1 parses a protocol 1.0 compound key: name=value&… with
// URLEncoder-escaped values and $params.name=value params.
func parseCompound1(s string) (Key, error) {
	var k Key
	for part := range strings.SplitSeq(s, "&") {
		if part == "" {
			continue
		}
		rawName, rawValue, ok := strings.Cut(part, "=")
		if !ok {
			return Key{}, invalidKey("compound key %q: part %q has no '='", s, part)
		}
		name, err := unescape(rawName, false)
		if err != nil {
			return Key{}, invalidKey("compound key %q: %v", s, err)
		}
		value, err := unescape(rawValue, true)
		if err != nil {
			return Key{}, invalidKey("compound key %q: %v", s, err)
		}
		if err := k.addField1(name, value); err != nil {
			return Key{}, invalidKey("compound key %q: %v", s, err)
		}
	}
	if len(k.Fields) == 0 {
		return Key{}, invalidKey("compound key %q: no fields", s)
	}
	return k, nil
}

// addField1 adds a decoded 1.0 name=value pair, routing $params.x to Params.
func (k *Key) addField1(name, value string) error {
	if pname, ok := strings.CutPrefix(name, paramsPrefix1); ok {
		if !validName(pname) {
			return fmt.Errorf("invalid $params name %q", pname)
		}
		k.Params = append(k.Params, Field{Name: pname, Value: value})
		return nil
	}
	if !validName(name) {
		return fmt.Errorf("invalid field name %q", name)
	}
	k.Fields = append(k.Fields, Field{Name: name, Value: value})
	return nil
}

// parser2 reads the protocol 2.0 structural syntax: (a:b,…) maps and List(…).
type parser2 struct {
	s         string
	i         int
	plusSpace bool // '+' decodes to a space (query strings)
}

// parseKey2 parses a whole string as one 2.0 compound key.
func parseKey2(s string, plusSpace bool) (Key, error) {
	p := &parser2{s: s, plusSpace: plusSpace}
	k, err := p.compound()
	if err != nil {
		return Key{}, err
	}
	if p.i != len(s) {
		return Key{}, p.errorf("trailing data")
	}
	return k, nil
}

// parseList2 parses List(k1,k2,…) where each element is a compound or simple key.
func parseList2(s string, plusSpace bool) ([]Key, error) {
	p := &parser2{s: s, plusSpace: plusSpace}
	if !strings.HasPrefix(s, "List(") {
		return nil, p.errorf("missing List(")
	}
	p.i = len("List(")
	keys := []Key{}
	if p.peek() == ')' {
		p.i++
	} else {
		for {
			k, err := p.key()
			if err != nil {
				return nil, err
			}
			keys = append(keys, k)
			c := p.next()
			if c == ')' {
				break
			}
			if c != ',' {
				return nil, p.errorf("expected ',' or ')'")
			}
		}
	}
	if p.i != len(s) {
		return nil, p.errorf("trailing data")
	}
	return keys, nil
}

func (p *parser2) errorf(format string, args ...any) error {
	return invalidKey("%q at offset %d: %s", p.s, p.i, fmt.Sprintf(format, args...))
}

// peek returns the next byte without consuming it, or 0 at the end.
func (p *parser2) peek() byte {
	if p.i < len(p.s) {
		return p.s[p.i]
	}
	return 0
}

// next consumes and returns the next byte, or 0 at the end.
func (p *parser2) next() byte {
	c := p.peek()
	if p.i < len(p.s) {
		p.i++
	}
	return c
}

func (p *parser2) key() (Key, error) {
	if p.peek() == '(' {
		return p.compound()
	}
	v, err := p.atom(false)
	if err != nil {
		return Key{}, err
	}
	return SimpleKey(v), nil
}

// compound parses (name:value,…) including an optional $params:(…) entry.
func (p *parser2) compound() (Key, error) {
	if p.next() != '(' {
		return Key{}, p.errorf("expected '('")
	}
	var k Key
	if p.peek() == ')' {
		return Key{}, p.errorf("empty compound key")
	}
	for {
		name, err := p.atom(true)
		if err != nil {
			return Key{}, err
		}
		if !validName(name) {
			return Key{}, p.errorf("invalid field name %q", name)
		}
		if p.next() != ':' {
			return Key{}, p.errorf("expected ':' after %q", name)
		}
		if name == paramsName2 && p.peek() == '(' {
			params, err := p.params()
			if err != nil {
				return Key{}, err
			}
			k.Params = append(k.Params, params...)
		} else {
			if p.peek() == '(' || strings.HasPrefix(p.s[p.i:], "List(") {
				return Key{}, p.errorf("nested value of field %q is not supported", name)
			}
			v, err := p.atom(false)
			if err != nil {
				return Key{}, err
			}
			k.Fields = append(k.Fields, Field{Name: name, Value: v})
		}
		switch p.next() {
		case ',':
		case ')':
			if len(k.Fields) == 0 {
				return Key{}, p.errorf("compound key has no fields")
			}
			return k, nil
		default:
			return Key{}, p.errorf("expected ',' or ')'")
		}
	}
}

// params parses the (name:value,…) map of $params; it may be empty.
func (p *parser2) params() ([]Field, error) {
	p.next() // '('
	var out []Field
	if p.peek() == ')' {
		p.next()
		return out, nil
	}
	for {
		name, err := p.atom(true)
		if err != nil {
			return nil, err
		}
		if !validName(name) {
			return nil, p.errorf("invalid $params name %q", name)
		}
		if p.next() != ':' {
			return nil, p.errorf("expected ':' after $params name %q", name)
		}
		v, err := p.atom(false)
		if err != nil {
			return nil, err
		}
		out = append(out, Field{Name: name, Value: v})
		switch p.next() {
		case ',':
		case ')':
			return out, nil
		default:
			return nil, p.errorf("expected ',' or ')' in $params")
		}
	}
}

// atom reads and decodes one name (stops at ':') or value (tolerates a raw
// ':' and stops at ',' or ')').
func (p *parser2) atom(isName bool) (string, error) {
	start := p.i
	for p.i < len(p.s) {
		c := p.s[p.i]
		if c == ',' || c == ')' || c == '(' || (isName && c == ':') {
			break
		}
		p.i++
	}
	if p.peek() == '(' {
		return "", p.errorf("unexpected '('")
	}
	v, err := unescape2(p.s[start:p.i], p.plusSpace)
	if err != nil {
		return "", p.errorf("%v", err)
	}
	return v, nil
}
