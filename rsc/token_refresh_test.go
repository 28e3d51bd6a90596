package rsc

import (
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
)

// Requests already in flight with a token LinkedIn has expired each get a
// 401, and the client fetches one new token for all of them: a token is
// dropped only if it is still the one refused (tokenCache.invalidate), so
// the later 401s find the fresh one instead of fetching again.
func TestConcurrent401sFetchOneToken(t *testing.T) {
	const n = 4
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		stale := 0
		arrived := make(chan struct{})
		m, opts := newMockLinkedIn(t, func(_ int, r *http.Request) (*http.Response, error) {
			if r.Header.Get("Authorization") == "Bearer tok-1" {
				// Answer no 401 before all n carry the old token.
				mu.Lock()
				stale++
				if stale == n {
					close(arrived)
				}
				mu.Unlock()
				<-arrived
				return jsonResp(401, `{"message":"The token used in the request has expired","serviceErrorCode":401,"status":401}`), nil
			}
			return jsonResp(200, okC1), nil
		})
		c := newTestClient(t, opts)
		var wg sync.WaitGroup
		for range n {
			wg.Go(func() {
				if rs, err := upsertC1(t.Context(), c); err != nil || !rs[0].OK() {
					t.Errorf("err %v results %+v", err, rs)
				}
			})
		}
		wg.Wait()
		if got := m.tokens.Load(); got != 2 {
			t.Errorf("%d tokens fetched, want 2: the first, and one for the %d requests it failed", got, n)
		}
		if got := m.api.Load(); got != 2*n {
			t.Errorf("%d API calls, want %d: each refused once, repeated once", got, 2*n)
		}
	})
}
