package browser_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/rsckit/rsckit/examples/browser"
	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rsc/source"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rscmock"
)

// TestBrowser starts one Chromium and drives the console and the widget
// stand-ins in parallel tabs.
func TestBrowser(t *testing.T) {
	t.Parallel()
	bctx := startBrowser(t)
	t.Run("ConsoleExport", func(t *testing.T) {
		t.Parallel()
		testConsoleExport(t, newSession(t, bctx))
	})
	t.Run("ProfileWidget", func(t *testing.T) {
		t.Parallel()
		testProfileWidget(t, newSession(t, bctx))
	})
	t.Run("OnboardingWidget", func(t *testing.T) {
		t.Parallel()
		testOnboardingWidget(t, newSession(t, bctx))
	})
}

func newEnv(t *testing.T) *browser.Env {
	t.Helper()
	e, err := browser.NewEnv(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.Close)
	return e
}

// testConsoleExport exports a member to a job in the console, runs the
// engines, and sees the candidate in the ATS and the In-ATS indicator in
// the console.
func testConsoleExport(t *testing.T, s *session) {
	e := newEnv(t)
	org := string(e.Tenant.Organization)
	// Not a name the mock gives its seat holders.
	hedy := e.Mock.AddMember(rscmock.Member{FirstName: "Hedy", LastName: "Lamarr", Headline: "Actress and inventor",
		Email: "hedy@inventor.example", CurrentCompanyName: "Frequency Hopping Inc", CurrentJobTitle: "Inventor"})
	seat, job := string(e.Seat.URN), e.Jobs[1]

	// The index lists the tenant with its integrations.
	s.open(e.Mock.URL() + "/_console/")
	if miss, ok := contains(s.text(q("main")), "Default Customer", org, "ONE_CLICK_EXPORT: ENABLED", "2 jobs", "1 candidates"); !ok {
		t.Errorf("console index: no %q", miss)
	}
	s.screenshot("console-index")

	// The seat's export job list has both jobs.
	s.open(e.Mock.URL() + "/_console/tenant?org=" + url.QueryEscape(org))
	s.click(jsExpr(fmt.Sprintf(`Array.from(document.querySelectorAll("main tr")).find(r => r.innerText.includes(%s))?.querySelector('a[href^="/_console/seat"]')`, js(seat))))
	s.wait("seat page", jsExpr(`location.pathname === "/_console/seat"`))
	if miss, ok := contains(s.text(q("#export-jobs")), "J1", "Software Engineer", "J2", "Site Reliability Engineer", "Hedy Lamarr (hedy@inventor.example)"); !ok {
		t.Errorf("export job list: no %q", miss)
	}
	s.screenshot("console-export-jobs")

	// Find Hedy on the members page, open her page, view it as the seat.
	s.open(e.Mock.URL() + "/_console/")
	s.click(byText("a", "Members and past applicants"))
	s.wait("members page", jsExpr(`location.pathname === "/_console/members"`))
	s.typeInto(q(`input[name="q"]`), "hedy@inventor.example")
	s.click(q(`form[action="/_console/members"] button`))
	s.wait("search", jsExpr(`new URLSearchParams(location.search).get("q") === "hedy@inventor.example"`))
	s.click(byText("a", "Hedy Lamarr"))
	s.wait("member page", jsExpr(`location.pathname === "/_console/member"`))
	if in := s.text(q("#in-ats")); !strings.Contains(in, "Not in the ATS") {
		t.Errorf("In-ATS before the export: %q", in)
	}
	s.choose(q(`select[name="seat"]`), seat)
	s.click(byText("button", "View"))
	s.wait("view as seat", jsExpr(`new URLSearchParams(location.search).get("seat") === `+js(seat)))

	// Export to the second job.
	s.choose(q(`select[name="job"]`), job.ExternalJobPostingID)
	s.click(byText("button", "Export"))
	flash := s.text(q("#flash"))
	want := fmt.Sprintf("Exported Hedy Lamarr to job %s as %s", job.ExternalJobPostingID, seat)
	if miss, ok := contains(flash, want, "EXPORT_CANDIDATE_PROFILE", e.RegisteredURL+" (200)"); !ok {
		t.Fatalf("flash %q: no %q", flash, miss)
	}
	s.screenshot("console-member-exported")

	// The engines take the export in: a candidate with the source and tag.
	if err := e.Runner.SyncOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	cands := e.CandidatesOf(hedy.URN)
	if len(cands) != 1 {
		t.Fatalf("%d ATS candidates for Hedy, want 1", len(cands))
	}
	c := cands[0]
	if c.FirstName != "Hedy" || c.LastName != "Lamarr" || c.CurrentCompanyName != "Frequency Hopping Inc" || !slices.Contains(c.Tags, source.Tag) {
		t.Errorf("ATS candidate %+v, want Hedy Lamarr of Frequency Hopping Inc tagged %q", c, source.Tag)
	}
	if len(c.Processes) != 1 || c.Processes[0].Position != job.ExternalJobPostingID {
		t.Fatalf("hiring processes %+v, want one for %s", c.Processes, job.ExternalJobPostingID)
	}
	if src := e.ATS.Sources(browser.TenantID)[c.Processes[0].SourceID]; src.Name != "Rita Recruiter (LinkedIn Recruiter)" {
		t.Errorf("source %+v, want the seat's recruiter", src)
	}
	var appID string
	for _, r := range e.Store.Records(browser.TenantID, rscsync.Applications) {
		if a, ok := r.Value.(model.Application); ok && a.ATSCandidateID == c.ID {
			appID = r.Ref.ID
		}
	}
	if appID == "" {
		t.Fatalf("no application of candidate %s in the store", c.ID)
	}

	// Reloaded, the member page shows the In-ATS indicator.
	s.run("reload", chromedp.Reload())
	in := s.text(q("#in-ats"))
	if miss, ok := contains(in, "This member is in the ATS as", c.ID, appID, job.Title, job.ExternalJobPostingID); !ok {
		t.Errorf("In-ATS indicator %q: no %q", in, miss)
	}
	if strings.Contains(in, "No application visible to this seat") {
		t.Errorf("In-ATS indicator hides the application: %q", in)
	}
	s.screenshot("console-member-in-ats")
}

