package rsc

import (
	"context"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/rsckit/rsckit/rsc/internal/restli"
)

// Window is a half-open time range [Since, Until) on LinkedIn's millisecond
// clock: every finder that selects by time takes one, and the client turns
// it into that finder's parameters, whichever bounds LinkedIn makes
// inclusive or exclusive (windowParams in routes.go). Consecutive windows
// that share a bound therefore neither miss nor repeat a record. A zero
// Since or Until leaves that side open.
type Window struct {
	// Since is the first instant included.
	Since time.Time
	// Until is the first instant excluded.
	Until time.Time
}

// windowParams is how one finder spells a window: the names of its lower and
// upper bound parameters and whether each is inclusive, in epoch
// milliseconds.
type windowParams struct {
	start, end string
	// startExclusive: start names the last millisecond before the window.
	startExclusive bool
	// endInclusive: end names the last millisecond in the window.
	endInclusive bool
}

// check refuses a window that ends before it starts, naming the finder's
// parameter.
func (w Window) check(p windowParams) error {
	if !w.Since.IsZero() && !w.Until.IsZero() && w.Until.Before(w.Since) {
		return invalidOption(p.end, "the window ends ("+w.Until.UTC().Format(time.RFC3339Nano)+") before it starts ("+
			w.Since.UTC().Format(time.RFC3339Nano)+")")
	}
	return nil
}

// add sets p's parameters for w. A bound inside a millisecond rounds up:
// [1.5 ms, 3.5 ms) holds the milliseconds 2 and 3.
func (w Window) add(q *restli.Query, p windowParams) {
	if !w.Since.IsZero() {
		ms := ceilMillis(w.Since)
		if p.startExclusive {
			ms--
		}
		q.Set(p.start, strconv.FormatInt(ms, 10))
	}
	if !w.Until.IsZero() {
		ms := ceilMillis(w.Until)
		if p.endInclusive {
			ms--
		}
		q.Set(p.end, strconv.FormatInt(ms, 10))
	}
}

// ceilMillis is t in epoch milliseconds, rounded up.
func ceilMillis(t time.Time) int64 {
	ms := t.UnixMilli()
	if t.Sub(time.UnixMilli(ms)) > 0 {
		ms++
	}
	return ms
}

// requestCountKey keys the counter of WithRequestCount in a context.
type requestCountKey struct{}

// WithRequestCount returns a context whose calls add every HTTP request
// they send (each attempt, as LinkedIn counts them against its daily
// quotas) to n: what a paged iterator or a retried call really cost.
func WithRequestCount(ctx context.Context, n *atomic.Int64) context.Context {
	return context.WithValue(ctx, requestCountKey{}, n)
}

// countRequest adds one request to ctx's counter, if any.
func countRequest(ctx context.Context) {
	if n, ok := ctx.Value(requestCountKey{}).(*atomic.Int64); ok {
		n.Add(1)
	}
}
