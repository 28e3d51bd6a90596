package spec

import (
	"encoding/json"
	"errors"
	"unicode/utf8"
)

// errSyntax is the error of a body decodeObject cannot read.
var errSyntax = errors.New("invalid JSON")

// decodeObject decodes a JSON object as a json.Decoder with UseNumber would
// into map[string]any: objects as map[string]any, arrays as []any, numbers
// as json.Number, strings, bools and nil; a repeated name keeps its last
// value. It reads the common case (strings without escapes) itself, some
// five times faster than encoding/json, and hands strings with escapes or
// invalid UTF-8 to encoding/json, so both read every string alike.
// Anything after the object is an error.
//
// It copies raw once, into one string, and every name, string and number
// it returns is a part of that string: a record of a few hundred bytes
// costs one copy, not one per value.
func decodeObject(raw []byte) (map[string]any, error) {
	d := decoder{b: string(raw)}
	d.space()
	if d.i >= len(d.b) || d.b[d.i] != '{' {
		return nil, errSyntax
	}
	v, err := d.value()
	if err != nil {
		return nil, err
	}
	d.space()
	if d.i != len(d.b) {
		return nil, errSyntax
	}
	return v.(map[string]any), nil
}

// decoder reads one JSON text from b, at i.
type decoder struct {
	b     string
	i     int
	depth int
}

// maxDepth bounds nesting, as encoding/json does (10000).
const maxDepth = 10000

func (d *decoder) space() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

func (d *decoder) value() (any, error) {
	d.space()
	if d.i >= len(d.b) {
		return nil, errSyntax
	}
	switch c := d.b[d.i]; {
	case c == '{':
		return d.object()
	case c == '[':
		return d.array()
	case c == '"':
		return d.str()
	case c == '-' || (c >= '0' && c <= '9'):
		return d.number()
	default:
		for _, lit := range []struct {
			text string
			v    any
		}{{"true", true}, {"false", false}, {"null", nil}} {
			if len(d.b)-d.i >= len(lit.text) && d.b[d.i:d.i+len(lit.text)] == lit.text {
				d.i += len(lit.text)
				return lit.v, nil
			}
		}
		return nil, errSyntax
	}
}

func (d *decoder) object() (any, error) {
	if d.depth++; d.depth > maxDepth {
		return nil, errSyntax
	}
	defer func() { d.depth-- }()
	d.i++ // {
	m := map[string]any{}
	d.space()
	if d.i < len(d.b) && d.b[d.i] == '}' {
		d.i++
		return m, nil
	}
	for {
		d.space()
		if d.i >= len(d.b) || d.b[d.i] != '"' {
			return nil, errSyntax
		}
		k, err := d.str()
		if err != nil {
			return nil, err
		}
		d.space()
		if d.i >= len(d.b) || d.b[d.i] != ':' {
			return nil, errSyntax
		}
		d.i++
		v, err := d.value()
		if err != nil {
			return nil, err
		}
		m[k] = v
		d.space()
		if d.i >= len(d.b) {
			return nil, errSyntax
		}
		switch d.b[d.i] {
		case ',':
			d.i++
		case '}':
			d.i++
			return m, nil
		default:
			return nil, errSyntax
		}
	}
}

func (d *decoder) array() (any, error) {
	if d.depth++; d.depth > maxDepth {
		return nil, errSyntax
	}
	defer func() { d.depth-- }()
	d.i++ // [
	l := []any{}
	d.space()
	if d.i < len(d.b) && d.b[d.i] == ']' {
		d.i++
		return l, nil
	}
	for {
		v, err := d.value()
		if err != nil {
			return nil, err
		}
		l = append(l, v)
		d.space()
		if d.i >= len(d.b) {
			return nil, errSyntax
		}
		switch d.b[d.i] {
		case ',':
			d.i++
		case ']':
			d.i++
			return l, nil
		default:
			return nil, errSyntax
		}
	}
}

// str reads a string at d.i (its opening quote).
func (d *decoder) str() (string, error) {
	start := d.i
	d.i++
	plain := true
	for d.i < len(d.b) {
		switch c := d.b[d.i]; {
		case c == '"':
			d.i++
			tok := d.b[start:d.i]
			if plain && utf8.ValidString(tok) {
				return tok[1 : len(tok)-1], nil
			}
			var s string
			if err := json.Unmarshal([]byte(tok), &s); err != nil {
				return "", errSyntax
			}
			return s, nil
		case c == '\\':
			plain = false
			d.i += 2
		case c < 0x20:
			return "", errSyntax
		default:
			d.i++
		}
	}
	return "", errSyntax
}

// number reads a number at d.i as JSON's grammar allows.
func (d *decoder) number() (any, error) {
	start := d.i
	digits := func() int {
		n := 0
		for d.i < len(d.b) && d.b[d.i] >= '0' && d.b[d.i] <= '9' {
			d.i++
			n++
		}
		return n
	}
	if d.b[d.i] == '-' {
		d.i++
	}
	if d.i < len(d.b) && d.b[d.i] == '0' {
		d.i++
	} else if digits() == 0 {
		return nil, errSyntax
	}
	if d.i < len(d.b) && d.b[d.i] == '.' {
		d.i++
		if digits() == 0 {
			return nil, errSyntax
		}
	}
	if d.i < len(d.b) && (d.b[d.i] == 'e' || d.b[d.i] == 'E') {
		d.i++
		if d.i < len(d.b) && (d.b[d.i] == '+' || d.b[d.i] == '-') {
			d.i++
		}
		if digits() == 0 {
			return nil, errSyntax
		}
	}
	return json.Number(d.b[start:d.i]), nil
}