// testProfileWidget links and unlinks a member in the profile widget of the
// demo ATS page and checks the page's callbacks and manualMatchedMember.
func testProfileWidget(t *testing.T, s *session) {
	e := newEnv(t)
	kj := e.Mock.AddMember(rscmock.Member{FirstName: "Katherine", LastName: "Johnson", Headline: "Mathematician",
		Email: "katherine@nasa.example", CurrentCompanyName: "NASA"})
	key := model.CandidateKey{IntegrationContext: e.Tenant.Organization, ATSCandidateID: e.CandidateID}
	manual := func() model.URN {
		t.Helper()
		res, err := e.Tenant.Client.Candidates.BatchGetMatches(t.Context(), []model.CandidateKey{key})
		if err != nil || len(res) != 1 || res[0].Err != nil {
			t.Fatalf("BatchGetMatches: %v %+v", err, res)
		}
		return res[0].Value.ManualMatchedMember
	}
	const frame = "#profile-widget iframe"

	s.open(e.Mock.URL() + "/_widgets/demo?" + url.Values{"atsCandidateId": {e.CandidateID}, "integrationContext": {string(key.IntegrationContext)}}.Encode())
	if got := s.text(fq(frame, "#no-match")); !strings.Contains(got, "No LinkedIn profile matched") {
		t.Errorf("before linking: %q", got)
	}
	if m := manual(); m != "" {
		t.Fatalf("manualMatchedMember %q before linking", m)
	}
	s.screenshot("widget-profile-unmatched")

	// Search and link.
	s.typeInto(fq(frame, `input[name="q"]`), "katherine@nasa.example")
	s.click(fq(frame, "#search"))
	s.click(fq(frame, fmt.Sprintf(`#results button.link[data-member=%s]`, js(string(kj.URN)))))
	if got, want := s.text(q("#callback-log li.link")), "link "+js(string(kj.URN)); got != want {
		t.Errorf("onlink callback logged %q, want %q", got, want)
	}
	if miss, ok := contains(s.text(fq(frame, fmt.Sprintf(`#matched-member[data-member=%s]`, js(string(kj.URN))))),
		"Katherine Johnson", "manual link (manualMatchedMember)"); !ok {
		t.Errorf("linked widget: no %q", miss)
	}
	if m := manual(); m != kj.URN {
		t.Errorf("manualMatchedMember %q after linking, want %q", m, kj.URN)
	}
	s.screenshot("widget-profile-linked")

	// Unlink, confirming the dialog.
	s.click(fq(frame, "#unlink"))
	if got, want := s.text(q("#callback-log li.unlink")), "unlink "+js(string(kj.URN)); got != want {
		t.Errorf("onunlink callback logged %q, want %q", got, want)
	}
	s.text(fq(frame, "#no-match"))
	if m := manual(); m != "" {
		t.Errorf("manualMatchedMember %q after unlinking, want none", m)
	}
	if d := s.Dialogs(); len(d) != 1 || d[0] != "confirm: Unlink this LinkedIn profile from the candidate?" {
		t.Errorf("dialogs %q, want the unlink confirmation", d)
	}
	s.screenshot("widget-profile-unlinked")
}

