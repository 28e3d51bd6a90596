package connect

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

var t0 = time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)

func at(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }

func newTestOnboarding(t *testing.T) Onboarding {
	t.Helper()
	o, err := NewOnboarding("acme", testOrg)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func requestAll(t *testing.T, o Onboarding, when time.Time) Onboarding {
	t.Helper()
	reqs, err := ParseIntegrate([]byte(`[
		{"integrationContext":"urn:li:organization:123","integrationType":"ONE_CLICK_EXPORT","tenantType":"RECRUITER","onboardingStatus":"REQUESTED"},
		{"integrationContext":"urn:li:organization:123","integrationType":"IN_ATS_INDICATOR","tenantType":"RECRUITER"},
		{"integrationContext":"urn:li:organization:123","integrationType":"PROFILE_PLUGIN","tenantType":"RECRUITER"},
		{"integrationContext":"urn:li:contract:77","integrationType":"CSA_API","tenantType":"RECRUITER"},
		{"integrationContext":"urn:li:organization:123","integrationType":"APPLY_CONNECT","tenantType":"JOBS"}]`))
	if err != nil {
		t.Fatal(err)
	}
	n, err := o.Request(reqs, when)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestOnboardingJourney(t *testing.T) {
	t.Parallel()
	o := newTestOnboarding(t)
	if s := o.Status(); s.Phase != PhaseNotStarted || s.SyncEnabled {
		t.Fatalf("new: %+v", s)
	}
	o = o.ShowWidget(at(1))
	if s := o.Status(); s.Phase != PhaseWidgetShown {
		t.Fatalf("shown: %+v", s)
	}
	o = requestAll(t, o, at(2))
	s := o.Status()
	if s.Phase != PhaseRequested || s.SyncEnabled || len(s.Integrations) != 4 || len(s.Contracts) != 1 || !strings.Contains(s.Message, "Admin Settings") {
		t.Fatalf("requested: %+v", s)
	}
	// LinkedIn enables company-level access.
	for _, typ := range companyTypes {
		var err error
		if o, err = o.Observe(key(testOrg, typ), "ENABLED", at(3)); err != nil {
			t.Fatal(err)
		}
	}
	if s := o.Status(); s.Phase != PhaseEnabled || !s.SyncEnabled || len(s.EnabledContracts) != 0 || o.ContractEnabled(testContract) ||
		!strings.Contains(s.Message, "not yet switched on for 1 contract(s)") {
		t.Fatalf("company-level: %+v", s)
	}
	// Then contract-level access, and a second contract (RSC-103).
	second := model.ContractURN("88")
	o, _ = o.Observe(key(testContract, model.IntegrationTypeCSAAPI), "enabled", at(4))
	o, _ = o.Observe(key(second, model.IntegrationTypeCSAAPI), "ENABLED", at(5))
	s = o.Status()
	if d := cmp.Diff([]model.URN{testContract, second}, s.EnabledContracts); d != "" || !strings.Contains(s.Message, "2 contract(s)") {
		t.Fatalf("contracts: %s %+v", d, s)
	}
	// A pending status changes nothing; a re-request does not downgrade.
	if p, _ := o.Observe(key(testOrg, model.IntegrationTypeOneClickExport), "PARTNER_READY", at(6)); !cmp.Equal(p, o) {
		t.Error("pending status changed the state")
	}
	if r := requestAll(t, o, at(6)); !r.SyncEnabled() || !r.ContractEnabled(testContract) {
		t.Error("re-request downgraded enabled integrations")
	}
	// The customer removes a contract.
	o, err := o.RemoveContract(testContract, at(7))
	if err != nil {
		t.Fatal(err)
	}
	if o.ContractEnabled(testContract) || !o.ContractEnabled(second) {
		t.Fatalf("after removing: %+v", o.Status())
	}
	if _, err := o.RemoveContract(testContract, at(8)); !errors.Is(err, ErrUnknownContract) {
		t.Errorf("removing twice: %v", err)
	}
	// LinkedIn still reporting the removed contract enabled does not bring it back.
	if slices.Contains(o.Keys(), key(testContract, model.IntegrationTypeCSAAPI)) {
		t.Error("Keys asks about a removed contract")
	}
	if again, _ := o.Observe(key(testContract, model.IntegrationTypeCSAAPI), "ENABLED", at(8)); again.ContractEnabled(testContract) || !cmp.Equal(again, o) {
		t.Error("a status re-enabled a removed contract")
	}
	// LinkedIn disables everything.
	for _, k := range o.Keys() {
		if o, err = o.Observe(k, "DISABLED", at(9)); err != nil {
			t.Fatal(err)
		}
	}
	if s := o.Status(); s.Phase != PhaseDisabled || s.SyncEnabled || len(s.EnabledContracts) != 0 {
		t.Fatalf("disabled: %+v", s)
	}
	// Re-adding the removed contract makes it active again, not enabled.
	if o, err = o.AddContract(testContract, at(10)); err != nil || o.ContractEnabled(testContract) || !o.Contracts[0].Active() {
		t.Fatalf("re-add: %v %+v", err, o.Contracts)
	}
}

func TestOnboardingForgedCallbackChangesNothing(t *testing.T) {
	t.Parallel()
	o := requestAll(t, newTestOnboarding(t).ShowWidget(at(1)), at(2))
	before, _ := json.Marshal(o)
	forged := []RequestedIntegration{
		{Key: key(testOrg, model.IntegrationTypeProfilePlugin)},
		{Key: key("urn:li:organization:999", model.IntegrationTypeOneClickExport)},
	}
	n, err := o.Request(forged, at(3))
	if !errors.Is(err, ErrForeignContext) {
		t.Fatalf("err = %v, want ErrForeignContext", err)
	}
	after, _ := json.Marshal(n)
	if string(before) != string(after) {
		t.Errorf("state changed:\n%s\n%s", before, after)
	}
	if _, err := o.Observe(key("urn:li:organization:999", model.IntegrationTypeOneClickExport), "ENABLED", at(3)); !errors.Is(err, ErrForeignContext) {
		t.Errorf("Observe foreign: %v", err)
	}
	if _, err := o.Observe(key(testOrg, model.IntegrationTypeCSAAPI), "ENABLED", at(3)); !errors.Is(err, ErrForeignContext) {
		t.Errorf("Observe CSA_API on organization: %v", err)
	}
	// A widget callback claiming ENABLED cannot enable anything.
	claims := []RequestedIntegration{{Key: key(testOrg, model.IntegrationTypeOneClickExport), OnboardingStatus: "ENABLED"}}
	if n, _ := o.Request(claims, at(4)); n.SyncEnabled() {
		t.Error("a callback enabled sync")
	}
}

func TestOnboardingIsAValue(t *testing.T) {
	t.Parallel()
	o := requestAll(t, newTestOnboarding(t), at(1))
	snapshot, _ := json.Marshal(o)
	n, _ := o.Observe(key(testOrg, model.IntegrationTypeOneClickExport), "ENABLED", at(2))
	n, _ = n.RemoveContract(testContract, at(3))
	_ = n.ShowWidget(at(4))
	if again, _ := json.Marshal(o); string(again) != string(snapshot) {
		t.Errorf("transitions changed the receiver:\n%s\n%s", snapshot, again)
	}
	if !n.SyncEnabled() || o.SyncEnabled() {
		t.Error("transition result wrong")
	}
}

func TestOnboardingJSON(t *testing.T) {
	t.Parallel()
	o := requestAll(t, newTestOnboarding(t).ShowWidget(at(1)), at(2))
	o, _ = o.Observe(key(testOrg, model.IntegrationTypeOneClickExport), "ENABLED", at(3))
	o, _ = o.RemoveContract(testContract, at(4))
	b, err := json.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"version":1`, `"tenantId":"acme"`, `"state":"ENABLED"`, `"removedAt":"2026-12-02T09:04:00Z"`, `"integrationType":"CSA_API"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("JSON lacks %s: %s", want, b)
		}
	}
	var back Onboarding
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(o, back); d != "" {
		t.Errorf("round trip (-want +got)\n%s", d)
	}
	for name, body := range map[string]string{
		"version":       strings.Replace(string(b), `"version":1`, `"version":2`, 1),
		"state":         strings.Replace(string(b), `"state":"ENABLED"`, `"state":"ON"`, 1),
		"organization":  strings.Replace(string(b), `"organization":"urn:li:organization:123"`, `"organization":"urn:li:contract:1"`, 1),
		"foreign":       strings.Replace(string(b), `"integrationContext":"urn:li:organization:123"`, `"integrationContext":"urn:li:organization:9"`, 1),
		"no tenant":     strings.Replace(string(b), `"tenantId":"acme"`, `"tenantId":""`, 1),
		"duplicate":     strings.Replace(string(b), `"contracts":[`, `"contracts":[{"contract":"urn:li:contract:77"},`, 1),
		"contract type": strings.Replace(string(b), `"contract":"urn:li:contract:77"`, `"contract":"urn:li:seat:77"`, 1),
	} {
		var v Onboarding
		if err := json.Unmarshal([]byte(body), &v); err == nil {
			t.Errorf("%s: accepted %s", name, body)
		}
	}
	if _, err := NewOnboarding("", testOrg); !errors.Is(err, ErrInvalidOnboarding) {
		t.Errorf("NewOnboarding without id: %v", err)
	}
}

