package rsc

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"testing/iotest"
	"testing/synctest"
	"time"

	"github.com/jarcoal/httpmock"
	"golang.org/x/oauth2"

	"github.com/rsckit/rsckit/rsc/model"
)

const mockBase = "https://api.test"

// mockLinkedIn is a per-test httpmock transport with a token endpoint and one
// API responder. Never httpmock.Activate: it changes a global.
type mockLinkedIn struct {
	mt       *httpmock.MockTransport
	api      atomic.Int32
	tokens   atomic.Int32
	expires  int // expires_in of issued tokens
	lastAuth atomic.Value
}

func newMockLinkedIn(t *testing.T, api func(n int, r *http.Request) (*http.Response, error)) (*mockLinkedIn, []Option) {
	m := &mockLinkedIn{mt: httpmock.NewMockTransport(), expires: 1800}
	m.mt.RegisterResponder(http.MethodPost, mockBase+"/oauth/v2/accessToken", func(r *http.Request) (*http.Response, error) {
		n := m.tokens.Add(1)
		return httpmock.NewStringResponse(200, fmt.Sprintf(`{"access_token":"tok-%d","expires_in":%d}`, n, m.expires)), nil
	})
	m.mt.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
		n := int(m.api.Add(1))
		m.lastAuth.Store(r.Header.Get("Authorization"))
		if r.Body != nil {
			io.Copy(io.Discard, r.Body)
		}
		return api(n, r)
	})
	return m, []Option{
		WithTransport(m.mt), WithBaseURL(mockBase), WithTokenURL(mockBase + "/oauth/v2/accessToken"),
		WithClientCredentials(testClientID, testClientSecret),
		WithRetryPolicy(RetryPolicy{MaxRetries: 3, MinWait: time.Second, MaxWait: 4 * time.Second}),
	}
}

func jsonResp(status int, body string, hdr ...string) *http.Response {
	r := httpmock.NewStringResponse(status, body)
	r.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(hdr); i += 2 {
		r.Header.Set(hdr[i], hdr[i+1])
	}
	return r
}

const okC1 = `{"results":{"atsCandidateId=C1&dataProvider=ATS&integrationContext=urn%3Ali%3Aorganization%3A123":{"status":204}}}`

// newTestClient is pinned to /v2, whose answers (okC1) these tests give.
func newTestClient(t *testing.T, opts []Option, more ...Option) *Client {
	t.Helper()
	c, err := NewClient(append(append([]Option{WithVersionedEndpoints(false)}, opts...), more...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func upsertC1(ctx context.Context, c *Client) ([]Result[model.CandidateKey], error) {
	return c.Candidates.BatchUpdate(ctx, []model.Candidate{testCandidate("C1")})
}

func TestRetry429HonoursRetryAfter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m, opts := newMockLinkedIn(t, func(n int, r *http.Request) (*http.Response, error) {
			if n == 1 {
				return jsonResp(429, `{"status":429,"message":"Too many requests"}`, "Retry-After", "7"), nil
			}
			return jsonResp(200, okC1), nil
		})
		c := newTestClient(t, opts)
		start := time.Now()
		rs, err := upsertC1(t.Context(), c)
		if err != nil || !rs[0].OK() {
			t.Fatalf("err %v results %+v", err, rs)
		}
		if got := time.Since(start); got != 7*time.Second {
			t.Errorf("waited %v, want the Retry-After of 7s", got)
		}
		if m.api.Load() != 2 {
			t.Errorf("%d attempts, want 2", m.api.Load())
		}
	})
}

func TestRetry429TooLongIsReturned(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m, opts := newMockLinkedIn(t, func(n int, r *http.Request) (*http.Response, error) {
			return jsonResp(429, `{"status":429,"message":"slow down"}`, "Retry-After", "3600"), nil
		})
		c := newTestClient(t, opts)
		_, err := upsertC1(t.Context(), c)
		var ae *APIError
		if !errors.As(err, &ae) || !errors.Is(err, ErrRateLimited) || ae.RetryAfter != time.Hour {
			t.Fatalf("err = %v", err)
		}
		if m.api.Load() != 1 {
			t.Errorf("%d attempts, want 1: a 1-hour Retry-After is not waited for inside a call", m.api.Load())
		}
	})
}

