package rscsync_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rsckit/rsckit/rsc"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rscmock"
)

// runFor starts r.Run in the bubble and returns a function that stops it.
func runFor(t *testing.T, r *rscsync.Runner) (stop func()) {
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	return func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	}
}

// TestNotesAndStubsOfANewSeat: seats are re-read hourly, notes and stubs
// every minute for the seats known then. The notes and the stub of a seat
// added in between are read once the seat is known, although the
// watermark had moved past them. (They were skipped for good.)
func TestNotesAndStubsOfANewSeat(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		e := newMemEnv(t, []rscmock.Option{rscmock.WithClock(time.Now)})
		e.enable(t)
		r := e.runner(t, rscsync.Config{Pull: rscsync.PullConfig{Settle: time.Millisecond}})
		stop := runFor(t, r)
		defer stop()
		synctest.Wait()
		holder := e.srv.AddMember(rscmock.Member{FirstName: "Ida", LastName: "Rhodes"})
		seat, err := e.srv.AddSeat(e.tenant.Contract, holder)
		if err != nil {
			t.Fatal(err)
		}
		member := e.srv.AddMember(rscmock.Member{FirstName: "Jean", LastName: "Bartik", Email: "jean@example.com"})
		if _, err := e.srv.SendInMail(seat.URN, member.URN, "Hello", "A role?"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := e.srv.ReplyInMail(seat.URN, member.URN, "Here are my details", true); err != nil {
			t.Fatal(err)
		}
		if _, err := e.srv.AddProspectNote(seat.URN, member.URN, "ENIAC programmer", false); err != nil {
			t.Fatal(err)
		}
		time.Sleep(5 * time.Minute) // notes and stubs polled, without the new seat
		synctest.Wait()
		time.Sleep(time.Hour) // the seats are read again
		synctest.Wait()
		p := e.store.Pulled(tenantID)
		if len(p.Notes) != 1 || len(p.Stubs) != 1 {
			t.Errorf("after the new seat was read: %d notes, %d stubs; want its note and its stub", len(p.Notes), len(p.Stubs))
		}
	})
}

// TestPollerQuotaDoesNotStopPush: a poller meeting its own daily quota
// (the prospect APIs' 100,000 requests, shared by InMails, notes, stubs and
// seats) waits for the reset on its own; push, which uses another quota,
// goes on. (The whole tenant used to pause until 00:00 UTC.)
func TestPollerQuotaDoesNotStopPush(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		e := newMemEnv(t, []rscmock.Option{rscmock.WithClock(time.Now)}, rsc.WithRateLimits(rsc.RateLimits{
			RequestsPerDay: map[rsc.QuotaGroup]int{rsc.QuotaProspect: 2}}))
		e.enable(t)
		r := e.runner(t, rscsync.Config{PushInterval: time.Hour, Pull: rscsync.PullConfig{Settle: time.Millisecond}})
		stop := runFor(t, r)
		defer stop()
		synctest.Wait()
		time.Sleep(2 * time.Minute)
		synctest.Wait()
		e.store.Put(tenantID, rscsync.Candidates, candidate("C1"))
		synctest.Wait()
		if !atLinkedIn(e.srv, e.tenant.Organization, "C1") {
			t.Error("a change was not pushed while only the prospect quota was used up")
		}
	})
}

// TestOneRefusedSeatDoesNotStopTheOthers: LinkedIn refusing one seat's
// InMails (403) leaves the other seats' InMails flowing. (The loop over
// the seats stopped at the first error.)
func TestOneRefusedSeatDoesNotStopTheOthers(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		e := newMemEnv(t, []rscmock.Option{rscmock.WithClock(time.Now)})
		e.enable(t)
		seats := e.srv.Default().Seats
		refused := string(seats[0].URN)
		inner := e.count.next
		e.count.next = roundTripFunc(func(r *http.Request) (*http.Response, error) {
			if strings.Contains(r.URL.Path, "conversationEvents") && strings.Contains(r.URL.RawQuery, strings.ReplaceAll(refused, ":", "%3A")) ||
				strings.Contains(r.URL.Path, "conversationEvents") && strings.Contains(r.URL.RawQuery, refused) {
				return &http.Response{StatusCode: http.StatusForbidden, Header: http.Header{"Content-Type": {"application/json"}},
					Body: http.NoBody, Request: r}, nil
			}
			return inner.RoundTrip(r)
		})
		member := e.srv.AddMember(rscmock.Member{FirstName: "Kathleen", LastName: "Booth"})
		last := seats[len(seats)-1]
		if _, err := e.srv.SendInMail(last.URN, member.URN, "Hello", "A role?"); err != nil {
			t.Fatal(err)
		}
		r := e.runner(t, rscsync.Config{Pull: rscsync.PullConfig{Settle: time.Millisecond}})
		stop := runFor(t, r)
		defer stop()
		// The first round reads 90 days for every seat, which the budget
		// pays for with a long pause before the next (as without a refused
		// seat); two hours cover it.
		time.Sleep(2 * time.Hour)
		synctest.Wait()
		if n := len(e.store.Pulled(tenantID).InMails); n != 1 {
			t.Errorf("%d InMails pulled, want the one of seat %s (seat %s is refused)", n, last.URN, refused)
		}
	})
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
