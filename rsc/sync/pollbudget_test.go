package rscsync_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rsckit/rsckit/rsc"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rsc/sync/memstore"
	"github.com/rsckit/rsckit/rscmock"
)

// pollDay is what one simulated day of polling cost and delivered.
type pollDay struct {
	prospect  int           // prospect-interaction requests in the measured day
	requests  int           // every API request in the measured day (rscmock's view)
	inMailGap time.Duration // longest wait between two InMail rounds
	notesGap  time.Duration // longest wait between two prospect-note rounds
	status    rscsync.TenantStatus
}

// share is the measured day's share of LinkedIn's prospect quota.
func (d pollDay) share() float64 { return float64(d.prospect) / rscsync.ProspectDailyQuota }

// simulatePollDay runs one tenant with seats Recruiter seats and nothing
// else to do for a warm-up hour and then a measured day, inside a synctest
// bubble (fake clock), against rscmock, counting the requests.
func simulatePollDay(t *testing.T, seats int, pull rscsync.PullConfig) pollDay {
	t.Helper()
	srv := rscmock.New(rscmock.WithRecordsPerMinute(0), rscmock.WithClock(time.Now))
	srv.SetBaseURL("http://rscmock.test")
	c := srv.AddCustomer(rscmock.CustomerSpec{Name: "Customer", Seats: seats})
	var mu sync.Mutex
	measuring := false
	var d pollDay
	last := map[string]time.Time{}
	gaps := map[string]*time.Duration{"/v2/conversationEvents": &d.inMailGap, "/v2/prospectNotes": &d.notesGap}
	cnt := &counting{onReq: func(r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if !measuring {
			return
		}
		d.requests++
		for path, gap := range gaps {
			if strings.HasSuffix(r.URL.Path, path) {
				now := time.Now()
				if prev, ok := last[path]; ok && now.Sub(prev) > *gap {
					*gap = now.Sub(prev)
				}
				last[path] = now
			}
		}
	}}
	cl := memClient(t, srv, c, cnt)
	tn := rscsync.Tenant{ID: tenantID, Client: cl, Organization: c.Organization, Contract: c.Contract}
	if pull.Lookback == 0 {
		pull.Lookback = time.Hour
	}
	r, err := rscsync.NewRunner(memstore.New(), rscsync.Tenants{tn}, rscsync.Config{Pull: pull})
	if err != nil {
		t.Fatal(err)
	}
	stop := runFor(t, r)
	defer stop()
	time.Sleep(time.Hour) // the first rounds (and their lookback) are done
	synctest.Wait()
	prospect := func() int {
		for _, u := range cl.QuotaUse() {
			if u.Group == rsc.QuotaProspect {
				return u.Used
			}
		}
		return 0
	}
	mu.Lock()
	measuring = true
	for path := range gaps { // a wait that began before counts from here
		last[path] = time.Now()
	}
	mu.Unlock()
	before := prospect()
	// The Client counts per UTC day: measure 23 hours within the first day
	// and scale to 24.
	time.Sleep(23*time.Hour - time.Second)
	synctest.Wait()
	mu.Lock()
	defer mu.Unlock()
	d.prospect = (prospect() - before) * 24 / 23
	d.requests = d.requests * 24 / 23
	d.status = r.Status(t.Context()).Tenants[0]
	return d
}

// TestPollBudget: with the defaults, the pollers of a tenant spend at most
// 30 % of LinkedIn's daily prospect quota whatever its seats, read InMails
// and prospect notes at least every 10 minutes up to 100 seats, and
// degrade to longer intervals (not more requests) beyond; Status shows
// each poller's interval and freshness.
func TestPollBudget(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		seats          int
		lookback       time.Duration // of the first round
		maxInMailEvery time.Duration
	}{
		{3, 0, 10 * time.Minute},
		{100, 0, 10 * time.Minute},
		// A long first lookback (60 windows a seat) is a one-time cost: the
		// rounds after it keep to the interval of a caught-up round.
		{100, 30 * 24 * time.Hour, 10 * time.Minute},
		{400, 0, 45 * time.Minute},
	} {
		t.Run(fmt.Sprintf("%d seats, lookback %v", tc.seats, tc.lookback), func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				d := simulatePollDay(t, tc.seats, rscsync.PullConfig{Lookback: tc.lookback})
				t.Logf("%d seats: %d prospect requests a day (%.1f %% of the quota), %d requests in all; InMails every %v at most, notes every %v",
					tc.seats, d.prospect, 100*d.share(), d.requests, d.inMailGap, d.notesGap)
				if d.share() > 0.30 {
					t.Errorf("prospect quota share = %.3f, want <= 0.30", d.share())
				}
				if d.prospect < tc.seats*24 {
					t.Errorf("%d prospect requests a day: the InMails of %d seats were not read hourly", d.prospect, tc.seats)
				}
				if d.inMailGap == 0 || d.inMailGap > tc.maxInMailEvery {
					t.Errorf("longest wait between InMail rounds = %v, want (0, %v]", d.inMailGap, tc.maxInMailEvery)
				}
				if d.notesGap == 0 || d.notesGap > 10*time.Minute {
					t.Errorf("longest wait between note rounds = %v, want (0, 10m]", d.notesGap)
				}
				var inMails *rscsync.PollStatus
				for i, p := range d.status.Polls {
					if p.Poller == rscsync.PollInMails {
						inMails = &d.status.Polls[i]
					}
				}
				switch {
				case inMails == nil:
					t.Errorf("Status shows no InMail poller: %+v", d.status.Polls)
				case inMails.Last.IsZero() || inMails.Age > inMails.Interval || inMails.Interval > tc.maxInMailEvery:
					t.Errorf("Status of the InMail poller = %+v, want a round within its interval (<= %v)", *inMails, tc.maxInMailEvery)
				}
			})
		})
	}
}

// BenchmarkPollBudget reports, for a tenant with 100 seats and nothing
// happening, the share of LinkedIn's daily prospect quota its pollers
// spend in a day (poll-quota-share, target <= 0.30) and the longest wait
// between two InMail rounds (inmail-every-min, target <= 10), on a fake
// clock (testing/synctest) against rscmock. synctest needs a *testing.T:
// the simulation runs as a test through testing.RunTests.
//
//	go test -run '^$' -bench PollBudget -benchtime 1x ./rsc/sync/
func BenchmarkPollBudget(b *testing.B) {
	for _, seats := range []int{3, 100, 400} {
		b.Run(fmt.Sprintf("seats=%d", seats), func(b *testing.B) {
			for b.Loop() {
				var d pollDay
				ok := testing.RunTests(func(string, string) (bool, error) { return true, nil }, []testing.InternalTest{{
					Name: "PollDay",
					F: func(t *testing.T) {
						synctest.Test(t, func(t *testing.T) { d = simulatePollDay(t, seats, rscsync.PullConfig{}) })
					},
				}})
				if !ok {
					b.Fatal("the simulated day failed")
				}
				b.ReportMetric(d.share(), "poll-quota-share")
				b.ReportMetric(d.inMailGap.Minutes(), "inmail-every-min")
				b.ReportMetric(d.notesGap.Minutes(), "notes-every-min")
				b.ReportMetric(float64(d.requests), "requests-per-day")
			}
		})
	}
}