func TestRetry5xxThenSuccess(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m, opts := newMockLinkedIn(t, func(n int, r *http.Request) (*http.Response, error) {
			if n <= 2 {
				return jsonResp(503, `{"status":503,"message":"unavailable"}`), nil
			}
			return jsonResp(200, okC1), nil
		})
		c := newTestClient(t, opts)
		rs, err := upsertC1(t.Context(), c)
		if err != nil || !rs[0].OK() || rs[0].Status != 204 {
			t.Fatalf("err %v results %+v", err, rs)
		}
		if m.api.Load() != 3 {
			t.Errorf("%d attempts, want 3", m.api.Load())
		}
	})
}

func TestRetryGivesUpWithLinkedInsError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m, opts := newMockLinkedIn(t, func(n int, r *http.Request) (*http.Response, error) {
			return jsonResp(500, `{"status":500,"serviceErrorCode":65600,"message":"Internal Server Error"}`, "X-Li-Uuid", "abc"), nil
		})
		c := newTestClient(t, opts)
		_, err := upsertC1(t.Context(), c)
		var ae *APIError
		if !errors.As(err, &ae) || !errors.Is(err, ErrServer) {
			t.Fatalf("err = %v", err)
		}
		if ae.ServiceErrorCode != 65600 || ae.Message != "Internal Server Error" || ae.RequestID != "abc" {
			t.Errorf("LinkedIn's error body lost: %+v", ae)
		}
		if m.api.Load() != 4 {
			t.Errorf("%d attempts, want 1 + 3 retries", m.api.Load())
		}
	})
}

func TestBatchCreateIsNotRetriedAfterServerError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m, opts := newMockLinkedIn(t, func(n int, r *http.Request) (*http.Response, error) {
			return jsonResp(500, `{"status":500,"message":"boom"}`), nil
		})
		c := newTestClient(t, opts)
		_, err := c.JobPostings.BatchCreate(t.Context(), []model.JobPosting{testJob("J1")})
		if !errors.Is(err, ErrServer) {
			t.Fatalf("err = %v", err)
		}
		if m.api.Load() != 1 {
			t.Errorf("%d attempts: a BATCH_CREATE LinkedIn may have queued must not be repeated", m.api.Load())
		}
	})
}

func TestRetryConnectionReset(t *testing.T) {
	reset := &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	for _, tc := range []struct {
		name     string
		err      error
		create   bool
		attempts int32
		ok       bool
	}{
		{"upsert after reset", reset, false, 2, true},
		{"create after reset", reset, true, 1, false},
		{"create after refused dial", refused, true, 2, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				m, opts := newMockLinkedIn(t, func(n int, r *http.Request) (*http.Response, error) {
					if n == 1 {
						return nil, tc.err
					}
					if r.URL.Path == "/v2/simpleJobPostings" {
						return jsonResp(200, `{"elements":[{"id":"urn:li:simpleJobPostingTask:1","status":202}]}`), nil
					}
					return jsonResp(200, okC1), nil
				})
				var logs bytes.Buffer
				c := newTestClient(t, opts, WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelWarn}))))
				var err error
				defer func() {
					// A dropped connection is never silent, retried or not.
					line := logs.String()
					if !strings.Contains(line, "rsc connection failed") || !strings.Contains(line, tc.err.(*net.OpError).Err.Error()) ||
						!strings.Contains(line, fmt.Sprintf("retry=%v", tc.attempts == 2)) {
						t.Errorf("log lacks the dropped connection:\n%s", line)
					}
					if strings.Contains(line, "ids") || strings.Contains(line, "C1") {
						t.Errorf("the log line carries the request's URL:\n%s", line)
					}
				}()
				if tc.create {
					_, err = c.JobPostings.BatchCreate(t.Context(), []model.JobPosting{testJob("J1")})
				} else {
					_, err = upsertC1(t.Context(), c)
				}
				if (err == nil) != tc.ok {
					t.Fatalf("err = %v", err)
				}
				if !tc.ok && !errors.Is(err, syscall.ECONNRESET) {
					t.Errorf("the network error is not wrapped: %v", err)
				}
				if m.api.Load() != tc.attempts {
					t.Errorf("%d attempts, want %d", m.api.Load(), tc.attempts)
				}
			})
		})
	}
}

