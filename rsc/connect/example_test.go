package connect_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"time"

	"golang.org/x/oauth2"

	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/connect"
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

func ExampleOnboardingWidget_HTML() {
	html, err := connect.OnboardingWidget{APIKey: "86abcdefgh", OnIntegrate: "integrationRequest"}.HTML()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(html)

	// Tenant values that would break out of the embed are refused.
	_, err = connect.OnboardingWidget{APIKey: "86abc", OnIntegrate: "alert(document.cookie)"}.HTML()
	fmt.Println(err)
	// Output:
	// <script type="text/javascript" src="https://platform.linkedin.com/xdoor/scripts/in.js">
	//   api_key: 86abcdefgh
	//   extensions: ATSIntegrationWidget@https://platform.linkedin.com/rsc/extensions/onboarding-widget
	// </script>
	// <script type="IN/ATSIntegrationWidget" data-supported-bundled-integration-types="RECRUITER_SYSTEM_CONNECT_COMPANY,RECRUITER_SYSTEM_CONNECT_CONTRACT" data-onintegrate="integrationRequest" data-width="500"></script>
	// connect: data-onintegrate "alert(document.cookie)" must be a JavaScript identifier naming a global function: invalid widget settings
}

func ExampleProfileWidget_HTML() {
	html, err := connect.ProfileWidget{
		APIKey:     "86abcdefgh",
		Candidate:  model.CandidateKey{IntegrationContext: model.OrganizationURN("123"), ATSCandidateID: `C-1"><b>`},
		ShowUnlink: true, ConfirmUnlink: true, OnLink: "link", OnUnlink: "unlink", Width: 800,
	}.HTML()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(html)
	// Output:
	// <script type="text/javascript" src="https://platform.linkedin.com/xdoor/scripts/in.js">
	//   api_key: 86abcdefgh
	//   extensions: HcmWidget@https://platform.linkedin.com/rsc/extensions/profile-widget
	// </script>
	// <script type="IN/HcmWidget" data-widget-type="ATS" data-ats-candidate-id="C-1&#34;&gt;&lt;b&gt;" data-integration-context="urn:li:organization:123" data-show-unlink-url="true" data-confirm-unlink="true" data-onlink="link" data-onunlink="unlink" data-width="800"></script>
}

func ExampleOnboarding() {
	start := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	o, _ := connect.NewOnboarding("acme", model.OrganizationURN("123"))
	o = o.ShowWidget(start)

	// The ATS page posts what data-onintegrate received.
	reqs, err := connect.ParseIntegrate([]byte(`[
		{"integrationContext":"urn:li:organization:123","integrationType":"ONE_CLICK_EXPORT","tenantType":"RECRUITER","onboardingStatus":"REQUESTED"},
		{"integrationContext":"urn:li:contract:77","integrationType":"CSA_API","tenantType":"RECRUITER"}]`))
	if err != nil {
		fmt.Println(err)
		return
	}
	o, _ = o.Request(reqs, start.Add(time.Minute))
	fmt.Println(o.Status().Phase, o.SyncEnabled())

	// A callback for another customer's organization changes nothing.
	forged, _ := connect.ParseIntegrate([]byte(`[{"integrationContext":"urn:li:organization:999","integrationType":"ONE_CLICK_EXPORT"}]`))
	if _, err := o.Request(forged, start.Add(2*time.Minute)); err != nil {
		fmt.Println(err)
	}

	// LinkedIn reports the integration enabled (Refresh does this with a batch get).
	oce := model.IntegrationKey{IntegrationContext: model.OrganizationURN("123"), IntegrationType: model.IntegrationTypeOneClickExport, TenantType: model.TenantTypeRecruiter}
	o, _ = o.Observe(oce, "ENABLED", start.Add(time.Hour))
	s := o.Status()
	fmt.Println(s.Phase, s.SyncEnabled)
	fmt.Println(s.Message)
	// Output:
	// REQUESTED false
	// connect: urn:li:organization:999/ONE_CLICK_EXPORT/RECRUITER: tenant "acme" is urn:li:organization:123: integration context is not the tenant's
	// ENABLED true
	// Enabled: company-level access; jobs, candidates and applications sync. Contract-level access is requested but not yet switched on for 1 contract(s).
}

