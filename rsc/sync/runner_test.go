package rscsync_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rsc/sync/memstore"
	"github.com/rsckit/rsckit/rscmock"
)

// memClient is a Client of customer c that reaches srv in memory (for
// synctest bubbles), through the transport next wraps when next is set.
func memClient(t *testing.T, srv *rscmock.Server, c rscmock.Customer, cnt *counting) *rsc.Client {
	t.Helper()
	cnt.next = handlerTransport{srv.Handler()}
	cl, err := rsc.NewClient(rsc.WithBaseURL(srv.URL()), rsc.WithTokenURL(srv.TokenURL()),
		rsc.WithClientCredentials(c.ClientID, c.ClientSecret), rsc.WithTransport(cnt),
		rsc.WithRateLimits(rsc.NoRateLimits()), fastRetries(), v2Exports())
	if err != nil {
		t.Fatal(err)
	}
	return cl
}

// candidate is a valid candidate record.
func candidate(id string) rscsync.Record {
	return rscsync.Record{Ref: rscsync.Ref{ID: id}, Value: model.Candidate{
		FirstName: "Ada", LastName: "Lovelace", EmailAddresses: []string{id + "@example.com"},
		ExternalProfileURL: "https://ats.example/candidates/" + id,
		ATSCreatedAt:       model.Millis(genNow), ATSLastModifiedAt: model.Millis(genNow)}}
}

func atLinkedIn(srv *rscmock.Server, org model.URN, id string) bool {
	_, ok := srv.SyncedCandidate(model.CandidateKey{IntegrationContext: org, ATSCandidateID: id})
	return ok
}

// runInBubble starts r.Run and stops it (waiting for it) when the test ends.
func runInBubble(t *testing.T, r *rscsync.Runner) { t.Cleanup(runFor(t, r)) }

// TestWakerWakesTheTenantThatChanged: the Store's one Waker channel serves
// every tenant, so a change of any tenant must wake that tenant, not
// whichever tenant's loop happens to receive from the channel. No time
// passes in the bubble between a change and the check: only a wake-up can
// have pushed it (PushInterval is an hour).
func TestWakerWakesTheTenantThatChanged(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		srv := rscmock.New(rscmock.WithRecordsPerMinute(0))
		srv.SetBaseURL("http://rscmock.test")
		var ts rscsync.Tenants
		for i := range 4 {
			c := srv.AddCustomer(rscmock.CustomerSpec{Name: fmt.Sprintf("Customer %d", i)})
			ts = append(ts, rscsync.Tenant{ID: fmt.Sprintf("t%d", i), Client: memClient(t, srv, c, &counting{}), Organization: c.Organization})
		}
		store := memstore.New()
		r, err := rscsync.NewRunner(store, ts, rscsync.Config{PushInterval: time.Hour, Pull: rscsync.PullConfig{Disabled: true}})
		if err != nil {
			t.Fatal(err)
		}
		runInBubble(t, r)
		synctest.Wait()
		for i := range 12 {
			tn := ts[(i*3)%len(ts)]
			id := fmt.Sprintf("C%d", i)
			store.Put(tn.ID, rscsync.Candidates, candidate(id))
			synctest.Wait()
			if !atLinkedIn(srv, tn.Organization, id) {
				t.Errorf("change %d of tenant %s: not pushed on the Waker's signal (intents %d, parked %+v)", i, tn.ID, len(store.Intents(tn.ID)), store.Parked(tn.ID))
			}
		}
	})
}

// switchingSource lists what set last gave it.
type switchingSource struct {
	mu sync.Mutex
	ts []rscsync.Tenant
}

func (s *switchingSource) set(ts ...rscsync.Tenant) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ts = ts
}

func (s *switchingSource) Tenants(context.Context) ([]rscsync.Tenant, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]rscsync.Tenant(nil), s.ts...), nil
}

