package memstore_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rsc/sync/memstore"
	"github.com/rsckit/rsckit/rsc/sync/storetest"
)

// fixture adapts a Store to storetest; with fake set its clock is moved by
// Advance instead of real time.
func fixture(fake bool) func(t *testing.T) storetest.Fixture {
	return func(t *testing.T) storetest.Fixture {
		var (
			s       *memstore.Store
			now     func() time.Time
			advance func(time.Duration)
		)
		if fake {
			var offset atomic.Int64
			base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
			now = func() time.Time { return base.Add(time.Duration(offset.Load())) }
			advance = func(d time.Duration) { offset.Add(int64(d)) }
			s = memstore.New(memstore.WithClock(now))
		} else {
			s = memstore.New()
		}
		return storetest.Fixture{
			Store: s,
			PutRecord: func(_ context.Context, tenant string, r rscsync.Resource, rec rscsync.Record) error {
				s.Put(tenant, r, rec)
				return nil
			},
			DeleteRecord: func(_ context.Context, tenant string, r rscsync.Resource, ref rscsync.Ref) error {
				s.Delete(tenant, r, ref)
				return nil
			},
			Advance: advance,
			Now:     now,
			Evaluations: func(_ context.Context, tenant string) ([]model.ApplicationEvaluation, error) {
				return s.Evaluations(tenant), nil
			},
			Pulled: func(_ context.Context, tenant string) ([]any, error) {
				p := s.Pulled(tenant)
				var out []any
				for _, x := range p.Seats {
					out = append(out, x)
				}
				for _, x := range p.InMails {
					out = append(out, x)
				}
				for _, x := range p.Notes {
					out = append(out, x)
				}
				for _, x := range p.Stubs {
					out = append(out, x)
				}
				for _, x := range p.Purged {
					out = append(out, x)
				}
				for _, x := range p.Integrations {
					out = append(out, x)
				}
				for _, x := range s.Exports(tenant) {
					out = append(out, x)
				}
				return out, nil
			},
			Parked: func(_ context.Context, tenant string) ([]rscsync.Parked, error) {
				return s.Parked(tenant), nil
			},
		}
	}
}

func TestConformanceFakeClock(t *testing.T) {
	t.Parallel()
	storetest.Run(t, fixture(true))
}

func TestConformanceRealClock(t *testing.T) {
	t.Parallel()
	storetest.Run(t, fixture(false))
}

func rec(id, parent string) rscsync.Record {
	return rscsync.Record{Ref: rscsync.Ref{ID: id, Parent: parent}, Value: model.CandidateNote{Note: id}}
}

