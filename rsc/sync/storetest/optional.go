package storetest

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

var parkTests = []test{
	{"ParkReplacesAndUnparkRemoves", testPark},
}

func (e *env) wantParked(t *testing.T, tenant string, want []rscsync.Parked, why string) {
	t.Helper()
	if e.Parked == nil {
		return
	}
	got, err := e.Parked(e.ctx, tenant)
	if err != nil {
		t.Fatalf("Parked(%s): %v", tenant, err)
	}
	sortParked := cmpopts.SortSlices(func(a, b rscsync.Parked) bool {
		return string(a.Resource)+"\x00"+a.Ref.Parent+"\x00"+a.Ref.ID < string(b.Resource)+"\x00"+b.Ref.Parent+"\x00"+b.Ref.ID
	})
	if diff := cmp.Diff(want, got, sortParked, timeEqual, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("%s: parked failures of %s (-want +got):\n%s", why, tenant, diff)
	}
}

func testPark(t *testing.T, e *env) {
	c1 := rscsync.Parked{Tenant: tenantA, Resource: rscsync.Candidates, Ref: rscsync.Ref{ID: "c1"}, Status: 422, Reason: "emailAddresses[0]: not an email address", At: at(1)}
	n1 := rscsync.Parked{Tenant: tenantA, Resource: rscsync.CandidateNotes, Ref: rscsync.Ref{ID: "n1", Parent: "c1"}, Status: 400, Reason: "note: too long", At: at(2)}
	n1b := rscsync.Parked{Tenant: tenantA, Resource: rscsync.CandidateNotes, Ref: rscsync.Ref{ID: "n1", Parent: "c2"}, Status: 0, Reason: "note: empty", At: at(3)}
	b1 := rscsync.Parked{Tenant: tenantB, Resource: rscsync.Candidates, Ref: rscsync.Ref{ID: "c1"}, Status: 0, Reason: "firstName: required", At: at(4)}
	if err := e.parker.Park(e.ctx, []rscsync.Parked{c1, n1, n1b, b1}); err != nil {
		t.Fatalf("Park: %v", err)
	}
	e.wantParked(t, tenantA, []rscsync.Parked{c1, n1, n1b}, "after Park")
	c1v2 := c1
	c1v2.Status, c1v2.Reason, c1v2.At = 400, "lastName: too long", at(5)
	if err := e.parker.Park(e.ctx, []rscsync.Parked{c1v2}); err != nil {
		t.Fatalf("Park: %v", err)
	}
	e.wantParked(t, tenantA, []rscsync.Parked{c1v2, n1, n1b}, "after parking c1 again")
	if err := e.parker.Unpark(e.ctx, tenantA, rscsync.CandidateNotes, []rscsync.Ref{n1.Ref, {ID: "never-parked"}}); err != nil {
		t.Fatalf("Unpark: %v", err)
	}
	// Unparking c1 as a note, or in another tenant, must not touch c1.
	if err := e.parker.Unpark(e.ctx, tenantA, rscsync.CandidateNotes, []rscsync.Ref{c1.Ref}); err != nil {
		t.Fatalf("Unpark: %v", err)
	}
	if err := e.parker.Unpark(e.ctx, "tenant-none", rscsync.Candidates, []rscsync.Ref{c1.Ref}); err != nil {
		t.Fatalf("Unpark: %v", err)
	}
	e.wantParked(t, tenantA, []rscsync.Parked{c1v2, n1b}, "after Unpark")
	e.wantParked(t, tenantB, []rscsync.Parked{b1}, "other tenant")
}

var lockerTests = []test{
	{"Exclusive", testLockExclusive},
	{"Expiry", testLockExpiry},
	{"RenewExtends", testLockRenew},
	{"Unlock", testUnlock},
}

func locker(t *testing.T, e *env) rscsync.Locker {
	t.Helper()
	l, ok := e.Store.(rscsync.Locker)
	if !ok {
		t.Skip("the Store is not a rscsync.Locker")
	}
	return l
}

func (e *env) tryLock(t *testing.T, l rscsync.Locker, name, owner string, ttl time.Duration, want bool) {
	t.Helper()
	got, err := l.TryLock(e.ctx, name, owner, ttl)
	if err != nil {
		t.Fatalf("TryLock(%s, %s): %v", name, owner, err)
	}
	if got != want {
		t.Errorf("TryLock(%s, %s) = %v, want %v", name, owner, got, want)
	}
}

func (e *env) unlock(t *testing.T, l rscsync.Locker, name, owner string) {
	t.Helper()
	if err := l.Unlock(e.ctx, name, owner); err != nil {
		t.Fatalf("Unlock(%s, %s): %v", name, owner, err)
	}
}

