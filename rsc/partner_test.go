package rsc

import (
	"errors"
	"strings"
	"testing"

	"github.com/rsckit/rsckit/rsc/model"
)

func newPartner(t *testing.T, f *fake) *PartnerClient {
	t.Helper()
	p, err := NewPartnerClient(WithClientCredentials(testClientID, testClientSecret), WithBaseURL(f.srv.URL+"/base"),
		WithTokenURL(f.srv.URL+"/oauth/v2/accessToken"), WithRetryPolicy(RetryPolicy{MaxRetries: -1}))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

var acmeApp = model.ProvisionedApplication{UniqueForeignID: "acme-1", Name: "My ATS - Acme", Description: "Acme's instance",
	OAuth2AuthorizedCallbackURLs: []string{"https://ats.example.com/oauth"}}

func TestProvisionCustomerCreates(t *testing.T) {
	t.Parallel()
	_, f := setup(t)
	p := newPartner(t, f)
	f.reply = func(r captured) (int, string) {
		if r.Method == "GET" {
			return 200, `{"elements":[]}`
		}
		return 201, `{"key":"urn:li:developerApplication:9","credentials":{"client_id":"cid","client_secret":"csecret"}}`
	}
	app, created, err := p.ProvisionCustomer(t.Context(), acmeApp)
	if err != nil || !created {
		t.Fatalf("created=%v err=%v", created, err)
	}
	if app.Key != "urn:li:developerApplication:9" || app.Credentials.ClientID != "cid" || app.Credentials.ClientSecret.Reveal() != "csecret" || app.Name != acmeApp.Name {
		t.Errorf("app %+v", app)
	}
	reqs := f.requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests", len(reqs))
	}
	if reqs[0].Method != "GET" || reqs[0].Path != "/v2/provisionedApplications" || reqs[0].Query != "q=credentialsByUniqueForeignId&uniqueForeignId=acme-1" {
		t.Errorf("find: %+v", reqs[0])
	}
	if reqs[1].Method != "POST" || reqs[1].Path != "/v2/provisionedApplications" || reqs[1].Header.Get("Content-Type") != "application/json" {
		t.Errorf("create: %+v", reqs[1])
	}
	jsonEqual(t, `{"uniqueForeignId":"acme-1","name":"My ATS - Acme","description":"Acme's instance","oauth2AuthorizedCallbackUrls":["https://ats.example.com/oauth"]}`, reqs[1].Body)
}

func TestProvisionCustomerFindsExisting(t *testing.T) {
	t.Parallel()
	_, f := setup(t)
	p := newPartner(t, f)
	f.reply = func(r captured) (int, string) {
		return 200, `{"elements":[{"key":"urn:li:developerApplication:9","uniqueForeignId":"acme-1","credentials":{"client_id":"cid","client_secret":"csecret"}}]}`
	}
	app, created, err := p.ProvisionCustomer(t.Context(), acmeApp)
	if err != nil || created || app.Credentials.ClientSecret.Reveal() != "csecret" {
		t.Fatalf("app %+v created=%v err=%v", app, created, err)
	}
	if len(f.requests()) != 1 {
		t.Errorf("%d requests, want only the find", len(f.requests()))
	}
}

func TestProvisionCreateConflictAndValidation(t *testing.T) {
	t.Parallel()
	_, f := setup(t)
	p := newPartner(t, f)
	f.reply = func(r captured) (int, string) { return 409, `{"status":409,"message":"duplicate uniqueForeignId"}` }
	if _, err := p.Applications.Create(t.Context(), acmeApp); !errors.Is(err, ErrConflict) {
		t.Errorf("err = %v", err)
	}
	bad := acmeApp
	bad.Name = "LinkedIn connector for Acme"
	if _, err := p.Applications.Create(t.Context(), bad); err == nil || !strings.Contains(err.Error(), "name") {
		t.Errorf("a name with LinkedIn in it must be refused: %v", err)
	}
}

func TestProvisionUpdate(t *testing.T) {
	t.Parallel()
	_, f := setup(t)
	p := newPartner(t, f)
	err := p.Applications.Update(t.Context(), "urn:li:developerApplication:9", ApplicationUpdate{ValidJSSDKDomains: []string{"http://localhost:8000", "http://localhost:5000"}})
	if err != nil {
		t.Fatal(err)
	}
	r := f.requests()[0]
	if r.Method != "POST" || r.Path != "/v2/provisionedApplications/urn:li:developerApplication:9" || r.Header.Get("X-RestLi-Method") != "" {
		t.Errorf("request %+v", r)
	}
	jsonEqual(t, `{"patch":{"$set":{"validJsSdkDomains":["http://localhost:8000","http://localhost:5000"]}}}`, r.Body)
	if err := p.Applications.Update(t.Context(), "urn:li:developerApplication:9", ApplicationUpdate{ValidJSSDKDomains: []string{"https://x.example.com/"}}); err == nil {
		t.Error("a trailing slash must be refused")
	}
}
