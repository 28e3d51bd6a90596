package rscsync_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rsc/sync/memstore"
	"github.com/rsckit/rsckit/rscmock"
)

// matchRefusingStore is a Store whose Applier fails every batch with a
// ChangeMatch (a host that rejects kinds it does not know).
type matchRefusingStore struct{ *memstore.Store }

func (s matchRefusingStore) Apply(ctx context.Context, b rscsync.Batch) error {
	for _, ch := range b.ATSChanges {
		if ch.Kind == rscsync.ChangeMatch {
			return errors.New("unknown change kind " + string(ch.Kind))
		}
	}
	return s.Store.Apply(ctx, b)
}

// TestMatchLinkFailureDoesNotStopTheBackfill: linking a matched member is
// a bonus; the host's ATS failing it must not fail the page, or the
// backfill would send that page again for ever.
func TestMatchLinkFailureDoesNotStopTheBackfill(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		e := newMemEnv(t, []rscmock.Option{rscmock.WithClock(time.Now)})
		e.srv.AddMember(rscmock.Member{FirstName: "Ada", LastName: "Lovelace", Email: "C1@example.com"})
		e.store.Seed(tenantID, rscsync.Candidates, candidate("C1"), candidate("C2"))
		ats := memstore.NewATS(e.store, "US", "https://ats.example/c/")
		r, err := rscsync.NewRunner(matchRefusingStore{e.store}, rscsync.Tenants{e.tenant},
			rscsync.Config{Intake: rscsync.NewIntake(ats, "US", nil), Pull: rscsync.PullConfig{Disabled: true}})
		if err != nil {
			t.Fatal(err)
		}
		if err := r.SyncOnce(t.Context()); err != nil {
			t.Fatalf("SyncOnce: %v", err)
		}
		if cp := e.store.Checkpoints()[rscsync.StreamID{Tenant: tenantID, Name: "backfill/candidates"}]; !cp.Complete {
			t.Errorf("candidates backfill not complete: %+v", cp)
		}
	})
}

// TestNoMatchReadAfterDeletingCandidates: the matches of deleted
// candidates are not read.
func TestNoMatchReadAfterDeletingCandidates(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		e := newMemEnv(t, nil)
		e.store.Seed(tenantID, rscsync.Candidates, candidate("C1"))
		ats := memstore.NewATS(e.store, "US", "https://ats.example/c/")
		r := e.runner(t, rscsync.Config{Intake: rscsync.NewIntake(ats, "US", nil), Pull: rscsync.PullConfig{Disabled: true}})
		if err := r.SyncOnce(t.Context()); err != nil {
			t.Fatal(err)
		}
		var reads atomic.Int64
		e.count.onReq = func(r *http.Request) {
			if strings.Contains(r.URL.RawQuery, "matchedMembers") {
				reads.Add(1)
			}
		}
		e.store.Delete(tenantID, rscsync.Candidates, rscsync.Ref{ID: "C1"})
		if err := r.SyncOnce(t.Context()); err != nil {
			t.Fatal(err)
		}
		if n := reads.Load(); n != 0 {
			t.Errorf("%d matchedMembers reads after a delete", n)
		}
	})
}

// flakyCheckpoints fails the first SaveCheckpoint of one stream.
type flakyCheckpoints struct {
	*memstore.Store
	stream string
	fail   atomic.Bool
}

func (f *flakyCheckpoints) SaveCheckpoint(ctx context.Context, s rscsync.StreamID, from, next rscsync.Checkpoint) error {
	if s.Name == f.stream && f.fail.CompareAndSwap(true, false) {
		return errors.New("database blip")
	}
	return f.Store.SaveCheckpoint(ctx, s, from, next)
}

// TestNewSeatRewindSurvivesAStoreBlip: the rewind of the notes watermark
// after a seat change is retried when it fails once; the new seat's note
// is read all the same.
func TestNewSeatRewindSurvivesAStoreBlip(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		e := newMemEnv(t, []rscmock.Option{rscmock.WithClock(time.Now)})
		e.enable(t)
		st := &flakyCheckpoints{Store: e.store, stream: "pull/prospectNotes"}
		r, err := rscsync.NewRunner(st, rscsync.Tenants{e.tenant}, rscsync.Config{MaxBackoff: 20 * time.Millisecond,
			Pull: rscsync.PullConfig{Settle: time.Millisecond}})
		if err != nil {
			t.Fatal(err)
		}
		stop := runFor(t, r)
		defer stop()
		synctest.Wait()
		st.fail.Store(true)
		holder := e.srv.AddMember(rscmock.Member{FirstName: "Ida", LastName: "Rhodes"})
		seat, err := e.srv.AddSeat(e.tenant.Contract, holder)
		if err != nil {
			t.Fatal(err)
		}
		member := e.srv.AddMember(rscmock.Member{FirstName: "Jean", LastName: "Bartik"})
		if _, err := e.srv.AddProspectNote(seat.URN, member.URN, "ENIAC programmer", false); err != nil {
			t.Fatal(err)
		}
		time.Sleep(5 * time.Minute)
		synctest.Wait()
		time.Sleep(3 * time.Hour)
		synctest.Wait()
		if n := len(e.store.Pulled(tenantID).Notes); n != 1 {
			t.Errorf("%d notes pulled, want the new seat's one", n)
		}
	})
}

