package rscsync_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rsc/sync/memstore"
	"github.com/rsckit/rsckit/rscmock"
)

// callCount is a memstore that counts the Store calls per tenant, and can
// fail them all (a process that lost its database).
type callCount struct {
	*memstore.Store
	mu    sync.Mutex
	calls map[string]map[string]int // tenant -> call -> n
	down  atomic.Bool
}

func newCallCount() *callCount {
	return &callCount{Store: memstore.New(), calls: map[string]map[string]int{}}
}

var errDown = errors.New("database unreachable")

func (c *callCount) note(tenant, call string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.calls[tenant] == nil {
		c.calls[tenant] = map[string]int{}
	}
	c.calls[tenant][call]++
	if c.down.Load() {
		return errDown
	}
	return nil
}

// count returns the calls of tenant whose name starts with prefix.
func (c *callCount) count(tenant, prefix string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for call, k := range c.calls[tenant] {
		if strings.HasPrefix(call, prefix) {
			n += k
		}
	}
	return n
}

func (c *callCount) Claim(ctx context.Context, tenant string, lane rscsync.Lane, max int, lease time.Duration) ([]rscsync.Item, error) {
	call := "claim"
	if lane == rscsync.LaneNotifications {
		call = "claimNotifications"
	}
	if err := c.note(tenant, call); err != nil {
		return nil, err
	}
	return c.Store.Claim(ctx, tenant, lane, max, lease)
}

func (c *callCount) LoadCheckpoint(ctx context.Context, s rscsync.StreamID) (rscsync.Checkpoint, error) {
	if err := c.note(s.Tenant, "load/"+s.Name); err != nil {
		return rscsync.Checkpoint{}, err
	}
	return c.Store.LoadCheckpoint(ctx, s)
}

func (c *callCount) SaveCheckpoint(ctx context.Context, s rscsync.StreamID, from, next rscsync.Checkpoint) error {
	if err := c.note(s.Tenant, "save/"+s.Name); err != nil {
		return err
	}
	return c.Store.SaveCheckpoint(ctx, s, from, next)
}

func (c *callCount) TryLock(ctx context.Context, name, owner string, ttl time.Duration) (bool, error) {
	if err := c.note(strings.TrimPrefix(name, "tenant/"), "lock"); err != nil {
		return false, err
	}
	return c.Store.TryLock(ctx, name, owner, ttl)
}

func (c *callCount) RenewLocks(ctx context.Context, names []string, owner string, ttl time.Duration) ([]string, error) {
	if err := c.note("", "renew"); err != nil {
		return nil, err
	}
	return c.Store.RenewLocks(ctx, names, owner, ttl)
}

func (c *callCount) Unlock(ctx context.Context, name, owner string) error {
	if err := c.note(strings.TrimPrefix(name, "tenant/"), "unlock"); err != nil {
		return err
	}
	return c.Store.Unlock(ctx, name, owner)
}

func (c *callCount) LeaseOwners(ctx context.Context, names []string) (map[string]string, error) {
	if err := c.note("", "owners"); err != nil {
		return nil, err
	}
	return c.Store.LeaseOwners(ctx, names)
}

// total returns every call of tenant.
func (c *callCount) total(tenant string) int { return c.count(tenant, "") }

