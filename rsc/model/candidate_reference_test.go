package model

import (
	"reflect"
	"strings"
	"testing"
)

// referenceCandidateValidate is Candidate.Validate as it was before its
// checks took one-word fast paths, written with the slow path of every
// check: textMaxRunes for text, validEmailStrings for e-mail addresses and
// url.Parse for every URL (URNs go through URN.IsType, which
// FuzzPlainURNOfType checks against its own slow path). Candidate.Validate
// must answer as it does for every candidate (TestCandidateValidateEdges,
// FuzzCandidateValidateReference).
func referenceCandidateValidate(c Candidate) error {
	var ck refChecker
	old := ck.enter("key.", -1)
	ck.id("atsCandidateId", c.Key.ATSCandidateID)
	ck.urn("integrationContext", c.Key.IntegrationContext, URNTypeOrganization, true)
	ck.leave(old)
	for i, a := range c.Addresses {
		old := ck.enter("addresses", i)
		ck.textMax("line1", a.Line1, maxShort)
		ck.textMax("line2", a.Line2, maxShort)
		ck.textMax("city", a.City, maxShort)
		ck.textMax("geographicArea", a.GeographicArea, maxShort)
		ck.textMax("geographicAreaType", a.GeographicAreaType, maxShort)
		ck.textMax("postalCode", a.PostalCode, maxShort)
		ck.textMax("country", a.Country, maxShort)
		ck.leave(old)
	}
	ck.timestamps(c.ATSCreatedAt, c.ATSLastModifiedAt)
	ck.textMax("currentCompanyName", c.CurrentCompanyName, maxShort)
	ck.textMax("currentJobTitle", c.CurrentJobTitle, maxShort)
	if len(c.EmailAddresses) == 0 && c.ManualMatchedMember == "" {
		ck.add("emailAddresses", msgEmailUnlessPURN)
	}
	for i, e := range c.EmailAddresses {
		old := ck.enter("emailAddresses", i)
		ck.email("", e)
		ck.leave(old)
	}
	ck.httpURL("externalProfileUrl", c.ExternalProfileURL, true)
	ck.requiredMax("firstName", c.FirstName, maxName)
	ck.textMax("lastName", c.LastName, maxName)
	ck.textMax("middleInitial", c.MiddleInitial, maxName)
	ck.textMax("prefix", c.Prefix, maxName)
	ck.textMax("suffix", c.Suffix, maxName)
	ck.linkedInProfileURL("linkedInProfileUrl", c.LinkedInProfileURL)
	for i, p := range c.PhoneNumbers {
		old := ck.enter("phoneNumbers", i)
		ck.requiredMax("number", p.Number, maxShort)
		ck.textMax("extension", p.Extension, maxShort)
		ck.leave(old)
	}
	ck.urn("manualMatchedMember", c.ManualMatchedMember, URNTypePerson, false)
	return ck.result(c.Key.String)
}

// refChecker is a checker whose text, e-mail, URL and id checks take
// the slow path only.
type refChecker struct{ checker }

func (c *refChecker) textMax(path, s string, n int) bool { return c.textMaxRunes(path, s, n) }

func (c *refChecker) requiredMax(path, s string, n int) bool {
	if s == "" {
		c.add(path, msgRequired)
		return false
	}
	return c.textMax(path, s, n)
}

func (c *refChecker) id(path, s string) {
	if !c.requiredMax(path, s, maxText) || !c.textMax(path, s, maxID) {
		return
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || strings.ContainsRune(idReserved, r) {
			c.addf(path, "must not contain %q (ids may not contain control characters or any of %s)", string(r), idReserved)
			return
		}
	}
}

func (c *refChecker) email(path, s string) {
	if !c.textMax(path, s, 254) {
		return
	}
	if !validEmailStrings(s) {
		c.add(path, msgEmail)
	}
}

func (c *refChecker) httpURL(path, s string, required bool) bool {
	if s == "" {
		if required {
			c.add(path, msgRequired)
		}
		return false
	}
	if !c.textMax(path, s, maxURL) {
		return false
	}
	if u, ok := absoluteURL(s); !ok || (u.Scheme != "http" && u.Scheme != "https") {
		c.add(path, msgAbsoluteHTTPURL)
		return false
	}
	return true
}

func (c *refChecker) linkedInProfileURL(path, s string) {
	if !c.httpURL(path, s, false) {
		return
	}
	u, _ := absoluteURL(s)
	host := strings.ToLower(u.Hostname())
	onLinkedIn := host == "linkedin.com" || strings.HasSuffix(host, ".linkedin.com")
	if !onLinkedIn || u.User != nil || u.Port() != "" || !(strings.HasPrefix(u.Path, "/in/") || strings.HasPrefix(u.Path, "/pub/")) || len(u.Path) < 5 {
		c.add(path, msgLinkedInProfile)
	}
}

