package connect

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// memLinks is an in-memory LinkStore.
type memLinks struct {
	mu         sync.Mutex
	candidates map[string]bool      // tenant/candidate
	links      map[string]model.URN // tenant/candidate
	failSet    bool
}

func newMemLinks(candidates ...string) *memLinks {
	m := &memLinks{candidates: map[string]bool{}, links: map[string]model.URN{}}
	for _, c := range candidates {
		m.candidates[c] = true
	}
	return m
}

func (m *memLinks) HasCandidate(_ context.Context, tenant, id string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.candidates[tenant+"/"+id], nil
}

func (m *memLinks) ManualLink(_ context.Context, tenant, id string) (model.URN, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.links[tenant+"/"+id], nil
}

func (m *memLinks) SetManualLink(_ context.Context, tenant, id string, p model.URN) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.failSet {
		return errors.New("disk full")
	}
	if p == "" {
		delete(m.links, tenant+"/"+id)
	} else {
		m.links[tenant+"/"+id] = p
	}
	return nil
}

func (m *memLinks) snapshot() map[string]model.URN {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := map[string]model.URN{}
	for k, v := range m.links {
		out[k] = v
	}
	return out
}

const candKeyC1 = "atsCandidateId=C1&dataProvider=ATS&integrationContext=urn:li:organization:123"

// candidatesServer accepts atsCandidates batch_partial_update and records
// the bodies; status is the per-record status it answers.
func candidatesServer(t *testing.T, status int) *fakeLinkedIn {
	return newFakeLinkedIn(t, func(c apiCall, q url.Values) (int, string) {
		if c.Method != "POST" || c.Path != "/v2/atsCandidates" || c.RestliMethod != "batch_partial_update" {
			return 404, `{"status":404}`
		}
		if status >= 400 {
			return 200, `{"results":{},"errors":{"` + candKeyC1 + `":{"status":` + strconv.Itoa(status) + `,"message":"Person not found"}}}`
		}
		return 200, `{"results":{"` + candKeyC1 + `":{"status":204}}}`
	})
}

// body is a recorded JSON body with Go's \u0026 escapes undone.
func (c apiCall) body() string { return strings.ReplaceAll(c.Body, `\u0026`, "&") }

func TestParseLinkCallback(t *testing.T) {
	t.Parallel()
	good := map[string]LinkCallback{
		`{"action":"link","atsCandidateId":"C1","member":"urn:li:person:abc"}`: {Action: ActionLink, ATSCandidateID: "C1", Person: "urn:li:person:abc"},
		`{"action":"unlink","atsCandidateId":"C1","integrationContext":"urn:li:organization:123","member":{"personUrn":"urn:li:person:abc","name":"x"}}`: {
			Action: ActionUnlink, ATSCandidateID: "C1", IntegrationContext: testOrg, Person: "urn:li:person:abc"},
		`{"action":"link","atsCandidateId":"C1","member":{"id":7,"urn":"urn:li:person:abc"}}`: {Action: ActionLink, ATSCandidateID: "C1", Person: "urn:li:person:abc"},
	}
	for body, want := range good {
		got, err := ParseLinkCallback([]byte(body))
		if err != nil || got != want {
			t.Errorf("%s: got %+v, %v", body, got, err)
		}
	}
	bad := []string{
		``, `[]`, `"urn:li:person:abc"`,
		`{"action":"relink","atsCandidateId":"C1","member":"urn:li:person:abc"}`,
		`{"action":"link","member":"urn:li:person:abc"}`,
		`{"action":"link","atsCandidateId":"C1&x=y","member":"urn:li:person:abc"}`,
		`{"action":"link","atsCandidateId":"C1","member":"urn:li:member:123"}`,
		`{"action":"link","atsCandidateId":"C1","member":"urn:li:person:"}`,
		`{"action":"link","atsCandidateId":"C1","member":"urn:li:person:a b"}`,
		`{"action":"link","atsCandidateId":"C1","member":{"name":"Ada"}}`,
		`{"action":"link","atsCandidateId":"C1","member":42}`,
		`{"action":"link","atsCandidateId":"C1","integrationContext":"urn:li:contract:1","member":"urn:li:person:abc"}`,
		`{"action":"link","atsCandidateId":"C1","member":"urn:li:person:abc",` + strings.Repeat(" ", MaxCallbackBytes) + `}`,
	}
	for _, body := range bad {
		if got, err := ParseLinkCallback([]byte(body)); !errors.Is(err, ErrMalformedCallback) {
			t.Errorf("%.80s: got %+v, %v; want ErrMalformedCallback", body, got, err)
		}
	}
}

