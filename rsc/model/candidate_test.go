package model

import (
	"testing"
)

func validCandidate() Candidate {
	return Candidate{
		Key:                CandidateKey{IntegrationContext: OrganizationURN("1000"), ATSCandidateID: "C1"},
		ATSCreatedAt:       1484864187000,
		ATSLastModifiedAt:  1484864187000,
		EmailAddresses:     []string{"ada@example.com"},
		ExternalProfileURL: "https://ats.example.com/candidates/C1",
		FirstName:          "Ada",
		LastName:           "Lovelace",
		Addresses:          []Address{{Line1: "31 Spooner St", City: "Quahog"}},
		PhoneNumbers:       []PhoneNumber{{Number: "555-555-5555"}},
	}
}

func TestCandidateValidate(t *testing.T) {
	t.Parallel()
	runRules(t, validCandidate, []ruleCase[Candidate]{
		{"no key id", func(c *Candidate) { c.Key.ATSCandidateID = "" }, one("key.atsCandidateId", "required")},
		{"no key context", func(c *Candidate) { c.Key.IntegrationContext = "" }, one("key.integrationContext", "required")},
		{"person key context", func(c *Candidate) { c.Key.IntegrationContext = PersonURN("1") }, one("key.integrationContext", orgMsg)},
		{"no first name", func(c *Candidate) { c.FirstName = "" }, one("firstName", "required")},
		{"no created", func(c *Candidate) { c.ATSCreatedAt = 0 }, one("atsCreatedAt", "must be > 0")},
		{"negative created", func(c *Candidate) { c.ATSCreatedAt = -1 }, one("atsCreatedAt", "must be > 0")},
		{"no modified", func(c *Candidate) { c.ATSLastModifiedAt = 0 }, one("atsLastModifiedAt", "must be > 0")},
		{"modified before created", func(c *Candidate) { c.ATSLastModifiedAt = c.ATSCreatedAt - 1 }, one("atsLastModifiedAt", "must be >= atsCreatedAt")},
		{"modified after created", func(c *Candidate) { c.ATSLastModifiedAt = c.ATSCreatedAt + 1 }, nil},
		{"no profile url", func(c *Candidate) { c.ExternalProfileURL = "" }, one("externalProfileUrl", "required")},
		{"no email", func(c *Candidate) { c.EmailAddresses = nil }, one("emailAddresses", "required unless manualMatchedMember is set")},
		{"empty email list", func(c *Candidate) { c.EmailAddresses = []string{} }, one("emailAddresses", "required unless manualMatchedMember is set")},
		{"no email but matched", func(c *Candidate) { c.EmailAddresses = nil; c.ManualMatchedMember = PersonURN("p1") }, nil},
		{"bad email", func(c *Candidate) { c.EmailAddresses = []string{"ada@example.com", "ada-at-example"} }, one("emailAddresses[1]", "must look like X@X.X")},
		{"empty email entry", func(c *Candidate) { c.EmailAddresses = []string{""} }, one("emailAddresses[0]", "must look like X@X.X")},
		{"matched to seat", func(c *Candidate) { c.ManualMatchedMember = SeatURN("1") }, one("manualMatchedMember", "must be a person URN (urn:li:person:{id})")},
		{"malformed match", func(c *Candidate) { c.ManualMatchedMember = "person:1" }, one("manualMatchedMember", "must be a person URN (urn:li:person:{id})")},
		{"phone without number", func(c *Candidate) { c.PhoneNumbers = []PhoneNumber{{Number: "1"}, {Extension: "12"}} }, one("phoneNumbers[1].number", "required")},
		{"no addresses or phones", func(c *Candidate) { c.Addresses = nil; c.PhoneNumbers = nil }, nil},
		{"NUL in last name", func(c *Candidate) { c.LastName = "Love\x00lace" }, one("lastName", "must not contain NUL bytes")},
		{"bad UTF-8 in city", func(c *Candidate) { c.Addresses[0].City = "Qu\xe1hog" }, one("addresses[0].city", "must be valid UTF-8")},
		{"bad UTF-8 in title", func(c *Candidate) { c.CurrentJobTitle = "\xff" }, one("currentJobTitle", "must be valid UTF-8")},
		{"NUL in email", func(c *Candidate) { c.EmailAddresses = []string{"a@b.c\x00"} }, one("emailAddresses[0]", "must not contain NUL bytes")},
		{"NUL in extension", func(c *Candidate) { c.PhoneNumbers[0].Extension = "\x00" }, one("phoneNumbers[0].extension", "must not contain NUL bytes")},
		{"everything missing", func(c *Candidate) { *c = Candidate{} }, []pm{
			{"key.atsCandidateId", "required"}, {"key.integrationContext", "required"},
			{"atsCreatedAt", "must be > 0"}, {"atsLastModifiedAt", "must be > 0"},
			{"emailAddresses", "required unless manualMatchedMember is set"},
			{"externalProfileUrl", "required"}, {"firstName", "required"},
		}},
	})
}

func TestCandidateValidateRecord(t *testing.T) {
	t.Parallel()
	c := validCandidate()
	c.FirstName = ""
	err := c.Validate().(*ValidationError)
	if got, want := err.Errors[0].Record, "atsCandidateId=C1 integrationContext=urn:li:organization:1000"; got != want {
		t.Errorf("Record = %q, want %q", got, want)
	}
}

func validCandidateNote() CandidateNote {
	return CandidateNote{
		Key:          CandidateNoteKey{Candidate: CandidateKey{IntegrationContext: OrganizationURN("1000"), ATSCandidateID: "C1"}, NoteID: "CAND_NOTE123"},
		ATSCreatedAt: 1484864187000,
		Note:         "Lorem Ipsum.",
		Author:       &Actor{FirstName: "Angela", LastName: "Smith"},
	}
}

func TestCandidateNoteValidate(t *testing.T) {
	t.Parallel()
	runRules(t, validCandidateNote, []ruleCase[CandidateNote]{
		{"only key", func(n *CandidateNote) { *n = CandidateNote{Key: n.Key} }, nil},
		{"no note id", func(n *CandidateNote) { n.Key.NoteID = "" }, one("key.noteId", "required")},
		{"no candidate id", func(n *CandidateNote) { n.Key.Candidate.ATSCandidateID = "" }, one("key.candidate.atsCandidateId", "required")},
		{"negative created", func(n *CandidateNote) { n.ATSCreatedAt = -1 }, one("atsCreatedAt", "must not be negative")},
		{"author without first name", func(n *CandidateNote) { n.Author.FirstName = "" }, one("author.firstName", "required")},
		{"author without names", func(n *CandidateNote) { n.Author = &Actor{} }, []pm{{"author.firstName", "required"}, {"author.lastName", "required"}}},
		{"NUL in note", func(n *CandidateNote) { n.Note = "a\x00" }, one("note", "must not contain NUL bytes")},
	})
}
