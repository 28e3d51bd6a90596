package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// This file holds the helpers behind the tolerant decoders of unconfirmed.go and
// Integration: look a value up under several candidate names (dotted paths reach into
// nested objects) and convert it leniently. A value of an unexpected type is skipped,
// leaving the field zero; the element's Raw keeps it.

// object is a decoded JSON object whose members are still raw.
type object map[string]json.RawMessage

// isNull reports whether data is JSON null (or empty).
func isNull(data []byte) bool {
	data = bytes.TrimSpace(data)
	return len(data) == 0 || bytes.Equal(data, []byte("null"))
}

// rawCopy returns a copy of data; json.Unmarshaler must not retain its input.
func rawCopy(data []byte) json.RawMessage {
	return append(json.RawMessage(nil), bytes.TrimSpace(data)...)
}

// decodeObject decodes data as a JSON object; what names the type in errors.
func decodeObject(data []byte, what string) (object, error) {
	var o object
	if err := json.Unmarshal(data, &o); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			// Name LinkedIn's value, not this package's internal type.
			return nil, fmt.Errorf("decode %s: want a JSON object, got %s", what, te.Value)
		}
		return nil, fmt.Errorf("decode %s: %w", what, err)
	}
	if o == nil {
		o = object{}
	}
	return o, nil
}

// asObject decodes v as an object, or returns nil.
func asObject(v json.RawMessage) object {
	if len(v) == 0 || v[0] != '{' {
		return nil
	}
	var o object
	if json.Unmarshal(v, &o) != nil {
		return nil
	}
	return o
}

// lookup returns the non-null value at a dotted path, or nil.
func (o object) lookup(path string) json.RawMessage {
	cur := o
	for {
		name, rest, nested := strings.Cut(path, ".")
		v, ok := cur[name]
		if !ok || isNull(v) {
			return nil
		}
		if !nested {
			return v
		}
		if cur = asObject(v); cur == nil {
			return nil
		}
		path = rest
	}
}

// str returns the first value among paths that converts to text.
func (o object) str(paths ...string) string {
	for _, p := range paths {
		if s, ok := textOf(o.lookup(p)); ok {
			return s
		}
	}
	return ""
}

// firstStr returns the first value among paths that is text or a list whose first
// text element is used (emailAddress used to be an array).
func (o object) firstStr(paths ...string) string {
	for _, p := range paths {
		v := o.lookup(p)
		if s, ok := textOf(v); ok {
			return s
		}
		var list []json.RawMessage
		if len(v) > 0 && v[0] == '[' && json.Unmarshal(v, &list) == nil {
			for _, e := range list {
				if s, ok := textOf(e); ok && s != "" {
					return s
				}
			}
		}
	}
	return ""
}

// urn returns the first value among paths that is a URN string, or an object holding
// one under fields.
func (o object) urn(paths []string, fields ...string) URN {
	for _, p := range paths {
		if u, ok := urnOf(o.lookup(p), fields...); ok {
			return u
		}
	}
	return ""
}

// urns returns the first list among paths whose elements are URN strings or objects
// holding one under fields; a single URN is a one-element list.
func (o object) urns(paths []string, fields ...string) []URN {
	for _, p := range paths {
		v := o.lookup(p)
		if len(v) == 0 {
			continue
		}
		if v[0] != '[' {
			if u, ok := urnOf(v, fields...); ok {
				return []URN{u}
			}
			continue
		}
		var list []json.RawMessage
		if json.Unmarshal(v, &list) != nil {
			continue
		}
		out := make([]URN, 0, len(list))
		for _, e := range list {
			if u, ok := urnOf(e, fields...); ok {
				out = append(out, u)
			}
		}
		return out
	}
	return nil
}

// millis returns the first value among paths that converts to epoch milliseconds.
func (o object) millis(paths ...string) EpochMillis {
	for _, p := range paths {
		if m, ok := millisOf(o.lookup(p)); ok {
			return m
		}
	}
	return 0
}

// boolean returns the first value among paths that is a boolean (or "true"/"false").
func (o object) boolean(paths ...string) (value, found bool) {
	for _, p := range paths {
		v := o.lookup(p)
		var b bool
		if json.Unmarshal(v, &b) == nil && len(v) > 0 {
			return b, true
		}
		if s, ok := textOf(v); ok {
			if b, err := strconv.ParseBool(s); err == nil {
				return b, true
			}
		}
	}
	return false, false
}

// textOf converts a JSON string, number or localized-string object to text.
func textOf(v json.RawMessage) (string, bool) {
	if len(v) == 0 {
		return "", false
	}
	switch c := v[0]; {
	case c == '"':
		var s string
		if json.Unmarshal(v, &s) != nil {
			return "", false
		}
		return s, true
	case c == '-' || '0' <= c && c <= '9':
		var n json.Number
		if json.Unmarshal(v, &n) != nil {
			return "", false
		}
		return n.String(), true
	case c == '{':
		return localizedOf(asObject(v))
	}
	return "", false
}

// localizedOf reads LinkedIn's multi-locale string
// {"localized":{"en_US":"…"},"preferredLocale":{"country":"US","language":"en"}},
// preferring the preferred locale, else the first locale in sorted order.
func localizedOf(o object) (string, bool) {
	loc := asObject(o["localized"])
	if len(loc) == 0 {
		return "", false
	}
	if pref := asObject(o["preferredLocale"]); pref != nil {
		lang, _ := textOf(pref["language"])
		country, _ := textOf(pref["country"])
		if s, ok := textOf(loc[lang+"_"+country]); ok {
			return s, true
		}
	}
	keys := make([]string, 0, len(loc))
	for k := range loc {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return textOf(loc[keys[0]])
}

// urnOf converts a JSON string, an object holding a string under one of fields, or a
// list of either (first element) to a URN.
func urnOf(v json.RawMessage, fields ...string) (URN, bool) {
	if len(v) == 0 {
		return "", false
	}
	if v[0] == '"' {
		s, ok := textOf(v)
		return URN(s), ok && s != ""
	}
	if v[0] == '[' {
		var list []json.RawMessage
		if json.Unmarshal(v, &list) != nil || len(list) == 0 {
			return "", false
		}
		return urnOf(list[0], fields...)
	}
	if o := asObject(v); o != nil {
		for _, f := range fields {
			if u, ok := urnOf(o[f]); ok {
				return u, true
			}
		}
	}
	return "", false
}

// millisOf converts a JSON number, a numeric or RFC 3339 string, or an audit stamp
// object {"time": …} to epoch milliseconds.
func millisOf(v json.RawMessage) (EpochMillis, bool) {
	if len(v) == 0 {
		return 0, false
	}
	if o := asObject(v); o != nil {
		return millisOf(o["time"])
	}
	s, ok := textOf(v)
	if !ok {
		return 0, false
	}
	if m, err := parseMillis(s); err == nil {
		return m, true
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return Millis(t), true
	}
	return 0, false
}

// flexID is an id that LinkedIn may send as a number or a string. It marshals as a
// JSON number when it is a canonical int64, else as a string.
type flexID string

// MarshalJSON writes the id as a number when possible.
func (id flexID) MarshalJSON() ([]byte, error) {
	if n, err := strconv.ParseInt(string(id), 10, 64); err == nil && strconv.FormatInt(n, 10) == string(id) {
		return []byte(id), nil
	}
	return json.Marshal(string(id))
}
