package spec

import (
	"encoding/json"
	"errors"
	"strings"
	"unicode/utf8"
)

// errSyntax is the error of a body the decoder cannot read.
var errSyntax = errors.New("invalid JSON")

// decoder reads one JSON text from b, at i, as encoding/json with UseNumber
// would: value builds objects as map[string]any, arrays as []any, numbers
// as json.Number; a repeated name keeps its last value. It reads the common
// case (strings without escapes) itself and hands strings with escapes or
// invalid UTF-8 to encoding/json, so both read every string alike. Every
// name, string and number it returns is a part of b. Validate reads
// records with members and skip (check.go), which check the same syntax
// without building values.
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
		return d.literal()
	}
}

// literal reads true, false or null at d.i.
func (d *decoder) literal() (any, error) {
	for _, lit := range []struct {
		text string
		v    any
	}{{"true", true}, {"false", false}, {"null", nil}} {
		if strings.HasPrefix(d.b[d.i:], lit.text) {
			d.i += len(lit.text)
			return lit.v, nil
		}
	}
	return nil, errSyntax
}

func (d *decoder) object() (any, error) {
	m := map[string]any{}
	err := d.eachMember(func(name string) error {
		v, err := d.value()
		m[name] = v
		return err
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// eachMember reads the object at d.i, calling read with each member's
// name when d.i is past its colon; read must read the member's value.
func (d *decoder) eachMember(read func(name string) error) error {
	if d.depth++; d.depth > maxDepth {
		return errSyntax
	}
	defer func() { d.depth-- }()
	d.i++ // {
	d.space()
	if d.i < len(d.b) && d.b[d.i] == '}' {
		d.i++
		return nil
	}
	for {
		d.space()
		if d.i >= len(d.b) || d.b[d.i] != '"' {
			return errSyntax
		}
		name, err := d.str()
		if err != nil {
			return err
		}
		d.space()
		if d.i >= len(d.b) || d.b[d.i] != ':' {
			return errSyntax
		}
		d.i++
		if err := read(name); err != nil {
			return err
		}
		d.space()
		if d.i >= len(d.b) {
			return errSyntax
		}
		switch d.b[d.i] {
		case ',':
			d.i++
		case '}':
			d.i++
			return nil
		default:
			return errSyntax
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
	// The common case, no escape before the closing quote, is found with
	// strings.IndexByte rather than byte by byte.
	if n := strings.IndexByte(d.b[start+1:], '"'); n >= 0 {
		s := d.b[start+1 : start+1+n]
		if strings.IndexByte(s, '\\') < 0 {
			ascii := true
			for i := range len(s) {
				if s[i] < 0x20 {
					return "", errSyntax
				}
				ascii = ascii && s[i] < utf8.RuneSelf
			}
			d.i = start + n + 2
			if ascii || utf8.ValidString(s) {
				return s, nil
			}
			var u string
			if err := json.Unmarshal([]byte(d.b[start:d.i]), &u); err != nil {
				return "", errSyntax
			}
			return u, nil
		}
	}
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
	n, err := d.numberText()
	if err != nil {
		return nil, err
	}
	return json.Number(n), nil
}

// numberText reads a number at d.i as JSON's grammar allows and returns its
// text.
func (d *decoder) numberText() (string, error) {
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
		return "", errSyntax
	}
	if d.i < len(d.b) && d.b[d.i] == '.' {
		d.i++
		if digits() == 0 {
			return "", errSyntax
		}
	}
	if d.i < len(d.b) && (d.b[d.i] == 'e' || d.b[d.i] == 'E') {
		d.i++
		if d.i < len(d.b) && (d.b[d.i] == '+' || d.b[d.i] == '-') {
			d.i++
		}
		if digits() == 0 {
			return "", errSyntax
		}
	}
	return d.b[start:d.i], nil
}
