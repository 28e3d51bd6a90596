package source

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestDecide(t *testing.T) {
	t.Parallel()
	rec := Exporter{FirstName: "John", LastName: "Smith", ATSEmail: "john.smith@ats.example", LinkedInEmail: "jsmith@linkedin.example"}
	tags := []string{"Imported: LinkedIn Recruiter"}
	tests := []struct {
		rule string
		in   Input
		want Plan
		err  error
	}{
		{
			rule: "an existing source contact with the recruiter's ATS email is used (case-insensitive)",
			in:   Input{Exporter: rec, Contacts: []Contact{{ID: "K0", Email: "other@ats.example", SourceID: "S0"}, {ID: "K1", Email: " John.Smith@ATS.example", SourceID: "S1"}}, Position: "P1"},
			want: Plan{CreateCandidate: true, ContactID: "K1", SourceID: "S1", Tags: tags, HiringProcesses: []string{"P1"}},
		},
		{
			rule: "the LinkedIn email of the recruiter is not used to find the contact",
			in:   Input{Exporter: rec, Contacts: []Contact{{ID: "K1", Email: "jsmith@linkedin.example", SourceID: "S1"}}, Position: "P1"},
			want: Plan{CreateCandidate: true, NewContact: &NewContact{FirstName: "John", LastName: "Smith", Email: "john.smith@ats.example"},
				NewSource: &NewSource{Name: "John Smith (LinkedIn Recruiter)", Type: "Active search"}, Tags: tags, HiringProcesses: []string{"P1"}},
		},
		{
			rule: "a contact linked to a source connects the candidate to that source",
			in:   Input{Exporter: rec, Contacts: []Contact{{ID: "K1", Email: rec.ATSEmail, SourceID: "S9"}}, Position: "P1"},
			want: Plan{CreateCandidate: true, ContactID: "K1", SourceID: "S9", Tags: tags, HiringProcesses: []string{"P1"}},
		},
		{
			rule: "a contact without a source gets a new source from the contact's details",
			in:   Input{Exporter: rec, Contacts: []Contact{{ID: "K1", Email: rec.ATSEmail, FirstName: "Johnny", LastName: "Smith"}}, Position: "P1"},
			want: Plan{CreateCandidate: true, ContactID: "K1", NewSource: &NewSource{Name: "Johnny Smith (LinkedIn Recruiter)", Type: "Active search"}, Tags: tags, HiringProcesses: []string{"P1"}},
		},
		{
			rule: "no contact: a contact is created from the recruiter's first name, last name and ATS email",
			in:   Input{Exporter: rec, Position: "P1"},
			want: Plan{CreateCandidate: true, NewContact: &NewContact{FirstName: "John", LastName: "Smith", Email: "john.smith@ats.example"},
				NewSource: &NewSource{Name: "John Smith (LinkedIn Recruiter)", Type: "Active search"}, Tags: tags, HiringProcesses: []string{"P1"}},
		},
		{
			rule: "the new contact is linked to the ATS user with that email",
			in:   Input{Exporter: rec, Users: []User{{ID: "U1", Email: "someone@ats.example"}, {ID: "U2", Email: "JOHN.SMITH@ats.example"}}, Position: "P1"},
			want: Plan{CreateCandidate: true, NewContact: &NewContact{FirstName: "John", LastName: "Smith", Email: "john.smith@ats.example", UserID: "U2"},
				NewSource: &NewSource{Name: "John Smith (LinkedIn Recruiter)", Type: "Active search"}, Tags: tags, HiringProcesses: []string{"P1"}},
		},
		{
			rule: "the new source is named '<First Last> (LinkedIn Recruiter)' with type 'Active search'",
			in:   Input{Exporter: Exporter{FirstName: " Ana ", LastName: "de la Cruz", ATSEmail: "ana@ats.example"}, Position: "P1"},
			want: Plan{CreateCandidate: true, NewContact: &NewContact{FirstName: "Ana", LastName: "de la Cruz", Email: "ana@ats.example"},
				NewSource: &NewSource{Name: "Ana de la Cruz (LinkedIn Recruiter)", Type: "Active search"}, Tags: tags, HiringProcesses: []string{"P1"}},
		},
		{
			rule: "an existing candidate exported to another position gets a new hiring process, not a new candidate",
			in:   Input{Exporter: rec, Contacts: []Contact{{ID: "K1", Email: rec.ATSEmail, SourceID: "S1"}}, Candidate: &Candidate{ID: "C1", Positions: []string{"P0"}}, Position: "P1"},
			want: Plan{CandidateID: "C1", ContactID: "K1", SourceID: "S1", Tags: tags, HiringProcesses: []string{"P1"}},
		},
		{
			rule: "an export to a position the candidate is already in fails and creates nothing",
			in:   Input{Exporter: rec, Candidate: &Candidate{ID: "C1", Positions: []string{"P0", "P1"}}, Position: "P1"},
			err:  ErrAlreadyInPosition,
		},
		{
			rule: "similar but not identical candidates raise a possible-duplicate alert",
			in: Input{Exporter: rec, Contacts: []Contact{{ID: "K1", Email: rec.ATSEmail, SourceID: "S1"}}, Position: "P1",
				Similar: []Similar{{CandidateID: "C7", Score: 0.8}, {CandidateID: "C8", Score: 0.9}, {CandidateID: "C7", Score: 0.8}}},
			want: Plan{CreateCandidate: true, ContactID: "K1", SourceID: "S1", Tags: tags, HiringProcesses: []string{"P1"}, PossibleDuplicates: []string{"C7", "C8"}},
		},
		{
			rule: "the matched candidate itself is not its own possible duplicate",
			in: Input{Exporter: rec, Contacts: []Contact{{ID: "K1", Email: rec.ATSEmail, SourceID: "S1"}}, Candidate: &Candidate{ID: "C1"}, Position: "P2",
				Similar: []Similar{{CandidateID: "C1"}, {CandidateID: "C2"}}},
			want: Plan{CandidateID: "C1", ContactID: "K1", SourceID: "S1", Tags: tags, HiringProcesses: []string{"P2"}, PossibleDuplicates: []string{"C2"}},
		},
		{rule: "a target position is required", in: Input{Exporter: rec}, err: ErrInvalidInput},
		{
			rule: "without the recruiter's ATS email (a seat no ATS user is bound to) the candidate comes without source, never from the LinkedIn email",
			in:   Input{Exporter: Exporter{FirstName: "J", LinkedInEmail: "j@l.example"}, Contacts: []Contact{{ID: "K1", Email: "j@l.example", SourceID: "S1"}}, Position: "P1"},
			want: Plan{CreateCandidate: true, Tags: tags, HiringProcesses: []string{"P1"}, Unattributed: "the recruiter has no ATS email (a Recruiter seat no ATS user is bound to)"},
		},
		{
			rule: "a new contact needs the recruiter's name: without it, no source",
			in:   Input{Exporter: Exporter{ATSEmail: "j@ats.example"}, Position: "P1"},
			want: Plan{CreateCandidate: true, Tags: tags, HiringProcesses: []string{"P1"}, Unattributed: "the recruiter j@ats.example has no name for a new source contact"},
		},
		{
			rule: "a contact without names and without a source: the new source takes the recruiter's name",
			in:   Input{Exporter: rec, Contacts: []Contact{{ID: "K1", Email: rec.ATSEmail}}, Position: "P1"},
			want: Plan{CreateCandidate: true, ContactID: "K1", NewSource: &NewSource{Name: "John Smith (LinkedIn Recruiter)", Type: "Active search"}, Tags: tags, HiringProcesses: []string{"P1"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			t.Parallel()
			got, err := Decide(tt.in)
			if !errors.Is(err, tt.err) || (err == nil) != (tt.err == nil) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("plan =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

func TestErrAlreadyInPositionMessage(t *testing.T) {
	t.Parallel()
	_, err := Decide(Input{Exporter: Exporter{ATSEmail: "a@b.c", FirstName: "A"}, Candidate: &Candidate{ID: "C1", Positions: []string{"P1"}}, Position: "P1"})
	if err == nil || !strings.Contains(err.Error(), "C1") || !strings.Contains(err.Error(), "P1") || !strings.Contains(err.Error(), "already in a hiring process") {
		t.Errorf("error %v does not name the candidate, position and reason", err)
	}
}

func TestSourceName(t *testing.T) {
	t.Parallel()
	if got := SourceName("John", "Smith"); got != "John Smith (LinkedIn Recruiter)" {
		t.Errorf("SourceName = %q", got)
	}
	if got := SourceName("Cher", ""); got != "Cher (LinkedIn Recruiter)" {
		t.Errorf("SourceName = %q", got)
	}
}