func TestScanOrder(t *testing.T) {
	t.Parallel()
	s := memstore.New()
	s.Seed("t", rscsync.CandidateNotes,
		rec("b", "10"), rec("10", "9"), rec("2", "9"), rec("a", "9"), rec("x", "p/1"), rec("1", "10"),
		rec("010", "9"), rec("x", "p"), rec("x", ""), rec("9", "p 1"), rec("y", "p\"1"), rec("z", "p!"))
	var got []rscsync.Ref
	for _, r := range s.Records("t", rscsync.CandidateNotes) {
		got = append(got, r.Ref)
	}
	// Numbers sort numerically and before strings; strings by bytes, a parent
	// before the longer parents it is a prefix of.
	want := []rscsync.Ref{
		{ID: "2", Parent: "9"}, {ID: "10", Parent: "9"}, {ID: "010", Parent: "9"}, {ID: "a", Parent: "9"},
		{ID: "1", Parent: "10"}, {ID: "b", Parent: "10"},
		{ID: "x", Parent: ""},
		{ID: "x", Parent: "p"}, {ID: "9", Parent: "p 1"}, {ID: "z", Parent: "p!"}, {ID: "y", Parent: "p\"1"}, {ID: "x", Parent: "p/1"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("scan order (-want +got):\n%s", diff)
	}
	recs, last, err := s.ScanRecords(t.Context(), "t", rscsync.CandidateNotes, memstore.PositionKey(rscsync.Ref{ID: "a", Parent: "9"}), 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || recs[0].Ref != want[4] || last != memstore.PositionKey(want[5]) {
		t.Errorf("ScanRecords after (9, a) = %v, %q", recs, last)
	}
	if _, _, err := s.ScanRecords(t.Context(), "t", rscsync.CandidateNotes, "", 0); err == nil {
		t.Error("ScanRecords with limit 0 returned no error")
	}
	if _, last, _ := s.ScanRecords(t.Context(), "t", rscsync.CandidateNotes, "zzz", 5); last != "zzz" {
		t.Errorf("ScanRecords past the end returned cursor %q, want the given one", last)
	}
}

func TestSeedRecordsNoIntents(t *testing.T) {
	t.Parallel()
	s := memstore.New()
	s.Seed("t", rscsync.Candidates, rec("1", ""), rec("2", ""))
	s.PutQuiet("t", rscsync.Candidates, rec("3", ""))
	if got := s.Intents("t"); len(got) != 0 {
		t.Errorf("Seed and PutQuiet recorded intents %v", got)
	}
	select {
	case <-s.Wake():
		t.Error("Seed woke the push engine")
	default:
	}
	if n, _ := s.CountRecords(t.Context(), "t", rscsync.Candidates); n != 3 {
		t.Errorf("CountRecords = %d, want 3", n)
	}
	s.Put("t", rscsync.Candidates, rec("1", ""))
	s.Delete("t", rscsync.Candidates, rscsync.Ref{ID: "never"})
	got := s.Intents("t")
	if len(got) != 2 || got[0].Op != rscsync.OpUpsert || got[1].Op != rscsync.OpDelete || got[1].Ref.ID != "never" {
		t.Errorf("Intents = %+v, want an upsert of 1 and a delete of never", got)
	}
	select {
	case <-s.Wake():
	default:
		t.Error("Put did not wake the push engine")
	}
}

func TestCompletePartial(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		ctx := t.Context()
		s := memstore.New() // time.Now is the bubble's fake clock
		for _, id := range []string{"1", "2", "3"} {
			s.Put("t", rscsync.Candidates, rec(id, ""))
		}
		claimed, err := s.Claim(ctx, "t", rscsync.LaneOutbox, 3, time.Minute)
		if err != nil || len(claimed) != 3 {
			t.Fatalf("Claim = %v, %v", claimed, err)
		}
		stale := claimed[1]
		stale.Lease = "lease-other"
		err = s.Complete(ctx, []rscsync.Item{claimed[0], stale, claimed[2]}, rscsync.Outcome{})
		if !errors.Is(err, rscsync.ErrLeaseLost) {
			t.Fatalf("Complete with one wrong lease: err = %v, want ErrLeaseLost", err)
		}
		left := s.Intents("t")
		if len(left) != 1 || left[0].ID != claimed[1].ID || left[0].Lease != claimed[1].Lease {
			t.Errorf("after Complete with one wrong lease the pending intents are %+v, want only %s under its lease", left, claimed[1].ID)
		}
		// An expired lease is lost once another claim takes the intent.
		time.Sleep(2 * time.Minute)
		again, _ := s.Claim(ctx, "t", rscsync.LaneOutbox, 3, time.Minute)
		if len(again) != 1 || again[0].Attempts != 1 {
			t.Errorf("re-claim = %+v, want intent %s with Attempts 1", again, claimed[1].ID)
		}
		if err := s.Complete(ctx, claimed[1:2], rscsync.Outcome{}); !errors.Is(err, rscsync.ErrLeaseLost) {
			t.Errorf("Complete with the lease the re-claim replaced: err = %v, want ErrLeaseLost", err)
		}
		if _, err := s.Claim(ctx, "t", rscsync.LaneOutbox, 1, 0); err == nil {
			t.Error("Claim with a zero lease returned no error")
		}
	})
}

// pulled wraps pulled model values as the engine hands them to Apply.
func pulled(xs ...any) []rscsync.Pulled {
	out := make([]rscsync.Pulled, len(xs))
	for i, x := range xs {
		out[i], _ = rscsync.PulledOf(x)
	}
	return out
}

