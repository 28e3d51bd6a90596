package model

import (
	"encoding/json"
	"strconv"
	"strings"
)

// This file writes the hottest model type of a sync (Candidate) without
// reflection. The output is byte for byte what encoding/json writes for
// the type's fields (TestCandidateAppendJSONIsEncodingJSON checks it).

// appendString appends s as encoding/json writes a string (HTML-escaped).
// Plain ASCII is copied; anything that needs an escape goes through
// encoding/json itself.
func appendString(b []byte, s string) []byte {
	if !plainJSONString(s) {
		q, _ := json.Marshal(s) // a string always encodes
		return append(b, q...)
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// plainJSONString reports whether every byte of s is plainJSON. It looks
// at eight bytes at a time, as asciiWithoutNUL does, and as it does reads
// the last word overlapping the one before it and a string shorter than a
// word as one word (halfWords, spreadBytes; most of a record's strings are short: byte
// by byte, their tails were most of the time of the check).
func plainJSONString(s string) bool {
	n := len(s)
	switch {
	case n >= 8:
		for i := 0; i < n-8; i += 8 {
			if !plainJSONWord(word(s[i:])) {
				return false
			}
		}
		return plainJSONWord(word(s[n-8:]))
	case n >= 4:
		return plainJSONWord(halfWords(s))
	case n > 0:
		return plainJSONWord(spreadBytes(s))
	}
	return true
}

// plainJSONWord reports whether every byte of the word w is plainJSON: a
// byte >= 0x80 has its high bit set, a byte < 0x20 borrows into a high
// bit that was clear when 0x20 is subtracted from every byte, and a byte
// equal to c makes a zero byte of w^c, which borrows likewise when 1 is
// subtracted. " and & (0x22, 0x26) differ only in bit 2, and < and >
// (0x3c, 0x3e) only in bit 1: with that bit cleared, one comparison
// finds either of a pair (and the function is small enough to inline). A
// borrow only ever follows a byte that is not plain, so a word of plain
// bytes sets no high bit.
func plainJSONWord(w uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	quoteAmp := w&^(4*ones) ^ '"'*ones
	angle := w&^(2*ones) ^ '<'*ones
	backslash := w ^ '\\'*ones
	bad := w | (w-0x20*ones)&^w | (quoteAmp-ones)&^quoteAmp | (angle-ones)&^angle | (backslash-ones)&^backslash
	return bad&highs == 0
}

// word is the first eight bytes of s as a little-endian word (the
// compiler makes it one load).
func word(s string) uint64 {
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// plainJSON marks the bytes encoding/json writes as they are in a string:
// printable ASCII but " \ < > &. Read only.
var plainJSON = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = !strings.ContainsRune(`"\<>&`, rune(c))
	}
	return t
}()

// JSONNames are the top-level member names a model type's AppendJSON
// writes, with an endpoint's renames applied, each kept ready to copy as
// "name": so that writing a member costs no lookup. Build them once per
// endpoint (Candidate.JSONNames); a nil *JSONNames writes the type's own
// names. They are read only once built.
type JSONNames struct {
	of     *string  // the first of the members they were built from, to catch a mix-up of types
	quoted []string // quoted[i] is `"name":` of member i, renamed
}

// newJSONNames quotes members, renamed by renames.
func newJSONNames(members []string, renames map[string]string) *JSONNames {
	n := &JSONNames{of: &members[0], quoted: make([]string, len(members))}
	for i, m := range members {
		if to, ok := renames[m]; ok {
			m = to
		}
		n.quoted[i] = string(appendString(nil, m)) + ":"
	}
	return n
}

// jsonObject appends the members of one JSON object. Its methods take
// and return it by value, as append does a slice (o = o.str(...)): it
// lives in registers and on the stack, so appending to its buffer needs
// no write barrier (through a pointer, one per member while the
// collector runs: about 4 % of a candidate batch's send path).
type jsonObject struct {
	b     []byte
	first bool
}

func openObject(b []byte) jsonObject { return jsonObject{b: append(b, '{'), first: true} }

// member starts a member whose name is already quoted, with its colon.
func (o jsonObject) member(quoted string) jsonObject {
	if !o.first {
		o.b = append(o.b, ',')
	}
	o.first = false
	o.b = append(o.b, quoted...)
	return o
}

func (o jsonObject) name(n string) jsonObject {
	if !o.first {
		o.b = append(o.b, ',')
	}
	o.first = false
	o.b = append(o.b, '"')
	o.b = append(o.b, n...)
	o.b = append(o.b, '"', ':')
	return o
}

// str writes a string member; omitEmpty leaves an empty one out.
func (o jsonObject) str(n, v string, omitEmpty bool) jsonObject {
	if v == "" && omitEmpty {
		return o
	}
	o = o.name(n)
	o.b = appendString(o.b, v)
	return o
}

// quotedStr is str for a member whose name is already quoted.
func (o jsonObject) quotedStr(quoted, v string, omitEmpty bool) jsonObject {
	if v == "" && omitEmpty {
		return o
	}
	o = o.member(quoted)
	o.b = appendString(o.b, v)
	return o
}

func (o jsonObject) close() []byte { return append(o.b, '}') }

// candidateMembers are Candidate's top-level JSON members, in the order
// AppendJSON writes them (the c* constants index them). Read only.
var candidateMembers = [...]string{"addresses", "atsCreatedAt", "atsLastModifiedAt", "currentCompanyName",
	"currentJobTitle", "doNotContact", "emailAddresses", "externalProfileUrl", "firstName", "lastName",
	"middleInitial", "prefix", "suffix", "linkedInProfileUrl", "phoneNumbers", "manualMatchedMember"}

const (
	cAddresses = iota
	cATSCreatedAt
	cATSLastModifiedAt
	cCurrentCompanyName
	cCurrentJobTitle
	cDoNotContact
	cEmailAddresses
	cExternalProfileURL
	cFirstName
	cLastName
	cMiddleInitial
	cPrefix
	cSuffix
	cLinkedInProfileURL
	cPhoneNumbers
	cManualMatchedMember
)

// candidateNames are Candidate's own member names. Read only.
var candidateNames = newJSONNames(candidateMembers[:], nil)

// JSONNames returns the names AppendJSON writes c's top-level members
// under: a member that renames names is written under the name it maps
// to (LinkedIn's /rest endpoints call atsCreatedAt externalCreatedAt).
// renames may be nil.
func (Candidate) JSONNames(renames map[string]string) *JSONNames {
	if len(renames) == 0 {
		return candidateNames
	}
	return newJSONNames(candidateMembers[:], renames)
}

// ofCandidate returns the quoted names of Candidate's members (the
// type's own for nil names). It panics if names were built for another
// type.
func (names *JSONNames) ofCandidate() []string {
	if names == nil {
		names = candidateNames
	}
	if names.of != &candidateMembers[0] {
		panic("model: Candidate.AppendJSON given the JSONNames of another type")
	}
	return names.quoted
}

// AppendJSON appends c's JSON encoding, as MarshalJSON writes it, to b and
// returns the extended buffer, with its top-level members named by names
// (from Candidate.JSONNames; nil for the model's own names). Writing into
// one buffer with the names already right is what a batch of candidates
// costs least. It panics if names were built for another type.
func (c *Candidate) AppendJSON(b []byte, names *JSONNames) []byte {
	q := names.ofCandidate()
	o := openObject(b)
	o = o.member(q[cAddresses])
	o.b = append(o.b, '[')
	for i := range c.Addresses {
		a := &c.Addresses[i]
		if i > 0 {
			o.b = append(o.b, ',')
		}
		ao := openObject(o.b)
		ao = ao.str("line1", a.Line1, true)
		ao = ao.str("line2", a.Line2, true)
		ao = ao.str("city", a.City, true)
		ao = ao.str("geographicArea", a.GeographicArea, true)
		ao = ao.str("geographicAreaType", a.GeographicAreaType, true)
		ao = ao.str("postalCode", a.PostalCode, true)
		ao = ao.str("country", a.Country, true)
		o.b = ao.close()
	}
	o.b = append(o.b, ']')
	o = o.member(q[cATSCreatedAt])
	o.b = strconv.AppendInt(o.b, int64(c.ATSCreatedAt), 10)
	o = o.member(q[cATSLastModifiedAt])
	o.b = strconv.AppendInt(o.b, int64(c.ATSLastModifiedAt), 10)
	o = o.quotedStr(q[cCurrentCompanyName], c.CurrentCompanyName, true)
	o = o.quotedStr(q[cCurrentJobTitle], c.CurrentJobTitle, true)
	if c.DoNotContact {
		o = o.member(q[cDoNotContact])
		o.b = append(o.b, "true"...)
	}
	o = o.member(q[cEmailAddresses])
	o.b = append(o.b, '[')
	for i, e := range c.EmailAddresses {
		if i > 0 {
			o.b = append(o.b, ',')
		}
		o.b = appendString(o.b, e)
	}
	o.b = append(o.b, ']')
	o = o.quotedStr(q[cExternalProfileURL], c.ExternalProfileURL, false)
	o = o.quotedStr(q[cFirstName], c.FirstName, false)
	o = o.quotedStr(q[cLastName], c.LastName, true)
	o = o.quotedStr(q[cMiddleInitial], c.MiddleInitial, true)
	o = o.quotedStr(q[cPrefix], c.Prefix, true)
	o = o.quotedStr(q[cSuffix], c.Suffix, true)
	o = o.quotedStr(q[cLinkedInProfileURL], c.LinkedInProfileURL, true)
	o = o.member(q[cPhoneNumbers])
	o.b = append(o.b, '[')
	for i := range c.PhoneNumbers {
		p := &c.PhoneNumbers[i]
		if i > 0 {
			o.b = append(o.b, ',')
		}
		po := openObject(o.b)
		po = po.str("number", p.Number, false)
		po = po.str("extension", p.Extension, true)
		o.b = po.close()
	}
	o.b = append(o.b, ']')
	o = o.quotedStr(q[cManualMatchedMember], string(c.ManualMatchedMember), true)
	return o.close()
}
