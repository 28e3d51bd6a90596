package model

import (
	"bytes"
	"strings"
	"testing"
)

// restRenames are the renames the /rest route of candidates applies
// (rsc's candidateTimeRenames).
var restRenames = map[string]string{"atsCreatedAt": "externalCreatedAt", "atsLastModifiedAt": "externalLastModifiedAt"}

// checkAppendValidJSON fails t unless c.AppendValidJSON agrees with
// Validate and AppendJSON, the code it stands for: when ok, c is valid
// and the bytes are AppendJSON's; when not, nothing is appended. It
// returns ok.
func checkAppendValidJSON(t *testing.T, c Candidate, names *JSONNames) bool {
	t.Helper()
	prefix := []byte("prefix")
	out, ok := c.AppendValidJSON(prefix[:len(prefix):len(prefix)], names)
	if !ok {
		if !bytes.Equal(out, prefix) {
			t.Fatalf("AppendValidJSON(%+v) not ok, but returned %q", c, out)
		}
		return false
	}
	if err := c.Validate(); err != nil {
		t.Fatalf("AppendValidJSON(%+v) ok, but Validate: %v", c, err)
	}
	if want := c.AppendJSON(prefix[:len(prefix):len(prefix)], names); !bytes.Equal(out, want) {
		t.Fatalf("AppendValidJSON(%+v)\n = %s\nAppendJSON: %s", c, out, want)
	}
	return true
}

// TestAppendValidJSONCases checks AppendValidJSON on the benchmarks'
// candidates and at the edges of each quick test: which records it
// vouches for (ok) and which it leaves to Validate.
func TestAppendValidJSONCases(t *testing.T) {
	t.Parallel()
	restNames := Candidate{}.JSONNames(restRenames)
	// rsc's BenchmarkSendPath candidate.
	sendPath := func() Candidate {
		c := validCandidate()
		c.Key.ATSCandidateID = "cand-000042"
		c.ATSLastModifiedAt++
		c.ExternalProfileURL = "https://ats.example.com/candidates/cand-000042"
		c.Addresses = []Address{{City: "London"}}
		c.PhoneNumbers = []PhoneNumber{{Number: "+1 555 0100"}}
		c.CurrentCompanyName, c.CurrentJobTitle = "Analytical Engines Ltd", "Programmer"
		return c
	}
	for _, tc := range []struct {
		name string
		c    func() Candidate
		ok   bool
	}{
		{"benchmark", benchCandidate, true},
		{"send path benchmark", sendPath, true},
		{"full, with escapes and a LinkedIn URL", fullCandidate, false},
		{"text needing escapes", func() Candidate {
			c := benchCandidate()
			c.CurrentCompanyName, c.CurrentJobTitle, c.LastName = "A & B <C>", "Eng\tineer \"x\" \\", "O'Brien\x7f"
			c.Addresses[0].Line2, c.PhoneNumbers[0].Extension = "\x01", "&"
			return c
		}, true},
		{"e-mail, URL and member needing escapes", func() Candidate {
			c := benchCandidate()
			c.EmailAddresses = []string{"a&b@example.com", `"q"@example.com`}
			c.ExternalProfileURL = "https://ats.example.com/c?id=1&x=<2>"
			c.ManualMatchedMember = `urn:li:person:a&"b"`
			return c
		}, true},
		{"no e-mail but a member", func() Candidate {
			c := benchCandidate()
			c.EmailAddresses, c.ManualMatchedMember = nil, "urn:li:person:123"
			return c
		}, true},
		{"every optional field empty", func() Candidate {
			c := benchCandidate()
			c.Addresses, c.PhoneNumbers, c.LastName = nil, nil, ""
			return c
		}, true},
		{"do not contact, empty address and phone list members", func() Candidate {
			c := benchCandidate()
			c.DoNotContact = true
			c.Addresses = append(c.Addresses, Address{}, Address{Country: "GB"})
			c.PhoneNumbers = append(c.PhoneNumbers, PhoneNumber{Number: "1", Extension: "2"})
			return c
		}, true},
		{"texts at their limits", func() Candidate {
			c := benchCandidate()
			c.FirstName, c.CurrentJobTitle = strings.Repeat("a", maxName), strings.Repeat("b", maxShort)
			c.Key.ATSCandidateID = strings.Repeat("c", maxID)
			c.ExternalProfileURL = "https://a.example/" + strings.Repeat("d", maxURL-len("https://a.example/"))
			return c
		}, true},
		{"name over its limit", func() Candidate { c := benchCandidate(); c.FirstName = strings.Repeat("a", maxName+1); return c }, false},
		{"id over its limit", func() Candidate { c := benchCandidate(); c.Key.ATSCandidateID = strings.Repeat("c", maxID+1); return c }, false},
		{"URL over its limit", func() Candidate {
			c := benchCandidate()
			c.ExternalProfileURL = "https://a.example/" + strings.Repeat("d", maxURL+1-len("https://a.example/"))
			return c
		}, false},
		{"non-ASCII name (valid)", func() Candidate { c := benchCandidate(); c.FirstName = "Zoë"; return c }, false},
		{"NUL in a city", func() Candidate { c := benchCandidate(); c.Addresses[0].City = "a\x00"; return c }, false},
		{"no first name", func() Candidate { c := benchCandidate(); c.FirstName = ""; return c }, false},
		{"no phone number", func() Candidate { c := benchCandidate(); c.PhoneNumbers[0].Number = ""; return c }, false},
		{"no e-mail", func() Candidate { c := benchCandidate(); c.EmailAddresses = nil; return c }, false},
		{"bad e-mail", func() Candidate { c := benchCandidate(); c.EmailAddresses[1] = "a@b"; return c }, false},
		{"URL with a port (valid)", func() Candidate { c := benchCandidate(); c.ExternalProfileURL = "https://a.example:8443/c"; return c }, false},
		{"no URL", func() Candidate { c := benchCandidate(); c.ExternalProfileURL = ""; return c }, false},
		{"LinkedIn profile URL (valid)", func() Candidate {
			c := benchCandidate()
			c.LinkedInProfileURL = "https://www.linkedin.com/in/ada"
			return c
		}, false},
		{"member of another type", func() Candidate { c := benchCandidate(); c.ManualMatchedMember = "urn:li:organization:1"; return c }, false},
		{"id with a reserved character", func() Candidate { c := benchCandidate(); c.Key.ATSCandidateID = "C1&x"; return c }, false},
		{"no key context", func() Candidate { c := benchCandidate(); c.Key.IntegrationContext = ""; return c }, false},
		{"modified before created", func() Candidate { c := benchCandidate(); c.ATSLastModifiedAt = c.ATSCreatedAt - 1; return c }, false},
		{"no created", func() Candidate { c := benchCandidate(); c.ATSCreatedAt, c.ATSLastModifiedAt = 0, 0; return c }, false},
	} {
		for _, names := range []*JSONNames{nil, restNames} {
			if got := checkAppendValidJSON(t, tc.c(), names); got != tc.ok {
				t.Errorf("%s: ok = %v, want %v", tc.name, got, tc.ok)
			}
		}
	}
}