func TestApplyRejectsUnknownChange(t *testing.T) {
	t.Parallel()
	s := memstore.New()
	stream := rscsync.StreamID{Tenant: "t", Name: "pull/seats"}
	err := s.Apply(t.Context(), rscsync.Batch{Stream: stream, Next: rscsync.Checkpoint{Cursor: "1"}, Changes: []rscsync.Pulled{
		rscsync.SeatChange{Seat: model.Seat{ID: "1"}}, nil,
	}})
	if err == nil {
		t.Fatal("Apply with a nil change returned nil")
	}
	if got := s.Pulled("t"); !cmp.Equal(got, memstore.PulledData{}) {
		t.Errorf("Apply that failed stored %+v", got)
	}
	if got := s.Checkpoints(); len(got) != 0 {
		t.Errorf("Apply that failed saved checkpoints %v", got)
	}
}

func TestPulledData(t *testing.T) {
	t.Parallel()
	s := memstore.New()
	stream := rscsync.StreamID{Tenant: "t", Name: "pull/all"}
	key := func(org string) model.IntegrationKey {
		return model.IntegrationKey{IntegrationContext: model.URN("urn:li:organization:" + org), IntegrationType: model.IntegrationTypeOneClickExport, TenantType: model.TenantTypeRecruiter}
	}
	raw := []byte(`{"id":"2"}`)
	err := s.Apply(t.Context(), rscsync.Batch{Stream: stream, Next: rscsync.Checkpoint{Cursor: "1"}, Changes: pulled(
		model.Seat{ID: "2", Raw: raw}, &model.Seat{URN: "urn:li:seat:9"}, model.Seat{ID: "1"},
		model.ConversationEvent{ID: "e2"}, model.ConversationEvent{ID: "e1"},
		model.ProspectNote{ID: "n1", Active: true}, model.ProspectNote{ID: "n2", Active: true}, model.ProspectNote{ID: "n1"},
		model.MailStub{ID: "m1"},
		model.PurgedExportedCandidate{Member: "urn:li:person:b", RequestID: "r1"},
		model.PurgedExportedCandidate{Member: "urn:li:person:a", RequestID: "r2"},
		model.Integration{Key: key("2"), Status: "ENABLED"}, model.Integration{Key: key("1")},
	)})
	if err != nil {
		t.Fatal(err)
	}
	raw[0] = 'X' // the store keeps its own copy
	want := memstore.PulledData{
		Seats:   []model.Seat{{ID: "1"}, {ID: "2", Raw: []byte(`{"id":"2"}`)}, {URN: "urn:li:seat:9"}},
		InMails: []model.ConversationEvent{{ID: "e1"}, {ID: "e2"}},
		Notes:   []model.ProspectNote{{ID: "n2", Active: true}},
		Stubs:   []model.MailStub{{ID: "m1"}},
		Purged: []model.PurgedExportedCandidate{
			{Member: "urn:li:person:a", RequestID: "r2"}, {Member: "urn:li:person:b", RequestID: "r1"},
		},
		Integrations: []model.Integration{{Key: key("1")}, {Key: key("2"), Status: "ENABLED"}},
	}
	if diff := cmp.Diff(want, s.Pulled("t")); diff != "" {
		t.Errorf("Pulled (-want +got):\n%s", diff)
	}
	wantCP := map[rscsync.StreamID]rscsync.Checkpoint{stream: {Cursor: "1", Version: 1}}
	if diff := cmp.Diff(wantCP, s.Checkpoints()); diff != "" {
		t.Errorf("Checkpoints (-want +got):\n%s", diff)
	}
}

