package rscsync_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rsckit/rsckit/rsc"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rsc/sync/memstore"
)

// metricsLog is a Metrics hook that keeps what it observed.
type metricsLog struct {
	mu   sync.Mutex
	seen []rscsync.Status
}

func (m *metricsLog) Observe(_ context.Context, s rscsync.Status) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.seen = append(m.seen, s)
}

// TestStatus: a process with room for two of four tenants, one of which
// another process serves, reports the two it serves (backlog, backfill,
// quota use), the one served elsewhere, and the one nobody serves, which
// it also logs; the handler serves the same as JSON and the Metrics hook
// receives it every MetricsInterval.
func TestStatus(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		store := memstore.New()
		if ok, _ := store.TryLock(t.Context(), "tenant/t0", "other", 24*time.Hour); !ok {
			t.Fatal("lock")
		}
		var mu sync.Mutex
		var logs strings.Builder
		m := &metricsLog{}
		_, ts, r := idleFleet(t, store, 4, rscsync.Config{Concurrency: 2, Owner: "p1", Metrics: m, MetricsInterval: time.Minute, Logger: slogTo(&mu, &logs)})
		runInBubble(t, r)
		time.Sleep(90 * time.Second)
		synctest.Wait()
		store.Put(ts[1].ID, rscsync.Candidates, candidate("C1"))
		synctest.Wait()

		st := r.Status(t.Context())
		if st.Owner != "p1" || st.Listed != 4 || st.Served != 2 || st.Capacity != 2 {
			t.Errorf("Status = owner %q listed %d served %d capacity %d, want p1 4 2 2", st.Owner, st.Listed, st.Served, st.Capacity)
		}
		states := map[string]string{}
		for _, tn := range st.Tenants {
			states[tn.Tenant] = tn.State
			if tn.State != rscsync.StateServed {
				continue
			}
			if tn.Backlog == nil || tn.Backlog.Intents != 0 {
				t.Errorf("%s: backlog %+v, want an empty outbox", tn.Tenant, tn.Backlog)
			}
			if !tn.BackfillComplete || len(tn.Backfill) == 0 {
				t.Errorf("%s: backfill complete %v, progress %+v", tn.Tenant, tn.BackfillComplete, tn.Backfill)
			}
			if tn.Since.IsZero() {
				t.Errorf("%s: no Since", tn.Tenant)
			}
		}
		if states["t0"] != rscsync.StateElsewhere || states["t1"] != rscsync.StateServed || states["t2"] != rscsync.StateServed || states["t3"] != rscsync.StateFull {
			t.Errorf("states = %v, want t0 elsewhere, t1 and t2 served, t3 full", states)
		}
		if len(st.Unserved) != 1 || st.Unserved[0] != "t3" {
			t.Errorf("Unserved = %v, want [t3]", st.Unserved)
		}
		for _, tn := range st.Tenants {
			if tn.Tenant != "t1" {
				continue
			}
			used := 0
			for _, q := range tn.Quota {
				if q.Group == rsc.QuotaSync {
					used = q.Used
				}
			}
			if used == 0 {
				t.Errorf("t1 pushed a candidate but its quota use shows no sync request: %+v", tn.Quota)
			}
		}
		mu.Lock()
		if !strings.Contains(logs.String(), "not served here: Concurrency or fair share reached") {
			t.Errorf("no log line about the unserved tenant:\n%s", logs.String())
		}
		mu.Unlock()

		rec := httptest.NewRecorder()
		r.StatusHandler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/status", nil))
		var got rscsync.Status
		if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || rec.Code != http.StatusOK {
			t.Fatalf("handler: %d %v\n%s", rec.Code, err, rec.Body)
		}
		if got.Served != 2 || len(got.Tenants) != 4 || strings.Contains(rec.Body.String(), "secret") {
			t.Errorf("handler's JSON = %s", rec.Body)
		}
		rec = httptest.NewRecorder()
		r.StatusHandler().ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/status", nil))
		if rec.Code != http.StatusMethodNotAllowed {
			t.Errorf("POST: %d, want 405", rec.Code)
		}

		m.mu.Lock()
		defer m.mu.Unlock()
		if len(m.seen) != 1 || m.seen[0].Served != 2 {
			t.Errorf("Metrics observed %d statuses in 90 s (want 1, every minute): %+v", len(m.seen), m.seen)
		}
	})
}
