package restli

import (
	"errors"
	"fmt"
	"strings"
)

// charset marks the ASCII bytes that stay literal in an escaping context.
type charset [128]bool

func newCharset(extra string) *charset {
	var c charset
	for b := '0'; b <= '9'; b++ {
		c[b] = true
	}
	for b := 'a'; b <= 'z'; b++ {
		c[b] = true
		c[b-'a'+'A'] = true
	}
	for i := 0; i < len(extra); i++ {
		c[extra[i]] = true
	}
	return &c
}

// Escaping tables (immutable). Every byte not listed, every non-ASCII byte and
// '%' are percent-encoded as %XX (upper-case hex); a space becomes %20.
var (
	// query1Safe: a URI query parameter (Jersey QUERY_PARAM): unreserved,
	// sub-delims except & = +, and : @ / ?. Used for 1.0 query values.
	query1Safe = newCharset("-._~!$'()*,;:@/?")
	// form1Safe: Java's URLEncoder. Used for values in 1.0 path keys.
	form1Safe = newCharset(".-*_")
	// body1Safe: query1Safe. Used for values in 1.0 JSON body map keys, which
	// LinkedIn's samples write with raw URNs (integrationContext=urn:li:…);
	// & = + % stay encoded so that the key still parses.
	body1Safe = query1Safe
	// query2Safe: query1Safe minus the 2.0 reserved characters , ( ) ' :.
	query2Safe = newCharset("-._~!*;@$/?")
	// path2Safe: a URI path segment (without ';') minus the 2.0 reserved characters.
	path2Safe = newCharset("-._~!*@&=+$")
	// entityInQuery2: query2Safe and the 2.0 reserved characters and %,
	// the bytes of a value that a 2.0 query and body escape alike.
	entityInQuery2 = newCharset("-._~!*;@$/?" + ",()':%")
)

const upperHex = "0123456789ABCDEF"

// escape percent-encodes every byte of s that is not in safe.
func escape(s string, safe *charset) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if b := s[i]; b >= 0x80 || !safe[b] {
			n++
		}
	}
	if n == 0 {
		return s
	}
	return string(appendEscape(make([]byte, 0, len(s)+2*n), s, safe))
}

// appendEscape appends s to b with every byte not in safe percent-encoded.
func appendEscape(b []byte, s string, safe *charset) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x80 && safe[c] {
			b = append(b, c)
		} else {
			b = append(b, '%', upperHex[c>>4], upperHex[c&15])
		}
	}
	return b
}

// escape2 encodes one protocol 2.0 value: the empty string is two apostrophes and the
// rest is escaped with safe.
func escape2(s string, safe *charset) string {
	if s == "" {
		return "''"
	}
	return escape(s, safe)
}

// appendEscape2 is escape2 appending to b.
func appendEscape2(b []byte, s string, safe *charset) []byte {
	if s == "" {
		return append(b, "''"...)
	}
	return appendEscape(b, s, safe)
}

// escapeBody2 encodes one protocol 2.0 value for a JSON body map key: only the
// reserved characters , ( ) ' : and % are percent-encoded.
func escapeBody2(s string) string {
	if s != "" && !strings.ContainsAny(s, ",()':%") {
		return s
	}
	return string(appendEscapeBody2(make([]byte, 0, len(s)+8), s))
}

// appendEscapeBody2 is escapeBody2 appending to b. It copies the runs of
// bytes between reserved ones whole (appending byte by byte was most of
// the time of a batch's entity keys).
func appendEscapeBody2(b []byte, s string) []byte {
	if s == "" {
		return append(b, "''"...)
	}
	for {
		i := 0
		for i < len(s) && !reservedBody2[s[i]] {
			i++
		}
		b = append(b, s[:i]...)
		if i == len(s) {
			return b
		}
		c := s[i]
		b = append(b, '%', upperHex[c>>4], upperHex[c&15])
		s = s[i+1:]
	}
}

// appendEscapeBody2Alike is appendEscapeBody2 that also reports whether a
// 2.0 query escapes s alike (alikeInQuery2), in the same pass over s.
func appendEscapeBody2Alike(b []byte, s string) ([]byte, bool) {
	if s == "" {
		return append(b, "''"...), true
	}
	var seen uint8 // the classes of the bytes of s
	for {
		i := 0
		for ; i < len(s); i++ {
			c := body2Class[s[i]]
			seen |= c
			if c&reserved2 != 0 {
				break
			}
		}
		b = append(b, s[:i]...)
		if i == len(s) {
			return b, seen&queryEscapes2 == 0
		}
		c := s[i]
		b = append(b, '%', upperHex[c>>4], upperHex[c&15])
		s = s[i+1:]
	}
}

// Classes of bytes in a 2.0 value (body2Class).
const (
	reserved2     = 1 << iota // escaped in a body key (reservedBody2)
	queryEscapes2             // escaped in a query but not in a body key (not entityInQuery2)
)

// body2Class gives each byte its classes. Read only.
var body2Class = func() (t [256]uint8) {
	for c := range 256 {
		if reservedBody2[c] {
			t[c] |= reserved2
		}
		if c >= 0x80 || !entityInQuery2[c] {
			t[c] |= queryEscapes2
		}
	}
	return t
}()

// reservedBody2 marks the bytes escapeBody2 percent-encodes: the 2.0
// reserved characters and %. Read only.
var reservedBody2 = func() (t [256]bool) {
	for _, c := range []byte(",()':%") {
		t[c] = true
	}
	return t
}()

// errBadEscape reports a malformed percent escape.
var errBadEscape = errors.New("malformed percent escape")

// unescape decodes %XX escapes; with plusSpace a '+' becomes a space (form and
// query semantics), otherwise it stays literal (path and body semantics).
func unescape(s string, plusSpace bool) (string, error) {
	if !strings.ContainsRune(s, '%') && (!plusSpace || !strings.ContainsRune(s, '+')) {
		return s, nil
	}
	var sb strings.Builder
	sb.Grow(len(s))
	for i := 0; i < len(s); i++ {
		switch b := s[i]; {
		case b == '%':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				end := min(i+3, len(s))
				return "", fmt.Errorf("decode %q: %w", s[i:end], errBadEscape)
			}
			sb.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
		case b == '+' && plusSpace:
			sb.WriteByte(' ')
		default:
			sb.WriteByte(b)
		}
	}
	return sb.String(), nil
}

// unescape2 decodes one protocol 2.0 value, mapping two apostrophes to the empty string.
func unescape2(s string, plusSpace bool) (string, error) {
	if s == "''" {
		return "", nil
	}
	return unescape(s, plusSpace)
}

func isHex(b byte) bool {
	return '0' <= b && b <= '9' || 'a' <= b && b <= 'f' || 'A' <= b && b <= 'F'
}

func unhex(b byte) byte {
	switch {
	case b <= '9':
		return b - '0'
	case b <= 'F':
		return b - 'A' + 10
	default:
		return b - 'a' + 10
	}
}
