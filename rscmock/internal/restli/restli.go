// Package restli is the fake LinkedIn's own Rest.li request parser: query
// strings with batch ids in Rest.li 1.0 (ids[0].field=value, ids=a&ids=b,
// a=b&c=d) and 2.0 (ids=List((a:b,c:d))) syntax, entity keys of batch bodies
// and paths, and the key syntax of answers. It shares no code with the rsc
// client's encoder and imports neither rsc nor rsc/model, so an encoding bug
// of the client cannot hide by being wrong the same way on both sides. It is
// checked against LinkedIn's Rest.li test vectors.
package restli

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Keys are compared as sets of decoded fields.

// Key is a parsed Rest.li key: decoded field name -> decoded value. A simple
// key has the single field "". Nested records ($params) are flattened with a
// "name." prefix; empty nested records contribute nothing.
type Key map[string]string

// Canonical renders k in a fixed order, for comparing keys as sets of fields.
func (k Key) Canonical() string {
	var buf [8]string // keys have a few fields: no allocation for the names
	names := buf[:0]
	size := 0
	for n, v := range k {
		names = append(names, n)
		size += len(n) + len(v) + 2
	}
	slices.Sort(names)
	var b strings.Builder
	b.Grow(size)
	for _, n := range names {
		b.WriteString(n)
		b.WriteByte('=')
		b.WriteString(k[n])
		b.WriteByte(0)
	}
	return b.String()
}

// Simple returns the value of a simple key.
func (k Key) Simple() (string, bool) {
	v, ok := k[""]
	return v, ok && len(k) == 1
}

// ErrKey is the error of a malformed key.
var ErrKey = errors.New("malformed Rest.li key")

// idsIndex splits a decoded parameter name ids[i].field into i and field.
func idsIndex(name string) (int, string, bool) {
	rest, ok := strings.CutPrefix(name, "ids[")
	if !ok {
		return 0, "", false
	}
	digits, field, ok := strings.Cut(rest, "].")
	if !ok || digits == "" || field == "" || strings.Trim(digits, "0123456789") != "" {
		return 0, "", false
	}
	i, err := strconv.Atoi(digits)
	return i, field, err == nil
}

// encodedIDsIndex is idsIndex on a parameter name as sent in either form
// clients send batch keys, with literal brackets (ids[0].field) or encoded
// ones (ids%5B0%5D.field), without decoding the whole name: it returns
// the field decoded, and false for any other name (which may still be one
// once decoded).
func encodedIDsIndex(raw string) (int, string, bool) {
	for _, br := range [...]struct{ open, close string }{{"ids[", "]."}, {"ids%5B", "%5D."}} {
		rest, ok := strings.CutPrefix(raw, br.open)
		if !ok {
			continue
		}
		digits, field, ok := strings.Cut(rest, br.close)
		if !ok || digits == "" || field == "" || strings.Trim(digits, "0123456789") != "" {
			return 0, "", false
		}
		i, err := strconv.Atoi(digits)
		if err != nil {
			return 0, "", false
		}
		if field, err = unesc(field); err != nil {
			return 0, "", false
		}
		return i, field, true
	}
	return 0, "", false
}

// unesc percent-decodes s; '+' stays a plus sign, as Rest.li encodes spaces as %20.
func unesc(s string) (string, error) {
	if !strings.Contains(s, "%") {
		return s, nil
	}
	v, err := url.PathUnescape(s)
	if err != nil {
		return "", fmt.Errorf("%w: %q: %w", ErrKey, s, err)
	}
	return v, nil
}

// Only returns an error naming the first parameter of q that is not in allowed
// (the access token parameter is always allowed; batch keys, ids= or
// ids[i].field=, only when allowed names "ids"): LinkedIn's Rest.li
// resources refuse parameters they do not declare, and a fake that ignored
// one silently would hide a client's typo.
func (q Query) Only(allowed ...string) error {
	if (len(q.indexed) > 0 || len(q.rawIDs) > 0) && !slices.Contains(allowed, "ids") {
		return fmt.Errorf("unknown query parameter %q (allowed: %s)", "ids", strings.Join(allowed, ", "))
	}
	names := make([]string, 0, len(q.params))
	for n := range q.params {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		if n == "oauth2_access_token" || slices.Contains(allowed, n) {
			continue
		}
		return fmt.Errorf("unknown query parameter %q (allowed: %s)", n, strings.Join(allowed, ", "))
	}
	return nil
}

// Query is a request query split into batch ids and other parameters.
type Query struct {
	// indexed holds ids[i].field=value keys, ordered by i.
	indexed []Key
	// rawIDs holds the raw values of plain ids= parameters, in order.
	rawIDs []string
	// params holds the other parameters, decoded; List(a,b) values expanded.
	params map[string][]string
}

