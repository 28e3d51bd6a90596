package storetest

import (
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

var outboxTests = []test{
	{"IntentsRecordChanges", testIntentsRecordChanges},
	{"ClaimMaxAndOrder", testClaimMaxAndOrder},
	{"LeaseExpiry", testLeaseExpiry},
	{"CompleteRemoves", testCompleteRemoves},
	{"RetryAtDelays", testRetryAt},
	{"OldLeaseLost", testOldLeaseLost},
	{"ExpiredLeaseStillCompletes", testExpiredLeaseCompletes},
	{"ConcurrentClaims", testConcurrentClaims},
	{"TenantsSeparate", testOutboxTenants},
}

// intentView is what the suite compares of an intent.
type intentView struct {
	Tenant   string
	Resource rscsync.Resource
	Ref      rscsync.Ref
	Op       rscsync.Op
	Attempts int
}

func viewOf(in []rscsync.Item) []intentView {
	out := make([]intentView, len(in))
	for i, x := range in {
		out[i] = intentView{x.Tenant, x.Resource, x.Ref, x.Op, x.Attempts}
	}
	return out
}

func (e *env) claim(t *testing.T, tenant string, max int, lease time.Duration) []rscsync.Item {
	t.Helper()
	got, err := e.queue.Claim(e.ctx, tenant, rscsync.LaneOutbox, max, lease)
	if err != nil {
		t.Fatalf("Claim(%s, %d, %v): %v", tenant, max, lease, err)
	}
	if len(got) > max {
		t.Fatalf("Claim(%s, %d) returned %d intents", tenant, max, len(got))
	}
	for _, in := range got {
		if in.ID == "" || in.Lease == "" {
			t.Errorf("claimed intent %+v has no ID or no Lease", in)
		}
	}
	return got
}

func (e *env) complete(t *testing.T, in []rscsync.Item, o rscsync.Outcome) {
	t.Helper()
	if err := e.queue.Complete(e.ctx, in, o); err != nil {
		t.Fatalf("Complete(%v): %v", viewOf(in), err)
	}
}

// wantNoClaim fails if tenant has a claimable intent.
func (e *env) wantNoClaim(t *testing.T, tenant, why string) {
	t.Helper()
	if got := e.claim(t, tenant, 100, longLease); len(got) != 0 {
		t.Errorf("%s: Claim returned %v", why, viewOf(got))
	}
}

func upsert(tenant string, r rscsync.Resource, ref rscsync.Ref, attempts int) intentView {
	return intentView{tenant, r, ref, rscsync.OpUpsert, attempts}
}

func testIntentsRecordChanges(t *testing.T, e *env) {
	c1 := rscsync.Ref{ID: "c1"}
	n1 := rscsync.Ref{ID: "n1", Parent: "c1"}
	e.put(t, tenantA, rscsync.Candidates, c1)
	e.put(t, tenantA, rscsync.CandidateNotes, n1)
	e.del(t, tenantA, rscsync.CandidateNotes, n1)
	e.del(t, tenantA, rscsync.Candidates, c1)
	got := e.claim(t, tenantA, 10, longLease)
	want := []intentView{
		upsert(tenantA, rscsync.Candidates, c1, 0),
		upsert(tenantA, rscsync.CandidateNotes, n1, 0),
		{tenantA, rscsync.CandidateNotes, n1, rscsync.OpDelete, 0},
		{tenantA, rscsync.Candidates, c1, rscsync.OpDelete, 0},
	}
	if diff := cmp.Diff(want, viewOf(got)); diff != "" {
		t.Fatalf("claimed intents (-want +got):\n%s", diff)
	}
	seen := make(map[string]bool)
	for i, in := range got {
		if seen[in.ID] {
			t.Errorf("intent ID %q is used twice", in.ID)
		}
		seen[in.ID] = true
		if i > 0 && in.Seq <= got[i-1].Seq {
			t.Errorf("intent %d has Seq %d, not more than the earlier %d", i, in.Seq, got[i-1].Seq)
		}
	}
}

func testClaimMaxAndOrder(t *testing.T, e *env) {
	refs := ids(seqIDs("c", 7)...)
	e.put(t, tenantA, rscsync.Candidates, refs...)
	var got []rscsync.Ref
	for _, max := range []int{2, 1, 3, 10} {
		page := e.claim(t, tenantA, max, longLease)
		want := min(max, len(refs)-len(got))
		if len(page) != want {
			t.Fatalf("Claim(max %d) with %d unclaimed intents returned %d", max, len(refs)-len(got), len(page))
		}
		for _, in := range page {
			got = append(got, in.Ref)
		}
	}
	if diff := cmp.Diff(refs, got); diff != "" {
		t.Errorf("claims are not in Seq order (-want +got):\n%s", diff)
	}
	e.wantNoClaim(t, tenantA, "every intent is leased")
}

func testLeaseExpiry(t *testing.T, e *env) {
	short, wait := e.shortLease()
	e.put(t, tenantA, rscsync.Candidates, ids("c1", "c2", "c3")...)
	first := e.claim(t, tenantA, 2, short)
	if len(first) != 2 {
		t.Fatalf("Claim returned %d intents, want 2", len(first))
	}
	third := e.claim(t, tenantA, 10, longLease)
	if diff := cmp.Diff([]intentView{upsert(tenantA, rscsync.Candidates, rscsync.Ref{ID: "c3"}, 0)}, viewOf(third)); diff != "" {
		t.Errorf("second claim (-want +got):\n%s", diff)
	}
	e.pass(wait)
	again := e.claim(t, tenantA, 10, longLease)
	want := []intentView{
		upsert(tenantA, rscsync.Candidates, rscsync.Ref{ID: "c1"}, 1),
		upsert(tenantA, rscsync.Candidates, rscsync.Ref{ID: "c2"}, 1),
	}
	if diff := cmp.Diff(want, viewOf(again)); diff != "" {
		t.Fatalf("claim after the lease expired (-want +got):\n%s", diff)
	}
	for i := range again {
		if again[i].ID != first[i].ID || again[i].Seq != first[i].Seq {
			t.Errorf("re-claimed intent %+v is not the first claim's %+v", again[i], first[i])
		}
		if again[i].Lease == first[i].Lease {
			t.Errorf("re-claim of intent %s kept lease %q", again[i].ID, again[i].Lease)
		}
	}
	e.pass(wait)
	e.wantNoClaim(t, tenantA, "intents under a long lease")
}

func testCompleteRemoves(t *testing.T, e *env) {
	short, wait := e.shortLease()
	e.put(t, tenantA, rscsync.Candidates, ids("c1", "c2")...)
	got := e.claim(t, tenantA, 10, short)
	e.complete(t, got, rscsync.Outcome{})
	e.pass(wait)
	e.wantNoClaim(t, tenantA, "completed intents")
	// Completing again fails: the intents are gone.
	if err := e.queue.Complete(e.ctx, got, rscsync.Outcome{}); !errors.Is(err, rscsync.ErrLeaseLost) && !errors.Is(err, rscsync.ErrNotFound) {
		t.Errorf("completing removed intents again: err = %v, want ErrLeaseLost or ErrNotFound", err)
	}
	// A later change of the same record is a new intent.
	e.put(t, tenantA, rscsync.Candidates, ids("c1")...)
	later := e.claim(t, tenantA, 10, longLease)
	if len(later) != 1 || later[0].Seq <= got[len(got)-1].Seq {
		t.Errorf("intent after completion: %+v, want one with Seq > %d", later, got[len(got)-1].Seq)
	}
}

func testRetryAt(t *testing.T, e *env) {
	e.put(t, tenantA, rscsync.Candidates, ids("c1", "c2")...)
	got := e.claim(t, tenantA, 10, longLease)
	if len(got) != 2 {
		t.Fatalf("Claim returned %d intents, want 2", len(got))
	}
	e.complete(t, got[:1], rscsync.Outcome{RetryAt: e.now().Add(time.Hour), Error: "503 from LinkedIn"})
	e.complete(t, got[1:], rscsync.Outcome{RetryAt: e.now().Add(-time.Second), Error: "timeout"})
	again := e.claim(t, tenantA, 10, longLease)
	if diff := cmp.Diff([]intentView{upsert(tenantA, rscsync.Candidates, rscsync.Ref{ID: "c2"}, 1)}, viewOf(again)); diff != "" {
		t.Errorf("claim after Complete with RetryAt in an hour and in the past (-want +got):\n%s", diff)
	}
	e.complete(t, again, rscsync.Outcome{})
	if e.Advance == nil {
		return
	}
	e.Advance(time.Hour + time.Minute)
	later := e.claim(t, tenantA, 10, longLease)
	if diff := cmp.Diff([]intentView{upsert(tenantA, rscsync.Candidates, rscsync.Ref{ID: "c1"}, 1)}, viewOf(later)); diff != "" {
		t.Errorf("claim after RetryAt passed (-want +got):\n%s", diff)
	}
}

func testOldLeaseLost(t *testing.T, e *env) {
	short, wait := e.shortLease()
	e.put(t, tenantA, rscsync.Candidates, ids("c1", "c2")...)
	old := e.claim(t, tenantA, 10, short)
	if len(old) != 2 {
		t.Fatalf("Claim returned %d intents, want 2", len(old))
	}
	e.pass(wait)
	cur := e.claim(t, tenantA, 1, longLease)
	if len(cur) != 1 || cur[0].ID != old[0].ID {
		t.Fatalf("re-claim returned %+v, want intent %s", cur, old[0].ID)
	}
	err := e.queue.Complete(e.ctx, old[:1], rscsync.Outcome{})
	if !errors.Is(err, rscsync.ErrLeaseLost) {
		t.Errorf("Complete with the taken-over lease: err = %v, want ErrLeaseLost", err)
	}
	err = e.queue.Complete(e.ctx, old[:1], rscsync.Outcome{RetryAt: e.now().Add(-time.Second)})
	if !errors.Is(err, rscsync.ErrLeaseLost) {
		t.Errorf("Complete with RetryAt and the taken-over lease: err = %v, want ErrLeaseLost", err)
	}
	// The new holder still holds it; c2 (expired, unclaimed) is claimable.
	rest := e.claim(t, tenantA, 10, longLease)
	if diff := cmp.Diff([]intentView{upsert(tenantA, rscsync.Candidates, rscsync.Ref{ID: "c2"}, 1)}, viewOf(rest)); diff != "" {
		t.Errorf("claim while the new holder has c1 (-want +got):\n%s", diff)
	}
	e.complete(t, cur, rscsync.Outcome{})
	e.complete(t, rest, rscsync.Outcome{})
	e.wantNoClaim(t, tenantA, "all intents completed by their holders")
}

// testExpiredLeaseCompletes: a lease that expired while nobody claimed the
// intent again is still the current one, so its holder's Complete (removal
// or release) stands. Otherwise a push round slower than the lease would
// send the same records over and over.
func testExpiredLeaseCompletes(t *testing.T, e *env) {
	short, wait := e.shortLease()
	e.put(t, tenantA, rscsync.Candidates, ids("c1", "c2")...)
	got := e.claim(t, tenantA, 10, short)
	if len(got) != 2 {
		t.Fatalf("Claim returned %d intents, want 2", len(got))
	}
	e.pass(wait)
	if err := e.queue.Complete(e.ctx, got[:1], rscsync.Outcome{}); err != nil {
		t.Errorf("Complete after the lease expired, not taken over: %v", err)
	}
	if err := e.queue.Complete(e.ctx, got[1:], rscsync.Outcome{RetryAt: e.now().Add(time.Hour)}); err != nil {
		t.Errorf("Complete with RetryAt after the lease expired, not taken over: %v", err)
	}
	e.wantNoClaim(t, tenantA, "one intent completed, the other released for an hour")
	if e.Advance == nil {
		return
	}
	e.Advance(time.Hour + time.Minute)
	later := e.claim(t, tenantA, 10, longLease)
	if diff := cmp.Diff([]intentView{upsert(tenantA, rscsync.Candidates, rscsync.Ref{ID: "c2"}, 1)}, viewOf(later)); diff != "" {
		t.Errorf("claim after the released intent's RetryAt (-want +got):\n%s", diff)
	}
}

func testConcurrentClaims(t *testing.T, e *env) {
	const n, workers = 120, 8
	e.put(t, tenantA, rscsync.Candidates, ids(seqIDs("c", n)...)...)
	var (
		mu  sync.Mutex
		got = make(map[string]int)
		wg  sync.WaitGroup
	)
	for range workers {
		wg.Go(func() {
			for {
				page, err := e.queue.Claim(e.ctx, tenantA, rscsync.LaneOutbox, 5, longLease)
				if err != nil {
					t.Errorf("Claim: %v", err)
					return
				}
				if len(page) == 0 {
					return
				}
				mu.Lock()
				for _, in := range page {
					got[in.ID]++
				}
				mu.Unlock()
				if err := e.queue.Complete(e.ctx, page[:1], rscsync.Outcome{}); err != nil {
					t.Errorf("Complete: %v", err)
				}
			}
		})
	}
	wg.Wait()
	if len(got) != n {
		t.Errorf("8 claimers got %d distinct intents, want %d", len(got), n)
	}
	var twice []string
	for id, k := range got {
		if k > 1 {
			twice = append(twice, id)
		}
	}
	if len(twice) > 0 {
		slices.Sort(twice)
		t.Errorf("intents handed to more than one claimer: %v", twice)
	}
}

func testOutboxTenants(t *testing.T, e *env) {
	e.put(t, tenantA, rscsync.Candidates, ids("a1", "a2")...)
	e.put(t, tenantB, rscsync.Candidates, ids("b1")...)
	gotB := e.claim(t, tenantB, 10, longLease)
	if diff := cmp.Diff([]intentView{upsert(tenantB, rscsync.Candidates, rscsync.Ref{ID: "b1"}, 0)}, viewOf(gotB)); diff != "" {
		t.Errorf("claim of tenant B (-want +got):\n%s", diff)
	}
	gotA := e.claim(t, tenantA, 10, longLease)
	want := []intentView{
		upsert(tenantA, rscsync.Candidates, rscsync.Ref{ID: "a1"}, 0),
		upsert(tenantA, rscsync.Candidates, rscsync.Ref{ID: "a2"}, 0),
	}
	if diff := cmp.Diff(want, viewOf(gotA), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("claim of tenant A (-want +got):\n%s", diff)
	}
	e.wantNoClaim(t, "tenant-none", "a tenant without changes")
}
