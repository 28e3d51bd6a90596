package sqlitestore_test

import (
	"context"
	"path/filepath"
	"reflect"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rsckit/rsckit/examples/internal/sqlitestore"
	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/matching"
	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rsc/source"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rsc/sync/storetest"
)

// open returns a store on a new file with a clock the test moves.
func open(t *testing.T) (*sqlitestore.Store, func() time.Time, func(time.Duration)) {
	t.Helper()
	var offset atomic.Int64
	base := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	now := func() time.Time { return base.Add(time.Duration(offset.Load())) }
	s, err := sqlitestore.Open(t.Context(), filepath.Join(t.TempDir(), "ats.db"), sqlitestore.WithClock(now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, now, func(d time.Duration) { offset.Add(int64(d)) }
}

func TestStoretest(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) storetest.Fixture {
		s, now, advance := open(t)
		return storetest.Fixture{
			Store:        s,
			PutRecord:    s.PutRecord,
			DeleteRecord: s.DeleteRecord,
			Advance:      advance,
			Now:          now,
			Pulled:       s.Pulled,
			Parked:       s.Parked,
			Evaluations:  s.Evaluations,
		}
	})
}

func TestReopenKeepsSchemaAndData(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "ats.db")
	ctx := t.Context()
	s, err := sqlitestore.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	tokens := rsc.CallbackTokens{Current: "current-token-0123456789", Previous: "previous-token-0123456789",
		PreviousUntil: time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)}
	if err := s.SaveTenant(ctx, sqlitestore.TenantRow{ID: "acme", Name: "Acme", ClientID: "id", ClientSecret: "secret", Callback: tokens}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = sqlitestore.Open(ctx, path)
	if err != nil {
		t.Fatalf("second Open (migrations again): %v", err)
	}
	defer s.Close()
	got, ok, err := s.LoadTenant(ctx, "acme")
	if err != nil || !ok || got.ClientSecret != "secret" {
		t.Errorf("LoadTenant = %+v, %v, %v", got, ok, err)
	}
	if got.Callback.Current != tokens.Current || got.Callback.Previous != tokens.Previous || !got.Callback.PreviousUntil.Equal(tokens.PreviousUntil) {
		t.Error("LoadTenant: the callback tokens did not survive a reopen")
	}
	var version int
	if err := s.DB().QueryRowContext(ctx, `SELECT max(version) FROM schema_migrations`).Scan(&version); err != nil || version != sqlitestore.SchemaVersion() {
		t.Errorf("schema version %d (%v), want %d", version, err, sqlitestore.SchemaVersion())
	}
}