func testLockExclusive(t *testing.T, e *env) {
	l := locker(t, e)
	e.tryLock(t, l, "tenant/tenant-a", "proc-1", longLease, true)
	e.tryLock(t, l, "tenant/tenant-a", "proc-2", longLease, false)
	e.tryLock(t, l, "tenant/tenant-a", "proc-1", longLease, true)
	e.tryLock(t, l, "tenant/tenant-b", "proc-2", longLease, true)
	e.tryLock(t, l, "tenant/tenant-b", "proc-1", longLease, false)
}

func testLockExpiry(t *testing.T, e *env) {
	l := locker(t, e)
	short, wait := e.shortLease()
	e.tryLock(t, l, "p", "proc-1", short, true)
	e.pass(wait)
	e.tryLock(t, l, "p", "proc-2", longLease, true)
	e.tryLock(t, l, "p", "proc-1", longLease, false)
}

func testLockRenew(t *testing.T, e *env) {
	l := locker(t, e)
	if e.Advance == nil {
		t.Skip("needs Fixture.Advance")
	}
	e.tryLock(t, l, "p", "proc-1", time.Minute, true)
	e.Advance(40 * time.Second)
	e.tryLock(t, l, "p", "proc-1", time.Minute, true)
	e.Advance(40 * time.Second)
	e.tryLock(t, l, "p", "proc-2", time.Minute, false) // renewed until 100 s
	e.Advance(30 * time.Second)
	e.tryLock(t, l, "p", "proc-2", time.Minute, true)
}

func testUnlock(t *testing.T, e *env) {
	l := locker(t, e)
	e.unlock(t, l, "p", "proc-1") // not held: no error
	e.tryLock(t, l, "p", "proc-1", longLease, true)
	e.unlock(t, l, "p", "proc-2") // someone else's: no effect
	e.tryLock(t, l, "p", "proc-2", longLease, false)
	e.unlock(t, l, "p", "proc-1")
	e.tryLock(t, l, "p", "proc-2", longLease, true)
	e.tryLock(t, l, "p", "proc-1", longLease, false)
}

var wakerTests = []test{
	{"WakesOnChange", testWaker},
}

func testWaker(t *testing.T, e *env) {
	w, ok := e.Store.(rscsync.Waker)
	if !ok {
		t.Skip("the Store is not a rscsync.Waker")
	}
	ch := w.Wake()
	for _, change := range []func(){
		func() { e.put(t, tenantA, rscsync.Candidates, ids("c1")...) },
		func() { e.del(t, tenantA, rscsync.Candidates, ids("c1")...) },
	} {
		// Drain an earlier signal.
		select {
		case <-ch:
		default:
		}
		change()
		select {
		case <-ch:
		case <-time.After(5 * time.Second):
			t.Fatal("Wake did not fire within 5 s of a change")
		}
	}
}

var notificationTests = []test{
	{"EnqueueIsIdempotent", testEnqueueIdempotent},
	{"ClaimAndComplete", testNotificationClaim},
	{"OldLeaseLost", testNotificationLeaseLost},
	{"ExpiredLeaseStillCompletes", testNotificationExpiredLeaseCompletes},
	{"DoneForgottenAfterRetention", testNotificationRetention},
}

func queue(t *testing.T, e *env) rscsync.Queue {
	t.Helper()
	return e.queue
}

func notification(id string) model.Notification {
	return model.Notification{ID: id, Type: model.NotificationExportCandidateProfile}
}

func (e *env) enqueue(t *testing.T, q rscsync.Queue, tenant string, ids ...string) {
	t.Helper()
	for _, id := range ids {
		if err := q.Enqueue(e.ctx, rscsync.NotificationItem(tenant, notification(id), at(1))); err != nil {
			t.Fatalf("Enqueue(%s, %s): %v", tenant, id, err)
		}
	}
}

// claimNotes claims the due notifications of tenant and returns them and
// their "id/attempts" views (one "+" per attempt), sorted.
func (e *env) claimNotes(t *testing.T, q rscsync.Queue, tenant string, lease time.Duration) ([]rscsync.Item, []string) {
	t.Helper()
	got, err := q.Claim(e.ctx, tenant, rscsync.LaneNotifications, 100, lease)
	if err != nil {
		t.Fatalf("ClaimNotifications(%s): %v", tenant, err)
	}
	var out []string
	for _, n := range got {
		if n.Lease == "" || n.Tenant != tenant {
			t.Errorf("claimed notification %+v has no lease or another tenant", n)
		}
		out = append(out, n.Notification.ID+"/"+strings.Repeat("+", n.Attempts))
	}
	slices.Sort(out)
	return got, out
}

func (e *env) wantNotes(t *testing.T, q rscsync.Queue, tenant string, want []string, why string) []rscsync.Item {
	t.Helper()
	got, view := e.claimNotes(t, q, tenant, longLease)
	if diff := cmp.Diff(want, view, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("%s: claimed notifications of %s as id/attempts (-want +got):\n%s", why, tenant, diff)
	}
	return got
}