// Get returns the first value of parameter name, or "".
func (q Query) Get(name string) string {
	if v := q.params[name]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// Has reports whether parameter name is present.
func (q Query) Has(name string) bool { return len(q.params[name]) > 0 }

// ParseQuery splits a raw query. Names are decoded (literal or %5B%5D
// brackets); values are decoded after the structure is read.
func ParseQuery(raw string) (Query, error) {
	q := Query{params: map[string][]string{}}
	idx := map[int]Key{}
	for part := range strings.SplitSeq(raw, "&") {
		if part == "" {
			continue
		}
		rawName, rawVal, _ := strings.Cut(part, "=")
		// A batch has hundreds of ids[i].field names: most are read
		// without decoding them whole.
		i, field, ok := encodedIDsIndex(rawName)
		name := rawName
		var err error
		if !ok {
			if name, err = unesc(rawName); err != nil {
				return q, fmt.Errorf("parameter name: %w", err)
			}
			i, field, ok = idsIndex(name)
		}
		if ok {
			v, err := unesc(rawVal)
			if err != nil {
				name, _ = unesc(rawName)
				return q, fmt.Errorf("parameter %s: %w", name, err)
			}
			if idx[i] == nil {
				idx[i] = Key{}
			}
			idx[i][field] = v
			continue
		}
		if name == "ids" {
			if strings.HasPrefix(rawVal, "List(") {
				items, err := splitV2List(rawVal)
				if err != nil {
					return q, err
				}
				q.rawIDs = append(q.rawIDs, items...)
				continue
			}
			q.rawIDs = append(q.rawIDs, rawVal)
			continue
		}
		if strings.HasPrefix(rawVal, "(") || strings.HasPrefix(rawVal, "%28") {
			// A record-typed parameter in Rest.li 2.0 syntax,
			// timeRange=(start:1,end:2), means what the 1.0 form
			// timeRange.start=1&timeRange.end=2 means.
			rec := rawVal
			if strings.HasPrefix(rec, "%28") {
				if rec, err = unesc(rec); err != nil {
					return q, fmt.Errorf("parameter %s: %w", name, err)
				}
			}
			k, err := parseV2Record(rec)
			if err != nil {
				return q, fmt.Errorf("parameter %s: %w", name, err)
			}
			for f, v := range k {
				q.params[name+"."+f] = append(q.params[name+"."+f], v)
			}
			continue
		}
		if strings.HasPrefix(rawVal, "List(") {
			items, err := splitV2List(rawVal)
			if err != nil {
				return q, fmt.Errorf("parameter %s: %w", name, err)
			}
			for _, it := range items {
				v, err := unesc(strings.Trim(it, "'"))
				if err != nil {
					return q, fmt.Errorf("parameter %s: %w", name, err)
				}
				q.params[name] = append(q.params[name], v)
			}
			continue
		}
		v, err := unesc(rawVal)
		if err != nil {
			return q, fmt.Errorf("parameter %s: %w", name, err)
		}
		// Rest.li 1.0 lists may also come comma-separated in one parameter;
		// callers split when they expect a list.
		q.params[name] = append(q.params[name], v)
	}
	order := make([]int, 0, len(idx))
	for i := range idx {
		order = append(order, i)
	}
	slices.Sort(order)
	for _, i := range order {
		q.indexed = append(q.indexed, idx[i])
	}
	return q, nil
}

// IDs returns the batch keys of q. With simple, each plain ids= value is one
// simple key; otherwise plain values are Rest.li 2.0 records or Rest.li 1.0
// association keys (a=b&c=d, encoded as a whole).
func (q Query) IDs(simple bool) ([]Key, error) {
	out := slices.Clone(q.indexed)
	for _, raw := range q.rawIDs {
		k, err := parseIDValue(raw, simple)
		if err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, nil
}

// parseIDValue parses one raw ids= value (or one List item).
func parseIDValue(raw string, simple bool) (Key, error) {
	if strings.HasPrefix(raw, "(") {
		return parseV2Record(raw)
	}
	dec, err := unesc(raw)
	if err != nil {
		return nil, err
	}
	if !simple && strings.Contains(dec, "=") {
		return parseV1Compound(dec)
	}
	if dec == "''" {
		dec = ""
	}
	return Key{"": dec}, nil
}

// ParseEntityKey parses a key of a batch body's "entities" map or a path
// segment: (a:b,c:d), a=b&c=d, or a simple value.
func ParseEntityKey(s string, simple bool) (Key, error) {
	if strings.HasPrefix(s, "%28") {
		d, err := unesc(s)
		if err != nil {
			return nil, err
		}
		s = d
	}
	if strings.HasPrefix(s, "(") {
		return parseV2Record(s)
	}
	if !simple && strings.Contains(s, "=") {
		return parseV1Compound(s)
	}
	v, err := unesc(s)
	if err != nil {
		return nil, err
	}
	return Key{"": v}, nil
}

// parseV1Compound parses a=b&c=d with each name and value percent-decoded.
func parseV1Compound(s string) (Key, error) {
	k := Key{}
	for part := range strings.SplitSeq(s, "&") {
		if part == "" {
			continue
		}
		rn, rv, ok := strings.Cut(part, "=")
		if !ok {
			return nil, fmt.Errorf("%w: %q has no '='", ErrKey, part)
		}
		n, err := unesc(rn)
		if err != nil {
			return nil, err
		}
		v, err := unesc(rv)
		if err != nil {
			return nil, err
		}
		if _, dup := k[n]; dup {
			return nil, fmt.Errorf("%w: field %q twice", ErrKey, n)
		}
		k[n] = v
	}
	if len(k) == 0 {
		return nil, fmt.Errorf("%w: empty key", ErrKey)
	}
	return k, nil
}

// splitV2List splits List(a,b,(c:d)) into its raw items.
func splitV2List(s string) ([]string, error) {
	if !strings.HasPrefix(s, "List(") || !strings.HasSuffix(s, ")") {
		return nil, fmt.Errorf("%w: %q is not a List()", ErrKey, s)
	}
	inner := s[len("List(") : len(s)-1]
	if inner == "" {
		return nil, nil
	}
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(inner); i++ {
		switch inner[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth < 0 {
				return nil, fmt.Errorf("%w: unbalanced ')' in %q", ErrKey, s)
			}
		case ',':
			if depth == 0 {
				out = append(out, inner[start:i])
				start = i + 1
			}
		}
	}
	if depth != 0 {
		return nil, fmt.Errorf("%w: unbalanced '(' in %q", ErrKey, s)
	}
	return append(out, inner[start:]), nil
}

// parseV2Record parses a Rest.li 2.0 record (a:b,c:(d:e)). Names end at the
// first ':', so raw URNs (urn:li:x:1) are accepted as values; values end at
// ',' or ')' of the record.
func parseV2Record(s string) (Key, error) {
	k := Key{}
	rest, err := v2Record(s, "", k)
	if err != nil {
		return nil, err
	}
	if rest != "" {
		return nil, fmt.Errorf("%w: trailing %q", ErrKey, rest)
	}
	return k, nil
}

func v2Record(s, prefix string, out Key) (string, error) {
	if !strings.HasPrefix(s, "(") {
		return "", fmt.Errorf("%w: record must start with '(' at %q", ErrKey, s)
	}
	s = s[1:]
	if strings.HasPrefix(s, ")") {
		return s[1:], nil
	}
	for {
		colon := strings.IndexByte(s, ':')
		if colon <= 0 {
			return "", fmt.Errorf("%w: field without name at %q", ErrKey, s)
		}
		name, err := unesc(s[:colon])
		if err != nil {
			return "", err
		}
		if strings.ContainsAny(name, "(),") {
			return "", fmt.Errorf("%w: bad field name %q", ErrKey, name)
		}
		s = s[colon+1:]
		if strings.HasPrefix(s, "(") {
			if s, err = v2Record(s, prefix+name+".", out); err != nil {
				return "", err
			}
		} else {
			end := strings.IndexAny(s, ",)")
			if end < 0 {
				return "", fmt.Errorf("%w: unterminated record", ErrKey)
			}
			lit := s[:end]
			if lit == "''" {
				lit = ""
			}
			v, err := unesc(lit)
			if err != nil {
				return "", err
			}
			if _, dup := out[prefix+name]; dup {
				return "", fmt.Errorf("%w: field %q twice", ErrKey, prefix+name)
			}
			out[prefix+name] = v
			s = s[end:]
		}
		switch {
		case strings.HasPrefix(s, ","):
			s = s[1:]
		case strings.HasPrefix(s, ")"):
			return s[1:], nil
		default:
			return "", fmt.Errorf("%w: expected ',' or ')' at %q", ErrKey, s)
		}
	}
}

// keyEscape percent-encodes everything but unreserved characters, for keys
// the mock writes into response maps.
func keyEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

// FormatKey renders k as an entity key of protocol v2 (true) or 1.0, fields
// in the given order (others sorted after them).
func FormatKey(k Key, v2 bool, order []string) string {
	if s, ok := k.Simple(); ok {
		return s
	}
	names := make([]string, 0, len(k))
	seen := map[string]bool{}
	for _, n := range order {
		if _, ok := k[n]; ok && !seen[n] {
			names = append(names, n)
			seen[n] = true
		}
	}
	var rest []string
	for n := range k {
		if !seen[n] {
			rest = append(rest, n)
		}
	}
	sort.Strings(rest)
	names = append(names, rest...)
	var b strings.Builder
	if v2 {
		b.WriteByte('(')
	}
	for i, n := range names {
		if i > 0 {
			if v2 {
				b.WriteByte(',')
			} else {
				b.WriteByte('&')
			}
		}
		b.WriteString(n)
		if v2 {
			b.WriteByte(':')
		} else {
			b.WriteByte('=')
		}
		b.WriteString(keyEscape(k[n]))
	}
	if v2 {
		b.WriteByte(')')
	}
	return b.String()
}

// List returns the comma-separated or repeated values of a parameter.
func (q Query) List(name string) []string {
	var out []string
	for _, v := range q.params[name] {
		for p := range strings.SplitSeq(v, ",") {
			if p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}
