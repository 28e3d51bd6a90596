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
// leaves the map nil. Batch bodies hold a hundred records: this reads them
// once after json.Valid, where encoding/json scans and copies every record
// again. Unusual bodies (the field repeated, or named in another case,
// which encoding/json also matches) are handed to encoding/json.
func Entities(body []byte) (entities map[string]json.RawMessage, ok bool) {
	const field = "entities"
	if !json.Valid(body) {
		return nil, false
	}
	s := scanner{b: body}
	s.space()
	if s.peek() != '{' {
		return entitiesByEncodingJSON(body)
	}
	s.i++
	found := false
	for {
		s.space()
		if s.peek() == '}' {
			break
		}
		key := s.key()
		s.space()
		s.i++ // :
		s.space()
		switch {
		case key == field && !found:
			found = true
			if s.peek() != '{' {
				// null leaves the map nil; any other value fails to decode.
				return nil, false
			}
			entities = s.members()
		case strings.EqualFold(key, field):
			return entitiesByEncodingJSON(body)
		default:
			s.skip()
		}
		s.space()
		if s.peek() == ',' {
			s.i++
		}
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

// scanner reads valid JSON text.
type scanner struct {
	b []byte
	i int
}

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

// str moves past the string at s.i and returns its token, quotes
// included; plain reports that the token has no escape and is valid UTF-8.
func (s *scanner) str() (tok []byte, plain bool) {
	start := s.i
	s.i++
	plain = true
	high := false
	for s.b[s.i] != '"' {
		switch c := s.b[s.i]; {
		case c == '\\':
			plain = false
			s.i++
		case c >= utf8.RuneSelf:
			high = true
		}
		s.i++
	}
	s.i++
	tok = s.b[start:s.i]
	return tok, plain && (!high || utf8.Valid(tok))
}

// key reads the string at s.i as encoding/json decodes it.
func (s *scanner) key() string {
	tok, plain := s.str()
	if plain {
		return string(tok[1 : len(tok)-1])
	}
	var v string
	_ = json.Unmarshal(tok, &v)
	return v
}

// skip moves past the value at s.i.
func (s *scanner) skip() {
	depth := 0
	for {
		switch c := s.b[s.i]; c {
		case '"':
			s.str()
			if depth == 0 {
				return
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				s.i++
				return
			}
		default:
			if depth == 0 {
				// A number or literal: up to the next delimiter.
				for s.i < len(s.b) && !strings.ContainsRune(",}] \t\r\n", rune(s.b[s.i])) {
					s.i++
				}
				return
			}
		}
		s.i++
	}
}

// members reads the object at s.i into a map of member values.
func (s *scanner) members() map[string]json.RawMessage {
	m := map[string]json.RawMessage{}
	s.i++ // {
	for {
		s.space()
		if s.peek() == '}' {
			s.i++
			return m
		}
		key := s.key()
		s.space()
		s.i++ // :
		s.space()
		start := s.i
		s.skip()
		m[key] = json.RawMessage(s.b[start:s.i])
		s.space()
		if s.peek() == ',' {
			s.i++
		}
	}
}
