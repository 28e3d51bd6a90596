package rscsync_test

import (
	"strings"
	"testing"

	"github.com/rsckit/rsckit/internal/atsgen"
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// badRecord replaces one record of a dataset with a broken version and
// says which field the parking reason must name.
type badRecord struct {
	r       rscsync.Resource
	i       int
	breakIt func(model.Record) model.Record
	field   string
}

// TestBadRecordsAreParkedAndNothingElseIsLost backfills a dataset with one
// broken record of each kind (NUL bytes, invalid UTF-8, a bad email, a
// missing field, a forbidden stage name, an over-long title, a seat URN as
// ACL assignee...). Each broken record is parked with a reason naming its
// field; every other record reaches LinkedIn intact. Then records already
// at LinkedIn are broken by the host: they are parked and LinkedIn keeps
// their last good version; fixing them unparks and sends them.
func TestBadRecordsAreParkedAndNothingElseIsLost(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	d := atsgen.Generate(81, 40, genNow)
	bad := []badRecord{
		{rscsync.Candidates, 0, func(v model.Record) model.Record {
			c := v.(model.Candidate)
			c.FirstName = "Ada\x00"
			return c
		}, "firstName"},
		{rscsync.Candidates, 1, func(v model.Record) model.Record {
			c := v.(model.Candidate)
			c.LastName = "Love\xfflace"
			return c
		}, "lastName"},
		{rscsync.Candidates, 2, func(v model.Record) model.Record {
			c := v.(model.Candidate)
			c.EmailAddresses = []string{"ada@", "ok@example.com"}
			return c
		}, "emailAddresses[0]"},
		{rscsync.Candidates, 3, func(v model.Record) model.Record {
			c := v.(model.Candidate)
			c.ManualMatchedMember = "urn:li:company:1"
			return c
		}, "manualMatchedMember"},
		{rscsync.Applications, 0, func(v model.Record) model.Record {
			a := v.(model.Application)
			a.ATSJobPostingName = ""
			return a
		}, "atsJobPostingName"},
		{rscsync.Stages, 0, func(v model.Record) model.Record {
			s := v.(model.ApplicationStage)
			s.Stage = model.NotAvailableStage
			return s
		}, "stage"},
		{rscsync.Jobs, 0, func(v model.Record) model.Record {
			j := v.(model.JobPosting)
			j.Title = strings.Repeat("T", 201)
			return j
		}, "title"},
		{rscsync.Jobs, 1, func(v model.Record) model.Record {
			j := v.(model.JobPosting)
			j.Description = "Too short."
			return j
		}, "description"},
		{rscsync.InterviewFeedback, 0, func(v model.Record) model.Record {
			f := v.(model.InterviewFeedback)
			f.Interviewer = &model.Actor{FirstName: "Ivy"}
			return f
		}, "interviewer.lastName"},
		{rscsync.CandidateNotes, 0, func(v model.Record) model.Record {
			n := v.(model.CandidateNote)
			n.Note = "\xc3\x28"
			return n
		}, "note"},
		{rscsync.ACLAssignees, 0, nil, "assignee"}, // the Ref names a seat, not a person
	}
	broken := map[rscsync.Ref]string{}
	for _, b := range bad {
		rec := &d.Records[b.r][b.i]
		if b.breakIt != nil {
			rec.Value = b.breakIt(rec.Value)
		} else {
			rec.Ref.Parent = "urn:li:seat:77"
		}
		broken[rec.Ref] = b.field
	}
	e.seed(d)
	r := e.runner(t, rscsync.Config{Pull: rscsync.PullConfig{Disabled: true}})
	if err := r.SyncOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	checkParked := func(want map[rscsync.Ref]string) {
		t.Helper()
		parked := e.store.Parked(tenantID)
		if len(parked) != len(want) {
			t.Errorf("%d parked, want %d: %+v", len(parked), len(want), parked)
		}
		for _, p := range parked {
			field, ok := want[p.Ref]
			if !ok {
				t.Errorf("%s %v parked wrongly: %s", p.Resource, p.Ref, p.Reason)
				continue
			}
			if !strings.Contains(p.Reason, field) || p.Status != 0 {
				t.Errorf("%s %v parked with status %d, reason %q: want a local refusal naming %s", p.Resource, p.Ref, p.Status, p.Reason, field)
			}
		}
	}
	checkParked(broken)
	e.assertGoodAtLinkedIn(t, broken)

	// The host breaks records that LinkedIn already has.
	org := e.tenant.Organization
	victim := e.store.Records(tenantID, rscsync.Candidates)[10]
	before, ok := linkedInBody(e.srv, org, rscsync.Candidates, victim.Ref)
	if !ok {
		t.Fatal("fixture: the victim is not at LinkedIn")
	}
	vb := victim.Value.(model.Candidate)
	vb.FirstName = strings.Repeat("\x00", 3)
	e.store.Put(tenantID, rscsync.Candidates, rscsync.Record{Ref: victim.Ref, Value: vb})
	if err := r.SyncOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	broken[victim.Ref] = "firstName"
	checkParked(broken)
	if after, _ := linkedInBody(e.srv, org, rscsync.Candidates, victim.Ref); string(after) != string(before) {
		t.Errorf("LinkedIn's copy changed:\nbefore %s\nafter  %s", before, after)
	}

	// The host fixes it: sent and unparked.
	vb.FirstName = "Fixed"
	e.store.Put(tenantID, rscsync.Candidates, rscsync.Record{Ref: victim.Ref, Value: vb})
	if err := r.SyncOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	delete(broken, victim.Ref)
	checkParked(broken)
	e.assertGoodAtLinkedIn(t, broken)
}

// assertGoodAtLinkedIn checks that every record of the store except those
// in skip is at LinkedIn as the store has it.
func (e *env) assertGoodAtLinkedIn(t *testing.T, skip map[rscsync.Ref]string) {
	t.Helper()
	org := e.tenant.Organization
	jobs := map[string]bool{}
	for _, j := range e.srv.Jobs(org) {
		jobs[j.ExternalJobPostingID] = true
	}
	for _, r := range rscsync.Resources() {
		for _, rec := range e.store.Records(tenantID, r) {
			if _, bad := skip[rec.Ref]; bad {
				if r == rscsync.Jobs && jobs[rec.Ref.ID] {
					t.Errorf("broken job %s reached LinkedIn", rec.Ref.ID)
				}
				continue
			}
			if r == rscsync.Jobs {
				if !jobs[rec.Ref.ID] {
					t.Errorf("job %s missing at LinkedIn", rec.Ref.ID)
				}
				continue
			}
			got, ok := linkedInBody(e.srv, org, r, rec.Ref)
			if !ok {
				t.Errorf("%s %v missing at LinkedIn", r, rec.Ref)
				continue
			}
			if r == rscsync.Candidates {
				want := rec.Value.(model.Candidate)
				if !strings.Contains(string(got), `"firstName":"`+want.FirstName+`"`) {
					t.Errorf("candidate %v at LinkedIn is %s, want first name %q", rec.Ref, got, want.FirstName)
				}
			}
		}
	}
}
