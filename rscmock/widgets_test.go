package rscmock_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rscmock"
)

func TestWidgetScript(t *testing.T) {
	t.Parallel()
	f := &fixture{srv: rscmock.NewServer(t), client: newFixtureClient()}
	for _, p := range []string{"/xdoor/scripts/in.js", "/_widgets/in.js"} {
		resp, body := f.get(t, p)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/javascript; charset=utf-8" {
			t.Errorf("%s: %d %q", p, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		for _, w := range []string{"IN/HcmWidget", "IN/ATSIntegrationWidget", "data-onlink", "data-onunlink", "data-onintegrate",
			"/_widgets/profile", "/_widgets/onboarding", "api_key", `addEventListener("message"`, "rsc-link", "rsc-unlink", "rsc-integrate", "IN.parse"} {
			if !strings.Contains(body, w) {
				t.Errorf("%s: no %q", p, w)
			}
		}
	}
	if resp, _ := f.do(t, "POST", "/xdoor/scripts/in.js", "", ""); resp.StatusCode != 405 {
		t.Errorf("POST in.js: %d", resp.StatusCode)
	}
}

// profileURL is the profile widget's address as in.js builds it.
func (f *fixture) profileURL(extra ...string) string {
	v := url.Values{"apiKey": {f.d.ClientID}, "widgetType": {"ATS"}, "atsCandidateId": {"C1"}, "integrationContext": {string(f.org)},
		"showUnlinkUrl": {"true"}, "confirmUnlink": {"true"}, "width": {"800"}}
	for i := 0; i+1 < len(extra); i += 2 {
		v.Set(extra[i], extra[i+1])
	}
	return "/_widgets/profile?" + v.Encode()
}

// widgetForm is the form of a profile widget's link or unlink button.
func (f *fixture) widgetForm(member model.URN) url.Values {
	return url.Values{"apiKey": {f.d.ClientID}, "widgetType": {"ATS"}, "atsCandidateId": {"C1"}, "integrationContext": {string(f.org)},
		"showUnlinkUrl": {"true"}, "confirmUnlink": {"true"}, "member": {string(member)}}
}

func TestProfileWidget(t *testing.T) {
	t.Parallel()
	f := newFixture(t, evilName)
	ctx := context.Background()
	key := model.CandidateKey{IntegrationContext: f.org, ATSCandidateID: "C1"}
	matches := func() model.CandidateMatches {
		t.Helper()
		got, err := f.c.Candidates.BatchGetMatches(ctx, []model.CandidateKey{key})
		if err != nil || got[0].Err != nil {
			t.Fatalf("BatchGetMatches: %v %+v", err, got)
		}
		return got[0].Value
	}
	_, _ = f.srv.SendInMail(f.seat, f.grace.URN, "Hello Grace", "A role?")
	_, _ = f.srv.AddProspectNote(f.seat, f.grace.URN, "Strong fit", false)
	_, _ = f.srv.AddProspectNote(f.seat, f.grace.URN, "Secret", true)

	// LinkedIn's match, with InMails and notes; private notes and the
	// candidate's name stay out or escaped.
	body := f.page(t, f.profileURL(), 200, `id="matched-member" data-member="`+string(f.grace.URN)+`"`, "Grace Hopper", "Matched by LinkedIn",
		"ATS candidate <code>C1</code>", "in <code>"+string(f.org)+"</code>",
		"Hello Grace", "Strong fit", `onsubmit="return confirm(`, `id="not-enabled"`, "&lt;script&gt;")
	if strings.Contains(body, "Secret") {
		t.Error("private note shown in the widget")
	}
	if body := f.page(t, f.profileURL("showUnlinkUrl", "false", "confirmUnlink", "false"), 200); strings.Contains(body, `id="unlink"`) || strings.Contains(body, "confirm(") {
		t.Error("unlink shown with data-show-unlink-url=false")
	}

	// Search and link another member: manualMatchedMember is set, the
	// widget shows them and tells the parent page.
	alan := f.srv.AddMember(rscmock.Member{FirstName: "Alan", LastName: "Turing", Email: "alan@example.com"})
	f.page(t, f.profileURL("q", "turing"), 200, `class="link" data-member="`+string(alan.URN)+`"`)
	f.page(t, f.profileURL("q", "zzz-nobody"), 200, "No member matches")
	resp, _ := f.post(t, "/_widgets/profile/link", f.widgetForm(alan.URN))
	loc := resp.Header.Get("Location")
	if !strings.Contains(loc, "event=link") || !strings.Contains(loc, "member="+url.QueryEscape(string(alan.URN))) {
		t.Errorf("link redirect %q", loc)
	}
	body = f.follow(t, resp)
	for _, w := range []string{`window.parent.postMessage({"member":"` + string(alan.URN) + `","type":"rsc-link"}, "*")`, "Alan Turing", "a manual link", "Linked Alan Turing"} {
		if !strings.Contains(body, w) {
			t.Errorf("after link: no %q", w)
		}
	}
	if m := matches(); m.ManualMatchedMember != alan.URN || len(m.MatchedMembers) != 1 || m.MatchedMembers[0] != f.grace.URN {
		t.Errorf("after link: %+v", m)
	}

	// Unlink the manual match: back to LinkedIn's match.
	resp, _ = f.post(t, "/_widgets/profile/unlink", f.widgetForm(alan.URN))
	body = f.follow(t, resp)
	if !strings.Contains(body, `"type":"rsc-unlink"`) || !strings.Contains(body, `data-member="`+string(f.grace.URN)+`"`) {
		t.Errorf("after unlink: %s", body)
	}
	if m := matches(); m.ManualMatchedMember != "" {
		t.Errorf("after unlink: %+v", m)
	}
	// Unlink LinkedIn's match: hidden in the widget, still matched by the API.
	resp, _ = f.post(t, "/_widgets/profile/unlink", f.widgetForm(f.grace.URN))
	f.follow(t, resp)
	f.page(t, f.profileURL(), 200, `id="no-match"`)
	if m := matches(); len(m.MatchedMembers) != 1 {
		t.Errorf("LinkedIn's match is gone from the API: %+v", m)
	}
	// Linking Grace again shows her, as a manual link.
	resp, _ = f.post(t, "/_widgets/profile/link", f.widgetForm(f.grace.URN))
	f.follow(t, resp)
	f.page(t, f.profileURL(), 200, `data-member="`+string(f.grace.URN)+`"`, "a manual link")
	// Bad input.
	resp, _ = f.post(t, "/_widgets/profile/link", f.widgetForm("urn:li:person:ghost"))
	if body := f.follow(t, resp); !strings.Contains(body, "Choose a LinkedIn member to link.") {
		t.Errorf("link of an unknown member: %s", body)
	}
	resp, _ = f.post(t, "/_widgets/profile/unlink", f.widgetForm(alan.URN))
	if body := f.follow(t, resp); !strings.Contains(body, "That member is not linked to this candidate.") {
		t.Errorf("unlink of a stranger: %s", body)
	}
	if resp, _ := f.get(t, "/_widgets/profile/link"); resp.StatusCode != 405 {
		t.Errorf("GET link: %d", resp.StatusCode)
	}
	f.page(t, f.profileURL("atsCandidateId", "C404"), 404, "No candidate C404 is synced")
	f.page(t, f.profileURL("integrationContext", "urn:li:organization:9"), 403, "has no integration context urn:li:organization:9")

	// Enabling PROFILE_PLUGIN removes the warning.
	if _, err := f.srv.SetIntegrationEnabled(ctx, model.IntegrationKey{IntegrationContext: f.org, IntegrationType: model.IntegrationTypeProfilePlugin}, true); err != nil {
		t.Fatal(err)
	}
	if body := f.page(t, f.profileURL(), 200); strings.Contains(body, `id="not-enabled"`) {
		t.Error("warning with PROFILE_PLUGIN enabled")
	}
}

func TestWidgetAuthorization(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "Grace")
	ctx := context.Background()
	f.page(t, f.profileURL("apiKey", "nope"), 403, rscmock.MsgUnauthorizedDomain)
	f.page(t, "/_widgets/onboarding?apiKey=nope", 403, rscmock.MsgUnauthorizedDomain)
	partner, _ := f.srv.PartnerCredentials()
	f.page(t, f.profileURL("apiKey", partner), 403, rscmock.MsgUnauthorizedDomain)

	// With validJsSdkDomains, the page's Referer or Origin host must be listed.
	pc := f.srv.PartnerClient()
	if err := pc.Applications.Update(ctx, f.d.Application, rsc.ApplicationUpdate{ValidJSSDKDomains: []string{"https://ats.example.com"}}); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		hdr    []string
		status int
	}{
		{[]string{"Referer", "https://ats.example.com/candidates/1"}, 200},
		{[]string{"Referer", "https://ATS.example.com/"}, 200},
		{[]string{"Origin", "https://ats.example.com"}, 200},
		{[]string{"Referer", "https://evil.example.com/candidates/1"}, 403},
		{[]string{"Referer", "https://ats.example.com.evil.example/"}, 403},
		{nil, 403},
	}
	for _, tc := range cases {
		resp, body := f.get(t, f.profileURL(), tc.hdr...)
		if resp.StatusCode != tc.status || (tc.status == 403) != strings.Contains(body, rscmock.MsgUnauthorizedDomain) {
			t.Errorf("%v: %d", tc.hdr, resp.StatusCode)
		}
	}
	// The widget's own forms (Origin: the mock) still work.
	u, _ := url.Parse(f.srv.URL())
	resp, _ := f.post(t, "/_widgets/profile/link", f.widgetForm(f.grace.URN), "Origin", "http://"+u.Host)
	if resp.StatusCode != 303 {
		t.Errorf("link from inside the widget: %d", resp.StatusCode)
	}
	if resp, _ := f.post(t, "/_widgets/profile/link", f.widgetForm(f.grace.URN), "Origin", "https://ats.example.com"); resp.StatusCode != 403 {
		t.Errorf("link posted by the ATS page itself: %d", resp.StatusCode)
	}
}