func TestLinkerLinkAndUnlink(t *testing.T) {
	t.Parallel()
	f := candidatesServer(t, 204)
	tenant := rscsync.Tenant{ID: "acme", Client: f.client(t), Organization: testOrg}
	store := newMemLinks("acme/C1")
	l := Linker{Store: store}
	ctx := context.Background()
	person := model.URN("urn:li:person:abc")

	res, err := l.Apply(ctx, tenant, LinkCallback{Action: ActionLink, ATSCandidateID: "C1", Person: person})
	if err != nil {
		t.Fatal(err)
	}
	if res.Previous != "" || res.Candidate.ATSCandidateID != "C1" || store.snapshot()["acme/C1"] != person {
		t.Fatalf("after link: %+v %v", res, store.snapshot())
	}
	reqs := f.requests()
	if len(reqs) != 1 || reqs[0].body() != `{"entities":{"`+candKeyC1+`":{"patch":{"$set":{"manualMatchedMember":"urn:li:person:abc"}}}}}` {
		t.Fatalf("link request %+v", reqs)
	}
	// The link survives a "refresh": the store holds it for the next render.
	if got, _ := store.ManualLink(ctx, "acme", "C1"); got != person {
		t.Errorf("stored link %q", got)
	}

	res, err = l.Apply(ctx, tenant, LinkCallback{Action: ActionUnlink, ATSCandidateID: "C1", IntegrationContext: testOrg, Person: person})
	if err != nil || res.Previous != person {
		t.Fatalf("unlink: %+v %v", res, err)
	}
	if _, ok := store.snapshot()["acme/C1"]; ok {
		t.Error("link still stored after unlink")
	}
	reqs = f.requests()
	if len(reqs) != 2 || reqs[1].body() != `{"entities":{"`+candKeyC1+`":{"patch":{"$delete":["manualMatchedMember"]}}}}` {
		t.Fatalf("unlink request %+v", reqs)
	}
}

