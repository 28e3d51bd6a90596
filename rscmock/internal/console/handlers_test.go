package console_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/rsckit/rsckit/rscmock/internal/auth"
	"github.com/rsckit/rsckit/rscmock/internal/console"
	"github.com/rsckit/rsckit/rscmock/internal/records"
	"github.com/rsckit/rsckit/rscmock/internal/sim"
	"github.com/rsckit/rsckit/rscmock/internal/state"
)

const (
	org      = "urn:li:organization:7"
	contract = "urn:li:contract:8"
)

// world is a simulator with one customer "Acme" (child application "child",
// no domain restriction) holding one seat.
func world(t *testing.T) (*sim.World, sim.Seat) {
	t.Helper()
	r := sim.NewRecruiter(1)
	st := state.New()
	a := &auth.App{ClientID: "child", Secret: "s", Name: "Acme", Org: org, Contract: contract, URN: "urn:li:developerApplication:2"}
	reg := auth.New(auth.Config{Seed: 1})
	reg.Add(a)
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	w := &sim.World{R: r, Synced: sim.Synced{R: r, Store: st, Jobs: sim.NewJobs(0)}, Auth: reg,
		Records: &records.Service{Store: st}, Outbox: sim.NewOutbox(sim.LoopbackOnlyClient(), nil, 10),
		Clock: func() time.Time { return now }}
	r.Bind(a)
	seat, err := w.AddSeat(contract, sim.Member{FirstName: "Rita", LastName: "Recruiter"})
	if err != nil {
		t.Fatal(err)
	}
	return w, seat
}