// integrationsServer answers atsIntegrations batch gets from statuses, with
// a 404 per key it does not know.
func integrationsServer(t *testing.T, statuses map[string]string) *fakeLinkedIn {
	return newFakeLinkedIn(t, func(c apiCall, q url.Values) (int, string) {
		if c.Method != "GET" || c.Path != "/v2/atsIntegrations" {
			return 404, `{"status":404,"message":"no route"}`
		}
		results, errs := map[string]any{}, map[string]any{}
		for i := 0; q.Has(fmt.Sprintf("ids[%d].integrationContext", i)); i++ {
			k := integrationResultKey(q, i)
			st, ok := statuses[q.Get(fmt.Sprintf("ids[%d].integrationContext", i))+"/"+q.Get(fmt.Sprintf("ids[%d].integrationType", i))]
			if !ok {
				errs[k] = map[string]any{"status": 404, "message": "not found"}
				continue
			}
			results[k] = map[string]any{"integrationName": "Acme", "status": st}
		}
		return 200, mustJSON(map[string]any{"results": results, "statuses": map[string]any{}, "errors": errs})
	})
}

func TestRefresh(t *testing.T) {
	t.Parallel()
	f := integrationsServer(t, map[string]string{
		"urn:li:organization:123/ONE_CLICK_EXPORT": "ENABLED",
		"urn:li:organization:123/IN_ATS_INDICATOR": "ENABLED",
		"urn:li:contract:77/CSA_API":               "ENABLED",
	})
	o := requestAll(t, newTestOnboarding(t), at(1))
	n, err := Refresh(context.Background(), f.client(t), o, at(2))
	if err != nil {
		t.Fatal(err)
	}
	if !n.SyncEnabled() || !n.ContractEnabled(testContract) {
		t.Fatalf("after refresh: %+v", n.Status())
	}
	if st, _ := n.state(key(testOrg, model.IntegrationTypeProfilePlugin)); st != StateRequested {
		t.Errorf("unknown key changed: %q", st)
	}
	reqs := f.requests()
	if len(reqs) != 1 || f.count("/v2/atsIntegrations") != 1 || reqs[0].Auth != "Bearer app-token" || !strings.Contains(reqs[0].Query, "ids%5B3%5D.integrationContext=urn:li:contract:77") {
		t.Errorf("requests: %+v", reqs)
	}
	if o.SyncEnabled() {
		t.Error("Refresh changed its argument")
	}

	// A failing LinkedIn leaves the state unchanged.
	down := newFakeLinkedIn(t, func(apiCall, url.Values) (int, string) { return 500, `{"status":500,"message":"down"}` })
	same, err := Refresh(context.Background(), down.client(t), o, at(3))
	if err == nil || !cmp.Equal(same, o) {
		t.Errorf("failing refresh: %v", err)
	}
}

