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
	for i := 0; i < len(s); i++ {
		if !plainJSON[s[i]] {
			q, _ := json.Marshal(s) // a string always encodes
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// plainJSON marks the bytes encoding/json writes as they are in a string:
// printable ASCII but " \ < > &. Read only.
var plainJSON = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = !strings.ContainsRune(`"\<>&`, rune(c))
	}
	return t
}()

// jsonObject appends the members of one JSON object.
type jsonObject struct {
	b     []byte
	first bool
	// names renames members as they are written (nil for none).
	names map[string]string
}

func openObject(b []byte) jsonObject { return jsonObject{b: append(b, '{'), first: true} }

func (o *jsonObject) name(n string) {
	if !o.first {
		o.b = append(o.b, ',')
	}
	o.first = false
	if to, ok := o.names[n]; ok {
		n = to
	}
	o.b = append(o.b, '"')
	o.b = append(o.b, n...)
	o.b = append(o.b, '"', ':')
}

// str writes a string member; omitEmpty leaves an empty one out.
func (o *jsonObject) str(n, v string, omitEmpty bool) {
	if v == "" && omitEmpty {
		return
	}
	o.name(n)
	o.b = appendString(o.b, v)
}

func (o *jsonObject) int(n string, v int64) {
	o.name(n)
	o.b = strconv.AppendInt(o.b, v, 10)
}

func (o *jsonObject) close() []byte { return append(o.b, '}') }

// AppendJSON appends c's JSON encoding, as MarshalJSON writes it, to b and
// returns the extended buffer. A top-level member that names maps is
// written under the name it maps to: LinkedIn's /rest endpoints call some
// fields differently (atsCreatedAt is externalCreatedAt there). names may
// be nil. Writing into one buffer with the names already right is what a
// batch of candidates costs least.
func (c Candidate) AppendJSON(b []byte, names map[string]string) []byte {
	o := openObject(b)
	o.names = names
	o.name("addresses")
	o.b = append(o.b, '[')
	for i, a := range c.Addresses {
		if i > 0 {
			o.b = append(o.b, ',')
		}
		ao := openObject(o.b)
		ao.str("line1", a.Line1, true)
		ao.str("line2", a.Line2, true)
		ao.str("city", a.City, true)
		ao.str("geographicArea", a.GeographicArea, true)
		ao.str("geographicAreaType", a.GeographicAreaType, true)
		ao.str("postalCode", a.PostalCode, true)
		ao.str("country", a.Country, true)
		o.b = ao.close()
	}
	o.b = append(o.b, ']')
	o.int("atsCreatedAt", int64(c.ATSCreatedAt))
	o.int("atsLastModifiedAt", int64(c.ATSLastModifiedAt))
	o.str("currentCompanyName", c.CurrentCompanyName, true)
	o.str("currentJobTitle", c.CurrentJobTitle, true)
	if c.DoNotContact {
		o.name("doNotContact")
		o.b = append(o.b, "true"...)
	}
	o.name("emailAddresses")
	o.b = append(o.b, '[')
	for i, e := range c.EmailAddresses {
		if i > 0 {
			o.b = append(o.b, ',')
		}
		o.b = appendString(o.b, e)
	}
	o.b = append(o.b, ']')
	o.str("externalProfileUrl", c.ExternalProfileURL, false)
	o.str("firstName", c.FirstName, false)
	o.str("lastName", c.LastName, true)
	o.str("middleInitial", c.MiddleInitial, true)
	o.str("prefix", c.Prefix, true)
	o.str("suffix", c.Suffix, true)
	o.str("linkedInProfileUrl", c.LinkedInProfileURL, true)
	o.name("phoneNumbers")
	o.b = append(o.b, '[')
	for i, p := range c.PhoneNumbers {
		if i > 0 {
			o.b = append(o.b, ',')
		}
		po := openObject(o.b)
		po.str("number", p.Number, false)
		po.str("extension", p.Extension, true)
		o.b = po.close()
	}
	o.b = append(o.b, ']')
	o.str("manualMatchedMember", string(c.ManualMatchedMember), true)
	return o.close()
}
