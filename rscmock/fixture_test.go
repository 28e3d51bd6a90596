package rscmock_test

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rscmock"
)

// sink records the notifications POSTed to the tenant's CALLBACK_URL.
type sink struct {
	mu     sync.Mutex
	bodies []string
}

func (s *sink) all() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Join(s.bodies, "\n")
}

// fixture is a mock whose default tenant is ready for the recruiter's
// actions: integrations named (CSA_API not), CALLBACK_URL set to a receiver,
// JOB_POSTING_VIEWERS=ALL_PRODUCT_USERS, job J1, candidate C1 matching member
// Grace by email, and application A1 of C1 to J1 at stage "Phone Screen".
type fixture struct {
	srv    *rscmock.Server
	c      *rsc.Client
	d      rscmock.Customer
	org    model.URN
	seat   model.URN
	grace  rscmock.Member
	sink   *sink
	client *http.Client // no redirects
}

// v2Exports keeps exportedCandidates and atsPurgedExportedCandidates on
// /v2, where the fake serves them today (the client's default is /rest).
func v2Exports() rsc.Option {
	return rsc.WithV2For("exportedCandidates", "atsPurgedExportedCandidates")
}

func newFixture(t *testing.T, candidateName string) *fixture {
	t.Helper()
	sk := &sink{}
	cb := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		sk.mu.Lock()
		sk.bodies = append(sk.bodies, string(b))
		sk.mu.Unlock()
	}))
	t.Cleanup(cb.Close)
	tr := cb.Client().Transport.(*http.Transport).Clone()
	tr.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, cb.Listener.Addr().String())
	}
	srv := rscmock.NewServer(t, rscmock.WithCallbackClient(&http.Client{Transport: tr}))
	c := srv.Client(v2Exports())
	ctx := context.Background()
	d := srv.Default()
	org := d.Organization
	f := &fixture{srv: srv, c: c, d: d, org: org, seat: d.Seats[0].URN, sink: sk,
		client: newFixtureClient()}
	if _, err := c.Integrations.Enable(ctx, rsc.EnableRequest{Organization: org, CustomerName: "Acme"}); err != nil {
		t.Fatal(err)
	}
	if err := c.Configurations.SetCallbackURL(ctx, org, "https://ats.example.com/linkedin"); err != nil {
		t.Fatal(err)
	}
	viewers := model.IntegrationConfiguration{Key: model.ConfigurationKey{
		Integration: model.IntegrationKey{IntegrationContext: org, IntegrationType: model.IntegrationTypeOneClickExport, TenantType: model.TenantTypeRecruiter},
		Name:        model.ConfigJobPostingViewers}, Value: model.ConfigurationValue{String: model.AllProductUsers}}
	if rs, err := c.Configurations.BatchUpdate(ctx, []model.IntegrationConfiguration{viewers}); err != nil || rs[0].Err != nil {
		t.Fatalf("viewers: %v %+v", err, rs)
	}
	if _, err := c.JobPostings.BatchCreate(ctx, []model.JobPosting{job(org, "J1", model.OperationCreate)}); err != nil {
		t.Fatal(err)
	}
	f.grace = srv.AddMember(rscmock.Member{FirstName: "Grace", LastName: "Hopper", Email: "grace@example.com", Headline: "Rear Admiral"})
	cd := cand(org, "C1", "grace@example.com")
	cd.FirstName = candidateName
	if rs, err := c.Candidates.BatchUpdate(ctx, []model.Candidate{cd}); err != nil || rs[0].Err != nil {
		t.Fatalf("candidate: %v %+v", err, rs)
	}
	ak := model.ApplicationKey{IntegrationContext: org, ATSJobApplicationID: "A1"}
	if rs, err := c.Applications.BatchUpdate(ctx, []model.Application{{Key: ak, ATSCandidateID: "C1", ATSCreatedAt: 1, ATSLastModifiedAt: 2,
		ATSJobPostingID: "J1", ATSJobPostingName: "Software Engineer", FirstName: "Grace"}}); err != nil || rs[0].Err != nil {
		t.Fatalf("application: %v %+v", err, rs)
	}
	if rs, err := c.Stages.BatchUpdate(ctx, []model.ApplicationStage{{Key: model.StageKey{Application: ak, StageID: "S1"}, ATSCreatedAt: 5, Stage: "Phone Screen"}}); err != nil || rs[0].Err != nil {
		t.Fatalf("stage: %v %+v", err, rs)
	}
	return f
}

// newFixtureClient returns a client that does not follow redirects.
func newFixtureClient() *http.Client {
	return &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// do sends a request to the mock without following redirects.
func (f *fixture) do(t *testing.T, method, path, contentType, body string, hdr ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, f.srv.URL()+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := f.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// get is a GET of path.
func (f *fixture) get(t *testing.T, path string, hdr ...string) (*http.Response, string) {
	t.Helper()
	return f.do(t, http.MethodGet, path, "", "", hdr...)
}

// post sends a form.
func (f *fixture) post(t *testing.T, path string, form url.Values, hdr ...string) (*http.Response, string) {
	t.Helper()
	return f.do(t, http.MethodPost, path, "application/x-www-form-urlencoded", form.Encode(), hdr...)
}

// follow GETs the Location of a redirect.
func (f *fixture) follow(t *testing.T, resp *http.Response) string {
	t.Helper()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("want 303, got %d", resp.StatusCode)
	}
	loc := resp.Header.Get("Location")
	r, body := f.get(t, loc)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", loc, r.StatusCode, body)
	}
	return body
}

var camelKey = regexp.MustCompile(`^[a-z][A-Za-z0-9]*$`)

// checkCamel fails for any object key of a JSON document that is not camelCase.
func checkCamel(t *testing.T, what string, v any) {
	t.Helper()
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if !camelKey.MatchString(k) {
				t.Errorf("%s: key %q is not camelCase", what, k)
			}
			checkCamel(t, what, e)
		}
	case []any:
		for _, e := range x {
			checkCamel(t, what, e)
		}
	}
}

// call sends a /_mock/ request and decodes the JSON answer, checking its
// status and that every key is camelCase.
func (f *fixture) call(t *testing.T, method, path, body string, status int) any {
	t.Helper()
	resp, b := f.do(t, method, "/_mock/"+path, "application/json", body)
	if resp.StatusCode != status {
		t.Fatalf("%s /_mock/%s: status %d, want %d: %s", method, path, resp.StatusCode, status, b)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("%s /_mock/%s: content type %q", method, path, ct)
	}
	var v any
	if err := json.Unmarshal([]byte(b), &v); err != nil {
		t.Fatalf("%s /_mock/%s: %v: %s", method, path, err, b)
	}
	checkCamel(t, method+" /_mock/"+path, v)
	return v
}

// obj and arr assert a JSON shape.
func obj(t *testing.T, v any) map[string]any {
	t.Helper()
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("want a JSON object, got %T %v", v, v)
	}
	return m
}

func arr(t *testing.T, v any) []any {
	t.Helper()
	a, ok := v.([]any)
	if !ok {
		t.Fatalf("want a JSON array, got %T %v", v, v)
	}
	return a
}
