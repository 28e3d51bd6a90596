package rscsync_test

import (
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rsckit/rsckit/internal/atsgen"
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rscmock"
)

// driftCandidate is a candidate the host stored without its outbox intent
// (a host bug): only the reconcile can bring it to LinkedIn.
func driftCandidate() rscsync.Record {
	return rscsync.Record{Ref: rscsync.Ref{ID: "DRIFT-1"}, Value: model.Candidate{
		FirstName: "Drift", LastName: "Lost", EmailAddresses: []string{"drift@example.com"},
		ExternalProfileURL: "https://ats.example.com/c/DRIFT-1",
		ATSCreatedAt:       model.Millis(genNow), ATSLastModifiedAt: model.Millis(genNow)}}
}

func TestReconcileRepairsSkippedIntent(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newMemEnv(t, []rscmock.Option{rscmock.WithClock(time.Now)})
		e.seed(atsgen.Generate(31, 60, genNow))
		r := e.runner(t, rscsync.Config{Pull: rscsync.PullConfig{Disabled: true}, Reconcile: rscsync.ReconcileConfig{Period: 24 * time.Hour}})
		ctx := t.Context()
		if err := r.SyncOnce(ctx); err != nil {
			t.Fatal(err)
		}
		e.store.PutQuiet(tenantID, rscsync.Candidates, driftCandidate())
		atLinkedIn := func() bool {
			_, ok := linkedInBody(e.srv, e.tenant.Organization, rscsync.Candidates, rscsync.Ref{ID: "DRIFT-1"})
			return ok
		}
		if err := r.SyncOnce(ctx); err != nil {
			t.Fatal(err)
		}
		if atLinkedIn() {
			t.Fatal("the candidate reached LinkedIn without an intent and before any reconcile page")
		}
		start := time.Now()
		for time.Since(start) < 2*24*time.Hour {
			time.Sleep(10 * time.Minute)
			// A restart before every pass: the reconcile's place and pace
			// live in the Store's checkpoints only.
			r = e.runner(t, rscsync.Config{Pull: rscsync.PullConfig{Disabled: true}, Reconcile: rscsync.ReconcileConfig{Period: 24 * time.Hour}})
			if err := r.SyncOnce(ctx); err != nil {
				t.Fatal(err)
			}
			if atLinkedIn() {
				break
			}
		}
		took := time.Since(start)
		if !atLinkedIn() {
			t.Fatalf("the candidate whose intent was skipped is not at LinkedIn after %v of reconcile (period 24h)", took)
		}
		if took > 25*time.Hour {
			t.Errorf("repaired after %v, more than one period", took)
		}
		e.assertLinkedInEqualsStore(t)
		t.Logf("repaired after %v", took)
	})
}

func TestReconcileStaysWithinQuotaShare(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newMemEnv(t, []rscmock.Option{rscmock.WithClock(time.Now)})
		e.seed(atsgen.Generate(32, 60, genNow))
		const daily, share = 400, 0.05 // 20 requests a day for the reconcile
		// A one-hour period would send a page every few minutes: the share
		// is what must hold the pace.
		r := e.runner(t, rscsync.Config{Pull: rscsync.PullConfig{Disabled: true},
			Reconcile: rscsync.ReconcileConfig{Period: time.Hour, Share: share, DailyRequests: daily}})
		ctx := t.Context()
		if err := r.SyncOnce(ctx); err != nil { // the backfill
			t.Fatal(err)
		}
		var mu sync.Mutex
		var times []time.Time
		e.count.mu.Lock()
		e.count.onReq = func(*http.Request) {
			mu.Lock()
			times = append(times, time.Now())
			mu.Unlock()
		}
		e.count.mu.Unlock()
		start := time.Now()
		maxPage := 0
		for time.Since(start) < 3*24*time.Hour {
			time.Sleep(5 * time.Minute)
			mu.Lock()
			before := len(times)
			mu.Unlock()
			if err := r.SyncOnce(ctx); err != nil {
				t.Fatal(err)
			}
			mu.Lock()
			maxPage = max(maxPage, len(times)-before)
			mu.Unlock()
		}
		mu.Lock()
		defer mu.Unlock()
		if len(times) == 0 {
			t.Fatal("the reconcile sent nothing in 3 days")
		}
		budget := int(daily * share)
		worst := 0
		for i, at := range times {
			j, _ := slices.BinarySearchFunc(times, at.Add(24*time.Hour), func(a, b time.Time) int { return a.Compare(b) })
			worst = max(worst, j-i)
		}
		if worst > budget+maxPage {
			t.Errorf("%d reconcile requests in 24 hours, share allows %d (+ one page of %d)", worst, budget, maxPage)
		}
		if worst < budget/2 {
			t.Errorf("only %d reconcile requests in the busiest 24 hours with a share of %d: the pace wastes the share", worst, budget)
		}
		t.Logf("%d reconcile requests in 3 days; busiest 24 h: %d (share %d, largest page %d requests)", len(times), worst, budget, maxPage)
	})
}

func TestResyncSendsExactlyTheRequestedResource(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	d := atsgen.Generate(33, 40, genNow)
	e.seed(d)
	r := e.runner(t, rscsync.Config{Pull: rscsync.PullConfig{Disabled: true}})
	ctx := t.Context()
	if err := r.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if err := rscsync.RequestResync(ctx, e.store, tenantID, "bogus"); err == nil {
		t.Error("a resync of an unknown resource was accepted")
	}
	if err := rscsync.RequestResync(ctx, e.store, "", rscsync.Jobs); err == nil {
		t.Error("a resync of an empty tenant was accepted")
	}
	var mu sync.Mutex
	var paths []string
	var ops []string
	e.count.mu.Lock()
	e.count.onReq = func(req *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		paths = append(paths, req.URL.Path)
		if req.GetBody != nil && strings.HasSuffix(req.URL.Path, "/simpleJobPostings") {
			if b, err := req.GetBody(); err == nil {
				body, _ := io.ReadAll(b)
				for _, op := range []string{"CREATE", "UPDATE", "CLOSE"} {
					ops = append(ops, strings.Repeat(op+" ", strings.Count(string(body), `"`+op+`"`)))
				}
			}
		}
	}
	e.count.mu.Unlock()
	// Nothing is due: a pass sends nothing.
	if err := r.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if len(paths) != 0 {
		t.Fatalf("an idle pass sent %v", paths)
	}
	if err := rscsync.RequestResync(ctx, e.store, tenantID, rscsync.Jobs); err != nil {
		t.Fatal(err)
	}
	if err := r.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	got, gotOps := slices.Clone(paths), strings.Join(ops, "")
	paths, ops = nil, nil
	mu.Unlock()
	if len(got) == 0 {
		t.Fatal("the resync sent nothing")
	}
	for _, p := range got {
		if !strings.Contains(p, "simpleJobPosting") {
			t.Errorf("a resync of jobs sent %s", p)
		}
	}
	open := 0
	for _, rec := range d.Records[rscsync.Jobs] {
		if rec.Value.(model.JobPosting).State != model.JobStateClosed {
			open++
		}
	}
	if n := strings.Count(gotOps, "UPDATE"); n != open || strings.Contains(gotOps, "CREATE") {
		t.Errorf("resync sent %q; want %d UPDATEs (the open jobs) and no CREATE", gotOps, open)
	}
	// Done: the next pass sends nothing.
	if err := r.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(paths) != 0 {
		t.Errorf("the resync ran again: %v", paths)
	}
	e.assertLinkedInEqualsStore(t)
}
