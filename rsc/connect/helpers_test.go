package connect

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"golang.org/x/oauth2"

	"github.com/rsckit/rsckit/rsc"
)

// apiCall is one request the fake LinkedIn received.
type apiCall struct {
	Method, Path, Query, RestliMethod, Auth, Body string
}

// fakeLinkedIn is an httptest server standing in for api.linkedin.com and
// www.linkedin.com/oauth. Each test sets the handlers it needs.
type fakeLinkedIn struct {
	srv   *httptest.Server
	mu    sync.Mutex
	calls []apiCall
	// handle answers a request with a status and a JSON body.
	handle func(c apiCall, q url.Values) (int, string)
}

func newFakeLinkedIn(t *testing.T, handle func(c apiCall, q url.Values) (int, string)) *fakeLinkedIn {
	t.Helper()
	f := &fakeLinkedIn{handle: handle}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		c := apiCall{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, RestliMethod: r.Header.Get("X-RestLi-Method"),
			Auth: r.Header.Get("Authorization"), Body: string(body)}
		f.mu.Lock()
		f.calls = append(f.calls, c)
		f.mu.Unlock()
		q, _ := url.ParseQuery(r.URL.RawQuery)
		if r.Method == http.MethodPost && strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
			form, _ := url.ParseQuery(string(body))
			for k, v := range form {
				q[k] = v
			}
		}
		status, out := f.handle(c, q)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, out)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeLinkedIn) requests() []apiCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]apiCall(nil), f.calls...)
}

func (f *fakeLinkedIn) count(path string) int {
	n := 0
	for _, c := range f.requests() {
		if c.Path == path {
			n++
		}
	}
	return n
}

// client returns an rsc.Client for the fake with a static token and no
// retries. The fake answers the /v2 forms of the calls (the routing of
// each resource is rsc's, tested there), so the client is kept on /v2.
func (f *fakeLinkedIn) client(t *testing.T) *rsc.Client {
	t.Helper()
	c, err := rsc.NewClient(rsc.WithBaseURL(f.srv.URL), rsc.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "app-token"})),
		rsc.WithRetryPolicy(rsc.RetryPolicy{MaxRetries: -1, Max429Retries: -1}), rsc.WithVersionedEndpoints(false))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// restliKey is the /v2 batch key of an atsIntegrations element from the
// ids[i].* query parameters.
func integrationResultKey(q url.Values, i int) string {
	p := fmt.Sprintf("ids[%d].", i)
	return "integrationContext=" + url.QueryEscape(q.Get(p+"integrationContext")) + "&integrationType=" + q.Get(p+"integrationType") +
		"&tenantType=" + q.Get(p+"tenantType") + "&dataProvider=" + q.Get(p+"dataProvider")
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}
