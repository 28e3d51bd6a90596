package rscsync_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rsckit/rsckit/internal/atsgen"
	"github.com/rsckit/rsckit/rsc"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rsc/sync/memstore"
	"github.com/rsckit/rsckit/rscmock"
)

// slowLinkedIn is a transport in front of rscmock's handler whose answers
// take latency to come back (in the synctest bubble's time): LinkedIn has
// stored a batch before its answer reaches the client, so a request given
// up while its answer is on the way has reached LinkedIn all the same. It
// remembers every write LinkedIn accepted, by body, and who sent it.
type slowLinkedIn struct {
	next    http.RoundTripper
	latency time.Duration
	owner   string       // the Runner whose tenant clients use this transport
	hang    *atomic.Bool // when set, answers take an hour

	mu     *sync.Mutex
	writes map[[32]byte][]string // body hash -> the owner of each acceptance
}

func (s *slowLinkedIn) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method == http.MethodGet || r.URL.Path == "/oauth/v2/accessToken" {
		return s.next.RoundTrip(r)
	}
	var body []byte
	if r.Body != nil {
		var err error
		if body, err = io.ReadAll(r.Body); err != nil {
			return nil, err
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	resp, err := s.next.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 == 2 {
		s.mu.Lock()
		h := sha256.Sum256(append([]byte(r.URL.RequestURI()+"\n"), body...))
		s.writes[h] = append(s.writes[h], s.owner)
		s.mu.Unlock()
	}
	wait := s.latency
	if s.hang != nil && s.hang.Load() {
		wait = time.Hour
	}
	select {
	case <-time.After(wait):
		return resp, nil
	case <-r.Context().Done():
		resp.Body.Close()
		return nil, r.Context().Err()
	}
}

// handoverFleet is two tenants mid-backfill, each of 1,500 candidates'
// history, in one memstore, whose processes start runners through
// slowLinkedIn transports that share one record of LinkedIn's writes.
type handoverFleet struct {
	t         *testing.T
	srv       *rscmock.Server
	store     *memstore.Store
	customers []rscmock.Customer

	mu     sync.Mutex
	writes map[[32]byte][]string
}

func newHandoverFleet(t *testing.T, seed uint64) *handoverFleet {
	f := &handoverFleet{t: t, srv: rscmock.New(rscmock.WithRecordsPerMinute(0)), store: memstore.New(), writes: map[[32]byte][]string{}}
	f.srv.SetBaseURL("http://rscmock.test")
	for i := range 2 {
		f.customers = append(f.customers, f.srv.AddCustomer(rscmock.CustomerSpec{Name: fmt.Sprintf("Customer %d", i)}))
		d := atsgen.Generate(seed+uint64(i), 1500, genNow)
		for _, r := range rscsync.Resources() {
			f.store.Seed(fmt.Sprintf("t%d", i), r, d.Records[r]...)
		}
	}
	return f
}

// start runs a process named owner (Concurrency 2, LockTTL 10 s) until the
// test ends; hang, if set, makes its answers stop coming back.
func (f *handoverFleet) start(owner string, hang *atomic.Bool) {
	t := f.t
	var ts rscsync.Tenants
	for i, c := range f.customers {
		tr := &slowLinkedIn{next: handlerTransport{f.srv.Handler()}, latency: 300 * time.Millisecond, owner: owner, hang: hang, mu: &f.mu, writes: f.writes}
		cl, err := rsc.NewClient(rsc.WithBaseURL(f.srv.URL()), rsc.WithTokenURL(f.srv.TokenURL()),
			rsc.WithClientCredentials(c.ClientID, c.ClientSecret), rsc.WithTransport(tr),
			rsc.WithRateLimits(rsc.NoRateLimits()), fastRetries(), v2Exports())
		if err != nil {
			t.Fatal(err)
		}
		ts = append(ts, rscsync.Tenant{ID: fmt.Sprintf("t%d", i), Client: cl, Organization: c.Organization})
	}
	r, err := rscsync.NewRunner(f.store, ts, rscsync.Config{Owner: owner, Concurrency: 2, LockTTL: 10 * time.Second,
		MaxBackoff: 20 * time.Millisecond, Pull: rscsync.PullConfig{Disabled: true}})
	if err != nil {
		t.Fatal(err)
	}
	runInBubble(t, r)
}

// done reports whether every backfill stream of both tenants is complete.
func (f *handoverFleet) done(ctx context.Context) bool {
	for i := range f.customers {
		for _, r := range append(rscsync.Resources(), rscsync.Attachments) {
			s := rscsync.StreamID{Tenant: fmt.Sprintf("t%d", i), Name: "backfill/" + string(r)}
			if cp, _ := f.store.LoadCheckpoint(ctx, s); !cp.Complete {
				return false
			}
		}
	}
	return true
}

// TestHandoverForBalanceResendsNothing: a process serving two tenants in
// the middle of their backfills hands one over when a second process
// joins (fair assignment). It stops that tenant at the end of the page in
// flight, with the page's checkpoint saved, so the next owner resumes
// after it: no batch LinkedIn accepted is sent again. (The Runner used to
// cancel the tenant at once, and the page whose answer was on the way was
// sent a second time by the next owner.)
func TestHandoverForBalanceResendsNothing(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		f := newHandoverFleet(t, 40)
		f.start("a", nil)
		time.Sleep(5 * time.Second) // both backfills under way at a
		synctest.Wait()
		if f.done(t.Context()) {
			t.Fatal("the backfills finished before the second process joined: the test shows nothing")
		}
		f.start("b", nil)
		joined := time.Now()
		for !f.done(t.Context()) && time.Since(joined) < 10*time.Minute {
			time.Sleep(time.Second)
			synctest.Wait()
		}
		if !f.done(t.Context()) {
			t.Fatal("the backfills did not finish in ten minutes")
		}
		finished := time.Since(joined)
		f.mu.Lock()
		defer f.mu.Unlock()
		byB := 0
		for _, owners := range f.writes {
			if len(owners) > 1 {
				t.Errorf("a batch LinkedIn had accepted was sent again: by %v", owners)
			}
			for _, o := range owners {
				if o == "b" {
					byB++
				}
			}
		}
		if byB == 0 {
			t.Fatal("the second process sent nothing: no tenant was handed over, the test shows nothing")
		}
		t.Logf("%d writes accepted, %d of them from the process that joined; finished %v after it joined", len(f.writes), byB, finished)
	})
}

