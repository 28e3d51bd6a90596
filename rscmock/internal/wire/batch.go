package wire

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"strconv"
)

// Status is one entity's result of a batch write or delete.
type Status struct {
	Status int `json:"status"`
}

// jsonAppender is a value that writes its own JSON: the bytes a
// json.Encoder with SetEscapeHTML(false) writes for it, without the newline.
type jsonAppender interface {
	appendJSON(b []byte) ([]byte, error)
}

// appendJSON writes r as a json.Encoder with SetEscapeHTML(false) does
// (members and map keys in encoding/json's order) without reflecting over
// its maps: a batch answer has a hundred keys. Status values and plain
// keys are written directly, other values and keys by encoding/json.
func (r BatchResult) appendJSON(b []byte) ([]byte, error) {
	size := 32
	for k := range r.Results {
		size += len(k) + 20 // "k":{"status":204},
	}
	b = slices.Grow(b, size)
	b = append(b, `{"results":`...)
	b, err := appendMap(b, r.Results)
	if err != nil {
		return nil, err
	}
	b = append(b, `,"errors":`...)
	if b, err = appendMap(b, r.Errors); err != nil {
		return nil, err
	}
	return append(b, '}'), nil
}

// appendMap writes m as encoding/json does: null when nil, keys sorted.
func appendMap[V any](b []byte, m map[string]V) ([]byte, error) {
	if m == nil {
		return append(b, "null"...), nil
	}
	b = append(b, '{')
	for i, k := range slices.Sorted(maps.Keys(m)) {
		if i > 0 {
			b = append(b, ',')
		}
		var err error
		if b, err = appendString(b, k); err != nil {
			return nil, err
		}
		b = append(b, ':')
		if b, err = appendValue(b, m[k]); err != nil {
			return nil, err
		}
	}
	return append(b, '}'), nil
}

// appendString writes a string.
func appendString(b []byte, s string) ([]byte, error) {
	if !plainString(s) {
		return appendValue(b, s)
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"'), nil
}

// appendValue writes a value.
func appendValue(b []byte, v any) ([]byte, error) {
	if st, ok := v.(Status); ok {
		b = append(b, `{"status":`...)
		b = strconv.AppendInt(b, int64(st.Status), 10)
		return append(b, '}'), nil
	}
	buf := bytes.NewBuffer(b)
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// plainString reports whether encoding/json writes s between quotes as it
// is: printable ASCII but " and \.
func plainString(s string) bool {
	for i := range len(s) {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}
