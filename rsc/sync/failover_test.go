package rscsync_test

import (
	"testing"
	"testing/synctest"
	"time"

	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// TestFailover: two processes share one Store (a LeaseRenewer and
// LeaseOwners, so leases default to 10 s). When the process serving every
// tenant loses the Store (as good as killed: it can neither renew nor
// release its leases), the other serves all its tenants within 15 s, and
// at no moment do both serve one tenant.
func TestFailover(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		const n = 6
		shared := newCallCount()
		other := &callCount{Store: shared.Store, calls: map[string]map[string]int{}} // the second process's view
		_, ts, a := idleFleet(t, shared, n, rscsync.Config{Owner: "a"})
		runInBubble(t, a)
		time.Sleep(time.Minute)
		synctest.Wait()
		b, err := rscsync.NewRunner(other, ts, rscsync.Config{Owner: "b", Concurrency: n, Pull: rscsync.PullConfig{Disabled: true}})
		if err != nil {
			t.Fatal(err)
		}
		runInBubble(t, b)
		time.Sleep(time.Minute)
		synctest.Wait()
		if sa, sb := a.Status(t.Context()), b.Status(t.Context()); sa.Served != n || sb.Served != 0 || len(sb.Unserved) != 0 {
			t.Fatalf("before: a serves %d, b serves %d (unserved %v); want %d and 0", sa.Served, sb.Served, sb.Unserved, n)
		}

		shared.down.Store(true) // a is cut off
		killed := time.Now()
		var failover time.Duration
		for time.Since(killed) < time.Minute {
			time.Sleep(100 * time.Millisecond)
			synctest.Wait()
			sa, sb := a.Status(t.Context()), b.Status(t.Context())
			servedA := map[string]bool{}
			for _, tn := range sa.Tenants {
				servedA[tn.Tenant] = tn.State == rscsync.StateServed
			}
			for _, tn := range sb.Tenants {
				if tn.State == rscsync.StateServed && servedA[tn.Tenant] {
					t.Fatalf("%v after the cut: %s served by both processes", time.Since(killed), tn.Tenant)
				}
			}
			if sb.Served == n && failover == 0 {
				failover = time.Since(killed)
			}
		}
		t.Logf("failover: %v", failover)
		if failover == 0 || failover > 15*time.Second {
			t.Errorf("b served every tenant %v after a was cut off, want within 15 s", failover)
		}
	})
}