// seedATS puts a small ATS in s: a user, a public job, a private job with a
// hiring team, and a candidate with an application and a stage.
func seedATS(t *testing.T, s *sqlitestore.Store) {
	t.Helper()
	ctx := t.Context()
	if err := s.AddUser(ctx, "acme", sqlitestore.User{ID: "U1", Email: "rita@acme-ats.example", FirstName: "Rita", LastName: "Recruiter"}); err != nil {
		t.Fatal(err)
	}
	listed := model.EpochMillis(1_767_600_000_000)
	desc := "Build and run the systems our customers rely on, with a kind and curious team in a calm place."
	for _, j := range []struct {
		id      string
		private bool
	}{{"J1", false}, {"J2", true}} {
		p := model.JobPosting{Title: "Engineer " + j.id, Description: desc, ListedAt: listed, Location: "Berlin, Germany", Availability: model.AvailabilityPublic}
		if j.private {
			p.Availability = model.AvailabilityPrivate
		}
		if err := s.SeedRecords(ctx, "acme", rscsync.Jobs, []rscsync.Record{{Ref: rscsync.Ref{ID: j.id}, Value: p}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.AddACLMember(ctx, "acme", "J2", "team-J2", "U1"); err != nil {
		t.Fatal(err)
	}
	cand := model.Candidate{FirstName: "Ada", LastName: "Lovelace", EmailAddresses: []string{"ada@example.com"},
		CurrentCompanyName: "Analytical Engines Ltd", ATSCreatedAt: listed, ATSLastModifiedAt: listed}
	if err := s.SeedRecords(ctx, "acme", rscsync.Candidates, []rscsync.Record{{Ref: rscsync.Ref{ID: "C1"}, Value: cand}}); err != nil {
		t.Fatal(err)
	}
	app := model.Application{ATSCandidateID: "C1", ATSJobPostingID: "J1", Source: "Career site", ATSCreatedAt: listed, ATSLastModifiedAt: listed}
	if err := s.SeedRecords(ctx, "acme", rscsync.Applications, []rscsync.Record{{Ref: rscsync.Ref{ID: "C1-A1"}, Value: app}}); err != nil {
		t.Fatal(err)
	}
	if err := s.SeedRecords(ctx, "acme", rscsync.Stages, []rscsync.Record{{Ref: rscsync.Ref{ID: "S1", Parent: "C1-A1"},
		Value: model.ApplicationStage{Stage: "Phone Screen", ATSCreatedAt: listed}}}); err != nil {
		t.Fatal(err)
	}
}

func TestRecordsFromATSTables(t *testing.T) {
	t.Parallel()
	s, _, _ := open(t)
	seedATS(t, s)
	ctx := t.Context()
	recs, _, err := s.ScanRecords(ctx, "acme", rscsync.Applications, "", 10)
	if err != nil || len(recs) != 1 {
		t.Fatalf("scan applications: %v, %v", recs, err)
	}
	want := model.Application{ATSCandidateID: "C1", ATSJobPostingID: "J1", ATSJobPostingName: "Engineer J1", CandidateEmail: "ada@example.com",
		FirstName: "Ada", LastName: "Lovelace", Source: "Career site", ATSCreatedAt: 1_767_600_000_000, ATSLastModifiedAt: 1_767_600_000_000}
	if got := recs[0].Value; !reflect.DeepEqual(got, want) {
		t.Errorf("application joined from candidate and job:\ngot  %+v\nwant %+v", got, want)
	}
	jobs, _, err := s.ScanRecords(ctx, "acme", rscsync.Jobs, "", 10)
	if err != nil || len(jobs) != 2 {
		t.Fatalf("scan jobs: %v, %v", jobs, err)
	}
	if j := jobs[1].Value.(model.JobPosting); j.Availability != model.AvailabilityPrivate || !j.AccessRestricted || j.CompanyApplyURL != "https://ats.example.com/jobs/J2" {
		t.Errorf("private job %+v", j)
	}
	// The hiring team is an ACL now, its member an assignee only once bound to a seat.
	if n, _ := s.CountRecords(ctx, "acme", rscsync.EntityACLs); n != 1 {
		t.Errorf("%d entity ACLs, want 1", n)
	}
	if n, _ := s.CountRecords(ctx, "acme", rscsync.ACLAssignees); n != 0 {
		t.Errorf("%d ACL assignees before the user holds a seat, want 0", n)
	}
	if err := s.BindSeat(ctx, "acme", "U1", "urn:li:seat:5001", "urn:li:person:rita"); err != nil {
		t.Fatal(err)
	}
	as, _, err := s.ScanRecords(ctx, "acme", rscsync.ACLAssignees, "", 10)
	if err != nil || len(as) != 1 || as[0].Ref != (rscsync.Ref{ID: "team-J2", Parent: "urn:li:person:rita"}) {
		t.Errorf("assignees after binding: %+v, %v", as, err)
	}
	// Before the backfill began, binding records no intent (the backfill sends it).
	if n, _ := s.PendingIntents(ctx, "acme"); n != 0 {
		t.Errorf("%d intents after binding before the backfill, want 0", n)
	}
}

func TestBindSeatAfterBackfillBeganRecordsIntents(t *testing.T) {
	t.Parallel()
	s, _, _ := open(t)
	seedATS(t, s)
	ctx := t.Context()
	stream := rscsync.StreamID{Tenant: "acme", Name: "backfill/" + string(rscsync.ACLAssignees)}
	if err := s.SaveCheckpoint(ctx, stream, rscsync.Checkpoint{}, rscsync.Checkpoint{Complete: true}); err != nil {
		t.Fatal(err)
	}
	if err := s.BindSeat(ctx, "acme", "U1", "urn:li:seat:5001", "urn:li:person:rita"); err != nil {
		t.Fatal(err)
	}
	in, err := s.Claim(ctx, "acme", rscsync.LaneOutbox, 10, time.Minute)
	if err != nil || len(in) != 1 || in[0].Resource != rscsync.ACLAssignees || in[0].Ref.Parent != "urn:li:person:rita" {
		t.Errorf("intents after binding: %+v, %v", in, err)
	}
}

func TestUpdateRollsBackChangeAndIntent(t *testing.T) {
	t.Parallel()
	s, _, _ := open(t)
	seedATS(t, s)
	ctx := t.Context()
	err := s.Update(ctx, "acme", func(tx *sqlitestore.Tx) error {
		if _, err := tx.Exec(`UPDATE candidates SET title = 'CTO' WHERE tenant = ? AND id = 'C1'`, tx.Tenant()); err != nil {
			return err
		}
		if err := tx.Touch(rscsync.Candidates, rscsync.Ref{ID: "C1"}, rscsync.OpUpsert); err != nil {
			return err
		}
		return context.Canceled // the host's own check fails after the writes
	})
	if err == nil {
		t.Fatal("Update returned nil")
	}
	c, _, _ := s.Candidate(ctx, "acme", "C1")
	n, _ := s.PendingIntents(ctx, "acme")
	if c.Title != "" || n != 0 {
		t.Errorf("after a failed Update: title %q, %d intents; want both rolled back", c.Title, n)
	}
}

func TestIntakeApplyIsIdempotentAndSyncsBack(t *testing.T) {
	t.Parallel()
	s, _, _ := open(t)
	seedATS(t, s)
	ctx := t.Context()
	ats := s.ATS("US")
	if err := s.BindSeat(ctx, "acme", "U1", "urn:li:seat:5001", "urn:li:person:rita"); err != nil {
		t.Fatal(err)
	}
	rc, err := ats.Recruiter(ctx, "acme", "urn:li:seat:5001", "")
	if err != nil || !rc.Known || rc.ATSEmail != "rita@acme-ats.example" || len(rc.Users) != 1 {
		t.Fatalf("Recruiter = %+v, %v", rc, err)
	}
	plan, err := source.Decide(source.Input{Exporter: source.Exporter{FirstName: "Rita", LastName: "Recruiter", ATSEmail: rc.ATSEmail},
		Users: rc.Users, Position: "J2"})
	if err != nil {
		t.Fatal(err)
	}
	ch := rscsync.Change{Kind: rscsync.ChangeExport, Key: "export/9000001", Member: "urn:li:person:grace", Position: "J2", Plan: &plan,
		Create: &rscsync.NewCandidate{FirstName: "Grace", LastName: "Hopper", ProfileURL: "https://www.linkedin.com/in/grace"}}
	for range 2 {
		if err := s.Apply(ctx, rscsync.Batch{Stream: rscsync.StreamID{Tenant: "acme"}, ATSChanges: []rscsync.Change{ch}}); err != nil {
			t.Fatal(err)
		}
	}
	c, ok, err := s.CandidateByMember(ctx, "acme", "urn:li:person:grace")
	if err != nil || !ok {
		t.Fatalf("candidate of the export: %v %v", ok, err)
	}
	if !slices.Contains(c.Tags, source.Tag) || len(c.Processes) != 1 {
		t.Fatalf("candidate %+v", c)
	}
	p := c.Processes[0]
	if p.JobID != "J2" || p.Source.Name != "Rita Recruiter (LinkedIn Recruiter)" || p.Source.ContactEmail != "rita@acme-ats.example" ||
		p.Source.ContactUserID != "U1" || !slices.Equal(p.Stages, []string{sqlitestore.FirstStage}) {
		t.Errorf("hiring process %+v", p)
	}
	// One candidate, one application, one stage: the replay changed nothing.
	in, err := s.Claim(ctx, "acme", rscsync.LaneOutbox, 100, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	var got []rscsync.Resource
	for _, x := range in {
		got = append(got, x.Resource)
	}
	slices.Sort(got)
	want := []rscsync.Resource{rscsync.Applications, rscsync.Candidates, rscsync.Stages}
	if !slices.Equal(got, want) {
		t.Errorf("intents for %v, want %v", got, want)
	}
	recs, err := s.LoadRecords(ctx, "acme", rscsync.Candidates, []rscsync.Ref{{ID: c.ID}})
	if err != nil || len(recs) != 1 {
		t.Fatalf("load: %v %v", recs, err)
	}
	if v := recs[0].Value.(model.Candidate); v.ManualMatchedMember != "urn:li:person:grace" || v.ExternalProfileURL != s.CandidateURL(c.ID) {
		t.Errorf("candidate record %+v", v)
	}
	// An export to a job the candidate is in already is refused, recorded,
	// and creates nothing.
	refused := rscsync.Change{Kind: rscsync.ChangeExport, Key: "export/9000002", CandidateID: c.ID, Position: "J2",
		Failure: "candidate is already in a hiring process for this position"}
	if err := s.Apply(ctx, rscsync.Batch{Stream: rscsync.StreamID{Tenant: "acme"}, ATSChanges: []rscsync.Change{refused}}); err != nil {
		t.Fatal(err)
	}
	if f, err := s.IntakeFailures(ctx, "acme"); err != nil || !slices.Equal(f, []string{refused.Failure}) {
		t.Errorf("IntakeFailures = %q, %v", f, err)
	}
	if n, _ := s.PendingIntents(ctx, "acme"); n != len(in) {
		t.Errorf("%d intents after a refused export, want %d", n, len(in))
	}
	// The member's later history finds the candidate.
	look, err := ats.Lookup(ctx, "acme", matching.Record{Member: "urn:li:person:grace"})
	if err != nil || look.Same == nil || look.Same.ID != c.ID || !slices.Equal(look.Same.Positions, []string{"J2"}) {
		t.Errorf("Lookup = %+v, %v", look, err)
	}
}