func TestEnabledTenants(t *testing.T) {
	t.Parallel()
	c := integrationsServer(t, nil).client(t)
	enabled := requestAll(t, newTestOnboarding(t), at(1))
	enabled, _ = enabled.Observe(key(testOrg, model.IntegrationTypeOneClickExport), "ENABLED", at(2))
	withContract, _ := enabled.Observe(key(testContract, model.IntegrationTypeCSAAPI), "ENABLED", at(3))
	withContract.TenantID = "beta"
	requested := requestAll(t, newTestOnboarding(t), at(1))
	requested.TenantID = "gamma"
	other := enabled
	other.TenantID, other.Organization = "delta", "urn:li:organization:999"
	other.Integrations = nil

	src := rscsync.Tenants{
		{ID: "acme", Client: c, Organization: testOrg, Contract: testContract}, // enabled, contract not enabled
		{ID: "beta", Client: c, Organization: testOrg, Contract: testContract}, // enabled with contract
		{ID: "gamma", Client: c, Organization: testOrg},                        // only requested
		{ID: "delta", Client: c, Organization: testOrg},                        // state of another org
		{ID: "epsilon", Client: c, Organization: "urn:li:organization:5"},      // no state
	}
	states := OnboardingMap{"acme": enabled, "beta": withContract, "gamma": requested, "delta": other}
	got, err := EnabledTenants{Source: src, States: states}.Tenants(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := []rscsync.Tenant{
		{ID: "acme", Client: c, Organization: testOrg},
		{ID: "beta", Client: c, Organization: testOrg, Contract: testContract},
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}

	failing := failingStore{}
	if _, err := (EnabledTenants{Source: src, States: failing}).Tenants(context.Background()); err == nil || !strings.Contains(err.Error(), "database down") {
		t.Errorf("store error: %v", err)
	}
}

type failingStore struct{}

func (failingStore) Onboarding(context.Context, string) (Onboarding, error) {
	return Onboarding{}, errors.New("database down")
}
