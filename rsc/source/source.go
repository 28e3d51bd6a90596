package source

import (
	"errors"
	"fmt"
	"strings"
)

// Tag is the tag every exported candidate gets.
const Tag = "Imported: LinkedIn Recruiter"

// SourceTypeActiveSearch is the type of the sources Decide creates.
const SourceTypeActiveSearch = "Active search"

// sourceNameSuffix ends the name of a created source.
const sourceNameSuffix = " (LinkedIn Recruiter)"

// ErrAlreadyInPosition is returned (wrapped) by [Decide] when the candidate already has
// a hiring process for the target position: a candidate cannot be considered for the
// same position twice, so the export fails and nothing is created.
var ErrAlreadyInPosition = errors.New("candidate is already in a hiring process for this position")

// ErrInvalidInput is returned (wrapped) by [Decide] when the input lacks what the rules
// need: the target position. (A recruiter without ATS email or name is not an error:
// the plan then has no source, see [Plan.Unattributed].)
var ErrInvalidInput = errors.New("invalid export input")

// Exporter is the recruiter who exported the candidate from LinkedIn Recruiter, as the
// ATS knows them.
type Exporter struct {
	FirstName string
	LastName  string
	// ATSEmail is the recruiter's email address in the ATS. Source contacts and users
	// are looked up by it.
	ATSEmail string
	// LinkedInEmail is the recruiter's email at LinkedIn. The rules never use it; it is
	// here so callers do not pass it as ATSEmail by mistake.
	LinkedInEmail string
}

// Contact is an existing source contact of the ATS.
type Contact struct {
	ID    string
	Email string
	// SourceID is the source the contact is linked to, or "" when none.
	SourceID  string
	FirstName string
	LastName  string
}

// User is an ATS user.
type User struct {
	ID    string
	Email string
}

// Candidate is the existing ATS candidate the exported member was matched to
// (exactly: same member, profile URL or email) and its hiring processes.
type Candidate struct {
	ID string
	// Positions holds the position of each of its hiring processes.
	Positions []string
}

// Similar is an existing candidate with similar but not identical details, found by
// the caller (for example with matching.Index).
type Similar struct {
	CandidateID string
	Score       float64
}

// Input is everything [Decide] needs about one export.
type Input struct {
	Exporter Exporter
	// Contacts are the ATS's existing source contacts.
	Contacts []Contact
	// Users are the ATS's users.
	Users []User
	// Candidate is the matched existing candidate, or nil when the export is new.
	Candidate *Candidate
	// Position is the ATS position the candidate is exported to (required).
	Position string
	// Similar are possible duplicates found by the caller.
	Similar []Similar
}

// NewContact is a source contact to create.
type NewContact struct {
	FirstName string
	LastName  string
	Email     string
	// UserID is the ATS user the contact is linked to: the user with the contact's
	// email, or "" when there is none.
	UserID string
}

// NewSource is a source to create.
type NewSource struct {
	Name string
	Type string
}

// Plan is what the ATS should do for one export. A zero Plan does nothing.
type Plan struct {
	// CreateCandidate is true when a new candidate is created; otherwise CandidateID
	// is the existing candidate that gets the new hiring process.
	CreateCandidate bool
	CandidateID     string
	// ContactID is the existing source contact to use, or "" when NewContact is set.
	ContactID  string
	NewContact *NewContact
	// SourceID is the existing source to use, or "" when NewSource is set. A new
	// source belongs to the contact (ContactID or NewContact).
	SourceID  string
	NewSource *NewSource
	// Tags are added to the candidate.
	Tags []string
	// HiringProcesses are the positions to open a hiring process for, attributed to
	// the source above.
	HiringProcesses []string
	// PossibleDuplicates are candidates to show a "Possible duplicate" alert for;
	// they are never merged.
	PossibleDuplicates []string
	// Unattributed, when set, says why the plan has no source contact and no
	// source (the recruiter has no ATS email or no name): the candidate and its
	// hiring processes are still created, without source attribution. Show it
	// to an admin, who can bind the recruiter's seat to an ATS user.
	Unattributed string
}

