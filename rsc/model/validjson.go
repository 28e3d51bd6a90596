package model

import "strconv"

// This file validates a Candidate and writes its JSON in one walk, for
// the send path of a batch, which otherwise reads every record twice
// (Validate, then AppendJSON). It states no rule of its own: each field
// is checked only with the one-pass test Validate itself takes as proof
// that the field is valid (sureText, sureID, sureEmail, sureHTTPURL,
// plainURNOfType, validTimestamps, lacksEmail), and whatever those tests
// cannot vouch for is left to Validate.

// AppendValidJSON appends c's JSON encoding to b, byte for byte as
// AppendJSON(b, names) writes it, and reports ok, when the quick tests
// Validate starts each field with show that c is valid (Validate would
// return nil). It reads each field once for both: a text that is
// printable ASCII without " \ < > & is known valid and needing no escape
// in one pass, and copied as it is.
//
// When ok is false, out is b (bytes past its length may have been
// written) and nothing is known: c may be invalid, or valid in a way the
// quick tests do not cover (non-ASCII text, a URL to parse, any
// LinkedInProfileURL). Call Validate for its problems, and AppendJSON
// for its body if it has none. It panics if names were built for
// another type, as AppendJSON does.
func (c *Candidate) AppendValidJSON(b []byte, names *JSONNames) (out []byte, ok bool) {
	q := names.ofCandidate()
	// The checks of what is not written as a string of its own: the key
	// (not part of the body), the timestamps, whether an e-mail address
	// is needed, and linkedInProfileUrl, which Validate always parses.
	if !sureID(c.Key.ATSCandidateID) || !plainURNOfType(string(c.Key.IntegrationContext), URNTypeOrganization) ||
		!validTimestamps(c.ATSCreatedAt, c.ATSLastModifiedAt) || c.lacksEmail() || c.LinkedInProfileURL != "" {
		return b, false
	}
	w := openChecked(b)
	w = w.member(q[cAddresses])
	w.b = append(w.b, '[')
	for i := range c.Addresses {
		a := &c.Addresses[i]
		if i > 0 {
			w.b = append(w.b, ',')
		}
		aw := w.nested()
		aw = aw.text(`"line1":`, a.Line1, maxShort, false)
		aw = aw.text(`"line2":`, a.Line2, maxShort, false)
		aw = aw.text(`"city":`, a.City, maxShort, false)
		aw = aw.text(`"geographicArea":`, a.GeographicArea, maxShort, false)
		aw = aw.text(`"geographicAreaType":`, a.GeographicAreaType, maxShort, false)
		aw = aw.text(`"postalCode":`, a.PostalCode, maxShort, false)
		aw = aw.text(`"country":`, a.Country, maxShort, false)
		w = w.closeNested(aw)
	}
	w.b = append(w.b, ']')
	w = w.member(q[cATSCreatedAt])
	w.b = strconv.AppendInt(w.b, int64(c.ATSCreatedAt), 10)
	w = w.member(q[cATSLastModifiedAt])
	w.b = strconv.AppendInt(w.b, int64(c.ATSLastModifiedAt), 10)
	w = w.text(q[cCurrentCompanyName], c.CurrentCompanyName, maxShort, false)
	w = w.text(q[cCurrentJobTitle], c.CurrentJobTitle, maxShort, false)
	if c.DoNotContact {
		w = w.member(q[cDoNotContact])
		w.b = append(w.b, "true"...)
	}
	w = w.member(q[cEmailAddresses])
	w.b = append(w.b, '[')
	for i, e := range c.EmailAddresses {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		w = w.value(e, sureEmail(e))
	}
	w.b = append(w.b, ']')
	w = w.member(q[cExternalProfileURL])
	w = w.httpURL(c.ExternalProfileURL)
	w = w.text(q[cFirstName], c.FirstName, maxName, true)
	w = w.text(q[cLastName], c.LastName, maxName, false)
	w = w.text(q[cMiddleInitial], c.MiddleInitial, maxName, false)
	w = w.text(q[cPrefix], c.Prefix, maxName, false)
	w = w.text(q[cSuffix], c.Suffix, maxName, false)
	// linkedInProfileUrl is empty (checked above): omitted.
	w = w.member(q[cPhoneNumbers])
	w.b = append(w.b, '[')
	for i := range c.PhoneNumbers {
		p := &c.PhoneNumbers[i]
		if i > 0 {
			w.b = append(w.b, ',')
		}
		pw := w.nested()
		pw = pw.text(`"number":`, p.Number, maxShort, true)
		pw = pw.text(`"extension":`, p.Extension, maxShort, false)
		w = w.closeNested(pw)
	}
	w.b = append(w.b, ']')
	if m := string(c.ManualMatchedMember); m != "" {
		w = w.member(q[cManualMatchedMember])
		w = w.value(m, plainURNOfType(m, URNTypePerson))
	}
	if w.unsure {
		return b, false
	}
	return w.close(), true
}