func serve(h http.Handler, method, target, body string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	if method == http.MethodPost && strings.HasPrefix(target, "/_console/") {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.Header.Set("Origin", "http://"+r.Host)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// TestConsoleReadsTheWorld: the tenant page shows the customer's identity,
// seat and integrations; an unknown tenant is a 404 page; the member action
// adds a member the members page then finds.
func TestConsoleReadsTheWorld(t *testing.T) {
	t.Parallel()
	w, seat := world(t)
	c := &console.Console{World: w, BaseURL: func() string { return "http://fake" }}
	res := serve(c, http.MethodGet, "/_console/tenant?org="+url.QueryEscape(org), "")
	body := res.Body.String()
	for _, want := range []string{org, contract, seat.URN, "Rita Recruiter", sim.CSAAPI, sim.OnboardingNotRequested} {
		if res.Code != http.StatusOK || !strings.Contains(body, want) {
			t.Fatalf("tenant page %d lacks %q", res.Code, want)
		}
	}
	if res := serve(c, http.MethodGet, "/_console/tenant?org=urn:li:organization:99", ""); res.Code != http.StatusNotFound {
		t.Errorf("unknown tenant: %d", res.Code)
	}
	res = serve(c, http.MethodPost, "/_console/actions/member", "firstName=Ada&lastName=Lovelace&back=/_console/")
	if res.Code != http.StatusSeeOther || !strings.Contains(res.Header().Get("Location"), "flash=Added+member+Ada+Lovelace") {
		t.Fatalf("member action: %d %s", res.Code, res.Header().Get("Location"))
	}
	if res := serve(c, http.MethodGet, "/_console/members?q=lovelace&org="+url.QueryEscape(org), ""); !strings.Contains(res.Body.String(), "Ada") {
		t.Error("the members page does not find the added member")
	}
}

// TestMockAnswersTheWorld: /_mock/ lists the customer with its seat, adds
// members, checks its input and answers 404 for an unknown entity.
func TestMockAnswersTheWorld(t *testing.T) {
	t.Parallel()
	w, seat := world(t)
	m := &console.Mock{World: w, Faults: sim.NewFaults(1), Limits: console.MockLimits{Body: 1 << 10, Customers: 10, Members: 10, List: 5, Seats: 2, Domains: 1,
		Faults: 1, Fault: sim.FaultLimits{Count: 10, Latency: time.Second, RetryAfter: time.Minute}}}
	for _, tc := range []struct {
		method, path, body string
		status             int
		answer             string
	}{
		{"POST", "faults", `{"rate":2}`, 400, ""},
		{"POST", "faults", `{"latencyMs":2000}`, 400, ""},
		{"POST", "faults", `{"op":"FINDER /v2/seatsV2","status":503,"latencyMs":5,"count":2}`, 201, `[{"op":"FINDER /v2/seatsV2","status":503,"latencyMs":5,"count":2}]`},
		{"POST", "faults", `{"status":500}`, 400, ""},
		{"POST", "faults/clear", ``, 200, `[]`},
	} {
		res := serve(m, tc.method, "/_mock/"+tc.path, tc.body)
		if res.Code != tc.status || (tc.answer != "" && strings.TrimSpace(res.Body.String()) != tc.answer) {
			t.Errorf("%s %s %s: %d %s", tc.method, tc.path, tc.body, res.Code, res.Body)
		}
	}
	for body, want := range map[string]int{
		`{"organization":"` + org + `"}`:       http.StatusConflict,
		`{"organization":"urn:li:contract:1"}`: http.StatusBadRequest,
		`{"seats":3}`:                          http.StatusBadRequest,
		`{"name":"Beta","seats":1}`:            http.StatusCreated,
	} {
		if res := serve(m, http.MethodPost, "/_mock/customers", body); res.Code != want {
			t.Errorf("POST customers %s: %d, want %d", body, res.Code, want)
		}
	}
	var cs []console.Customer
	if res := serve(m, http.MethodGet, "/_mock/customers", ""); json.Unmarshal(res.Body.Bytes(), &cs) != nil ||
		len(cs) != 2 || cs[0].Organization != org || cs[0].ClientID != "child" || len(cs[0].Seats) != 1 || cs[0].Seats[0].URN != seat.URN {
		t.Fatalf("customers: %+v", cs)
	}
	res := serve(m, http.MethodPost, "/_mock/members", `{"firstName":"Ada","lastName":"Lovelace"}`)
	var mem sim.Member
	if res.Code != http.StatusCreated || json.Unmarshal(res.Body.Bytes(), &mem) != nil || !sim.IsType(mem.URN, "person") {
		t.Fatalf("add member: %d %s", res.Code, res.Body)
	}
	if res := serve(m, http.MethodPost, "/_mock/members", `{"urn":"urn:li:organization:1"}`); res.Code != http.StatusBadRequest {
		t.Errorf("a member that is not a person: %d", res.Code)
	}
	if res := serve(m, http.MethodGet, "/_mock/inats?member="+mem.URN, ""); res.Code != http.StatusBadRequest {
		t.Errorf("inats without a context: %d", res.Code)
	}
	if res := serve(m, http.MethodGet, "/_mock/pastApplicants?integrationContext="+org+"&members=a,b,c,d,e,f", ""); res.Code != http.StatusBadRequest {
		t.Errorf("too many members: %d", res.Code)
	}
	if res := serve(m, http.MethodGet, "/_mock/entity?kind=candidates&ctx="+org+"&cand=C1", ""); res.Code != http.StatusNotFound {
		t.Errorf("unknown entity: %d", res.Code)
	}
	if got := console.MockStatus(sim.ErrExportQuota); got != http.StatusTooManyRequests {
		t.Errorf("MockStatus(ErrExportQuota) = %d", got)
	}
}

// TestWidgetsCheckTheKey: an unknown API key gets LinkedIn's message; the
// customer's key opens its onboarding widget.
func TestWidgetsCheckTheKey(t *testing.T) {
	t.Parallel()
	w, _ := world(t)
	h := &console.Widgets{World: w, BaseURL: func() string { return "http://fake" }, DefaultOrg: func() string { return "" }}
	if res := serve(h, http.MethodGet, "/_widgets/onboarding?apiKey=nope", ""); res.Code != http.StatusForbidden || !strings.Contains(res.Body.String(), console.MsgUnauthorizedDomain) {
		t.Errorf("unknown key: %d", res.Code)
	}
	if res := serve(h, http.MethodGet, "/_widgets/onboarding?apiKey=child", ""); res.Code != http.StatusOK || !strings.Contains(res.Body.String(), org) {
		t.Errorf("onboarding: %d", res.Code)
	}
	if res := serve(h, http.MethodGet, "/_widgets/demo", ""); res.Code != http.StatusOK || !strings.Contains(res.Body.String(), "http://fake/xdoor/scripts/in.js") {
		t.Errorf("demo: %d", res.Code)
	}
}