// idleFleet starts a Runner (pull disabled) over n tenants on store.
func idleFleet(t *testing.T, store rscsync.Store, n int, cfg rscsync.Config) (*rscmock.Server, rscsync.Tenants, *rscsync.Runner) {
	t.Helper()
	srv := rscmock.New(rscmock.WithRecordsPerMinute(0))
	srv.SetBaseURL("http://rscmock.test")
	var ts rscsync.Tenants
	for i := range n {
		c := srv.AddCustomer(rscmock.CustomerSpec{Name: fmt.Sprintf("Customer %d", i)})
		ts = append(ts, rscsync.Tenant{ID: fmt.Sprintf("t%d", i), Client: memClient(t, srv, c, &counting{}), Organization: c.Organization})
	}
	cfg.Pull.Disabled = true
	if cfg.Concurrency == 0 {
		cfg.Concurrency = n
	}
	r, err := rscsync.NewRunner(store, ts, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return srv, ts, r
}

// TestIdleTenantsCostNextToNothing: with the backfills finished and nothing
// changing, a tenant's finished backfill is not read again and its outbox
// and notification queue are claimed only on the slow safety timer: over a
// quiet hour, below 0.05 Store calls per tenant per second (the target of
// idle database commits), where every tenant used to claim both queues and
// read nine checkpoints every second.
func TestIdleTenantsCostNextToNothing(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		store := newCallCount()
		const n = 20
		_, ts, r := idleFleet(t, store, n, rscsync.Config{})
		runInBubble(t, r)
		time.Sleep(10 * time.Minute) // backfills done, claim timers slowed down
		synctest.Wait()
		before := map[string]int{}
		backfill := map[string]int{}
		for _, tn := range ts {
			if got := store.count(tn.ID, "save/backfill/"); got == 0 {
				t.Fatalf("tenant %s: the backfill never ran", tn.ID)
			}
			before[tn.ID] = store.total(tn.ID)
			backfill[tn.ID] = store.count(tn.ID, "load/backfill/")
		}
		const quiet = time.Hour
		time.Sleep(quiet)
		synctest.Wait()
		sum := 0
		for _, tn := range ts {
			if got := store.count(tn.ID, "load/backfill/"); got != backfill[tn.ID] {
				t.Errorf("tenant %s: finished backfill read %d times in a quiet hour", tn.ID, got-backfill[tn.ID])
			}
			sum += store.total(tn.ID) - before[tn.ID]
		}
		sum += store.count("", "")
		perTenantSecond := float64(sum) / n / quiet.Seconds()
		t.Logf("idle Store calls per tenant per second: %.4f (t0: %v)", perTenantSecond, store.calls["t0"])
		if perTenantSecond >= 0.05 {
			t.Errorf("idle Store calls per tenant per second = %.4f, want < 0.05 (by tenant: %v)", perTenantSecond, store.calls["t0"])
		}
	})
}

// TestAChangeWakesOnlyItsTenant: a change (or a notification) of one tenant
// is pushed at once and costs the other tenants nothing: their queues are
// not claimed.
func TestAChangeWakesOnlyItsTenant(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		store := newCallCount()
		srv, ts, r := idleFleet(t, store, 8, rscsync.Config{})
		runInBubble(t, r)
		time.Sleep(10 * time.Minute)
		synctest.Wait()
		claims := func() map[string]int {
			m := map[string]int{}
			for _, tn := range ts {
				m[tn.ID] = store.count(tn.ID, "claim")
			}
			return m
		}
		for i := range 6 {
			tn := ts[(i*3)%len(ts)]
			before := claims()
			id := fmt.Sprintf("C%d", i)
			store.Put(tn.ID, rscsync.Candidates, candidate(id))
			synctest.Wait()
			if !atLinkedIn(srv, tn.Organization, id) {
				t.Errorf("change %d of tenant %s not pushed on its wake-up", i, tn.ID)
			}
			after := claims()
			for _, o := range ts {
				switch {
				case o.ID == tn.ID && after[o.ID] == before[o.ID]:
					t.Errorf("change %d: tenant %s did not claim its queues", i, o.ID)
				case o.ID != tn.ID && after[o.ID] != before[o.ID]:
					t.Errorf("change %d of tenant %s: tenant %s claimed its queues %d times", i, tn.ID, o.ID, after[o.ID]-before[o.ID])
				}
			}
		}
		// A notification wakes its tenant too.
		tn := ts[1]
		before := claims()
		if err := store.Enqueue(t.Context(), rscsync.NotificationItem(tn.ID, model.Notification{ID: "n1", Type: model.NotificationType("UNKNOWN_TYPE")}, time.Now())); err != nil {
			t.Fatal(err)
		}
		synctest.Wait()
		after := claims()
		if after[tn.ID] == before[tn.ID] {
			t.Errorf("a notification did not wake tenant %s", tn.ID)
		}
		if after[ts[2].ID] != before[ts[2].ID] {
			t.Errorf("a notification of %s woke %s", tn.ID, ts[2].ID)
		}
	})
}

// plainStore hides every optional ability of the memstore but the Locker:
// no Waker, no TenantWaker, no LeaseRenewer.
type plainStore struct {
	rscsync.Store
	lk rscsync.Locker
}