func TestOnboardingWidget(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "Grace")
	ctx := context.Background()
	ob := "/_widgets/onboarding?" + url.Values{"apiKey": {f.d.ClientID}, "supportedBundledIntegrationTypes": {"RECRUITER_SYSTEM_CONNECT_COMPANY,RECRUITER_SYSTEM_CONNECT_CONTRACT,APPLY_WITH_LINKEDIN"}, "width": {"500"}}.Encode()
	form := url.Values{"apiKey": {f.d.ClientID}, "supportedBundledIntegrationTypes": {"RECRUITER_SYSTEM_CONNECT_COMPANY,RECRUITER_SYSTEM_CONNECT_CONTRACT,APPLY_WITH_LINKEDIN"}}
	f.page(t, ob, 200, `<option value="`+string(f.d.Contract)+`" selected>`, `data-integration="ONE_CLICK_EXPORT"`, `data-integration="CSA_API"`,
		"PARTNER_READY", "NOT_REQUESTED", `id="request"`)
	company := "/_widgets/onboarding?" + url.Values{"apiKey": {f.d.ClientID}, "supportedBundledIntegrationTypes": {"RECRUITER_SYSTEM_CONNECT_COMPANY"}}.Encode()
	if body := f.page(t, company, 200, `data-integration="PROFILE_PLUGIN"`); strings.Contains(body, `data-integration="CSA_API"`) {
		t.Error("CSA_API shown without the contract bundle")
	}
	f.page(t, "/_widgets/onboarding?"+url.Values{"apiKey": {f.d.ClientID}, "supportedBundledIntegrationTypes": {"APPLY_WITH_LINKEDIN"}}.Encode(), 200, "lists no Recruiter System Connect bundle")

	// Request: the page's data-onintegrate gets the payload.
	resp, _ := f.post(t, "/_widgets/onboarding/request", form)
	if loc := resp.Header.Get("Location"); !strings.Contains(loc, "event=integrate") {
		t.Errorf("request redirect %q", loc)
	}
	body := f.follow(t, resp)
	want := `window.parent.postMessage({"integrations":[{"integrationContext":"` + string(f.org) + `","integrationType":"ONE_CLICK_EXPORT","onboardingStatus":"REQUESTED","tenantType":"RECRUITER"},`
	if !strings.Contains(body, want) || !strings.Contains(body, `{"integrationContext":"`+string(f.d.Contract)+`","integrationType":"CSA_API","onboardingStatus":"REQUESTED","tenantType":"RECRUITER"}],"type":"rsc-integrate"}, "*")`) {
		t.Errorf("request page: %s", body)
	}
	if st, _ := f.srv.Integrations(f.d.Contract); st[3].IntegrationType != model.IntegrationTypeCSAAPI || st[3].OnboardingStatus != rscmock.OnboardingRequested {
		t.Errorf("CSA_API after request: %+v", st[3])
	}

	// Enable as the Recruiter admin: status, notification, client.
	en := url.Values{"itype": {"CSA_API"}, "enabled": {"true"}}
	for k, v := range form {
		en[k] = v
	}
	resp, _ = f.post(t, "/_widgets/onboarding/enable", en)
	if body := f.follow(t, resp); !strings.Contains(body, "Enabled CSA_API; INTEGRATION_STATUS_CHANGE notification") {
		t.Errorf("enable page: %s", body)
	}
	k := model.IntegrationKey{IntegrationContext: f.d.Contract, IntegrationType: model.IntegrationTypeCSAAPI, TenantType: model.TenantTypeRecruiter}
	if got, err := f.c.Integrations.BatchGet(ctx, []model.IntegrationKey{k}); err != nil || got[0].Err != nil || got[0].Value.Status != "ENABLED" {
		t.Errorf("CSA_API through the client: %v %+v", err, got)
	}
	if !strings.Contains(f.sink.all(), "INTEGRATION_STATUS_CHANGE") {
		t.Errorf("callback got %s", f.sink.all())
	}
	en.Set("enabled", "false")
	resp, _ = f.post(t, "/_widgets/onboarding/enable", en)
	if body := f.follow(t, resp); !strings.Contains(body, "Disabled CSA_API") {
		t.Errorf("disable page: %s", body)
	}
	en.Set("itype", "NOPE")
	resp, _ = f.post(t, "/_widgets/onboarding/enable", en)
	if body := f.follow(t, resp); !strings.Contains(body, `id="error"`) {
		t.Errorf("bad integration type: %s", body)
	}
}

