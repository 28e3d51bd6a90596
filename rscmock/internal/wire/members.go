package wire

import (
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// Entities returns the members of the "entities" object of a batch body
// ({"entities": {"k1": v1, ...}}), each value a slice of body, as decoding
// body into struct{ Entities map[string]json.RawMessage } with
// encoding/json would give them; ok is false when that decode fails or
// leaves the map nil. Batch bodies hold a hundred records: this checks and
// splits them in one pass, where encoding/json.Valid alone scans the body
// as long and encoding/json's decode scans and copies every record again.
// Unusual bodies (the field repeated, or named in another case, which
// encoding/json also matches) are handed to encoding/json.
func Entities(body []byte) (entities map[string]json.RawMessage, ok bool) {
	const field = "entities"
	s := scanner{b: body}
	s.space()
	if s.peek() != '{' {
		return entitiesByEncodingJSON(body)
	}
	s.i++
	s.depth = 1
	found := false
	for first := true; ; first = false {
		s.space()
		if first && s.peek() == '}' {
			s.i++
			break
		}
		key, ok := s.key()
		if !ok || !s.colon() {
			return nil, false
		}
		switch {
		case key == field && !found:
			found = true
			switch s.peek() {
			case '{':
				if entities, ok = s.members(); !ok {
					return nil, false
				}
			case 'n':
				// null leaves the map nil.
				if !s.value() {
					return nil, false
				}
			default:
				// Any other value fails to decode.
				return nil, false
			}
		case strings.EqualFold(key, field):
			return entitiesByEncodingJSON(body)
		default:
			if !s.value() {
				return nil, false
			}
		}
		if !s.next('}') {
			return nil, false
		}
		if s.peek() == '}' {
			s.i++
			break
		}
	}
	s.space()
	if s.i != len(s.b) {
		return nil, false
	}
	return entities, entities != nil
}

// entitiesByEncodingJSON is Entities by encoding/json.
func entitiesByEncodingJSON(body []byte) (map[string]json.RawMessage, bool) {
	var req struct {
		Entities map[string]json.RawMessage `json:"entities"`
	}
	if json.Unmarshal(body, &req) != nil {
		return nil, false
	}
	return req.Entities, req.Entities != nil
}

// scanner reads JSON text, checking it as encoding/json.Valid does. Its
// methods report false at the first byte that makes the text invalid.
type scanner struct {
	b     []byte
	i     int
	depth int // of the objects and arrays open at i
}

// maxDepth is the deepest nesting encoding/json accepts.
const maxDepth = 10000

func (s *scanner) peek() byte {
	if s.i < len(s.b) {
		return s.b[s.i]
	}
	return 0
}

func (s *scanner) space() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// colon moves past the ':' after an object's key and the space around it.
func (s *scanner) colon() bool {
	s.space()
	if s.peek() != ':' {
		return false
	}
	s.i++
	s.space()
	return true
}

// next moves past the space after a member or element and a ',' before the
// next one, stopping at the closing byte end; it reports false at anything else.
func (s *scanner) next(end byte) bool {
	s.space()
	switch s.peek() {
	case ',':
		s.i++
		s.space()
		return s.peek() != end
	case end:
		return true
	}
	return false
}

// str moves past the string at s.i and returns its token, quotes
// included; plain reports that the token has no escape and is valid UTF-8.
func (s *scanner) str() (tok []byte, plain, ok bool) {
	start := s.i
	if s.peek() != '"' {
		return nil, false, false
	}
	s.i++
	plain = true
	high := false
	for {
		if s.i >= len(s.b) {
			return nil, false, false
		}
		switch c := s.b[s.i]; {
		case c == '"':
			s.i++
			tok = s.b[start:s.i]
			return tok, plain && (!high || utf8.Valid(tok)), true
		case c == '\\':
			plain = false
			if !s.escape() {
				return nil, false, false
			}
			continue
		case c < 0x20:
			return nil, false, false
		case c >= utf8.RuneSelf:
			high = true
		}
		s.i++
	}
}

// escape moves past the escape sequence at s.i (its backslash).
func (s *scanner) escape() bool {
	s.i++
	switch s.peek() {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		s.i++
		return true
	case 'u':
		s.i++
		for range 4 {
			if !isHex(s.peek()) {
				return false
			}
			s.i++
		}
		return true
	}
	return false
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// key reads the string at s.i as encoding/json decodes it.
func (s *scanner) key() (string, bool) {
	tok, plain, ok := s.str()
	if !ok {
		return "", false
	}
	if plain {
		return string(tok[1 : len(tok)-1]), true
	}
	var v string
	_ = json.Unmarshal(tok, &v)
	return v, true
}

// value moves past the value at s.i.
func (s *scanner) value() bool {
	switch c := s.peek(); {
	case c == '{' || c == '[':
		return s.composite()
	case c == '"':
		_, _, ok := s.str()
		return ok
	case c == '-' || '0' <= c && c <= '9':
		return s.number()
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	}
	return false
}

// composite moves past the object or array at s.i.
func (s *scanner) composite() bool {
	end := byte(']')
	if s.b[s.i] == '{' {
		end = '}'
	}
	if s.depth++; s.depth > maxDepth {
		return false
	}
	defer func() { s.depth-- }()
	s.i++
	s.space()
	if s.peek() == end {
		s.i++
		return true
	}
	for {
		if end == '}' {
			if _, _, ok := s.str(); !ok || !s.colon() {
				return false
			}
		}
		if !s.value() || !s.next(end) {
			return false
		}
		if s.peek() == end {
			s.i++
			return true
		}
	}
}

// number moves past the number at s.i, as JSON's grammar allows it.
func (s *scanner) number() bool {
	digits := func() int {
		n := 0
		for s.i < len(s.b) && '0' <= s.b[s.i] && s.b[s.i] <= '9' {
			s.i++
			n++
		}
		return n
	}
	if s.peek() == '-' {
		s.i++
	}
	if s.peek() == '0' {
		s.i++
	} else if digits() == 0 {
		return false
	}
	if s.peek() == '.' {
		s.i++
		if digits() == 0 {
			return false
		}
	}
	if c := s.peek(); c == 'e' || c == 'E' {
		s.i++
		if c := s.peek(); c == '+' || c == '-' {
			s.i++
		}
		if digits() == 0 {
			return false
		}
	}
	return true
}

// literal moves past lit (true, false or null) at s.i.
func (s *scanner) literal(lit string) bool {
	if len(s.b)-s.i < len(lit) || string(s.b[s.i:s.i+len(lit)]) != lit {
		return false
	}
	s.i += len(lit)
	return true
}

// members reads the object at s.i into a map of member values.
func (s *scanner) members() (map[string]json.RawMessage, bool) {
	m := map[string]json.RawMessage{}
	s.depth++
	defer func() { s.depth-- }()
	s.i++ // {
	s.space()
	if s.peek() == '}' {
		s.i++
		return m, true
	}
	for {
		key, ok := s.key()
		if !ok || !s.colon() {
			return nil, false
		}
		start := s.i
		if !s.value() {
			return nil, false
		}
		m[key] = json.RawMessage(s.b[start:s.i])
		if !s.next('}') {
			return nil, false
		}
		if s.peek() == '}' {
			s.i++
			return m, true
		}
	}
}
