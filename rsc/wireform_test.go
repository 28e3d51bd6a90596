package rsc

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/rsckit/rsckit/rsc/internal/restli"
	"github.com/rsckit/rsckit/rsc/model"
)

// TestRequestHeaderKeysAreCanonical checks the keys do stores headers
// under directly are what Set would store them under.
func TestRequestHeaderKeysAreCanonical(t *testing.T) {
	for key, name := range map[string]string{headerAccept: "Accept", headerUserAgent: "User-Agent",
		headerContentType: "Content-Type", headerMethodOverride: restli.HeaderMethodOverride,
		headerRestliMethod: restli.HeaderMethod, headerProtocol: restli.HeaderProtocolVersion,
		headerVersion: restli.HeaderLinkedInVersion} {
		if want := http.CanonicalHeaderKey(name); key != want {
			t.Errorf("%s is stored as %q, Set would store it as %q", name, key, want)
		}
	}
}

// sentRequest is what a transport received: the request, its body, and
// what its GetBody gives anew.
type sentRequest struct {
	header  http.Header
	url     string
	length  int64
	body    string
	getBody string
}

// recordingTransport answers every API request 401 the first time (so the
// client fetches a token and repeats it) and 200 with answer after, and
// keeps each request it was sent.
type recordingTransport struct {
	mu     sync.Mutex
	sent   []sentRequest
	answer string
}

func (t *recordingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	s := sentRequest{header: r.Header.Clone(), url: r.URL.String(), length: r.ContentLength}
	if r.Body != nil {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, err
		}
		r.Body.Close()
		s.body = string(b)
	}
	if r.GetBody != nil {
		rc, err := r.GetBody()
		if err != nil {
			return nil, err
		}
		b, err := io.ReadAll(rc)
		if err != nil {
			return nil, err
		}
		rc.Close()
		s.getBody = string(b)
	}
	t.mu.Lock()
	t.sent = append(t.sent, s)
	n := len(t.sent)
	t.mu.Unlock()
	status, answer := http.StatusOK, t.answer
	if n == 1 {
		status, answer = http.StatusUnauthorized, `{"status":401,"message":"Invalid access token"}`
	}
	return &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(answer)), Request: r, ContentLength: int64(len(answer))}, nil
}

// countingTokens hands out tok-1, tok-2, ...
type countingTokens struct {
	mu sync.Mutex
	n  int
}

func (s *countingTokens) Token() (*oauth2.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
	return &oauth2.Token{AccessToken: fmt.Sprintf("tok-%d", s.n), Expiry: time.Now().Add(time.Hour)}, nil
}

// TestRequestWireForm pins what the client sends for batch writes small
// and large (tunnelled), on /rest and /v2: the headers, exactly; the body
// and Content-Length; and, after a 401, the same request again with the
// fresh token (the repeat reads the body through GetBody).
func TestRequestWireForm(t *testing.T) {
	for _, tc := range []struct {
		name      string
		n         int
		versioned bool
		want      http.Header
	}{
		{"rest small", 2, true, http.Header{
			"Accept": {"application/json"}, "User-Agent": {"rsckit-go/0.1"}, "Content-Type": {"application/json"},
			"X-Restli-Method": {"batch_update"}, "X-Restli-Protocol-Version": {"2.0.0"}, "Linkedin-Version": {"202604"}}},
		{"rest tunnelled", MaxBatchSize, true, http.Header{
			"Accept": {"application/json"}, "User-Agent": {"rsckit-go/0.1"},
			"Content-Type":    {"multipart/mixed; boundary=_restli_5f0c8e2a9b7d4136"},
			"X-Restli-Method": {"batch_update"}, "X-Http-Method-Override": {"PUT"},
			"X-Restli-Protocol-Version": {"2.0.0"}, "Linkedin-Version": {"202604"}}},
		{"v2 small", 2, false, http.Header{
			"Accept": {"application/json"}, "User-Agent": {"rsckit-go/0.1"}, "Content-Type": {"application/json"},
			"X-Restli-Method": {"batch_update"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			batch := make([]model.Candidate, tc.n)
			for i := range batch {
				batch[i] = testCandidate(fmt.Sprintf("cand-%06d", i))
			}
			rt := &recordingTransport{answer: `{}`}
			c, err := NewClient(WithBaseURL("https://api.linkedin.test"), WithTransport(rt), WithTokenSource(&countingTokens{}),
				WithVersionedEndpoints(tc.versioned), WithRateLimits(NoRateLimits()))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.Candidates.BatchUpdate(context.Background(), batch); err != nil {
				t.Fatal(err)
			}
			if len(rt.sent) != 2 {
				t.Fatalf("%d requests, want 2 (a 401, then its repeat)", len(rt.sent))
			}
			for i, s := range rt.sent {
				want := tc.want.Clone()
				want.Set("Authorization", fmt.Sprintf("Bearer tok-%d", i+1))
				if !reflect.DeepEqual(s.header, want) {
					t.Errorf("request %d: header\n %v\nwant\n %v", i+1, s.header, want)
				}
				if s.body == "" || s.getBody != s.body || s.length != int64(len(s.body)) {
					t.Errorf("request %d: body of %d bytes, Content-Length %d, GetBody gives %d bytes (same: %v)",
						i+1, len(s.body), s.length, len(s.getBody), s.getBody == s.body)
				}
				if i > 0 && (s.url != rt.sent[0].url || s.body != rt.sent[0].body) {
					t.Errorf("request %d differs from the first: %s", i+1, s.url)
				}
			}
		})
	}
}

// TestTunnelledAtURLLength: a request whose URL (with its short query) is
// longer than restli.MaxURLLength is tunnelled, one of that length is not,
// as restli.NeedsTunnel says.
func TestTunnelledAtURLLength(t *testing.T) {
	const base = "https://api.linkedin.test"
	rt := &recordingTransport{answer: `{}`}
	c, err := NewClient(WithBaseURL(base), WithTransport(rt), WithTokenSource(&countingTokens{}),
		WithRateLimits(NoRateLimits()))
	if err != nil {
		t.Fatal(err)
	}
	const query = "q=criteria&x=y"
	for _, extra := range []int{-1, 0, 1, 2} {
		// base + "/v2/" + key + "?" + query is MaxURLLength + extra bytes.
		key := strings.Repeat("k", restli.MaxURLLength+extra-len(base)-len("/v2/")-len("?"+query))
		r := &request{op: "GET", method: http.MethodGet, path: "/v2/" + key, protocol: restli.Protocol2}
		r.query.Set("q", "criteria")
		r.query.Set("x", "y")
		u, _ := url.Parse(base + r.path + "?" + query)
		if len(u.String()) != restli.MaxURLLength+extra {
			t.Fatalf("URL of %d bytes, want %d", len(u.String()), restli.MaxURLLength+extra)
		}
		rt.sent = nil
		if _, err := c.core.do(context.Background(), r, nil); err != nil {
			t.Fatal(err)
		}
		s := rt.sent[len(rt.sent)-1]
		tunnelled := s.header.Get("X-Http-Method-Override") == http.MethodGet
		if want := restli.NeedsTunnel(u); tunnelled != want || tunnelled != (extra > 0) {
			t.Errorf("URL of MaxURLLength%+d bytes: tunnelled %v, NeedsTunnel %v", extra, tunnelled, want)
		}
		if wantURL := base + r.path; tunnelled && (s.url != wantURL || s.body != query) {
			t.Errorf("tunnelled to %s with body %q", s.url, s.body)
		} else if !tunnelled && s.url != u.String() {
			t.Errorf("sent to %s, want %s", s.url, u)
		}
	}
}