// TestHandoverOfAStuckTenant: a tenant handed over for balance whose page
// does not finish (LinkedIn's answers stop coming back) is cancelled after
// LockTTL, so the process that joined serves it within LockTTL and a scan
// or two, not when the page gives up.
func TestHandoverOfAStuckTenant(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		f := newHandoverFleet(t, 60)
		var stuck atomic.Bool
		f.start("a", &stuck)
		time.Sleep(5 * time.Second)
		synctest.Wait()
		stuck.Store(true) // a's pages stop finishing
		f.start("b", nil)
		joined := time.Now()
		sentByB := func() bool {
			f.mu.Lock()
			defer f.mu.Unlock()
			for _, owners := range f.writes {
				if slices.Contains(owners, "b") {
					return true
				}
			}
			return false
		}
		for !sentByB() && time.Since(joined) < 5*time.Minute {
			time.Sleep(100 * time.Millisecond)
			synctest.Wait()
		}
		took := time.Since(joined)
		t.Logf("the joining process sent its first write %v after it joined", took)
		// Its first scan finds both tenants taken, a's next scan (every
		// LockTTL/4) hands one over, LockTTL later a cancels it and
		// releases its lease, and b's next scan takes it.
		if took > 10*time.Second+3*(10*time.Second/4)+time.Second {
			t.Errorf("the handed-over tenant was served again %v after the second process joined, want within LockTTL and three scans", took)
		}
	})
}
