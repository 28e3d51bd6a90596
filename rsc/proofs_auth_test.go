package rsc_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
)

// memTransport serves requests with a handler in memory (usable inside a
// synctest bubble).
type memTransport struct{ h http.Handler }

func (m memTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	m.h.ServeHTTP(rec, r)
	resp := rec.Result()
	resp.Request = r
	return resp, nil
}

// TestTokenRefreshWaitsForRecordsQuota is the regression test of a bug: when LinkedIn
// answers 401 (an expired or revoked token), the client fetches a new token
// and repeats the attempt, but the repeat waits for the records-per-minute
// limiter inside the per-attempt HTTP timeout. When that wait is longer
// than the timeout, the limiter refuses at once and the original 401 is
// returned, so the call fails with ErrUnauthorized although the new token
// works. (The first attempt's wait happens outside the timeout, in admit.)
// With the default 10,000 records per minute a batch waits at most ~0.6 s,
// so this needs a low RecordsPerMinute or a short WithTimeout to show.
func TestTokenRefreshWaitsForRecordsQuota(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		var calls, tokens atomic.Int32
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			if r.URL.Path == "/oauth/v2/accessToken" {
				fmt.Fprintf(w, `{"access_token":"t%d","expires_in":86400}`, tokens.Add(1))
				return
			}
			_, _ = io.Copy(io.Discard, r.Body)
			if calls.Add(1) == 2 { // the second call's first attempt: the token was revoked
				w.WriteHeader(http.StatusUnauthorized)
				_, _ = io.WriteString(w, `{"status":401,"serviceErrorCode":65601,"message":"The token used in the request has been revoked by the user"}`)
				return
			}
			_, _ = io.WriteString(w, `{}`)
		})
		c, err := rsc.NewClient(rsc.WithBaseURL("http://linkedin.test"), rsc.WithTokenURL("http://linkedin.test/oauth/v2/accessToken"),
			rsc.WithClientCredentials("id", "secret"), rsc.WithTransport(memTransport{h}), rsc.WithTimeout(30*time.Second),
			rsc.WithRateLimits(rsc.RateLimits{RecordsPerMinute: 200})) // burst 100, then 100 per minute
		if err != nil {
			t.Fatal(err)
		}
		batch := func(prefix string) []model.Candidate {
			out := make([]model.Candidate, 100)
			for i := range out {
				id := fmt.Sprintf("%s%d", prefix, i)
				out[i] = model.Candidate{Key: model.CandidateKey{IntegrationContext: "urn:li:organization:1", ATSCandidateID: id},
					FirstName: "A", EmailAddresses: []string{"a@example.com"}, ATSCreatedAt: 1, ATSLastModifiedAt: 1,
					ExternalProfileURL: "https://ats.example.com/" + id}
			}
			return out
		}
		if _, err := c.Candidates.BatchUpdate(t.Context(), batch("a")); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Candidates.BatchUpdate(t.Context(), batch("b")); err != nil {
			t.Errorf("after a 401 and a fresh token: %v (want success)", err)
		}
	})
}