func TestContextCancelledMidRetry(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m, opts := newMockLinkedIn(t, func(n int, r *http.Request) (*http.Response, error) {
			return jsonResp(503, `{"status":503}`), nil
		})
		c := newTestClient(t, opts, WithRetryPolicy(RetryPolicy{MaxRetries: 10, MinWait: 10 * time.Second, MaxWait: 10 * time.Second}))
		// The first retry waits 5-10 s (jittered); cancel during that wait.
		ctx, cancel := context.WithCancel(t.Context())
		time.AfterFunc(4*time.Second, cancel)
		start := time.Now()
		_, err := upsertC1(ctx, c)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if d := time.Since(start); d != 4*time.Second {
			t.Errorf("returned after %v, want at the cancellation (4s), not after the backoff", d)
		}
		if n := m.api.Load(); n != 1 {
			t.Errorf("%d attempts before the cancel, want 1", n)
		}
	})
}

// ctxBody is an answer body that never sends a byte: a read waits for its
// request's context to end.
type ctxBody struct{ ctx context.Context }

func (b ctxBody) Read([]byte) (int, error) { <-b.ctx.Done(); return 0, b.ctx.Err() }
func (b ctxBody) Close() error             { return nil }

// WithTimeout bounds each attempt, from sending to the answer body's end,
// as http.Client.Timeout did before the transport took it over.
func TestTimeoutBoundsEachAttempt(t *testing.T) {
	t.Run("no answer, retried", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			var mu sync.Mutex // httpmock answers on a goroutine of its own
			var ctxs []context.Context
			m, opts := newMockLinkedIn(t, func(n int, r *http.Request) (*http.Response, error) {
				mu.Lock()
				ctxs = append(ctxs, r.Context())
				mu.Unlock()
				if n == 1 {
					<-r.Context().Done() // a server that never answers
					return nil, r.Context().Err()
				}
				return jsonResp(200, okC1), nil
			})
			c := newTestClient(t, opts, WithTimeout(30*time.Second))
			start := time.Now()
			rs, err := upsertC1(t.Context(), c)
			if err != nil || rs[0].Err != nil {
				t.Fatalf("err = %v, %+v", err, rs)
			}
			if d := time.Since(start); d < 30*time.Second || d > 40*time.Second {
				t.Errorf("took %v, want the 30s timeout and one backoff (at most 4s)", d)
			}
			if m.api.Load() != 2 {
				t.Errorf("%d attempts, want 2", m.api.Load())
			}
			mu.Lock()
			defer mu.Unlock()
			for i, ctx := range ctxs {
				if ctx.Err() == nil {
					t.Errorf("attempt %d's context is still live after the call", i+1)
				}
			}
		})
	})
	t.Run("answer body stalls", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			_, opts := newMockLinkedIn(t, func(n int, r *http.Request) (*http.Response, error) {
				resp := jsonResp(200, "")
				resp.Body, resp.ContentLength = ctxBody{r.Context()}, -1
				return resp, nil
			})
			c := newTestClient(t, opts, WithTimeout(30*time.Second))
			start := time.Now()
			_, err := upsertC1(t.Context(), c)
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("err = %v, want the attempt's deadline", err)
			}
			if d := time.Since(start); d != 30*time.Second {
				t.Errorf("returned after %v, want 30s", d)
			}
		})
	})
}