// sameAsReference fails t unless c.Validate and referenceCandidateValidate
// return the same problems with the same text.
func sameAsReference(t *testing.T, c Candidate) {
	t.Helper()
	got, want := c.Validate(), referenceCandidateValidate(c)
	if (got == nil) != (want == nil) || got != nil && (got.Error() != want.Error() || !reflect.DeepEqual(got, want)) {
		t.Fatalf("Validate(%+v)\n = %v\nreference: %v", c, got, want)
	}
}

// TestCandidateValidateEdges checks Candidate.Validate against the
// reference at the edges of every fast path: limits at exactly N and N+1
// characters (in bytes and in runes), NUL, control and non-ASCII bytes and
// invalid UTF-8 at every position of short and word-sized strings, and bad
// URLs and e-mail addresses.
func TestCandidateValidateEdges(t *testing.T) {
	t.Parallel()
	fields := []struct {
		name string
		set  func(*Candidate, string)
	}{
		{"key.atsCandidateId", func(c *Candidate, s string) { c.Key.ATSCandidateID = s }},
		{"addresses[0].line1", func(c *Candidate, s string) { c.Addresses[0].Line1 = s }},
		{"addresses[0].city", func(c *Candidate, s string) { c.Addresses[0].City = s }},
		{"currentCompanyName", func(c *Candidate, s string) { c.CurrentCompanyName = s }},
		{"currentJobTitle", func(c *Candidate, s string) { c.CurrentJobTitle = s }},
		{"firstName", func(c *Candidate, s string) { c.FirstName = s }},
		{"lastName", func(c *Candidate, s string) { c.LastName = s }},
		{"middleInitial", func(c *Candidate, s string) { c.MiddleInitial = s }},
		{"prefix", func(c *Candidate, s string) { c.Prefix = s }},
		{"suffix", func(c *Candidate, s string) { c.Suffix = s }},
		{"phoneNumbers[0].number", func(c *Candidate, s string) { c.PhoneNumbers[0].Number = s }},
		{"phoneNumbers[0].extension", func(c *Candidate, s string) { c.PhoneNumbers[0].Extension = s }},
		{"emailAddresses[0]", func(c *Candidate, s string) { c.EmailAddresses[0] = s + "@example.com" }},
		{"externalProfileUrl", func(c *Candidate, s string) { c.ExternalProfileURL = "https://a.example/" + s }},
		{"linkedInProfileUrl", func(c *Candidate, s string) { c.LinkedInProfileURL = "https://www.linkedin.com/in/" + s }},
	}
	var values []string
	for _, n := range []int{200, 201, 254, 255, 256, 257, 1000, 1001, 2000, 2001} {
		values = append(values, strings.Repeat("a", n), strings.Repeat("é", n), strings.Repeat("a", n-1)+"é")
	}
	for n := 1; n <= 17; n++ {
		for i := 0; i < n; i++ {
			for _, bad := range []string{"\x00", "\x01", " ", "\x7f", "\x80", "\xff", "é", "\xc3", "@", ".", "%", "&", "\u200b"} {
				values = append(values, strings.Repeat("a", i)+bad+strings.Repeat("b", n-1-i))
			}
		}
	}
	values = append(values, "", "ada@example.com", "a@b.c", "@b.c", "a@b", "a@.b", "a@b.", "a@@b.c", "a b@c.d", "a@b.c\v",
		"é@ü.de", "ada@example.com\x00", "http://x", "https://", "ftp://a.b/c", "https://a.b:8443/c", "https://u@a.b/c",
		"https://[::1]/c", "https://a.b/c%20d", "https://a.b/c%zz", "https://a.b\\@evil.example/c", "HTTPS://A.B/C", "javascript:alert(1)")
	for _, f := range fields {
		for _, v := range values {
			c := validCandidate()
			c.EmailAddresses = append(c.EmailAddresses, "second@example.com")
			f.set(&c, v)
			sameAsReference(t, c)
			// The same value as a whole e-mail address and URL.
			c.EmailAddresses[1] = v
			c.LinkedInProfileURL = v
			sameAsReference(t, c)
		}
	}
	// A few figures spelled out, so the reference itself is pinned.
	for _, tc := range []struct {
		set  func(*Candidate)
		want []pm
	}{
		{func(c *Candidate) { c.FirstName = strings.Repeat("é", maxName) }, nil},
		{func(c *Candidate) { c.FirstName = strings.Repeat("é", maxName+1) }, one("firstName", "must be at most 256 characters, got 257")},
		{func(c *Candidate) { c.LastName = "Love\x00lace" }, one("lastName", msgNUL)},
		{func(c *Candidate) { c.LastName = "Love\xfflace" }, one("lastName", msgInvalidUTF8)},
		{func(c *Candidate) { c.EmailAddresses = []string{"ada@example"} }, one("emailAddresses[0]", msgEmail)},
		{func(c *Candidate) { c.EmailAddresses = []string{strings.Repeat("a", 243) + "@example.com"} }, one("emailAddresses[0]", "must be at most 254 characters, got 255")},
		{func(c *Candidate) { c.ExternalProfileURL = "ats.example.com/c" }, one("externalProfileUrl", msgAbsoluteHTTPURL)},
		{func(c *Candidate) { c.Key.ATSCandidateID = "C1&x=2" }, one("key.atsCandidateId", `must not contain "&" (ids may not contain control characters or any of &=[](),';#?)`)},
	} {
		c := validCandidate()
		tc.set(&c)
		sameAsReference(t, c)
		if got := problems(t, c.Validate()); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("problems = %v, want %v", got, tc.want)
		}
	}
}