// checkedObject is a jsonObject whose strings are checked as they are
// written, each with the quick test Validate takes as proof that its
// field is valid. unsure records that a test did not pass (the field may
// be valid or not): the object is then to be thrown away. It is passed
// by value, as jsonObject is, and holds jsonObject's fields rather than
// one: the flag fits in the same word as first, and a struct of more than
// four words is kept in memory instead of registers (with jsonObject
// embedded, the record took three times as long as AppendJSON).
type checkedObject struct {
	b             []byte
	first, unsure bool
}

// openChecked starts a checked object at the end of b.
func openChecked(b []byte) checkedObject {
	return checkedObject{b: append(b, '{'), first: true}
}

// member starts a member whose name is already quoted, with its colon,
// as jsonObject.member does.
func (w checkedObject) member(quoted string) checkedObject {
	o := jsonObject{b: w.b, first: w.first}.member(quoted)
	w.b, w.first = o.b, o.first
	return w
}

// close ends the object and returns its buffer.
func (w checkedObject) close() []byte { return append(w.b, '}') }

// text writes a text member of at most n characters; omitted when empty
// unless required (then an empty one is unsure). A text is sure when
// sureText passes; plainJSONString is stricter than sureText's
// asciiWithoutNUL (printable ASCII but " \ < > &, every byte of which is
// ASCII but NUL), so a text it passes is sure, and copied without another
// look. Any other sure text is escaped.
func (w checkedObject) text(quoted, s string, n int, required bool) checkedObject {
	if s == "" {
		w.unsure = w.unsure || required
		return w
	}
	return w.nonEmptyText(quoted, s, n)
}

// nonEmptyText is text of a string that is not empty (text is small
// enough to be inlined, and most optional fields are empty).
func (w checkedObject) nonEmptyText(quoted, s string, n int) checkedObject {
	switch {
	case len(s) <= n && plainJSONString(s):
		w = w.member(quoted)
		w.b = append(w.b, '"')
		w.b = append(w.b, s...)
		w.b = append(w.b, '"')
	case sureText(s, n):
		w = w.member(quoted)
		w.b = appendString(w.b, s)
	default:
		w.unsure = true
	}
	return w
}

// httpURL writes s, an http or https URL, as a JSON string where a member
// or an array element is due: sure when sureHTTPURL passes. As in text,
// plainJSONString in place of sureHTTPURL's sureText shows both that
// part and that s needs no escape.
func (w checkedObject) httpURL(s string) checkedObject {
	switch {
	case len(s) <= maxURL && plainJSONString(s) && plainHTTPURL(s):
		w.b = append(w.b, '"')
		w.b = append(w.b, s...)
		w.b = append(w.b, '"')
	case sureHTTPURL(s):
		w.b = appendString(w.b, s)
	default:
		w.unsure = true
	}
	return w
}

// value writes s as a JSON string, where a member or an array element is
// due, if sure (its field's quick test passed); otherwise w is unsure.
func (w checkedObject) value(s string, sure bool) checkedObject {
	if !sure {
		w.unsure = true
		return w
	}
	w.b = appendString(w.b, s)
	return w
}

// nested opens an object in w's buffer, as the value of a member or an
// element of an array of w.
func (w checkedObject) nested() checkedObject {
	n := openChecked(w.b)
	n.unsure = w.unsure
	return n
}

// closeNested closes n, opened by w.nested, and carries its buffer and
// unsureness back to w.
func (w checkedObject) closeNested(n checkedObject) checkedObject {
	w.b, w.unsure = n.close(), n.unsure
	return w
}