func TestParkedOrder(t *testing.T) {
	t.Parallel()
	s := memstore.New()
	err := s.Park(t.Context(), []rscsync.Parked{
		{Tenant: "t", Resource: rscsync.CandidateNotes, Ref: rscsync.Ref{ID: "n", Parent: "2"}},
		{Tenant: "t", Resource: rscsync.Jobs, Ref: rscsync.Ref{ID: "j"}},
		{Tenant: "t", Resource: rscsync.CandidateNotes, Ref: rscsync.Ref{ID: "n", Parent: "10"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range s.Parked("t") {
		got = append(got, string(p.Resource)+":"+p.Ref.Parent+"/"+p.Ref.ID)
	}
	want := []string{"jobs:/j", "candidateNotes:2/n", "candidateNotes:10/n"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Parked order (-want +got):\n%s", diff)
	}
}

func TestNotificationsAndExports(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		ctx := t.Context()
		s := memstore.New()
		for _, id := range []string{"b", "a", "b"} {
			if err := s.Enqueue(ctx, rscsync.NotificationItem("t", model.Notification{ID: id}, time.Now())); err != nil {
				t.Fatal(err)
			}
		}
		var got []string
		for _, q := range s.Notifications("t") {
			got = append(got, q.Notification.ID)
		}
		if diff := cmp.Diff([]string{"b", "a"}, got); diff != "" {
			t.Errorf("Notifications (-want +got):\n%s", diff)
		}
		claimed, _ := s.Claim(ctx, "t", rscsync.LaneNotifications, 1, time.Second)
		if len(claimed) != 1 || claimed[0].Notification.ID != "b" {
			t.Fatalf("ClaimNotifications = %+v, want b (oldest first)", claimed)
		}
		time.Sleep(2 * time.Second)
		retaken, _ := s.Claim(ctx, "t", rscsync.LaneNotifications, 1, time.Second)
		if len(retaken) != 1 || retaken[0].Notification.ID != "b" {
			t.Fatalf("ClaimNotifications after the lease expired = %+v, want b again", retaken)
		}
		if err := s.Complete(ctx, []rscsync.Item{claimed[0]}, rscsync.Outcome{}); !errors.Is(err, rscsync.ErrLeaseLost) {
			t.Errorf("CompleteNotification with the lease the re-claim replaced: err = %v, want ErrLeaseLost", err)
		}
		for _, e := range []model.ExportedCandidate{{RequestID: "r2"}, {RequestID: "r1", ExternalJobPostingID: "first"}, {RequestID: "r1", ExternalJobPostingID: "second"}} {
			if err := s.Apply(ctx, rscsync.Batch{Stream: rscsync.StreamID{Tenant: "t"}, Changes: pulled(e)}); err != nil {
				t.Fatal(err)
			}
		}
		want := []model.ExportedCandidate{{RequestID: "r1", ExternalJobPostingID: "first"}, {RequestID: "r2"}}
		if diff := cmp.Diff(want, s.Exports("t")); diff != "" {
			t.Errorf("Exports (-want +got):\n%s", diff)
		}
	})
}

func TestCancelledContext(t *testing.T) {
	t.Parallel()
	s := memstore.New()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	s.Put("t", rscsync.Candidates, rec("1", ""))
	checks := map[string]error{}
	_, _, checks["ScanRecords"] = s.ScanRecords(ctx, "t", rscsync.Candidates, "", 1)
	_, checks["LoadRecords"] = s.LoadRecords(ctx, "t", rscsync.Candidates, nil)
	_, checks["Claim"] = s.Claim(ctx, "t", rscsync.LaneOutbox, 1, time.Minute)
	checks["SaveCheckpoint"] = s.SaveCheckpoint(ctx, rscsync.StreamID{}, rscsync.Checkpoint{}, rscsync.Checkpoint{})
	_, checks["TryLock"] = s.TryLock(ctx, "n", "o", time.Minute)
	for name, err := range checks {
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s with a cancelled context: err = %v, want context.Canceled", name, err)
		}
	}
	if len(s.Intents("t")) != 1 || s.Intents("t")[0].Lease != "" {
		t.Errorf("cancelled Claim leased an intent: %+v", s.Intents("t"))
	}
}

// TestDoneNotificationsKeepNoBody: 3,000 notifications of 60 KB each, once
// done, leave only their ids behind (the attack of issue 11: before, every
// body was kept for ever, 180 MB here).
func TestDoneNotificationsKeepNoBody(t *testing.T) {
	ctx := t.Context()
	s := memstore.New()
	pad := strings.Repeat("x", 60<<10)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := range 3000 {
		id := fmt.Sprintf("n%d", i)
		raw := []byte(fmt.Sprintf(`{"id":%q,"type":"EXPORT_CANDIDATE_PROFILE","pad":%q}`, id, pad))
		if err := s.Enqueue(ctx, rscsync.NotificationItem("t", model.Notification{ID: id, Raw: raw}, time.Now())); err != nil {
			t.Fatal(err)
		}
		claimed, err := s.Claim(ctx, "t", rscsync.LaneNotifications, 10, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range claimed {
			if err := s.Complete(ctx, []rscsync.Item{q}, rscsync.Outcome{}); err != nil {
				t.Fatal(err)
			}
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	if grew := int64(after.HeapAlloc) - int64(before.HeapAlloc); grew > 16<<20 {
		t.Errorf("heap grew %d MiB for 3,000 done notifications, want under 16 (bodies kept)", grew>>20)
	}
	if err := s.Enqueue(ctx, rscsync.NotificationItem("t", model.Notification{ID: "n7"}, time.Now())); err != nil {
		t.Fatal(err)
	}
	if n := len(s.Notifications("t")); n != 0 {
		t.Errorf("a redelivered done id was queued again (%d queued)", n)
	}
}

// TestApplyIntakeWithTheCheckpoint: the intake's ATS changes commit with
// the batch's checkpoint, or not at all: a stale batch creates no
// candidate, and a fresh one creates it (once, however often it is
// replayed) with its intent.
func TestApplyIntakeWithTheCheckpoint(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s := memstore.New()
	ats := memstore.NewATS(s, "US", "https://ats.example/c/")
	stream := rscsync.StreamID{Tenant: "t", Name: "pull/mailStubs"}
	stub := model.MailStub{ID: "m1", FirstName: "Grace", LastName: "Hopper", Member: "urn:li:person:grace"}
	ch := rscsync.Change{Kind: rscsync.ChangeStub, Key: "stub/m1", Member: stub.Member,
		Create: &rscsync.NewCandidate{FirstName: "Grace", LastName: "Hopper", Unassigned: true}}
	b := rscsync.Batch{Stream: stream, From: rscsync.Checkpoint{Version: 7}, Next: rscsync.Checkpoint{Cursor: "1"},
		Changes: []rscsync.Pulled{rscsync.StubChange{Stub: stub}}, ATSChanges: []rscsync.Change{ch}}
	if err := s.Apply(ctx, b); !errors.Is(err, rscsync.ErrStaleCheckpoint) {
		t.Fatalf("Apply from a stale checkpoint: %v, want ErrStaleCheckpoint", err)
	}
	if c := ats.Candidates("t"); len(c) != 0 || len(s.Intents("t")) != 0 || len(s.Pulled("t").Stubs) != 0 {
		t.Fatalf("a stale batch stored %d candidates, %d intents, %d stubs", len(c), len(s.Intents("t")), len(s.Pulled("t").Stubs))
	}
	b.From = rscsync.Checkpoint{}
	if err := s.Apply(ctx, b); err != nil {
		t.Fatal(err)
	}
	b.From, b.Next = rscsync.Checkpoint{Cursor: "1", Version: 1}, rscsync.Checkpoint{Cursor: "2"}
	if err := s.Apply(ctx, b); err != nil { // the page read again: the same Key
		t.Fatal(err)
	}
	if c := ats.Candidates("t"); len(c) != 1 || c[0].Member != stub.Member {
		t.Errorf("candidates %+v, want one linked to %s", c, stub.Member)
	}
	if in := s.Intents("t"); len(in) != 1 || in[0].Resource != rscsync.Candidates {
		t.Errorf("intents %+v, want the new candidate's", in)
	}
	if cp := s.Checkpoints()[stream]; cp.Version != 2 {
		t.Errorf("checkpoint %+v, want version 2", cp)
	}
}