func testEnqueueIdempotent(t *testing.T, e *env) {
	q := queue(t, e)
	e.enqueue(t, q, tenantA, "n1", "n2", "n1")
	got := e.wantNotes(t, q, tenantA, []string{"n1/", "n2/"}, "after a redelivery")
	for _, n := range got {
		if err := q.Complete(e.ctx, []rscsync.Item{n}, rscsync.Outcome{RetryAt: time.Time{}, Error: ""}); err != nil {
			t.Fatalf("CompleteNotification(%s): %v", n.Notification.ID, err)
		}
	}
	e.enqueue(t, q, tenantA, "n1", "n2")
	e.enqueue(t, q, tenantB, "n1")
	e.wantNotes(t, q, tenantA, nil, "after redeliveries of done notifications")
	e.wantNotes(t, q, tenantB, []string{"n1/"}, "the same id for another tenant")
}

func testNotificationClaim(t *testing.T, e *env) {
	q := queue(t, e)
	e.enqueue(t, q, tenantA, "n1", "n2", "n3")
	got := e.wantNotes(t, q, tenantA, []string{"n1/", "n2/", "n3/"}, "first claim")
	e.wantNotes(t, q, tenantA, nil, "while leased")
	byID := map[string]rscsync.Item{}
	for _, n := range got {
		byID[n.Notification.ID] = n
	}
	for id, retry := range map[string]time.Time{
		"n1": {},
		"n2": e.now().Add(-time.Second),
		"n3": e.now().Add(time.Hour),
	} {
		if err := q.Complete(e.ctx, []rscsync.Item{byID[id]}, rscsync.Outcome{RetryAt: retry, Error: "fetch failed"}); err != nil {
			t.Fatalf("CompleteNotification(%s): %v", id, err)
		}
	}
	again := e.wantNotes(t, q, tenantA, []string{"n2/+"}, "after done, retry now and retry in an hour")
	for _, n := range again {
		if err := q.Complete(e.ctx, []rscsync.Item{n}, rscsync.Outcome{RetryAt: time.Time{}, Error: ""}); err != nil {
			t.Fatalf("CompleteNotification(%s): %v", n.Notification.ID, err)
		}
	}
	if e.Advance != nil {
		e.Advance(time.Hour + time.Minute)
		e.wantNotes(t, q, tenantA, []string{"n3/+"}, "after the retry time")
	}
}

func testNotificationLeaseLost(t *testing.T, e *env) {
	q := queue(t, e)
	short, wait := e.shortLease()
	e.enqueue(t, q, tenantA, "n1")
	old, _ := e.claimNotes(t, q, tenantA, short)
	if len(old) != 1 {
		t.Fatalf("claimed %d notifications, want 1", len(old))
	}
	e.pass(wait)
	cur := e.wantNotes(t, q, tenantA, []string{"n1/+"}, "after the lease expired")
	if err := q.Complete(e.ctx, []rscsync.Item{old[0]}, rscsync.Outcome{RetryAt: time.Time{}, Error: ""}); !errors.Is(err, rscsync.ErrLeaseLost) {
		t.Errorf("CompleteNotification with the taken-over lease: err = %v, want ErrLeaseLost", err)
	}
	if len(cur) == 1 {
		if err := q.Complete(e.ctx, []rscsync.Item{cur[0]}, rscsync.Outcome{RetryAt: time.Time{}, Error: ""}); err != nil {
			t.Errorf("CompleteNotification by the new holder: %v", err)
		}
	}
	e.pass(wait)
	e.wantNotes(t, q, tenantA, nil, "after completion")
}

// testNotificationExpiredLeaseCompletes: as for intents, a lease that
// expired while nobody claimed the notification again still completes it.
func testNotificationExpiredLeaseCompletes(t *testing.T, e *env) {
	q := queue(t, e)
	short, wait := e.shortLease()
	e.enqueue(t, q, tenantA, "n1")
	got, _ := e.claimNotes(t, q, tenantA, short)
	if len(got) != 1 {
		t.Fatalf("claimed %d notifications, want 1", len(got))
	}
	e.pass(wait)
	if err := q.Complete(e.ctx, []rscsync.Item{got[0]}, rscsync.Outcome{RetryAt: time.Time{}, Error: ""}); err != nil {
		t.Errorf("CompleteNotification after the lease expired, not taken over: %v", err)
	}
	e.wantNotes(t, q, tenantA, nil, "after completing with the expired lease")
}