// TestStaleJobTaskDoesNotParkAFixedJob: only the latest task of a job
// counts: an older task failing after a newer send must not park it.
func TestStaleJobTaskDoesNotParkAFixedJob(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		e := newMemEnv(t, []rscmock.Option{rscmock.WithClock(time.Now), rscmock.WithJobTaskDelay(3 * time.Minute)})
		r := e.runner(t, rscsync.Config{Pull: rscsync.PullConfig{Disabled: true}})
		d := atsgenJob()
		ref := rscsync.Ref{ID: "G"}
		bad := d
		bad.Operation = model.OperationUpdate // LinkedIn has no job G: this task fails
		e.store.Put(tenantID, rscsync.Jobs, rscsync.Record{Ref: ref, Value: bad})
		if err := r.SyncOnce(t.Context()); err != nil {
			t.Fatal(err)
		}
		e.store.Put(tenantID, rscsync.Jobs, rscsync.Record{Ref: ref, Value: d}) // the host fixes it
		if err := r.SyncOnce(t.Context()); err != nil {
			t.Fatal(err)
		}
		time.Sleep(4 * time.Minute)
		if err := r.SyncOnce(t.Context()); err != nil {
			t.Fatal(err)
		}
		if p := e.store.Parked(tenantID); len(p) != 0 {
			t.Errorf("parked %+v, though the job's latest send succeeded", p)
		}
	})
}

// atsgenJob is a valid job with no Operation (sent as CREATE).
func atsgenJob() model.JobPosting {
	return model.JobPosting{Title: "Engineer", Description: strings.Repeat("Build, test and ship software. ", 5),
		ListedAt: model.Millis(genNow), Location: "Berlin, Germany", CompanyApplyURL: "https://ats.example.com/jobs/G",
		Availability: model.AvailabilityPublic}
}

// inMailCalls counts the conversationEvents calls of six hours of Run with
// a small daily budget, with or without one seat LinkedIn refuses.
func inMailCalls(t *testing.T, refuse bool) int64 {
	var n int64
	synctest.Test(t, func(t *testing.T) {
		e := newMemEnv(t, []rscmock.Option{rscmock.WithClock(time.Now)})
		e.enable(t)
		refused := string(e.srv.Default().Seats[0].URN)
		var calls atomic.Int64
		inner := e.count.next
		e.count.next = roundTripFunc(func(r *http.Request) (*http.Response, error) {
			if strings.Contains(r.URL.Path, "conversationEvents") {
				calls.Add(1)
				if refuse && (strings.Contains(r.URL.RawQuery, refused) || strings.Contains(r.URL.RawQuery, strings.ReplaceAll(refused, ":", "%3A"))) {
					return &http.Response{StatusCode: http.StatusForbidden, Header: http.Header{"Content-Type": {"application/json"}}, Body: http.NoBody, Request: r}, nil
				}
			}
			return inner.RoundTrip(r)
		})
		r := e.runner(t, rscsync.Config{Pull: rscsync.PullConfig{Settle: time.Millisecond, DailyBudget: 600, Lookback: time.Hour}})
		stop := runFor(t, r)
		time.Sleep(6 * time.Hour)
		synctest.Wait()
		stop()
		n = calls.Load()
	})
	return n
}

// TestRefusedSeatKeepsToTheBudget: a round with a refused seat still spent
// its calls, so the next one waits as long as the budget asks (it used to
// come after a short backoff, re-reading every seat).
func TestRefusedSeatKeepsToTheBudget(t *testing.T) {
	t.Parallel()
	fine, refused := inMailCalls(t, false), inMailCalls(t, true)
	t.Logf("conversationEvents calls in 6 h: %d with every seat fine, %d with one refused", fine, refused)
	if refused > fine*3/2 {
		t.Errorf("%d calls with a refused seat, against %d with none: the budget was not kept", refused, fine)
	}
}
