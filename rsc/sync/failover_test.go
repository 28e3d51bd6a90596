package rscsync_test

import (
	"testing"
	"testing/synctest"
	"time"

	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// TestFailover: two processes share one Store (a LeaseRenewer, LeaseOwners
// and LeaseLister, so leases default to 10 s and the tenants are split
// evenly). When one loses the Store (as good as killed: it can neither
// renew nor release its leases), the other serves all the tenants within
// 15 s; when it comes back after 30 s it takes its share back as the other
// hands it over; at no moment do both serve one tenant.
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
		if sa, sb := a.Status(t.Context()), b.Status(t.Context()); sa.Served != n/2 || sb.Served != n/2 || len(sb.Unserved) != 0 {
			t.Fatalf("before: a serves %d, b serves %d (unserved %v); want %d each", sa.Served, sb.Served, sb.Unserved, n/2)
		}

		shared.down.Store(true) // a is cut off
		killed := time.Now()
		var failover time.Duration
		exclusive := func(until time.Duration) (servedA, servedB int) {
			for time.Since(killed) < until {
				time.Sleep(100 * time.Millisecond)
				synctest.Wait()
				sa, sb := a.Status(t.Context()), b.Status(t.Context())
				byA := map[string]bool{}
				for _, tn := range sa.Tenants {
					byA[tn.Tenant] = tn.State == rscsync.StateServed
				}
				for _, tn := range sb.Tenants {
					if tn.State == rscsync.StateServed && byA[tn.Tenant] {
						t.Fatalf("%v after the cut: %s served by both processes", time.Since(killed), tn.Tenant)
					}
				}
				if sb.Served == n && failover == 0 {
					failover = time.Since(killed)
				}
				servedA, servedB = sa.Served, sb.Served
			}
			return servedA, servedB
		}
		exclusive(30 * time.Second)
		t.Logf("failover: %v", failover)
		if failover == 0 || failover > 15*time.Second {
			t.Errorf("b served every tenant %v after a was cut off, want within 15 s", failover)
		}
		// After 30 s a reaches the Store again: it serves nothing b holds,
		// and takes its share back only as b hands tenants over.
		shared.down.Store(false)
		if sa, sb := exclusive(2 * time.Minute); sa+sb != n || sa != n/2 {
			t.Errorf("a minute and a half after a came back: a serves %d, b %d; want %d each", sa, sb, n/2)
		}
	})
}

// TestFairSpread: three processes over 30 tenants serve 10 each; a fourth
// joining takes its share from the others (none serves more than 8), and
// when one leaves the others take its tenants back; no tenant is ever left
// unserved for long, or served twice.
func TestFairSpread(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		const n = 30
		store := newCallCount()
		_, ts, first := idleFleet(t, store, n, rscsync.Config{Owner: "p0"})
		runners := []*rscsync.Runner{first}
		stops := []func(){runFor(t, first)}
		start := func(name string) {
			r, err := rscsync.NewRunner(store, ts, rscsync.Config{Owner: name, Concurrency: n, Pull: rscsync.PullConfig{Disabled: true}})
			if err != nil {
				t.Fatal(err)
			}
			runners = append(runners, r)
			stops = append(stops, runFor(t, r))
		}
		start("p1")
		start("p2")
		counts := func() []int {
			var out []int
			seen := map[string]string{}
			for _, r := range runners {
				st := r.Status(t.Context())
				out = append(out, st.Served)
				for _, tn := range st.Tenants {
					if tn.State != rscsync.StateServed {
						continue
					}
					if o, dup := seen[tn.Tenant]; dup {
						t.Fatalf("%s served by %s and %s", tn.Tenant, o, st.Owner)
					}
					seen[tn.Tenant] = st.Owner
				}
			}
			return out
		}
		// Every tenant served, and none of the processes above its fair
		// share ceil(n/processes), which is within 10 % of the mean here.
		check := func(when string) {
			t.Helper()
			time.Sleep(2 * time.Minute)
			synctest.Wait()
			got := counts()
			total, most := 0, 0
			for _, c := range got {
				total += c
				most = max(most, c)
			}
			share := (n + len(got) - 1) / len(got)
			if total != n || most > share {
				t.Errorf("%s: tenants per process = %v, want %d in all and at most %d each", when, got, n, share)
			}
			t.Logf("%s: %v, max/mean %.3f", when, got, float64(most)*float64(len(got))/float64(total))
		}
		check("three processes")
		start("p3")
		check("a fourth joined")
		stops[0]()
		runners = runners[1:]
		stops = stops[1:]
		check("the first left")
		for _, stop := range stops {
			stop()
		}
	})
}
