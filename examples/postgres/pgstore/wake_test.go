package pgstore_test

import (
	"testing"
	"time"

	"github.com/rsckit/rsckit/examples/postgres/pgstore"
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// TestWakeTenantsAcrossStores: a change, a new notification and
// NotifyTenant through one Store (one process) reach another Store's
// WakeTenants subscriber with their tenant; a redelivered notification
// wakes nobody.
func TestWakeTenantsAcrossStores(t *testing.T) {
	t.Parallel()
	pool := testPool(t)
	writer := newStore(t, pool)
	reader, err := pgstore.New(t.Context(), pool, pgstore.WithSchema(writer.Schema()))
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	woken := make(chan string, 16)
	stop := reader.WakeTenants(func(tenant string) { woken <- tenant })
	defer stop()
	next := func(what string) string {
		t.Helper()
		select {
		case id := <-woken:
			return id
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: no wake-up", what)
			return ""
		}
	}
	if got := next("listener start"); got != "" {
		t.Fatalf("first wake-up = %q, want \"\" (every tenant, after a connect)", got)
	}
	ctx := t.Context()
	rec := rscsync.Record{Ref: rscsync.Ref{ID: "j1"}, Value: model.JobPosting{Title: "Engineer"}}
	if err := writer.Put(ctx, "t1", rscsync.Jobs, rec); err != nil {
		t.Fatal(err)
	}
	if got := next("Put"); got != "t1" {
		t.Errorf("Put of t1 woke %q", got)
	}
	n := model.Notification{ID: "n1", Type: model.NotificationType("X")}
	for range 2 { // the redelivery is ignored and notifies nobody
		if err := writer.Enqueue(ctx, rscsync.NotificationItem("t2", n, time.Now())); err != nil {
			t.Fatal(err)
		}
	}
	if got := next("Enqueue"); got != "t2" {
		t.Errorf("Enqueue for t2 woke %q", got)
	}
	if err := writer.NotifyTenant(ctx, "t3"); err != nil {
		t.Fatal(err)
	}
	if got := next("NotifyTenant"); got != "t3" {
		t.Errorf("NotifyTenant(t3) woke %q (a redelivered notification woke its tenant again?)", got)
	}
}

// TestBacklogAndLeaseOwners: one query each for many tenants.
func TestBacklogAndLeaseOwners(t *testing.T) {
	t.Parallel()
	pool := testPool(t)
	s := newStore(t, pool)
	ctx := t.Context()
	rec := func(id string) rscsync.Record {
		return rscsync.Record{Ref: rscsync.Ref{ID: id}, Value: model.JobPosting{Title: "Engineer"}}
	}
	for _, id := range []string{"j1", "j2"} {
		if err := s.Put(ctx, "t1", rscsync.Jobs, rec(id)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Park(ctx, []rscsync.Parked{{Tenant: "t2", Resource: rscsync.Jobs, Ref: rscsync.Ref{ID: "j9"}, Status: 422, Reason: "bad", At: time.Now()}}); err != nil {
		t.Fatal(err)
	}
	bl, err := s.Backlog(ctx, []string{"t1", "t2", "t3"})
	if err != nil {
		t.Fatal(err)
	}
	if b := bl["t1"]; b.Intents != 2 || b.Oldest.IsZero() || b.Parked != 0 {
		t.Errorf("t1 backlog = %+v, want 2 intents", b)
	}
	if b := bl["t2"]; b.Intents != 0 || b.Parked != 1 {
		t.Errorf("t2 backlog = %+v, want 1 parked", b)
	}
	if b := bl["t3"]; b != (rscsync.Backlog{}) {
		t.Errorf("t3 backlog = %+v, want none", b)
	}
	if _, err := s.TryLock(ctx, "tenant/t1", "p1", time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, err := s.TryLock(ctx, "tenant/t2", "p2", time.Millisecond); err != nil {
		t.Fatal(err)
	}
	time.Sleep(5 * time.Millisecond)
	owners, err := s.LeaseOwners(ctx, []string{"tenant/t1", "tenant/t2", "tenant/t3"})
	if err != nil {
		t.Fatal(err)
	}
	if len(owners) != 1 || owners["tenant/t1"] != "p1" {
		t.Errorf("LeaseOwners = %v, want only tenant/t1 held by p1 (t2's expired)", owners)
	}
}