// TestAppendValidJSONEveryBytePosition checks AppendValidJSON against
// Validate and AppendJSON with every kind of byte at every position of
// short and word-sized strings, in each kind of field.
func TestAppendValidJSONEveryBytePosition(t *testing.T) {
	t.Parallel()
	restNames := Candidate{}.JSONNames(restRenames)
	fields := []func(*Candidate, string){
		func(c *Candidate, s string) { c.Key.ATSCandidateID = s },
		func(c *Candidate, s string) { c.Key.IntegrationContext = URN("urn:li:organization:" + s) },
		func(c *Candidate, s string) { c.Addresses[0].City = s },
		func(c *Candidate, s string) { c.CurrentCompanyName = s },
		func(c *Candidate, s string) { c.FirstName = s },
		func(c *Candidate, s string) { c.PhoneNumbers[0].Number = s },
		func(c *Candidate, s string) { c.EmailAddresses[0] = s + "@example.com" },
		func(c *Candidate, s string) { c.EmailAddresses[1] = s },
		func(c *Candidate, s string) { c.ExternalProfileURL = "https://a.example/" + s },
		func(c *Candidate, s string) { c.ManualMatchedMember = URN("urn:li:person:" + s) },
	}
	for n := 1; n <= 17; n++ {
		for i := 0; i < n; i++ {
			for _, bad := range []string{"\x00", "\x01", " ", "\"", "\\", "<", ">", "&", "%", "@", ".", "\x7f", "\x80", "é", "\u2028"} {
				s := strings.Repeat("a", i) + bad + strings.Repeat("b", n-1-i)
				for _, set := range fields {
					c := benchCandidate()
					set(&c, s)
					checkAppendValidJSON(t, c, nil)
					checkAppendValidJSON(t, c, restNames)
				}
			}
		}
	}
}

// FuzzCandidateAppendValidJSON checks AppendValidJSON against Validate
// and AppendJSON on candidates built from fuzzed strings in every string
// field, fuzzed list shapes, and the model's names or /rest's renames.
func FuzzCandidateAppendValidJSON(f *testing.F) {
	c := benchCandidate()
	f.Add(c.Key.ATSCandidateID, string(c.Key.IntegrationContext), "31 Spooner St", "Quahog", "Acme", "Engineer",
		"ada@example.com", "b@c.de", c.ExternalProfileURL, "Ada", "Lovelace", "A", "Dr", "Jr",
		"", "555-555-5555", "12", "", int64(c.ATSCreatedAt), int64(c.ATSLastModifiedAt), uint8(0x15))
	f.Add("C1&", "urn:li:person:1", "a\x00", "é", "A & B", "<b>", "a@b", "\"x\"@y.z", "https://a.b/?x=1&y=2", "", "a b", "\u200b", "\x7f", "12345678",
		"http://uk.linkedin.com/pub/x", "", "x\x00", "urn:li:person:2", int64(0), int64(-1), uint8(0x95))
	restNames := Candidate{}.JSONNames(restRenames)
	f.Fuzz(func(t *testing.T, id, ictx, line1, city, company, title, email1, email2, extURL, first, last, middle, prefix, suffix,
		liURL, number, ext, member string, created, modified int64, shape uint8) {
		c := fuzzedCandidate(id, ictx, line1, city, company, title, email1, email2, extURL, first, last, middle, prefix, suffix,
			liURL, number, ext, member, created, modified, shape)
		// shape's bit 7 chooses the names (the model's or /rest's).
		names := (*JSONNames)(nil)
		if shape&0x80 != 0 {
			names = restNames
		}
		checkAppendValidJSON(t, c, names)
	})
}

// TestPlainJSONStringIsSureText checks what AppendValidJSON's text
// relies on: every byte plainJSONString passes is one asciiWithoutNUL
// passes, so a string of at most n bytes it passes is sureText.
func TestPlainJSONStringIsSureText(t *testing.T) {
	t.Parallel()
	for c := 0; c < 256; c++ {
		s := string([]byte{byte(c)})
		if plainJSONString(s) && !sureText(s, 1) {
			t.Errorf("byte %#x: plainJSONString passes, sureText does not", c)
		}
	}
}