func ExampleEnabledTenants() {
	org := model.OrganizationURN("123")
	client, _ := rsc.NewClient(rsc.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "t"})))
	waiting, _ := connect.NewOnboarding("acme", org)
	enabled, _ := waiting.Observe(model.IntegrationKey{IntegrationContext: org, IntegrationType: model.IntegrationTypeProfilePlugin, TenantType: model.TenantTypeRecruiter}, "ENABLED", time.Now())
	enabled.TenantID = "globex"

	src := connect.EnabledTenants{
		Source: rscsync.Tenants{
			{ID: "acme", Client: client, Organization: org},
			{ID: "globex", Client: client, Organization: org, Contract: model.ContractURN("77")},
		},
		States: connect.OnboardingMap{"acme": waiting, "globex": enabled},
	}
	// Give src to rscsync.NewRunner instead of the plain source.
	ts, _ := src.Tenants(context.Background())
	for _, t := range ts {
		fmt.Printf("%s contract=%q\n", t.ID, t.Contract)
	}
	// Output:
	// globex contract=""
}

func ExampleMayRead() {
	seat := model.SeatURN("1")
	note := connect.ProspectNoteItem(model.ProspectNote{ID: "N1", Owner: seat, Note: "Prefers remote"})
	for _, u := range []connect.User{
		{ATSUserID: "owner", Seat: seat, SeatActive: true},
		{ATSUserID: "colleague", Seat: model.SeatURN("2"), SeatActive: true},
		{ATSUserID: "admin", Admin: true},
		{ATSUserID: "left-the-team", Seat: seat, SeatActive: false},
	} {
		fmt.Println(u.ATSUserID, connect.MayRead(u, note))
	}
	// Output:
	// owner content
	// colleague metadata
	// admin metadata
	// left-the-team metadata
}

func ExampleSettings() {
	s := connect.Settings{MatchRequiresNameAndEmail: true} // all jobs private: the zero value
	job, _ := s.ApplyToJob(model.JobPosting{ExternalJobPostingID: "J1", Availability: model.AvailabilityPublic})
	fmt.Println(job.Availability)
	fmt.Println(s.MayMatch(model.Candidate{Key: model.CandidateKey{ATSCandidateID: "C1"}, FirstName: "Ada"}))
	// Output:
	// PRIVATE_TO_ATS_INTEGRATION
	// connect: candidate "C1" may not be matched: the tenant requires first name, last name and email; missing lastName, emailAddresses
}

// fakeLinkedIn serves the token endpoint and GET /v2/me for the Binder example.
func fakeLinkedIn() *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /oauth/v2/accessToken", func(w http.ResponseWriter, r *http.Request) {
		if r.FormValue("code") != "AQcode" || r.FormValue("client_secret") != "child-secret" {
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"error":"invalid_grant"}`)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"access_token":"member-token","expires_in":3600}`)
	})
	mux.HandleFunc("GET /v2/me", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id":"yrZCpj2Z12","localizedFirstName":"Ada","localizedLastName":"Lovelace"}`)
	})
	return httptest.NewServer(mux)
}

func ExampleBinder() {
	srv := fakeLinkedIn()
	defer srv.Close()
	b := &connect.Binder{
		ClientID: "child-app", ClientSecret: "child-secret", RedirectURL: "https://ats.example/linkedin/callback",
		AuthURL: srv.URL + "/oauth/v2/authorization", TokenURL: srv.URL + "/oauth/v2/accessToken", APIURL: srv.URL,
	}
	now := time.Now()
	authURL, pending, err := b.Start("user-42", now)
	if err != nil {
		fmt.Println(err)
		return
	}
	u, _ := url.Parse(authURL)
	fmt.Println(u.Query().Get("scope"), pending.ATSUserID, pending.State) // the state prints redacted

	// LinkedIn redirects the browser back with code and state.
	id, err := b.Finish(context.Background(), pending, url.Values{"code": {"AQcode"}, "state": {pending.State.Reveal()}}, now)
	fmt.Println(id.Person, id.FirstName, id.LastName, err)

	// A callback with another state is refused before any call to LinkedIn.
	_, err = b.Finish(context.Background(), pending, url.Values{"code": {"AQcode"}, "state": {"forged"}}, now)
	fmt.Println(err)
	// Output:
	// r_liteprofile user-42 [redacted]
	// urn:li:person:yrZCpj2Z12 Ada Lovelace <nil>
	// connect: finish LinkedIn sign-in for user "user-42": OAuth state does not match
}
