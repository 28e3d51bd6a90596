package rscmock_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"testing"

	"github.com/rsckit/rsckit/rscmock"
	"github.com/rsckit/rsckit/rscmock/internal/console"
	"github.com/rsckit/rsckit/rscmock/internal/sim"
)

// TestFrontConstantsAreTheSimulators: the front spells out the values of
// its bundle, onboarding and widget-message constants for its documentation; they must be
// the values the simulator (and so the console and /_mock/) uses.
func TestFrontConstantsAreTheSimulators(t *testing.T) {
	t.Parallel()
	for _, c := range [][2]string{
		{rscmock.BundleCompany, sim.BundleCompany}, {rscmock.BundleContract, sim.BundleContract},
		{rscmock.OnboardingNotRequested, sim.OnboardingNotRequested}, {rscmock.OnboardingRequested, sim.OnboardingRequested},
		{rscmock.OnboardingPartnerReady, sim.OnboardingPartnerReady}, {rscmock.OnboardingEnabled, sim.OnboardingEnabled},
		{rscmock.MsgUnauthorizedDomain, console.MsgUnauthorizedDomain},
	} {
		if c[0] != c[1] {
			t.Errorf("front %q, simulator %q", c[0], c[1])
		}
	}
}

// TestMockJSONIsTheGoAPIs: what /_mock/ answers (from the console's and the
// simulator's own values) decodes into the front's public types with the
// same content the typed Go API returns.
func TestMockJSONIsTheGoAPIs(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "Jane")
	org := f.d.Organization
	members := f.srv.Members()
	if len(members) == 0 {
		t.Fatal("no members")
	}
	check := func(path string, got, want any) {
		t.Helper()
		resp, b := f.do(t, http.MethodGet, "/_mock/"+path, "", "")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d %s", path, resp.StatusCode, b)
		}
		if err := json.Unmarshal([]byte(b), got); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if g := reflect.ValueOf(got).Elem().Interface(); !reflect.DeepEqual(g, want) {
			t.Errorf("%s:\n got %+v\nwant %+v", path, g, want)
		}
	}
	q := "?integrationContext=" + url.QueryEscape(string(org))
	check("customers", new([]rscmock.Customer), f.srv.Customers())
	check("members", new([]rscmock.Member), members)
	states, err := f.srv.Integrations(org)
	if err != nil || len(states) == 0 {
		t.Fatalf("Integrations: %v %v", states, err)
	}
	check("integrations"+q, new([]rscmock.IntegrationState), states)
	check("jobs"+q, new([]rscmock.Job), f.srv.Jobs(org))
	check("exportJobs?seat="+url.QueryEscape(string(f.d.Seats[0].URN)), new([]rscmock.Job), f.srv.ExportJobs(f.d.Seats[0].URN))
	for _, m := range members[:min(len(members), 3)] {
		check("inats"+q+"&member="+url.QueryEscape(string(m.URN)), new(rscmock.Indicator), f.srv.InATS(org, m.URN, ""))
	}
}
