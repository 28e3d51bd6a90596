package rsc

import (
	"context"
	"errors"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rsckit/rsckit/rsc/model"
)

// TestWindowsBecomeEachFindersParameters: every finder takes one
// half-open Window, and the client spells it as that finder's LinkedIn
// parameters, inclusive or exclusive. Two windows sharing a bound ask for
// disjoint, gapless milliseconds. (The engines used to shift prospect
// notes' bounds by a millisecond themselves.)
func TestWindowsBecomeEachFindersParameters(t *testing.T) {
	t.Parallel()
	since := time.UnixMilli(1000).Add(500 * time.Microsecond) // inside ms 1000: the first whole ms is 1001
	until := time.UnixMilli(2000)
	w := Window{Since: since, Until: until}
	for _, tc := range []struct {
		name       string
		call       func(context.Context, *Client, Window) error
		start, end string
		want       [2]string
	}{
		{"InMails", func(ctx context.Context, c *Client, w Window) error {
			_, _, err := c.InMails.List(ctx, InMailListOptions{Viewer: "urn:li:seat:1", Window: w})
			return err
		}, "timeRange.start", "timeRange.end", [2]string{"1001", "2000"}},
		{"MailStubs", func(ctx context.Context, c *Client, w Window) error {
			_, _, err := c.MailStubs.List(ctx, MailStubListOptions{Contract: contract, Window: w})
			return err
		}, "createdDateStart", "createdDateEnd", [2]string{"1001", "2000"}},
		{"ProspectNotes", func(ctx context.Context, c *Client, w Window) error {
			_, _, err := c.ProspectNotes.List(ctx, ProspectNoteListOptions{Contract: contract, Window: w})
			return err
		}, "cutoffDate", "beforeDate", [2]string{"1000", "1999"}}, // (1000, 1999] is [1001, 2000)
		{"ListPurged", func(ctx context.Context, c *Client, w Window) error {
			_, _, err := c.Exports.ListPurged(ctx, PurgedListOptions{Window: w})
			return err
		}, "timeRange.start", "timeRange.end", [2]string{"1001", "2000"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, f := setup(t)
			f.reply = func(captured) (int, string) { return 200, `{"elements":[]}` }
			if err := tc.call(t.Context(), c, w); err != nil {
				t.Fatal(err)
			}
			q, err := url.ParseQuery(f.requests()[0].Query)
			if err != nil {
				t.Fatal(err)
			}
			if got := [2]string{q.Get(tc.start), q.Get(tc.end)}; got != tc.want {
				t.Errorf("%s, %s = %v, want %v", tc.start, tc.end, got, tc.want)
			}
			// An open side sends nothing.
			if err := tc.call(t.Context(), c, Window{Until: until}); err != nil {
				t.Fatal(err)
			}
			if q, _ := url.ParseQuery(f.requests()[1].Query); q.Has(tc.start) || q.Get(tc.end) != tc.want[1] {
				t.Errorf("open start: %v", q)
			}
			// A window that ends before it starts is refused before the
			// network, naming the end parameter.
			err = tc.call(t.Context(), c, Window{Since: until, Until: since})
			var ve *model.ValidationError
			if !errors.As(err, &ve) || ve.Errors[0].Path != tc.end {
				t.Errorf("reversed window: %v, want a validation error on %s", err, tc.end)
			}
			if n := len(f.requests()); n != 2 {
				t.Errorf("%d requests, want 2", n)
			}
		})
	}
}

// TestRequestCountCountsPagesAndRetries: WithRequestCount is the cost of
// a call as LinkedIn counts it: every page and every attempt. (The engine
// used to guess one page per 50 items whatever the finder's page size.)
func TestRequestCountCountsPagesAndRetries(t *testing.T) {
	t.Parallel()
	c, f := setup(t, WithRetryPolicy(RetryPolicy{MaxRetries: 2, MinWait: time.Millisecond, MaxWait: time.Millisecond}))
	calls := 0
	f.reply = func(r captured) (int, string) {
		calls++
		q, _ := url.ParseQuery(r.Query)
		switch {
		case calls == 2:
			return 503, `{"status":503}`
		case q.Get("start") == "0":
			return 200, `{"elements":[{"id":1},{"id":2}],"paging":{"start":0,"count":2,"total":5}}`
		case q.Get("start") == "2":
			return 200, `{"elements":[{"id":3},{"id":4}],"paging":{"start":2,"count":2,"total":5}}`
		}
		return 200, `{"elements":[{"id":5}],"paging":{"start":4,"count":2,"total":5}}`
	}
	var n atomic.Int64
	ctx := WithRequestCount(t.Context(), &n)
	got := 0
	for _, err := range c.ProspectNotes.All(ctx, ProspectNoteListOptions{Contract: contract, ListOptions: ListOptions{Count: 2}}) {
		if err != nil {
			t.Fatal(err)
		}
		got++
	}
	if got != 5 || n.Load() != 4 || len(f.requests()) != 4 {
		t.Errorf("%d notes, %d requests counted, %d sent; want 5 notes and 4 requests (3 pages, 1 retry)", got, n.Load(), len(f.requests()))
	}
}