// FuzzCandidateValidateReference checks Candidate.Validate against
// referenceCandidateValidate on candidates built from fuzzed strings in
// every string field and fuzzed list shapes.
func FuzzCandidateValidateReference(f *testing.F) {
	c := validCandidate()
	f.Add(string(c.Key.ATSCandidateID), string(c.Key.IntegrationContext), "31 Spooner St", "Quahog", "Acme", "Engineer",
		"ada@example.com", "b@c.de", c.ExternalProfileURL, "Ada", "Lovelace", "A", "Dr", "Jr",
		"https://www.linkedin.com/in/ada", "555-555-5555", "12", "", int64(c.ATSCreatedAt), int64(c.ATSLastModifiedAt), uint8(0xff))
	f.Add("C1&", "urn:li:person:1", "a\x00", "é", "\xff", "", "a@b", "@", "https://a.b:1/", "", "a b", "\u200b", "\x7f", "12345678",
		"http://uk.linkedin.com/pub/x", "", "x\x00", "urn:li:person:2", int64(0), int64(-1), uint8(0))
	f.Fuzz(func(t *testing.T, id, ictx, line1, city, company, title, email1, email2, extURL, first, last, middle, prefix, suffix,
		liURL, number, ext, member string, created, modified int64, shape uint8) {
		c := fuzzedCandidate(id, ictx, line1, city, company, title, email1, email2, extURL, first, last, middle, prefix, suffix,
			liURL, number, ext, member, created, modified, shape)
		sameAsReference(t, c)
	})
}

// fuzzedCandidate is the candidate the candidate fuzz targets build from
// their fuzzed arguments: every string field set from one of them, and
// shape's bits choosing the lists: 0-1 the e-mail count (0 to 3), 2-3 the
// addresses, 4-5 the phone numbers; bit 6 makes the e-mail list nil (bit 7
// is the target's own).
func fuzzedCandidate(id, ictx, line1, city, company, title, email1, email2, extURL, first, last, middle, prefix, suffix,
	liURL, number, ext, member string, created, modified int64, shape uint8) Candidate {
	c := Candidate{
		Key:                 CandidateKey{ATSCandidateID: id, IntegrationContext: URN(ictx)},
		ATSCreatedAt:        EpochMillis(created),
		ATSLastModifiedAt:   EpochMillis(modified),
		CurrentCompanyName:  company,
		CurrentJobTitle:     title,
		DoNotContact:        len(id)%2 == 1,
		ExternalProfileURL:  extURL,
		FirstName:           first,
		LastName:            last,
		MiddleInitial:       middle,
		Prefix:              prefix,
		Suffix:              suffix,
		LinkedInProfileURL:  liURL,
		ManualMatchedMember: URN(member),
	}
	emails := []string{email1, email2, email1 + email2}
	c.EmailAddresses = emails[:min(int(shape&3), len(emails))]
	for i := range int(shape >> 2 & 3) {
		c.Addresses = append(c.Addresses, Address{Line1: line1, City: city, Line2: title[:len(title)*i/3], PostalCode: number, Country: ext,
			GeographicArea: company, GeographicAreaType: last})
	}
	for range int(shape >> 4 & 3) {
		c.PhoneNumbers = append(c.PhoneNumbers, PhoneNumber{Number: number, Extension: ext})
	}
	if shape&0x40 != 0 {
		c.EmailAddresses = nil
	}
	return c
}