// TestOnboardingNewApplication connects a contract for a freshly provisioned
// child application, as the customer does in the onboarding widget.
func TestOnboardingNewApplication(t *testing.T) {
	t.Parallel()
	f := &fixture{srv: rscmock.NewServer(t), client: newFixtureClient()}
	made, _, err := f.srv.PartnerClient().ProvisionCustomer(context.Background(), model.ProvisionedApplication{UniqueForeignID: "cust-7", Name: "Seven", Description: "Seven"})
	if err != nil {
		t.Fatal(err)
	}
	id := made.Credentials.ClientID
	f.page(t, "/_widgets/onboarding?apiKey="+id, 200, `id="connect"`)
	resp, _ := f.post(t, "/_widgets/onboarding/request", url.Values{"apiKey": {id}})
	if body := f.follow(t, resp); !strings.Contains(body, "Connect a Recruiter contract first.") {
		t.Errorf("request before connect: %s", body)
	}
	resp, _ = f.post(t, "/_widgets/onboarding/connect", url.Values{"apiKey": {id}})
	body := f.follow(t, resp)
	var c rscmock.Customer
	for _, x := range f.srv.Customers() {
		if x.ClientID == id {
			c = x
		}
	}
	if c.Organization == "" || c.Contract == "" || len(c.Seats) != 3 || c.Name != "Seven" {
		t.Fatalf("connected customer %+v", c)
	}
	if !strings.Contains(body, "Connected organization "+string(c.Organization)) || !strings.Contains(body, `id="request"`) {
		t.Errorf("after connect: %s", body)
	}
	// The child application now works on its organization.
	cl := f.srv.ClientFor(c)
	if rs, err := cl.Candidates.BatchUpdate(context.Background(), []model.Candidate{cand(c.Organization, "C1", "a@example.com")}); err != nil || rs[0].Err != nil {
		t.Errorf("sync after connect: %v %+v", err, rs)
	}
}