// TestRunFollowsTheTenantSource: a tenant the source no longer lists stops
// being served (and its lease is released) at the next refresh, and a
// tenant whose Client changed (rotated credentials) is served with the new
// Client from then on.
func TestRunFollowsTheTenantSource(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		srv := rscmock.New(rscmock.WithRecordsPerMinute(0))
		srv.SetBaseURL("http://rscmock.test")
		c := srv.Default()
		oldReqs, newReqs := &counting{}, &counting{}
		tn := rscsync.Tenant{ID: tenantID, Client: memClient(t, srv, c, oldReqs), Organization: c.Organization}
		src := &switchingSource{}
		src.set(tn)
		store := memstore.New()
		const refresh = time.Minute
		r, err := rscsync.NewRunner(store, src, rscsync.Config{Owner: "runner", TenantRefresh: refresh,
			PushInterval: time.Hour, Pull: rscsync.PullConfig{Disabled: true}})
		if err != nil {
			t.Fatal(err)
		}
		runInBubble(t, r)
		synctest.Wait()
		store.Put(tenantID, rscsync.Candidates, candidate("C1"))
		synctest.Wait()
		if !atLinkedIn(srv, c.Organization, "C1") {
			t.Fatalf("the first change was not pushed: intents %+v parked %+v reqs %d", store.Intents(tenantID), store.Parked(tenantID), oldReqs.requests.Load())
		}

		// Rotated credentials: a new Client for the same tenant.
		rotated := tn
		rotated.Client = memClient(t, srv, c, newReqs)
		src.set(rotated)
		time.Sleep(refresh)
		synctest.Wait()
		before := oldReqs.requests.Load()
		store.Put(tenantID, rscsync.Candidates, candidate("C2"))
		synctest.Wait()
		if !atLinkedIn(srv, c.Organization, "C2") {
			t.Error("the change after the Client changed was not pushed")
		}
		if got := oldReqs.requests.Load() - before; got != 0 {
			t.Errorf("the old Client made %d requests after the source replaced it", got)
		}
		if newReqs.requests.Load() == 0 {
			t.Error("the new Client made no request")
		}

		// Offboarded: the source lists nobody.
		src.set()
		time.Sleep(refresh)
		synctest.Wait()
		store.Put(tenantID, rscsync.Candidates, candidate("C3"))
		synctest.Wait()
		time.Sleep(2 * time.Hour) // past PushInterval and every poll
		synctest.Wait()
		if atLinkedIn(srv, c.Organization, "C3") {
			t.Error("a tenant the source no longer lists was still pushed")
		}
		if ok, err := store.TryLock(t.Context(), "tenant/"+tenantID, "another process", time.Minute); err != nil || !ok {
			t.Errorf("the dropped tenant's lease is still held: TryLock = %v, %v", ok, err)
		}
	})
}

// failingSource fails every call.
type failingSource struct{}

func (failingSource) Tenants(context.Context) ([]rscsync.Tenant, error) {
	return nil, errors.New("database is down")
}

// TestRunReturnsWhenTheFirstTenantsCallFails: Run reports a TenantSource
// that fails on its first call, and returns even though the caller's
// context goes on (it used to wait for its own Waker goroutine, which
// waited for that context: a host whose database was down at start hung).
func TestRunReturnsWhenTheFirstTenantsCallFails(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		r, err := rscsync.NewRunner(memstore.New(), failingSource{}, rscsync.Config{})
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- r.Run(context.Background()) }()
		synctest.Wait()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), "database is down") {
				t.Errorf("Run = %v, want the TenantSource's error", err)
			}
		default:
			t.Fatal("Run did not return after the TenantSource failed on its first call")
		}
	})
}