func TestTokenReusedUntilExpiryThenRefreshed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m, opts := newMockLinkedIn(t, func(n int, r *http.Request) (*http.Response, error) { return jsonResp(200, okC1), nil })
		m.expires = 120
		c := newTestClient(t, opts)
		for range 3 {
			if _, err := upsertC1(t.Context(), c); err != nil {
				t.Fatal(err)
			}
		}
		if m.tokens.Load() != 1 || m.lastAuth.Load() != "Bearer tok-1" {
			t.Fatalf("tokens fetched %d (last %v), want one token reused", m.tokens.Load(), m.lastAuth.Load())
		}
		time.Sleep(95 * time.Second) // within 30s of expiry
		if _, err := upsertC1(t.Context(), c); err != nil {
			t.Fatal(err)
		}
		if m.tokens.Load() != 2 || m.lastAuth.Load() != "Bearer tok-2" {
			t.Errorf("tokens fetched %d (last %v), want a refresh before expiry", m.tokens.Load(), m.lastAuth.Load())
		}
	})
}

func TestUnauthorizedOnceRefreshesToken(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m, opts := newMockLinkedIn(t, func(n int, r *http.Request) (*http.Response, error) {
			if r.Header.Get("Authorization") == "Bearer tok-1" {
				return jsonResp(401, `{"message":"The token used in the request has expired","serviceErrorCode":401,"status":401}`), nil
			}
			return jsonResp(200, okC1), nil
		})
		c := newTestClient(t, opts)
		rs, err := upsertC1(t.Context(), c)
		if err != nil || !rs[0].OK() {
			t.Fatalf("err %v results %+v", err, rs)
		}
		if m.tokens.Load() != 2 || m.api.Load() != 2 {
			t.Errorf("tokens %d api calls %d, want 2 and 2", m.tokens.Load(), m.api.Load())
		}
	})
}

func TestUnauthorizedTwiceIsReturned(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m, opts := newMockLinkedIn(t, func(n int, r *http.Request) (*http.Response, error) {
			return jsonResp(401, `{"message":"Invalid access token","serviceErrorCode":401,"status":401}`), nil
		})
		c := newTestClient(t, opts)
		_, err := upsertC1(t.Context(), c)
		if !errors.Is(err, ErrUnauthorized) || !strings.Contains(err.Error(), "Invalid access token") {
			t.Fatalf("err = %v", err)
		}
		if m.api.Load() != 2 {
			t.Errorf("%d attempts, want 2 (one refresh, no loop)", m.api.Load())
		}
	})
}

func TestDailyQuotaPausesUntilMidnightUTC(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		exhausted := atomic.Bool{}
		exhausted.Store(true)
		m, opts := newMockLinkedIn(t, func(n int, r *http.Request) (*http.Response, error) {
			if exhausted.Load() {
				return jsonResp(429, `{"status":429,"message":"Resource level throttle APPLICATION DAY limit for calls to this resource is reached."}`), nil
			}
			return jsonResp(200, okC1), nil
		})
		c := newTestClient(t, opts)
		_, err := upsertC1(t.Context(), c)
		var qe *QuotaError
		if !errors.As(err, &qe) || !errors.Is(err, ErrDailyQuota) || !errors.Is(err, ErrRateLimited) || qe.Local {
			t.Fatalf("err = %v", err)
		}
		if want := nextUTCMidnight(time.Now()); !qe.ResetAt.Equal(want) {
			t.Errorf("ResetAt %v, want %v", qe.ResetAt, want)
		}
		if m.api.Load() != 1 {
			t.Fatalf("%d attempts: a daily quota is not retried", m.api.Load())
		}
		// Until the reset, calls fail at once without a request.
		time.Sleep(time.Until(qe.ResetAt) - time.Minute)
		if _, err := upsertC1(t.Context(), c); !errors.Is(err, ErrDailyQuota) {
			t.Fatalf("before reset: %v", err)
		}
		if m.api.Load() != 1 {
			t.Fatalf("a request was sent while the quota was exhausted")
		}
		exhausted.Store(false)
		time.Sleep(time.Minute)
		if _, err := upsertC1(t.Context(), c); err != nil {
			t.Fatalf("after reset: %v", err)
		}
	})
}