func TestWidgetDemo(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "Grace")
	demo := "/_widgets/demo?" + url.Values{"integrationContext": {string(f.org)}, "atsCandidateId": {"C1"}}.Encode()
	f.page(t, demo, 200,
		"<script type=\"text/javascript\" src=\"/xdoor/scripts/in.js\">\napi_key: "+f.d.ClientID+"\nextensions: HcmWidget@https://platform.linkedin.com/rsc/extensions/profile-widget\n</script>",
		"<script type=\"text/javascript\" src=\"/xdoor/scripts/in.js\">\napi_key: "+f.d.ClientID+"\nextensions: ATSIntegrationWidget@https://platform.linkedin.com/rsc/extensions/onboarding-widget\n</script>",
		`<script type="IN/HcmWidget"`, `data-widget-type="ATS"`, `data-ats-candidate-id="C1"`, `data-integration-context="`+string(f.org)+`"`,
		`data-show-unlink-url="true"`, `data-confirm-unlink="true"`, `data-onlink="link"`, `data-onunlink="unlink"`, `data-width="800"`,
		`<script type="IN/ATSIntegrationWidget"`, `data-supported-bundled-integration-types="RECRUITER_SYSTEM_CONNECT_COMPANY,RECRUITER_SYSTEM_CONNECT_CONTRACT"`,
		`data-onintegrate="integrationRequest"`, "function link(member)", "function unlink(member)", "function integrationRequest(integrations)",
		`id="callback-log"`, `id="embed-code"`, f.srv.URL()+"/xdoor/scripts/in.js")
	// Defaults: the default tenant and its first synced candidate.
	f.page(t, "/_widgets/demo", 200, `data-ats-candidate-id="C1"`, "api_key: "+f.d.ClientID)
	f.page(t, "/_widgets/demo?apiKey=a+b", 400, "The apiKey may hold only")
	f.page(t, "/_widgets/demo?integrationContext=urn:li:organization:9", 404, "No tenant to demo")
	f.page(t, "/_widgets/nope", 404, "No widget page")
}