func TestLinkerBadInputChangesNothing(t *testing.T) {
	t.Parallel()
	f := candidatesServer(t, 204)
	tenant := rscsync.Tenant{ID: "acme", Client: f.client(t), Organization: testOrg}
	store := newMemLinks("acme/C1", "other/C2")
	store.links["acme/C1"] = "urn:li:person:linked"
	l := Linker{Store: store}
	ctx := context.Background()
	tests := []struct {
		name string
		cb   LinkCallback
		want error
	}{
		{"unlink never-linked member", LinkCallback{Action: ActionUnlink, ATSCandidateID: "C1", Person: "urn:li:person:stranger"}, ErrNotLinked},
		{"unlink candidate without link", LinkCallback{Action: ActionUnlink, ATSCandidateID: "C1", Person: ""}, ErrMalformedCallback},
		{"candidate of another tenant", LinkCallback{Action: ActionLink, ATSCandidateID: "C2", Person: "urn:li:person:abc"}, ErrUnknownCandidate},
		{"unknown candidate", LinkCallback{Action: ActionLink, ATSCandidateID: "C9", Person: "urn:li:person:abc"}, ErrUnknownCandidate},
		{"foreign context", LinkCallback{Action: ActionLink, ATSCandidateID: "C1", IntegrationContext: "urn:li:organization:9", Person: "urn:li:person:abc"}, ErrForeignContext},
		{"not a person", LinkCallback{Action: ActionLink, ATSCandidateID: "C1", Person: "urn:li:seat:1"}, ErrMalformedCallback},
		{"bad action", LinkCallback{Action: "relink", ATSCandidateID: "C1", Person: "urn:li:person:abc"}, ErrMalformedCallback},
	}
	for _, tt := range tests {
		if _, err := l.Apply(ctx, tenant, tt.cb); !errors.Is(err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
		}
	}
	if n := len(f.requests()); n != 0 {
		t.Errorf("bad input made %d LinkedIn calls", n)
	}
	if got := store.snapshot(); len(got) != 1 || got["acme/C1"] != "urn:li:person:linked" {
		t.Errorf("store changed: %v", got)
	}

	// A fresh candidate with no link: unlink is refused too.
	store.candidates["acme/C3"] = true
	if _, err := l.Apply(ctx, tenant, LinkCallback{Action: ActionUnlink, ATSCandidateID: "C3", Person: "urn:li:person:abc"}); !errors.Is(err, ErrNotLinked) {
		t.Errorf("unlink of unlinked candidate: %v", err)
	}

	// LinkedIn refuses the link: nothing is stored.
	refusing := candidatesServer(t, 422)
	rt := rscsync.Tenant{ID: "acme", Client: refusing.client(t), Organization: testOrg}
	if _, err := l.Apply(ctx, rt, LinkCallback{Action: ActionLink, ATSCandidateID: "C1", Person: "urn:li:person:new"}); err == nil {
		t.Error("refused link succeeded")
	}
	if got := store.snapshot()["acme/C1"]; got != "urn:li:person:linked" {
		t.Errorf("store changed after LinkedIn refused: %q", got)
	}
}

func TestLinkerHandler(t *testing.T) {
	t.Parallel()
	f := candidatesServer(t, 204)
	tenant := rscsync.Tenant{ID: "acme", Client: f.client(t), Organization: testOrg}
	store := newMemLinks("acme/C1")
	h := Linker{Store: store}.Handler(func(r *http.Request) (rscsync.Tenant, error) {
		if r.Header.Get("X-Session") != "ok" {
			return rscsync.Tenant{}, errors.New("no session")
		}
		return tenant, nil
	})
	do := func(method, body, session string) (int, string) {
		req := httptest.NewRequest(method, "/linkedin/profile-callback", strings.NewReader(body))
		req.Header.Set("X-Session", session)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		return w.Code, w.Body.String()
	}
	link := `{"action":"link","atsCandidateId":"C1","member":"urn:li:person:abc"}`
	if code, body := do("POST", link, ""); code != 403 {
		t.Errorf("no session: %d %s", code, body)
	}
	if code, _ := do("GET", "", "ok"); code != 405 {
		t.Errorf("GET: %d", code)
	}
	if code, body := do("POST", `{"action":"link"`, "ok"); code != 400 || !strings.Contains(body, "malformed") {
		t.Errorf("malformed: %d %s", code, body)
	}
	if code, body := do("POST", `{"action":"unlink","atsCandidateId":"C1","member":"urn:li:person:abc"}`, "ok"); code != 409 || !strings.Contains(body, "not linked") {
		t.Errorf("unlink before link: %d %s", code, body)
	}
	if code, body := do("POST", link, "ok"); code != 200 || !strings.Contains(body, `"person":"urn:li:person:abc"`) {
		t.Errorf("link: %d %s", code, body)
	}
	if code, _ := do("POST", strings.Replace(link, "C1", "C7", 1), "ok"); code != 404 {
		t.Errorf("unknown candidate: %d", code)
	}
	store.failSet = true
	if code, body := do("POST", strings.Replace(link, "abc", "def", 1), "ok"); code != 502 || strings.Contains(body, "disk full") {
		t.Errorf("store failure: %d %s", code, body)
	}
}
