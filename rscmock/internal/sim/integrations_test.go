package sim_test

import (
	"encoding/json"
	"testing"

	"github.com/rsckit/rsckit/rscmock/internal/records"
	"github.com/rsckit/rsckit/rscmock/internal/restli"
	"github.com/rsckit/rsckit/rscmock/internal/sim"
)

// TestIntegrationStates: the onboarding status of each RSC integration
// follows the request, the partner's name and the admin's switch; an
// integration outside RSC stored for the customer is listed after them.
func TestIntegrationStates(t *testing.T) {
	t.Parallel()
	w, c := newWorld(t)
	w.Lock()
	defer w.Unlock()
	byType := func() map[string]string {
		out := map[string]string{}
		for _, is := range w.IntegrationsLocked(c) {
			out[is.IntegrationContext+" "+is.IntegrationType] = is.OnboardingStatus
		}
		return out
	}
	org, ctr := c.Org+" ", c.Contract+" "
	if got := byType(); len(got) != 4 || got[org+sim.OneClickExport] != sim.OnboardingNotRequested || got[ctr+sim.CSAAPI] != sim.OnboardingNotRequested {
		t.Fatalf("fresh customer: %v", got)
	}
	req := sim.RequestLocked(c, []string{sim.BundleContract, "OTHER"})
	if len(req) != 1 || req[0].IntegrationType != sim.CSAAPI || req[0].IntegrationContext != c.Contract || req[0].OnboardingStatus != sim.OnboardingRequested {
		t.Fatalf("request of the contract bundle: %+v", req)
	}
	put := func(ctx, itype string, body map[string]string) {
		raw := map[string]json.RawMessage{}
		for k, v := range body {
			raw[k], _ = json.Marshal(v)
		}
		w.Synced.Store.Put(records.Integration.Name, restli.Key{"ctx": ctx, "itype": itype, "tenant": sim.TenantRecruiter}, raw)
	}
	put(c.Org, sim.OneClickExport, map[string]string{"integrationName": "ATS"})
	put(c.Org, sim.InATSIndicator, map[string]string{"integrationName": "ATS", "status": "ENABLED"})
	put(c.Org, "LEARNING", map[string]string{"status": "DISABLED"})
	got := byType()
	want := map[string]string{org + sim.OneClickExport: sim.OnboardingPartnerReady, org + sim.InATSIndicator: sim.OnboardingEnabled,
		org + sim.ProfilePlugin: sim.OnboardingNotRequested, ctr + sim.CSAAPI: sim.OnboardingRequested, org + "LEARNING": sim.OnboardingNotRequested}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %q, want %q", k, got[k], v)
		}
	}
	if !sim.InBundles(sim.CSAAPI, nil) || sim.InBundles(sim.CSAAPI, []string{sim.BundleCompany}) || sim.InBundles("LEARNING", nil) {
		t.Error("InBundles")
	}
	if sim.CheckIntegrationKey(c.Org, sim.CSAAPI, sim.TenantRecruiter) == nil || sim.CheckIntegrationKey(c.Contract, sim.CSAAPI, "JOBS") != nil {
		t.Error("CheckIntegrationKey: CSA_API lives on the contract")
	}
}

// TestProblems: each reason once, counted, in the order first seen.
func TestProblems(t *testing.T) {
	t.Parallel()
	got := sim.Problems([]sim.Delivery{{Err: "b"}, {Status: 200}, {Err: "a"}, {Err: "b"}})
	if len(got) != 2 || got[0] != (sim.DeliveryProblem{Reason: "b", Count: 2}) || got[1] != (sim.DeliveryProblem{Reason: "a", Count: 1}) {
		t.Fatalf("Problems: %+v", got)
	}
}

// TestAddCustomer: a spec's bounds are checked; the customer gets a child
// application with generated credentials and a foreign id, its domains, and
// seats held by new members.
func TestAddCustomer(t *testing.T) {
	t.Parallel()
	w, _ := newWorld(t)
	if err := (sim.CustomerSpec{Seats: 3}).Check(2, 1); err == nil {
		t.Error("3 seats passed a bound of 2")
	}
	if err := (sim.CustomerSpec{ValidJSSDKDomains: []string{"https://a", "https://b"}}).Check(2, 1); err == nil {
		t.Error("2 domains passed a bound of 1")
	}
	w.Lock()
	c := w.AddCustomerLocked(sim.CustomerSpec{Name: "Beta", Organization: "urn:li:organization:55", Seats: 2, ValidJSSDKDomains: []string{"https://ats.example"}})
	found := w.R.Customer("urn:li:organization:55")
	w.Unlock()
	if found != c || c.Name != "Beta" || len(c.Seats) != 2 || c.App == nil || c.App.ClientID == "" || c.App.Secret == "" ||
		c.App.UniqueForeignID == "" || len(c.App.Domains) != 1 || c.Seats[0].Holder.URN == c.Seats[1].Holder.URN {
		t.Fatalf("customer %+v, app %+v", c, c.App)
	}
}