// testNotificationRetention: a done notification's id is remembered for
// rscsync.NotificationRetention (a redelivery is ignored) and forgotten
// after it (the same id queues again), which bounds the store's
// de-duplication memory. It needs Fixture.Advance: 48 hours must pass.
func testNotificationRetention(t *testing.T, e *env) {
	q := queue(t, e)
	if e.Advance == nil {
		t.Skip("needs Fixture.Advance to let rscsync.NotificationRetention pass")
	}
	complete := func(ns []rscsync.Item) {
		t.Helper()
		for _, n := range ns {
			if err := q.Complete(e.ctx, []rscsync.Item{n}, rscsync.Outcome{RetryAt: time.Time{}, Error: ""}); err != nil {
				t.Fatalf("CompleteNotification(%s): %v", n.Notification.ID, err)
			}
		}
	}
	e.enqueue(t, q, tenantA, "n1")
	complete(e.wantNotes(t, q, tenantA, []string{"n1/"}, "after Enqueue"))
	e.pass(rscsync.NotificationRetention - time.Hour)
	e.enqueue(t, q, tenantA, "n1", "n2")
	complete(e.wantNotes(t, q, tenantA, []string{"n2/"}, "a redelivery within the retention is ignored"))
	e.pass(2 * time.Hour)
	e.enqueue(t, q, tenantA, "n1", "n2")
	e.wantNotes(t, q, tenantA, []string{"n1/"}, "n1 done over the retention ago is forgotten; n2 is still remembered")
}

// testApplyExport: exports arrive with notifications, in a Batch that
// moves no checkpoint; each is stored once by its Key.
func testApplyExport(t *testing.T, e *env) {
	export := func(id string, member model.URN) model.ExportedCandidate {
		return model.ExportedCandidate{RequestID: id, IntegrationContext: "urn:li:organization:1", ExternalJobPostingID: "j1", ExportedAt: baseMillis,
			Candidate: model.StubProfile{Member: member}}
	}
	const ada, alan = model.URN("urn:li:person:ada"), model.URN("urn:li:person:alan")
	// r1 carries two candidates (a request is a finder answering a list);
	// r2 one; each is applied twice.
	for _, x := range []struct {
		tenant, id string
		member     model.URN
	}{{tenantA, "r1", ada}, {tenantA, "r1", alan}, {tenantA, "r2", ada}, {tenantA, "r1", ada}, {tenantA, "r1", alan}, {tenantA, "r2", ada}, {tenantB, "r1", ada}} {
		b := rscsync.Batch{Stream: rscsync.StreamID{Tenant: x.tenant}, Changes: pulled(export(x.id, x.member))}
		if err := e.applier.Apply(e.ctx, b); err != nil {
			t.Fatalf("Apply(export %s, %s, %s): %v", x.tenant, x.id, x.member, err)
		}
	}
	e.wantPulled(t, tenantA, []any{export("r1", ada), export("r1", alan), export("r2", ada)}, "after applying each twice")
	e.wantPulled(t, tenantB, []any{export("r1", ada)}, "other tenant")
	e.wantCheckpoint(t, rscsync.StreamID{Tenant: tenantA}, rscsync.Checkpoint{}, "a Batch without a stream moves no checkpoint")
}

var dropperTests = []test{
	{"DropsUnleasedIntentsOfTheOp", testDropIntents},
}

// testDropIntents: DropIntents removes the tenant's unleased intents of the
// given refs and Op, and nothing else.
func testDropIntents(t *testing.T, e *env) {
	d, ok := e.Store.(rscsync.IntentDropper)
	if !ok {
		t.Skip("the Store is not a rscsync.IntentDropper")
	}
	e.put(t, tenantA, rscsync.Candidates, ids("c1", "c2", "c4")...)
	e.del(t, tenantA, rscsync.Candidates, ids("c3")...)
	e.put(t, tenantB, rscsync.Candidates, ids("c2")...)
	leased := e.claim(t, tenantA, 1, longLease) // c1's intent, the oldest
	if len(leased) != 1 || leased[0].Ref.ID != "c1" {
		t.Fatalf("first claim: %v", viewOf(leased))
	}
	n, err := d.DropIntents(e.ctx, tenantA, rscsync.Candidates, ids("c1", "c2", "c3"), rscsync.OpUpsert)
	if err != nil {
		t.Fatalf("DropIntents: %v", err)
	}
	if n != 1 {
		t.Errorf("DropIntents removed %d intents, want 1 (c2: c1 is leased, c3 a delete, c4 not named)", n)
	}
	var left []string
	for _, in := range e.claim(t, tenantA, 10, longLease) {
		left = append(left, in.Ref.ID+"/"+string(in.Op))
	}
	slices.Sort(left)
	if want := []string{"c3/" + string(rscsync.OpDelete), "c4/" + string(rscsync.OpUpsert)}; !slices.Equal(left, want) {
		t.Errorf("claimable after DropIntents: %v, want %v", left, want)
	}
	if b := e.claim(t, tenantB, 10, longLease); len(b) != 1 {
		t.Errorf("the other tenant's intent was touched: %v", viewOf(b))
	}
}
