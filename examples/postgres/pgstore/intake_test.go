package pgstore_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/rsckit/rsckit/examples/postgres/pgstore"
	"github.com/rsckit/rsckit/rsc/matching"
	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rsc/source"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// exportChange is an intake decision for a One-Click Export of member to
// job that creates a candidate.
func exportChange(member model.URN, job string) rscsync.Change {
	return rscsync.Change{Kind: rscsync.ChangeExport, Key: "export/9000001/" + string(member), Member: member, Position: job,
		Create: &rscsync.NewCandidate{FirstName: "Mary", LastName: "Jackson", Email: "mary@candidates.example"},
		Plan:   &source.Plan{CreateCandidate: true, Tags: []string{source.Tag}, HiringProcesses: []string{job}, Unattributed: "seat not bound"},
		At:     time.UnixMilli(1_700_000_000_000)}
}

// outboxRefs claims the tenant's outbox and returns "resource/ref id" of
// each intent, completing them.
func outboxRefs(t *testing.T, store *pgstore.Store, tenant string) []string {
	t.Helper()
	items, err := store.Claim(t.Context(), tenant, rscsync.LaneOutbox, 100, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, it := range items {
		out = append(out, string(it.Resource)+"/"+it.Ref.ID)
	}
	if len(items) > 0 {
		if err := store.Complete(t.Context(), items, rscsync.Outcome{}); err != nil {
			t.Fatal(err)
		}
	}
	slices.Sort(out)
	return out
}

// The intake's decisions for an export become a linked candidate, an
// application and its first stage, each with its outbox intent, in the
// Applier's transaction; replaying the batch changes nothing.
func TestIntakeExportCreatesCandidateAndHiringProcessOnce(t *testing.T) {
	store := newStore(t, testPool(t))
	ctx := t.Context()
	const member = model.URN("urn:li:person:m1")
	job := model.JobPosting{ExternalJobPostingID: "J1", Title: "QA Lead", Description: "Lead QA.", State: model.JobStateListed}
	if err := store.Put(ctx, "t1", rscsync.Jobs, rscsync.Record{Ref: rscsync.Ref{ID: "J1"}, Value: job}); err != nil {
		t.Fatal(err)
	}
	outboxRefs(t, store, "t1")
	batch := rscsync.Batch{Stream: rscsync.StreamID{Tenant: "t1"}, ATSChanges: []rscsync.Change{exportChange(member, "J1")}}
	if err := store.Apply(ctx, batch); err != nil {
		t.Fatal(err)
	}
	got := outboxRefs(t, store, "t1")
	want := []string{"applications/LI00001-J1", "candidates/LI00001", "stages/LI00001-J1-S1"}
	if !slices.Equal(got, want) {
		t.Fatalf("intents after the export %v, want %v", got, want)
	}
	recs, err := store.LoadRecords(ctx, "t1", rscsync.Applications, []rscsync.Ref{{ID: "LI00001-J1"}})
	if err != nil || len(recs) != 1 {
		t.Fatalf("application: %v %v", recs, err)
	}
	app := recs[0].Value.(model.Application)
	if app.ATSCandidateID != "LI00001" || app.ATSJobPostingName != "QA Lead" || app.Source != pgstore.LinkedInSource+" "+source.Tag {
		t.Errorf("application %+v", app)
	}
	look, err := store.Lookup(ctx, "t1", matching.Record{Member: member})
	if err != nil || look.Same == nil {
		t.Fatalf("lookup by member: %+v %v", look, err)
	}
	if look.Same.ID != "LI00001" || !slices.Equal(look.Same.Positions, []string{"J1"}) || !slices.Equal(look.Same.Emails, []string{"mary@candidates.example"}) {
		t.Errorf("lookup found %+v", *look.Same)
	}
	if err := store.Apply(ctx, batch); err != nil {
		t.Fatal(err)
	}
	if got := outboxRefs(t, store, "t1"); len(got) != 0 {
		t.Errorf("a replay recorded intents %v", got)
	}
	if n, err := store.CountRecords(ctx, "t1", rscsync.Candidates); err != nil || n != 1 {
		t.Errorf("%d candidates after a replay (%v), want 1", n, err)
	}
}

// When the checkpoint moved on (a stale batch), the intake's writes roll
// back with it: no candidate, and the change's Key is not spent, so the
// next delivery applies it.
func TestIntakeRollsBackWithAStaleCheckpoint(t *testing.T) {
	store := newStore(t, testPool(t))
	ctx := t.Context()
	stream := rscsync.StreamID{Tenant: "t1", Name: "pull/exports"}
	if err := store.SaveCheckpoint(ctx, stream, rscsync.Checkpoint{}, rscsync.Checkpoint{Cursor: "a"}); err != nil {
		t.Fatal(err)
	}
	ch := exportChange("urn:li:person:m2", "J1")
	err := store.Apply(ctx, rscsync.Batch{Stream: stream, From: rscsync.Checkpoint{}, Next: rscsync.Checkpoint{Cursor: "b"}, ATSChanges: []rscsync.Change{ch}})
	if !errors.Is(err, rscsync.ErrStaleCheckpoint) {
		t.Fatalf("stale apply: %v, want ErrStaleCheckpoint", err)
	}
	if n, err := store.CountRecords(ctx, "t1", rscsync.Candidates); err != nil || n != 0 {
		t.Fatalf("%d candidates after a stale apply (%v), want 0", n, err)
	}
	cp, err := store.LoadCheckpoint(ctx, stream)
	if err != nil {
		t.Fatal(err)
	}
	if err := store.Apply(ctx, rscsync.Batch{Stream: stream, From: cp, Next: rscsync.Checkpoint{Cursor: "b"}, ATSChanges: []rscsync.Change{ch}}); err != nil {
		t.Fatal(err)
	}
	if n, err := store.CountRecords(ctx, "t1", rscsync.Candidates); err != nil || n != 1 {
		t.Errorf("%d candidates after the fresh apply (%v), want 1", n, err)
	}
}

// A match links an existing candidate to the member (with an intent, so
// manualMatchedMember is pushed); a later change of that member with no
// CandidateID finds the candidate by the link; a refused export and the
// history of an unknown member create nothing.
func TestIntakeMatchLinksAndRefusalsCreateNothing(t *testing.T) {
	store := newStore(t, testPool(t))
	ctx := t.Context()
	const member = model.URN("urn:li:person:m3")
	cand := model.Candidate{FirstName: "Claude", LastName: "Shannon", EmailAddresses: []string{}, ExternalProfileURL: "https://ats.example.com/candidates/C2",
		Addresses: []model.Address{}, PhoneNumbers: []model.PhoneNumber{}}
	if err := store.Put(ctx, "t1", rscsync.Candidates, rscsync.Record{Ref: rscsync.Ref{ID: "C2"}, Value: cand}); err != nil {
		t.Fatal(err)
	}
	outboxRefs(t, store, "t1")
	changes := []rscsync.Change{
		{Kind: rscsync.ChangeMatch, Key: "match/C2/" + string(member), CandidateID: "C2", Member: member},
		{Kind: rscsync.ChangeStub, Key: "stub/S1", Member: member, FillEmail: "claude@candidates.example"},
		{Kind: rscsync.ChangeExport, Key: "export/9000002/" + string(member), CandidateID: "C2", Member: member, Failure: "already in position J1",
			Plan: &source.Plan{HiringProcesses: []string{"J1"}}},
		{Kind: rscsync.ChangeInMail, Key: "inmail/E1", Member: "urn:li:person:unknown", Message: &rscsync.Message{ID: "E1"}},
	}
	if err := store.Apply(ctx, rscsync.Batch{Stream: rscsync.StreamID{Tenant: "t1"}, ATSChanges: changes}); err != nil {
		t.Fatal(err)
	}
	if got, want := outboxRefs(t, store, "t1"), []string{"candidates/C2", "candidates/C2"}; !slices.Equal(got, want) {
		t.Errorf("intents %v, want %v (the link, then the filled email)", got, want)
	}
	recs, err := store.LoadRecords(ctx, "t1", rscsync.Candidates, []rscsync.Ref{{ID: "C2"}})
	if err != nil || len(recs) != 1 {
		t.Fatalf("candidate: %v %v", recs, err)
	}
	if c := recs[0].Value.(model.Candidate); c.ManualMatchedMember != member || !slices.Equal(c.EmailAddresses, []string{"claude@candidates.example"}) {
		t.Errorf("candidate after the match and the stub: member %q emails %v", c.ManualMatchedMember, c.EmailAddresses)
	}
	for _, r := range []rscsync.Resource{rscsync.Candidates, rscsync.Applications} {
		if n, err := store.CountRecords(ctx, "t1", r); err != nil || n != map[rscsync.Resource]int64{rscsync.Candidates: 1}[r] {
			t.Errorf("%d %s (%v)", n, r, err)
		}
	}
}