func TestLocalDailyLimit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m, opts := newMockLinkedIn(t, func(n int, r *http.Request) (*http.Response, error) { return jsonResp(200, okC1), nil })
		c := newTestClient(t, opts, WithRateLimits(RateLimits{RequestsPerDay: map[QuotaGroup]int{QuotaSync: 2}}))
		for range 2 {
			if _, err := upsertC1(t.Context(), c); err != nil {
				t.Fatal(err)
			}
		}
		_, err := upsertC1(t.Context(), c)
		var qe *QuotaError
		if !errors.As(err, &qe) || !qe.Local || qe.Quota != QuotaSync || !strings.Contains(err.Error(), "client-side") {
			t.Fatalf("err = %v", err)
		}
		if m.api.Load() != 2 {
			t.Errorf("%d requests sent, want 2", m.api.Load())
		}
		// Other groups are counted apart.
		if _, _, err := c.Seats.List(t.Context(), SeatListOptions{Contracts: []model.URN{contract}}); err != nil {
			t.Errorf("seats: %v", err)
		}
	})
}

func TestRecordsPerMinute(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m, opts := newMockLinkedIn(t, func(n int, r *http.Request) (*http.Response, error) { return jsonResp(200, `{}`), nil })
		c := newTestClient(t, opts, WithRateLimits(RateLimits{RecordsPerMinute: 200}))
		batch := make([]model.Candidate, 100)
		for i := range batch {
			batch[i] = testCandidate(fmt.Sprintf("C%d", i))
		}
		start := time.Now()
		for range 3 {
			if _, err := c.Candidates.BatchUpdate(t.Context(), batch); err != nil {
				t.Fatal(err)
			}
		}
		// 100 records of burst, then 100 per minute: the 2nd and 3rd batch wait 60s each.
		if d := time.Since(start); d < 119*time.Second || d > 121*time.Second {
			t.Errorf("3 batches of 100 at 200/min took %v, want 120s", d)
		}
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		defer cancel()
		_, err := c.Candidates.BatchUpdate(ctx, batch)
		var lt *LocalThrottleError
		if !errors.As(err, &lt) || !errors.Is(err, ErrRateLimited) || !strings.Contains(err.Error(), "client-side") {
			t.Fatalf("err = %v, want a client-side throttle error", err)
		}
		if m.api.Load() != 3 {
			t.Errorf("%d requests, want 3", m.api.Load())
		}
	})
}

// TestReadsDoNotSpendRecordsPerMinute: the records-per-minute quota is
// LinkedIn's limit on syncing records (writes), as rscmock counts it; a
// BATCH_GET of the same resource (matches) spends none of it. (It used to,
// so reading the matches of each synced batch halved the backfill rate.)
func TestReadsDoNotSpendRecordsPerMinute(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, opts := newMockLinkedIn(t, func(n int, r *http.Request) (*http.Response, error) {
			return jsonResp(200, `{"results":{},"errors":{}}`), nil
		})
		c := newTestClient(t, opts, WithRateLimits(RateLimits{RecordsPerMinute: 100}))
		keys := make([]model.CandidateKey, 100)
		for i := range keys {
			keys[i] = model.CandidateKey{IntegrationContext: model.OrganizationURN("123"), ATSCandidateID: fmt.Sprintf("C%d", i)}
		}
		start := time.Now()
		for range 3 {
			if _, err := c.Candidates.BatchGetMatches(t.Context(), keys); err != nil {
				t.Fatal(err)
			}
		}
		if d := time.Since(start); d != 0 {
			t.Errorf("3 reads of 100 keys at 100 records/min took %v, want no wait", d)
		}
	})
}