// TestSyncOnceSaysWhenItSkipsABusyTenant: after a crash the dead
// process's lease on a tenant holds for up to LockTTL, and SyncOnce skips
// the tenant. It used to return nil and log nothing; now the caller gets
// an error matching ErrTenantBusy that names the tenant, and the log says
// so. A tenant whose lease is free is still served in the same pass.
func TestSyncOnceSaysWhenItSkipsABusyTenant(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	e.store.Seed(tenantID, rscsync.Candidates, candidate("C1"))
	if ok, err := e.store.TryLock(t.Context(), "tenant/"+tenantID, "crashed process", time.Minute); err != nil || !ok {
		t.Fatalf("TryLock = %v, %v", ok, err)
	}
	var logs strings.Builder
	var mu sync.Mutex
	cfg := rscsync.Config{Pull: rscsync.PullConfig{Disabled: true}, Owner: "cron", Logger: slogTo(&mu, &logs)}
	r := e.runner(t, cfg)
	err := r.SyncOnce(t.Context())
	if !errors.Is(err, rscsync.ErrTenantBusy) || !strings.Contains(err.Error(), tenantID) {
		t.Errorf("SyncOnce = %v, want ErrTenantBusy naming tenant %s", err, tenantID)
	}
	mu.Lock()
	line := logs.String()
	mu.Unlock()
	if !strings.Contains(line, "tenant skipped") || !strings.Contains(line, "tenant="+tenantID) {
		t.Errorf("no log line for the skipped tenant:\n%s", line)
	}
	if atLinkedIn(e.srv, e.tenant.Organization, "C1") {
		t.Error("the busy tenant was served")
	}
	if err := e.store.Unlock(t.Context(), "tenant/"+tenantID, "crashed process"); err != nil {
		t.Fatal(err)
	}
	if err := r.SyncOnce(t.Context()); err != nil {
		t.Fatalf("SyncOnce once the lease is free: %v", err)
	}
	if !atLinkedIn(e.srv, e.tenant.Organization, "C1") {
		t.Error("the tenant was not served once its lease was free")
	}
}

// lockedWriter serialises writes to w (the engines log from goroutines).
type lockedWriter struct {
	mu *sync.Mutex
	w  *strings.Builder
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// slogTo is a text logger writing to w under mu.
func slogTo(mu *sync.Mutex, w *strings.Builder) *slog.Logger {
	return slog.New(slog.NewTextHandler(lockedWriter{mu, w}, nil))
}

// TestUnknownRequestIDIsLoggedWithTheReason: a notification whose request
// id LinkedIn does not know for the tenant's application is completed (it
// can never succeed) and logged with the reason, for each type. (It used
// to be completed without a word, or, when LinkedIn answered an empty
// list, counted as handled.)
func TestUnknownRequestIDIsLoggedWithTheReason(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	ctx := t.Context()
	for _, n := range []model.Notification{
		{ID: "no-such-export", Type: model.NotificationExportCandidateProfile},
		{ID: "no-such-status-change", Type: model.NotificationIntegrationStatusChange},
	} {
		if err := e.store.Enqueue(ctx, rscsync.NotificationItem(tenantID, n, time.Now())); err != nil {
			t.Fatal(err)
		}
	}
	var logs strings.Builder
	var mu sync.Mutex
	r := e.runner(t, rscsync.Config{Pull: rscsync.PullConfig{Disabled: true}, Logger: slogTo(&mu, &logs)})
	if err := r.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	out := logs.String()
	mu.Unlock()
	for _, id := range []string{"no-such-export", "no-such-status-change"} {
		found := false
		for _, line := range strings.Split(out, "\n") {
			if strings.Contains(line, "notification rejected") && strings.Contains(line, "request_id="+id) &&
				strings.Contains(line, "reason=") && strings.Contains(line, "tenant="+tenantID) {
				found = true
			}
		}
		if !found {
			t.Errorf("no log line with the reason for request id %s:\n%s", id, out)
		}
	}
	for _, q := range e.store.Notifications(tenantID) {
		t.Errorf("notification %s still queued (attempts %d): it can never succeed", q.Notification.ID, q.Attempts)
	}
}
