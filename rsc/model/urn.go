package model

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ErrInvalidURN is returned (wrapped) by [ParseURN] and [URN.Validate] for a string
// that is not a well-formed LinkedIn URN.
var ErrInvalidURN = errors.New("invalid URN")

// URN is a LinkedIn URN of the form "urn:li:<type>:<id>", for example
// "urn:li:organization:1000". The zero value is the absent URN.
type URN string

// urnPrefix is the prefix every LinkedIn URN starts with.
const urnPrefix = "urn:li:"

// URN entity types used by RSC.
const (
	URNTypeOrganization         = "organization"
	URNTypeContract             = "contract"
	URNTypePerson               = "person"
	URNTypeSeat                 = "seat"
	URNTypeDeveloperApplication = "developerApplication"
	URNTypeJobPosting           = "jobPosting"
	URNTypeSimpleJobPostingTask = "simpleJobPostingTask"
	URNTypeIndustry             = "industry"
)

// NewURN returns the URN "urn:li:<typ>:<id>". It does not validate its arguments.
func NewURN(typ, id string) URN { return URN(urnPrefix + typ + ":" + id) }

// OrganizationURN returns "urn:li:organization:<id>", the integration context of most
// RSC integration types.
func OrganizationURN(id string) URN { return NewURN(URNTypeOrganization, id) }

// ContractURN returns "urn:li:contract:<id>", a Recruiter contract.
func ContractURN(id string) URN { return NewURN(URNTypeContract, id) }

// PersonURN returns "urn:li:person:<id>", a LinkedIn member as seen by one API key.
func PersonURN(id string) URN { return NewURN(URNTypePerson, id) }

// SeatURN returns "urn:li:seat:<id>", a Recruiter seat.
func SeatURN(id string) URN { return NewURN(URNTypeSeat, id) }

// DeveloperApplicationURN returns "urn:li:developerApplication:<id>", a provisioned
// child application.
func DeveloperApplicationURN(id string) URN { return NewURN(URNTypeDeveloperApplication, id) }

// ParseURN parses s strictly: it must start with "urn:li:", have a non-empty type made
// of ASCII letters and digits, a non-empty id, be valid UTF-8 and contain no
// whitespace or control characters.
func ParseURN(s string) (URN, error) {
	if p := urnProblem(s); p != "" {
		return "", fmt.Errorf("rsc: urn %q: %s: %w", s, p, ErrInvalidURN)
	}
	return URN(s), nil
}

// urnProblem describes what is wrong with s as a URN, or returns "".
func urnProblem(s string) string {
	if !strings.HasPrefix(s, urnPrefix) {
		return `missing "urn:li:" prefix`
	}
	if !utf8.ValidString(s) {
		return "not valid UTF-8"
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf {
			if p := runeProblem(s[i:]); p != "" {
				return p
			}
			break
		} else if c <= ' ' || c == 0x7f { // ASCII's whitespace and control characters
			return "contains whitespace or control characters"
		}
	}
	typ, id, ok := strings.Cut(s[len(urnPrefix):], ":")
	if typ == "" {
		return "empty type"
	}
	for i := 0; i < len(typ); i++ {
		c := typ[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return "type must be ASCII letters and digits"
		}
	}
	if !ok || id == "" {
		return "empty id"
	}
	return ""
}

// runeProblem is urnProblem's check of the characters of s, rune by rune
// (ASCII alone is checked faster by urnProblem itself).
func runeProblem(s string) string {
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return "contains whitespace or control characters"
		}
		// Format characters (bidi overrides, zero-width spaces, BOM) are
		// invisible and make a URN display as another one.
		if unicode.Is(unicode.Cf, r) {
			return fmt.Sprintf("contains the invisible format character %U", r)
		}
	}
	return ""
}

// Validate reports whether u is a well-formed URN; see [ParseURN].
func (u URN) Validate() error {
	_, err := ParseURN(string(u))
	return err
}

// parts splits u into type and id; ok is false when u has no "urn:li:" prefix or no id
// separator.
func (u URN) parts() (typ, id string, ok bool) {
	rest, found := strings.CutPrefix(string(u), urnPrefix)
	if !found {
		return "", "", false
	}
	return strings.Cut(rest, ":")
}

// Type returns the entity type of u ("organization" for "urn:li:organization:1"), or ""
// when u is not of the form "urn:li:<type>:<id>".
func (u URN) Type() string {
	typ, _, ok := u.parts()
	if !ok {
		return ""
	}
	return typ
}

// ID returns the id part of u ("1" for "urn:li:organization:1"; everything after the
// type, colons included), or "" when u is not of the form "urn:li:<type>:<id>".
func (u URN) ID() string {
	_, id, _ := u.parts()
	return id
}

// String returns u as a string.
func (u URN) String() string { return string(u) }

// IsZero reports whether u is the empty URN.
func (u URN) IsZero() bool { return u == "" }

// IsType reports whether u is a well-formed URN of entity type t.
func (u URN) IsType(t string) bool {
	return plainURNOfType(string(u), t) || u.Type() == t && urnProblem(string(u)) == ""
}

// plainURNOfType reports whether s is "urn:li:<t>:<id>" with t of ASCII
// letters and digits and an id of printable ASCII: a URN that
// urnProblem surely accepts, told in one pass. Any other string (no
// match, or an id with other bytes) gets the full check.
func plainURNOfType(s, t string) bool {
	n := len(urnPrefix) + len(t)
	if t == "" || len(s) <= n+1 || s[:len(urnPrefix)] != urnPrefix || s[len(urnPrefix):n] != t || s[n] != ':' {
		return false
	}
	for i := 0; i < len(t); i++ {
		if c := t[i]; !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	for i := n + 1; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7f {
			return false
		}
	}
	return true
}
