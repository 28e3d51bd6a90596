package model

// Address is a postal address of a candidate.
type Address struct {
	Line1          string `json:"line1,omitempty"`
	Line2          string `json:"line2,omitempty"`
	City           string `json:"city,omitempty"`
	GeographicArea string `json:"geographicArea,omitempty"`
	// GeographicAreaType is the kind of GeographicArea; "STATE" is the observed value.
	GeographicAreaType string `json:"geographicAreaType,omitempty"`
	PostalCode         string `json:"postalCode,omitempty"`
	Country            string `json:"country,omitempty"`
}

func (a Address) check(c *checker) {
	if plainTexts(maxShort, a.Line1, a.Line2, a.City, a.GeographicArea, a.GeographicAreaType, a.PostalCode, a.Country) {
		return
	}
	c.textMax("line1", a.Line1, maxShort)
	c.textMax("line2", a.Line2, maxShort)
	c.textMax("city", a.City, maxShort)
	c.textMax("geographicArea", a.GeographicArea, maxShort)
	c.textMax("geographicAreaType", a.GeographicAreaType, maxShort)
	c.textMax("postalCode", a.PostalCode, maxShort)
	c.textMax("country", a.Country, maxShort)
}

// PhoneNumber is a phone number of a candidate.
type PhoneNumber struct {
	Number    string `json:"number"`
	Extension string `json:"extension,omitempty"`
}

// Candidate is a candidate synced to LinkedIn (atsCandidates, batch_update). The
// update replaces the whole record: omitted fields become null.
type Candidate struct {
	Key CandidateKey `json:"-"`
	// Addresses is required but may be empty; it always encodes as an array.
	Addresses []Address `json:"addresses"`
	// ATSCreatedAt must be > 0.
	ATSCreatedAt EpochMillis `json:"atsCreatedAt"`
	// ATSLastModifiedAt must be > 0 and >= ATSCreatedAt.
	ATSLastModifiedAt  EpochMillis `json:"atsLastModifiedAt"`
	CurrentCompanyName string      `json:"currentCompanyName,omitempty"`
	CurrentJobTitle    string      `json:"currentJobTitle,omitempty"`
	DoNotContact       bool        `json:"doNotContact,omitempty"`
	// EmailAddresses is required (X@X.X each) unless ManualMatchedMember is set; it
	// always encodes as an array.
	EmailAddresses []string `json:"emailAddresses"`
	// ExternalProfileURL links to the candidate in the ATS (required).
	ExternalProfileURL string `json:"externalProfileUrl"`
	// FirstName is required.
	FirstName          string `json:"firstName"`
	LastName           string `json:"lastName,omitempty"`
	MiddleInitial      string `json:"middleInitial,omitempty"`
	Prefix             string `json:"prefix,omitempty"`
	Suffix             string `json:"suffix,omitempty"`
	LinkedInProfileURL string `json:"linkedInProfileUrl,omitempty"`
	// PhoneNumbers is required but may be empty; it always encodes as an array.
	PhoneNumbers []PhoneNumber `json:"phoneNumbers"`
	// ManualMatchedMember is the member (person URN) the candidate is linked to.
	ManualMatchedMember URN `json:"manualMatchedMember,omitempty"`
}

// MarshalJSON encodes c; addresses, phoneNumbers and emailAddresses are always arrays
// ([] when nil) because LinkedIn requires them to be present.
func (c Candidate) MarshalJSON() ([]byte, error) {
	return c.AppendJSON(make([]byte, 0, 512), nil), nil
}

// Validate applies the RSC candidate rules.
func (c Candidate) Validate() error {
	var ck checker
	c.Key.check(&ck, "key.")
	for i, a := range c.Addresses {
		old := ck.enter("addresses", i)
		a.check(&ck)
		ck.leave(old)
	}
	ck.timestamps(c.ATSCreatedAt, c.ATSLastModifiedAt)
	if !plainTexts(maxShort, c.CurrentCompanyName, c.CurrentJobTitle) {
		ck.textMax("currentCompanyName", c.CurrentCompanyName, maxShort)
		ck.textMax("currentJobTitle", c.CurrentJobTitle, maxShort)
	}
	if c.lacksEmail() {
		ck.add("emailAddresses", msgEmailUnlessPURN)
	}
	for i, e := range c.EmailAddresses {
		old := ck.enter("emailAddresses", i)
		ck.email("", e)
		ck.leave(old)
	}
	ck.httpURL("externalProfileUrl", c.ExternalProfileURL, true)
	if c.FirstName == "" || !plainTexts(maxName, c.FirstName, c.LastName, c.MiddleInitial, c.Prefix, c.Suffix) {
		ck.requiredMax("firstName", c.FirstName, maxName)
		ck.textMax("lastName", c.LastName, maxName)
		ck.textMax("middleInitial", c.MiddleInitial, maxName)
		ck.textMax("prefix", c.Prefix, maxName)
		ck.textMax("suffix", c.Suffix, maxName)
	}
	ck.linkedInProfileURL("linkedInProfileUrl", c.LinkedInProfileURL)
	for i, p := range c.PhoneNumbers {
		old := ck.enter("phoneNumbers", i)
		if p.Number == "" || !plainTexts(maxShort, p.Number, p.Extension) {
			ck.requiredMax("number", p.Number, maxShort)
			ck.textMax("extension", p.Extension, maxShort)
		}
		ck.leave(old)
	}
	ck.urn("manualMatchedMember", c.ManualMatchedMember, URNTypePerson, false)
	return ck.result(c.Key.String)
}

// lacksEmail reports whether c has no e-mail address though it needs
// one: when it is not matched to a member by hand.
func (c *Candidate) lacksEmail() bool {
	return len(c.EmailAddresses) == 0 && c.ManualMatchedMember == ""
}

// Actor names the author of a note or the interviewer of a feedback entry. Both names
// are required when an Actor is sent.
type Actor struct {
	FirstName string `json:"firstName"`
	LastName  string `json:"lastName"`
}

// CandidateNote is a note on a synced candidate (atsCandidates/{key}/notes). All
// fields are optional.
type CandidateNote struct {
	Key          CandidateNoteKey `json:"-"`
	ATSCreatedAt EpochMillis      `json:"atsCreatedAt,omitzero"`
	Note         string           `json:"note,omitempty"`
	Author       *Actor           `json:"author,omitempty"`
}

// checkNote applies the note rules shared by candidate and application notes.
func checkNote(c *checker, created EpochMillis, note string, author *Actor) {
	if created < 0 {
		c.add("atsCreatedAt", msgNotNegative)
	}
	c.textMax("note", note, maxNote)
	c.actor("author.", author)
}

// Validate checks the key (paths "key.candidate.*", "key.noteId"), that atsCreatedAt
// is not negative and that an author has both names.
func (n CandidateNote) Validate() error {
	var c checker
	n.Key.check(&c)
	checkNote(&c, n.ATSCreatedAt, n.Note, n.Author)
	return c.result(n.Key.String)
}