func (p plainStore) TryLock(ctx context.Context, name, owner string, ttl time.Duration) (bool, error) {
	return p.lk.TryLock(ctx, name, owner, ttl)
}

func (p plainStore) Unlock(ctx context.Context, name, owner string) error {
	return p.lk.Unlock(ctx, name, owner)
}

// TestHostWake: with a Store that cannot wake the Runner, the host's call
// to Runner.Wake pushes the tenant's change at once (PushInterval is an
// hour), and only that tenant's.
func TestHostWake(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		mem := memstore.New()
		srv, ts, r := idleFleet(t, plainStore{Store: mem, lk: mem}, 3, rscsync.Config{PushInterval: time.Hour})
		runInBubble(t, r)
		synctest.Wait()
		mem.Put(ts[0].ID, rscsync.Candidates, candidate("C1"))
		mem.Put(ts[1].ID, rscsync.Candidates, candidate("C2"))
		synctest.Wait()
		if atLinkedIn(srv, ts[0].Organization, "C1") {
			t.Fatal("pushed without a wake-up: the test shows nothing")
		}
		r.Wake(ts[0].ID)
		r.Wake("no-such-tenant")
		synctest.Wait()
		if !atLinkedIn(srv, ts[0].Organization, "C1") {
			t.Error("Wake(tenant) did not push the tenant's change")
		}
		if atLinkedIn(srv, ts[1].Organization, "C2") {
			t.Error("Wake of one tenant pushed another's change")
		}
		r.Wake("")
		synctest.Wait()
		if !atLinkedIn(srv, ts[1].Organization, "C2") {
			t.Error(`Wake("") did not wake every tenant`)
		}
	})
}

// TestBatchRenewal: with a LeaseRenewer the leases of all served tenants
// are renewed in one call every LockTTL/5, not one per tenant; a tenant
// whose lease another owner took stops; and a process that cannot reach the
// Store stops every tenant within LockTTL, before the leases expire, so
// another process that takes them is never sending at the same time.
func TestBatchRenewal(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		store := newCallCount()
		const ttl = 30 * time.Second
		_, ts, r := idleFleet(t, store, 5, rscsync.Config{Owner: "p1", LockTTL: ttl, TenantRefresh: time.Hour})
		runInBubble(t, r)
		time.Sleep(10 * time.Minute)
		synctest.Wait()
		if got := store.count("", "renew"); got < 95 || got > 101 {
			t.Errorf("renewals in 10 minutes = %d, want one call every %v (100)", got, ttl/5)
		}
		for _, tn := range ts {
			if got := store.count(tn.ID, "lock"); got != 1 {
				t.Errorf("tenant %s: TryLock called %d times, want once (then renewed in batches)", tn.ID, got)
			}
		}

		// Another owner takes t0's lease (it expired meanwhile, say).
		if err := store.Store.Unlock(t.Context(), "tenant/t0", "p1"); err != nil {
			t.Fatal(err)
		}
		if ok, _ := store.Store.TryLock(t.Context(), "tenant/t0", "p2", time.Hour); !ok {
			t.Fatal("p2 did not take the lease")
		}
		time.Sleep(ttl / 5)
		synctest.Wait()
		claims := store.count("t0", "claim")
		store.Put("t0", rscsync.Candidates, candidate("C1"))
		time.Sleep(ttl)
		synctest.Wait()
		if got := store.count("t0", "claim"); got != claims {
			t.Errorf("t0 claimed its outbox %d times after p2 took its lease", got-claims)
		}

		// The database goes away: every tenant stops before LockTTL.
		store.down.Store(true)
		start := time.Now()
		time.Sleep(ttl * 3 / 4)
		synctest.Wait()
		// Its work, not the attempts to start it again (lease, offboarding
		// state).
		work := func() int { return store.count("t1", "claim") + store.count("t1", "save") }
		lost := work()
		store.Put("t1", rscsync.Candidates, candidate("C2"))
		time.Sleep(ttl)
		synctest.Wait()
		if got := work(); got != lost {
			t.Errorf("t1 still working %v after the database went away (%d calls), its lease expires after %v", time.Since(start), got-lost, ttl)
		}
	})
}