// atsPage is an ATS settings page on its own origin embedding the
// onboarding widget as LinkedIn documents, with in.js served by the mock.
const atsPage = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Acme ATS · LinkedIn</title></head>
<body style="font:15px sans-serif;margin:2em">
<h1>Acme ATS: connect LinkedIn Recruiter</h1>
<script type="text/javascript" src="%s/xdoor/scripts/in.js">
api_key: %s
extensions: ATSIntegrationWidget@https://platform.linkedin.com/rsc/extensions/onboarding-widget
</script>
<script type="IN/ATSIntegrationWidget"
  data-supported-bundled-integration-types="RECRUITER_SYSTEM_CONNECT_COMPANY,RECRUITER_SYSTEM_CONNECT_CONTRACT"
  data-onintegrate="onIntegrate"
  data-width="760">
</script>
<h2>data-onintegrate</h2>
<pre id="onintegrate" style="white-space:pre-wrap;word-break:break-all;max-width:760px">not called</pre>
<script>
function onIntegrate(integrations) {
  document.getElementById("onintegrate").textContent = JSON.stringify(integrations);
}
</script>
</body></html>`

// acceptCallbacks answers every notification the mock POSTs with 200, in
// memory.
type acceptCallbacks struct{}

func (acceptCallbacks) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		r.Body.Close()
	}
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
}

// testOnboardingWidget requests and enables integrations in the onboarding
// widget embedded in an ATS page of another origin.
func testOnboardingWidget(t *testing.T, s *session) {
	mock := rscmock.NewServer(t, rscmock.WithCallbackClient(&http.Client{Transport: acceptCallbacks{}}))
	ats := httptest.NewUnstartedServer(nil)
	t.Cleanup(ats.Close)
	cust := mock.AddCustomer(rscmock.CustomerSpec{Name: "Globex", Seats: 1,
		ValidJSSDKDomains: []string{"http://" + ats.Listener.Addr().String()}})
	// The ATS configures the CALLBACK_URL LinkedIn requires before the admin
	// may enable One-Click Export.
	if err := mock.ClientFor(cust).Configurations.SetCallbackURL(t.Context(), cust.Organization, "https://ats.example.com/linkedin/globex"); err != nil {
		t.Fatal(err)
	}
	ats.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, atsPage, mock.URL(), cust.ClientID)
	})
	ats.Start()
	const frame = "iframe.rscmock-widget"
	badge := func(itype model.IntegrationType) string {
		return s.text(fq(frame, fmt.Sprintf(`tr[data-integration=%s] .badge`, js(string(itype)))))
	}
	wantTypes := []model.IntegrationType{model.IntegrationTypeOneClickExport, model.IntegrationTypeInATSIndicator,
		model.IntegrationTypeProfilePlugin, model.IntegrationTypeCSAAPI}

	s.open(ats.URL + "/settings")
	if got := s.text(fq(frame, "body")); !strings.Contains(got, string(cust.Organization)) || !strings.Contains(got, string(cust.Contract)) {
		t.Errorf("onboarding widget: %q, want the organization and contract", got)
	}
	for _, it := range wantTypes {
		if b := badge(it); b != "NOT_REQUESTED" {
			t.Errorf("%s before the request: %q", it, b)
		}
	}
	s.screenshot("widget-onboarding")

	// Request: the page's data-onintegrate function gets the payload.
	s.click(fq(frame, "#request"))
	s.wait("data-onintegrate", jsExpr(q("#onintegrate").expr+`.textContent.startsWith("[")`))
	var got []struct {
		IntegrationContext model.URN
		IntegrationType    model.IntegrationType
		OnboardingStatus   string
		TenantType         model.TenantType
	}
	if err := json.Unmarshal([]byte(s.text(q("#onintegrate"))), &got); err != nil {
		t.Fatalf("data-onintegrate payload: %v", err)
	}
	if len(got) != len(wantTypes) {
		t.Fatalf("data-onintegrate got %d integrations, want %d: %+v", len(got), len(wantTypes), got)
	}
	for _, g := range got {
		ctx := cust.Organization
		if g.IntegrationType == model.IntegrationTypeCSAAPI {
			ctx = cust.Contract
		}
		if !slices.Contains(wantTypes, g.IntegrationType) || g.IntegrationContext != ctx || g.OnboardingStatus != "REQUESTED" || g.TenantType != model.TenantTypeRecruiter {
			t.Errorf("data-onintegrate item %+v", g)
		}
	}
	s.wait("flash", fq(frame, "#flash"))
	for _, it := range wantTypes {
		if b := badge(it); b != "REQUESTED" {
			t.Errorf("%s after the request: %q", it, b)
		}
	}
	s.screenshot("widget-onboarding-requested")

	// Enable One-Click Export as the Recruiter admin.
	s.click(fq(frame, `tr[data-integration="ONE_CLICK_EXPORT"] button`))
	s.wait("enabled", fq(frame, `tr[data-integration="ONE_CLICK_EXPORT"] .badge.ENABLED`))
	if b := s.text(fq(frame, `tr[data-integration="ONE_CLICK_EXPORT"] button`)); b != "Disable" {
		t.Errorf("button after enabling: %q", b)
	}
	if b := badge(model.IntegrationTypeCSAAPI); b != "REQUESTED" {
		t.Errorf("CSA_API after enabling One-Click Export: %q", b)
	}
	states, err := mock.Integrations(cust.Organization)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range states {
		if on := st.Status == "ENABLED"; on != (st.IntegrationType == model.IntegrationTypeOneClickExport) {
			t.Errorf("integration %s status %q", st.IntegrationType, st.Status)
		}
	}
	s.screenshot("widget-onboarding-enabled")

	// The same page on an origin the application does not list is refused.
	other := httptest.NewServer(ats.Config.Handler)
	t.Cleanup(other.Close)
	s.open(other.URL + "/settings")
	if got := s.text(fq(frame, "body")); !strings.Contains(got, rscmock.MsgUnauthorizedDomain) {
		t.Errorf("widget on an unlisted origin: %q", got)
	}
}