// Decide applies the source-attribution and duplicate rules of LinkedIn Recruiter
// exports (as Comeet documents them):
//
//  1. The source contact is the existing contact whose email is the recruiter's
//     ATS email (not their LinkedIn email), compared case-insensitively.
//  2. If that contact is linked to a source, the candidate gets that source.
//  3. If it is not, a source is created from the contact's details.
//  4. If no contact has that email, a contact is created from the recruiter's first
//     name, last name and ATS email,
//  5. linked to the ATS user with that email when one exists,
//  6. and a source "<First Last> (LinkedIn Recruiter)" of type "Active search" is
//     created for it.
//  7. The candidate is tagged "Imported: LinkedIn Recruiter".
//  8. Each position gets its own hiring process.
//  9. A candidate exported again (an existing candidate) gets a new hiring process,
//     not a second record.
//  10. If it is already in a hiring process for that position, Decide returns
//     ErrAlreadyInPosition and a plan that creates nothing.
//  11. Similar but not identical candidates get a possible-duplicate alert.
//  12. Without the recruiter's ATS email (a seat no ATS user is bound to), or
//     without a name for a new contact, the candidate and hiring process are
//     still created, without source (Plan.Unattributed says why): the LinkedIn
//     email is never used instead.
//
// Decide does no I/O: the caller loads the input and applies the plan.
func Decide(in Input) (Plan, error) {
	if strings.TrimSpace(in.Position) == "" {
		return Plan{}, fmt.Errorf("rsc: source: no target position: %w", ErrInvalidInput)
	}
	var p Plan
	if c := in.Candidate; c != nil {
		for _, pos := range c.Positions {
			if pos == in.Position {
				return Plan{}, fmt.Errorf("rsc: source: candidate %s, position %s: %w", c.ID, in.Position, ErrAlreadyInPosition)
			}
		}
		p.CandidateID = c.ID
	} else {
		p.CreateCandidate = true
	}

	p.Tags = []string{Tag}
	p.HiringProcesses = []string{in.Position}
	for _, s := range in.Similar {
		if s.CandidateID != "" && s.CandidateID != p.CandidateID && !contains(p.PossibleDuplicates, s.CandidateID) {
			p.PossibleDuplicates = append(p.PossibleDuplicates, s.CandidateID)
		}
	}

	email := normEmail(in.Exporter.ATSEmail)
	first, last := strings.TrimSpace(in.Exporter.FirstName), strings.TrimSpace(in.Exporter.LastName)
	if email == "" {
		p.Unattributed = "the recruiter has no ATS email (a Recruiter seat no ATS user is bound to)"
		return p, nil
	}
	if contact, ok := findContact(in.Contacts, email); ok {
		p.ContactID = contact.ID
		switch {
		case contact.SourceID != "":
			p.SourceID = contact.SourceID
		case strings.TrimSpace(contact.FirstName+contact.LastName) != "":
			p.NewSource = newSource(contact.FirstName, contact.LastName)
		case first != "" || last != "":
			p.NewSource = newSource(first, last)
		default:
			p.ContactID = ""
			p.Unattributed = fmt.Sprintf("the recruiter %s and their source contact %s have no name for a new source", email, contact.ID)
		}
	} else {
		if first == "" && last == "" {
			p.Unattributed = fmt.Sprintf("the recruiter %s has no name for a new source contact", email)
			return p, nil
		}
		p.NewContact = &NewContact{FirstName: first, LastName: last, Email: strings.TrimSpace(in.Exporter.ATSEmail)}
		for _, u := range in.Users {
			if normEmail(u.Email) == email {
				p.NewContact.UserID = u.ID
				break
			}
		}
		p.NewSource = newSource(first, last)
	}
	return p, nil
}

// SourceName returns the name of the source created for a recruiter:
// "<First Last> (LinkedIn Recruiter)".
func SourceName(firstName, lastName string) string {
	return strings.Join(strings.Fields(firstName+" "+lastName), " ") + sourceNameSuffix
}

func newSource(first, last string) *NewSource {
	return &NewSource{Name: SourceName(first, last), Type: SourceTypeActiveSearch}
}

func findContact(cs []Contact, email string) (Contact, bool) {
	for _, c := range cs {
		if normEmail(c.Email) == email {
			return c, true
		}
	}
	return Contact{}, false
}

func normEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