func TestSecretsNeverLeak(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, f := setup(t, WithLogger(logger), WithRetryPolicy(RetryPolicy{MaxRetries: 1, MinWait: time.Millisecond}))
	f.reply = func(r captured) (int, string) {
		if strings.Contains(r.Path, "seats") {
			return 500, `{"status":500,"message":"boom"}`
		}
		return 200, okC1
	}
	var texts []string
	if _, err := upsertC1(t.Context(), c); err != nil {
		t.Fatal(err)
	}
	_, _, err := c.Seats.List(t.Context(), SeatListOptions{Contracts: []model.URN{contract}})
	texts = append(texts, err.Error())
	bad, err := c.Clone(WithClientCredentials(testClientID, "wrong-secret-XYZ"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = upsertC1(t.Context(), bad)
	if !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("bad secret: %v", err)
	}
	texts = append(texts, err.Error(), fmt.Sprintf("%v %+v %#v %s", c, c, c, c), fmt.Sprintf("%v %+v %#v", *c, bad, WithClientCredentials("id", testClientSecret)))
	pc, err := NewPartnerClient(WithClientCredentials("parent", testClientSecret))
	if err != nil {
		t.Fatal(err)
	}
	texts = append(texts, fmt.Sprintf("%v %+v %#v", pc, pc, pc), logs.String())
	if logs.Len() == 0 {
		t.Fatal("no debug logs written")
	}
	for _, s := range []string{testClientSecret, "wrong-secret-XYZ", "tok-1", "tok-2"} {
		for _, text := range texts {
			if strings.Contains(text, s) {
				t.Errorf("secret %q leaked in %q", s, text)
			}
		}
	}
}

func TestNewClientErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		opts []Option
		want string
	}{
		{"no credentials", nil, "no credentials"},
		{"empty secret", []Option{WithClientCredentials("id", "")}, "client secret"},
		{"bad base URL", []Option{WithClientCredentials("a", "b"), WithBaseURL("ftp://x")}, "WithBaseURL"},
		{"bad version", []Option{WithClientCredentials("a", "b"), WithAPIVersion("2026")}, "YYYYMM"},
		{"nil option", []Option{nil}, "nil Option"},
		{"zero daily", []Option{WithClientCredentials("a", "b"), WithRateLimits(RateLimits{RequestsPerDay: map[QuotaGroup]int{QuotaSync: 0}})}, "RequestsPerDay"},
	} {
		_, err := NewClient(tc.opts...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want it to mention %q", tc.name, err, tc.want)
		}
	}
}

// Regression: a token endpoint answering garbage was retried like a network error.
func TestTokenGarbageIsNotRetried(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m, opts := newMockLinkedIn(t, func(n int, r *http.Request) (*http.Response, error) { return jsonResp(200, okC1), nil })
		m.mt.RegisterResponder(http.MethodPost, mockBase+"/oauth/v2/accessToken", func(r *http.Request) (*http.Response, error) {
			m.tokens.Add(1)
			return httpmock.NewStringResponse(200, `<html>maintenance</html>`), nil
		})
		c := newTestClient(t, opts)
		_, err := upsertC1(t.Context(), c)
		if err == nil || !strings.Contains(err.Error(), "access token") {
			t.Fatalf("err = %v", err)
		}
		if m.tokens.Load() != 1 || m.api.Load() != 0 {
			t.Errorf("token requests %d, API requests %d; want 1 and 0", m.tokens.Load(), m.api.Load())
		}
	})
}

func TestWrongSecretIsUnauthorized(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m, opts := newMockLinkedIn(t, func(n int, r *http.Request) (*http.Response, error) { return jsonResp(200, okC1), nil })
		m.mt.RegisterResponder(http.MethodPost, mockBase+"/oauth/v2/accessToken", func(r *http.Request) (*http.Response, error) {
			m.tokens.Add(1)
			return jsonResp(401, `{"error":"invalid_client","error_description":"Client authentication failed"}`), nil
		})
		c := newTestClient(t, opts)
		_, err := upsertC1(t.Context(), c)
		var ae *APIError
		if !errors.As(err, &ae) || !errors.Is(err, ErrUnauthorized) || ae.Code != "invalid_client" || ae.Message != "Client authentication failed" {
			t.Fatalf("err = %v", err)
		}
		if m.tokens.Load() != 1 || m.api.Load() != 0 {
			t.Errorf("token requests %d, API requests %d; want 1 and 0", m.tokens.Load(), m.api.Load())
		}
	})
}

const dailyQuota429 = `{"status":429,"message":"Resource level throttle APPLICATION DAY limit for calls to this resource is reached."}`

