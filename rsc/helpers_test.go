package rsc

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rsckit/rsckit/rsc/model"
)

const (
	testClientID     = "child-id"
	testClientSecret = "child-secret-S3cr3t/+="
	org              = model.URN("urn:li:organization:123")
	contract         = model.URN("urn:li:contract:77")
)

// captured is one API request as the fake server saw it.
type captured struct {
	Method string
	Path   string // escaped path, without the base path
	Query  string // raw query
	Header http.Header
	Body   string
	// ContentLength is the request's (-1 when it was sent chunked).
	ContentLength int64
}

// fake is an httptest server under a non-empty base path, with a token
// endpoint and one programmable API reply.
type fake struct {
	srv    *httptest.Server
	mu     sync.Mutex
	reqs   []captured
	reply  func(r captured) (int, string)
	tokens atomic.Int32
}

func (f *fake) requests() []captured {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]captured(nil), f.reqs...)
}

// setup starts a fake LinkedIn and returns a Client pointed at it, pinned
// to the /v2 endpoints whose wire form most tests of this package check
// (opts may say WithVersionedEndpoints(true)); setupDefault keeps the
// client's defaults. The reply defaults to 200 with an empty JSON object.
func setup(t *testing.T, opts ...Option) (*Client, *fake) {
	t.Helper()
	return setupDefault(t, append([]Option{WithVersionedEndpoints(false)}, opts...)...)
}

// setupDefault is setup with the client's default endpoints (/rest).
func setupDefault(t *testing.T, opts ...Option) (*Client, *fake) {
	t.Helper()
	f := &fake{reply: func(captured) (int, string) { return 200, "{}" }}
	mux := http.NewServeMux()
	mux.HandleFunc("/oauth/v2/accessToken", func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil || r.PostForm.Get("grant_type") != "client_credentials" ||
			r.PostForm.Get("client_id") != testClientID || r.PostForm.Get("client_secret") != testClientSecret {
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"error":"invalid_client","error_description":"Client authentication failed"}`)
			return
		}
		n := f.tokens.Add(1)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"access_token":"tok-%d","expires_in":"1800"}`, n)
	})
	mux.HandleFunc("/base/", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		c := captured{Method: r.Method, Path: strings.TrimPrefix(r.URL.EscapedPath(), "/base"), Query: r.URL.RawQuery,
			Header: r.Header.Clone(), Body: string(body), ContentLength: r.ContentLength}
		f.mu.Lock()
		f.reqs = append(f.reqs, c)
		reply := f.reply
		f.mu.Unlock()
		status, out := reply(c)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Li-Uuid", "req-uuid-1")
		w.WriteHeader(status)
		io.WriteString(w, out)
	})
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	all := append([]Option{
		WithClientCredentials(testClientID, testClientSecret),
		WithBaseURL(f.srv.URL + "/base"),
		WithTokenURL(f.srv.URL + "/oauth/v2/accessToken"),
		WithRetryPolicy(RetryPolicy{MaxRetries: -1}),
	}, opts...)
	c, err := NewClient(all...)
	if err != nil {
		t.Fatal(err)
	}
	return c, f
}

// jsonEqual compares two JSON texts semantically.
func jsonEqual(t *testing.T, want, got string) {
	t.Helper()
	if want == "" && got == "" {
		return
	}
	var w, g any
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("bad want JSON %q: %v", want, err)
	}
	if err := json.Unmarshal([]byte(got), &g); err != nil {
		t.Fatalf("body is not JSON: %q: %v", got, err)
	}
	if d := cmp.Diff(w, g); d != "" {
		t.Errorf("body mismatch (-want +got):\n%s", d)
	}
}

func candKey(id string) model.CandidateKey {
	return model.CandidateKey{IntegrationContext: org, ATSCandidateID: id}
}

func appKey(id string) model.ApplicationKey {
	return model.ApplicationKey{IntegrationContext: org, ATSJobApplicationID: id}
}

func testCandidate(id string) model.Candidate {
	return model.Candidate{
		Key: candKey(id), FirstName: "Ada", LastName: "Lovelace",
		EmailAddresses:     []string{"ada@example.com"},
		ATSCreatedAt:       1484864187000,
		ATSLastModifiedAt:  1484864187001,
		ExternalProfileURL: "https://ats.example.com/candidates/" + id,
	}
}