// Regression: a daily-quota 429 for a group without a local limit (negative
// limits, NoRateLimits, QuotaProvisioning by default) inserted a counter into
// the limiter's map under its lock while concurrent calls read the map
// without it. Run with -race.
func TestDailyQuota429WithoutLocalLimitIsRaceFree(t *testing.T) {
	t.Parallel()
	seats := func(c *Client) func(context.Context) error {
		return func(ctx context.Context) error {
			_, _, err := c.Seats.List(ctx, SeatListOptions{Contracts: []model.URN{contract}})
			return err
		}
	}
	exports := func(c *Client) func(context.Context) error {
		return func(ctx context.Context) error { _, _, err := c.Exports.Get(ctx, "r1"); return err }
	}
	for _, tc := range []struct {
		name    string
		partner bool
		limits  *RateLimits
	}{
		{"no rate limits", false, func() *RateLimits { l := NoRateLimits(); return &l }()},
		{"negative limits", false, &RateLimits{RequestsPerDay: map[QuotaGroup]int{QuotaProspect: -1, QuotaExportedCandidates: -1}}},
		{"provisioning by default", true, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, opts := newMockLinkedIn(t, func(n int, r *http.Request) (*http.Response, error) {
				if n%5 == 0 {
					return jsonResp(429, dailyQuota429), nil
				}
				return jsonResp(200, `{"elements":[]}`), nil
			})
			opts = append(opts, WithRetryPolicy(RetryPolicy{MaxRetries: -1}))
			if tc.limits != nil {
				opts = append(opts, WithRateLimits(*tc.limits))
			}
			var lim *limiter
			var calls []func(context.Context) error
			if tc.partner {
				p, err := NewPartnerClient(opts...)
				if err != nil {
					t.Fatal(err)
				}
				lim = p.core.lim
				find := func(ctx context.Context) error { _, err := p.Applications.FindByForeignID(ctx, "acme-1"); return err }
				calls = append(calls, find, find)
			} else {
				c := newTestClient(t, opts)
				lim = c.core.lim
				calls = append(calls, seats(c), exports(c))
			}
			groups := len(lim.daily)
			var wg sync.WaitGroup
			for range 8 {
				wg.Go(func() {
					for range 25 {
						for _, call := range calls {
							_ = call(t.Context())
						}
					}
				})
			}
			wg.Wait()
			// LinkedIn said the day is used up: the calls now fail without a request.
			for i, call := range calls {
				if err := call(t.Context()); !errors.Is(err, ErrDailyQuota) {
					t.Errorf("call %d after a daily-quota 429: err = %v, want ErrDailyQuota", i, err)
				}
			}
			if len(lim.daily) != groups {
				t.Errorf("the limiter's map went from %d to %d groups after construction", groups, len(lim.daily))
			}
		})
	}
}

// Regression: the Response returned to callers carried the attempt's request,
// whose Authorization header holds the bearer token.
func TestResponseCarriesNoBearerToken(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		status int
		body   string
	}{
		{"ok", 200, `{"elements":[],"paging":{"start":0,"count":10}}`},
		{"bad request", 400, `{"status":400,"message":"bad"}`},
		{"unauthorized after a refresh", 401, `{"status":401,"serviceErrorCode":65601,"message":"Invalid access token"}`},
		{"daily quota", 429, dailyQuota429},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, f := setup(t)
			f.reply = func(captured) (int, string) { return tc.status, tc.body }
			_, resp, err := c.Seats.List(t.Context(), SeatListOptions{Contracts: []model.URN{contract}})
			if (err == nil) != (tc.status == 200) || resp == nil || resp.Response == nil || resp.Request == nil {
				t.Fatalf("err %v, response %v", err, resp)
			}
			if resp.StatusCode != tc.status {
				t.Errorf("status %d, want %d", resp.StatusCode, tc.status)
			}
			if got := resp.Request.Header.Get("Authorization"); got != "" {
				t.Errorf("resp.Request carries Authorization %q", got)
			}
			if resp.Request.URL == nil || !strings.HasSuffix(resp.Request.URL.Path, "/v2/seatsV2") {
				t.Errorf("resp.Request is not the call's request: %v", resp.Request.URL)
			}
			text := fmt.Sprintf("%v %+v %+v %+v %#v", resp, resp, *resp.Response, *resp.Request, resp.Request.Header)
			for _, s := range []string{"tok-1", "tok-2", "Bearer"} {
				if strings.Contains(text, s) {
					t.Errorf("%q leaked in %s", s, text)
				}
			}
		})
	}
}

// Regression: setting any field of RetryPolicy left MaxRetries at 0, which
// meant no retries instead of the documented default of 3.
func TestRetryPolicyZeroFieldsTakeDefaults(t *testing.T) {
	for _, tc := range []struct {
		name     string
		policy   RetryPolicy
		attempts int32
	}{
		{"zero value", RetryPolicy{}, 4},
		{"MinWait only", RetryPolicy{MinWait: time.Millisecond}, 4},
		{"MinWait and MaxWait", RetryPolicy{MinWait: time.Millisecond, MaxWait: 2 * time.Millisecond}, 4},
		{"Max429Retries only", RetryPolicy{Max429Retries: 1}, 4},
		{"MaxRetryAfter only", RetryPolicy{MaxRetryAfter: time.Second}, 4},
		{"one retry", RetryPolicy{MaxRetries: 1, MinWait: time.Millisecond}, 2},
		{"negative disables", RetryPolicy{MaxRetries: -1, MinWait: time.Millisecond}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				m, opts := newMockLinkedIn(t, func(n int, r *http.Request) (*http.Response, error) {
					return jsonResp(503, `{"status":503,"message":"unavailable"}`), nil
				})
				c := newTestClient(t, opts, WithRetryPolicy(tc.policy))
				if _, err := upsertC1(t.Context(), c); !errors.Is(err, ErrServer) {
					t.Fatalf("err = %v", err)
				}
				if m.api.Load() != tc.attempts {
					t.Errorf("%d attempts of an idempotent upsert answered 503, want %d", m.api.Load(), tc.attempts)
				}
			})
		})
	}
}

// TestReadBodyWhateverContentLength checks an answer is read whole and
// exactly whether its Content-Length is right, short, long or absent, and
// that the limit holds.
func TestReadBodyWhateverContentLength(t *testing.T) {
	t.Parallel()
	body := strings.Repeat("0123456789", 1000)
	for _, cl := range []int64{int64(len(body)), -1, 0, 10, int64(len(body)) + 5} {
		resp := &http.Response{ContentLength: cl, Body: io.NopCloser(iotest.OneByteReader(strings.NewReader(body)))}
		got, err := readBody(resp, 1<<20, nil)
		if err != nil || string(got) != body {
			t.Errorf("Content-Length %d: read %d bytes, %v", cl, len(got), err)
		}
		resp.Body = io.NopCloser(strings.NewReader(body))
		if got, _ := readBody(resp, 100, nil); len(got) != 100 {
			t.Errorf("Content-Length %d, limit 100: read %d bytes", cl, len(got))
		}
	}
	resp := &http.Response{ContentLength: 10, Body: io.NopCloser(iotest.ErrReader(errors.New("reset")))}
	if _, err := readBody(resp, 100, nil); err == nil {
		t.Error("a failing body read without error")
	}
}

// nilBodyTransport answers 200 with no Body at all, which net/http
// tolerates from a RoundTripper (it puts http.NoBody in its place).
type nilBodyTransport struct{}

func (nilBodyTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Request: r}, nil
}

// The per-attempt timeout's body wrapper copes with a transport's nil body.
func TestTimeoutWithNilAnswerBody(t *testing.T) {
	c := newTestClient(t, []Option{WithTransport(nilBodyTransport{}), WithBaseURL(mockBase),
		WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "t", Expiry: time.Now().Add(time.Hour)}))})
	if _, err := upsertC1(t.Context(), c); err != nil {
		t.Fatal(err)
	}
}
