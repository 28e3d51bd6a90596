package connect_test

// End-to-end tests of the customer-facing flows against rscmock, the fake
// LinkedIn: binding an ATS user to a seat through the member sign-in, the
// onboarding state and the engines following LinkedIn's enablement, and the
// profile widget's link and unlink persisted across a refresh.

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/connect"
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rsc/sync/memstore"
	"github.com/rsckit/rsckit/rscmock"
)

const e2eRedirect = "https://ats.example.com/linkedin/signed-in"

// browser is a user's browser on the fake's sign-in page: it never follows
// the redirect back to the ATS, whose URL is returned instead.
type browser struct{ hc *http.Client }

func newBrowser() browser {
	return browser{hc: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// signIn opens authURL, checks the page offers member, and submits action
// ("allow" or "cancel") as member. It returns the query LinkedIn redirected
// back to the ATS with.
func (b browser) signIn(t *testing.T, authURL string, member model.URN, action string) url.Values {
	t.Helper()
	resp, err := b.hc.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(page), string(member)) {
		t.Fatalf("sign-in page: %d, offers %s: %v", resp.StatusCode, member, strings.Contains(string(page), string(member)))
	}
	u, _ := url.Parse(authURL)
	form := u.Query()
	form.Set("member", string(member))
	form.Set("action", action)
	resp, err = b.hc.PostForm(u.Scheme+"://"+u.Host+u.Path, form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusFound || err != nil || !strings.HasPrefix(loc.String(), e2eRedirect+"?") {
		t.Fatalf("sign in: %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	return loc.Query()
}

func newBinder(t *testing.T, srv *rscmock.Server, c rscmock.Customer) connect.Binder {
	t.Helper()
	if err := srv.SetOAuthRedirectURLs(c.ClientID, e2eRedirect); err != nil {
		t.Fatal(err)
	}
	return connect.Binder{ClientID: c.ClientID, ClientSecret: model.Secret(c.ClientSecret), RedirectURL: e2eRedirect, PKCE: true,
		AuthURL: srv.AuthorizationURL(), TokenURL: srv.TokenURL(), APIURL: srv.URL()}
}

func TestE2EBindUserToSeat(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	srv := rscmock.NewServer(t)
	c := srv.Default()
	client := srv.ClientFor(c)
	binder := newBinder(t, srv, c)
	holder := c.Seats[1]
	now := time.Now()

	authURL, pending, err := binder.Start("U1", now)
	if err != nil {
		t.Fatal(err)
	}
	if q, _ := url.Parse(authURL); q.Query().Get("code_challenge_method") != "S256" {
		t.Errorf("PKCE Binder sent no S256 challenge: %s", authURL)
	}
	cb := newBrowser().signIn(t, authURL, holder.Holder.URN, "allow")

	// Bad input changes nothing: a wrong state is refused before the
	// exchange, and the code still works afterwards.
	forged := url.Values{"code": {cb.Get("code")}, "state": {"forged"}}
	if _, err := binder.Finish(ctx, pending, forged, now); !errors.Is(err, connect.ErrStateMismatch) {
		t.Fatalf("Finish with a wrong state: %v, want ErrStateMismatch", err)
	}
	id, err := binder.Finish(ctx, pending, cb, now)
	if err != nil {
		t.Fatalf("Finish: %v", err)
	}
	if id.Person != holder.Holder.URN || id.FirstName != holder.Holder.FirstName || id.LastName != holder.Holder.LastName {
		t.Errorf("identity %+v, want %s %s", id, holder.Holder.URN, holder.Holder.Name())
	}
	b, err := connect.FindSeat(ctx, client, c.Contract, "U1", id)
	if err != nil {
		t.Fatal(err)
	}
	if b.Seat != holder.URN || !b.HasSeat() || b.Person != holder.Holder.URN || b.ATSUserID != "U1" {
		t.Errorf("binding %+v, want seat %s of %s", b, holder.URN, holder.Holder.URN)
	}

	// The code is single-use; the error names neither code nor secret.
	_, err = binder.Finish(ctx, pending, cb, now)
	if err == nil || !strings.Contains(err.Error(), "invalid_grant") {
		t.Errorf("Finish with a reused code: %v, want invalid_grant", err)
	}
	if err != nil && (strings.Contains(err.Error(), cb.Get("code")) || strings.Contains(err.Error(), c.ClientSecret)) {
		t.Errorf("error reveals a secret: %v", err)
	}

	// Cancelling at LinkedIn is LinkedIn's error redirect.
	authURL, pending, _ = binder.Start("U2", now)
	cb = newBrowser().signIn(t, authURL, holder.Holder.URN, "cancel")
	var denied *connect.AuthorizationError
	if _, err := binder.Finish(ctx, pending, cb, now); !errors.As(err, &denied) || denied.Code != "user_cancelled_login" {
		t.Errorf("Finish after cancel: %v", err)
	}

	// A member without a seat binds without one.
	outsider := srv.AddMember(rscmock.Member{FirstName: "Omar", LastName: "Coordinator"})
	authURL, pending, _ = binder.Start("U4", now)
	id, err = binder.Finish(ctx, pending, newBrowser().signIn(t, authURL, outsider.URN, "allow"), now)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := connect.FindSeat(ctx, client, c.Contract, "U4", id); err != nil || b.HasSeat() || b.Person != outsider.URN {
		t.Errorf("binding of a member without a seat: %+v, %v", b, err)
	}

	// Seats carry their holder's person URN: an admin can bind by seat.
	holders, err := connect.SeatHolders(ctx, client, c.Contract)
	if err != nil || len(holders) != len(c.Seats) {
		t.Fatalf("SeatHolders: %d, %v; want %d", len(holders), err, len(c.Seats))
	}
	for i, h := range holders {
		if h.Seat.URN != c.Seats[i].URN || h.Seat.Member != c.Seats[i].Holder.URN || h.Bind("U9").Seat != c.Seats[i].URN {
			t.Errorf("seat holder %d: %+v, want %s held by %s", i, h.Seat, c.Seats[i].URN, c.Seats[i].Holder.URN)
		}
	}
}

// onboardingStates is a host's table of onboarding states.
type onboardingStates struct {
	mu sync.Mutex
	m  map[string]connect.Onboarding
}

func (s *onboardingStates) Onboarding(_ context.Context, id string) (connect.Onboarding, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.m[id]
	if !ok {
		return o, connect.ErrNoOnboarding
	}
	return o, nil
}

func (s *onboardingStates) set(o connect.Onboarding) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[o.TenantID] = o
}

func TestE2EOnboardingFollowsEnablement(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	srv := rscmock.NewServer(t)
	c := srv.Default()
	client := srv.ClientFor(c)
	at := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)

	store := memstore.New()
	created := model.Millis(at)
	store.Put("acme", rscsync.Candidates, rscsync.Record{Ref: rscsync.Ref{ID: "C1"}, Value: model.Candidate{
		FirstName: "Ada", LastName: "Lovelace", EmailAddresses: []string{"ada@example.com"},
		ATSCreatedAt: created, ATSLastModifiedAt: created, ExternalProfileURL: "https://ats.example.com/c/C1"}})
	states := &onboardingStates{m: map[string]connect.Onboarding{}}
	tenants := connect.EnabledTenants{Source: rscsync.Tenants{{ID: "acme", Client: client, Organization: c.Organization, Contract: c.Contract}}, States: states}
	runner, err := rscsync.NewRunner(store, tenants, rscsync.Config{Pull: rscsync.PullConfig{Disabled: true}})
	if err != nil {
		t.Fatal(err)
	}
	// step refreshes the state from LinkedIn, runs the engines once, and
	// checks the phase, whether the tenant is listed, and what LinkedIn has.
	step := func(why string, o connect.Onboarding, phase connect.Phase, listed bool, synced int) connect.Onboarding {
		t.Helper()
		o, err := connect.Refresh(ctx, client, o, at)
		if err != nil {
			t.Fatalf("%s: Refresh: %v", why, err)
		}
		states.set(o)
		if st := o.Status(); st.Phase != phase || st.Message == "" {
			t.Errorf("%s: phase %s (%q), want %s", why, st.Phase, st.Message, phase)
		}
		ts, err := tenants.Tenants(ctx)
		if err != nil || (len(ts) == 1) != listed || len(ts) > 1 {
			t.Errorf("%s: EnabledTenants listed %d tenants (%v), want listed %v", why, len(ts), err, listed)
		}
		if err := runner.SyncOnce(ctx); err != nil {
			t.Fatalf("%s: SyncOnce: %v", why, err)
		}
		if n := len(srv.Candidates(c.Organization)); n != synced {
			t.Errorf("%s: LinkedIn has %d candidates, want %d", why, n, synced)
		}
		at = at.Add(time.Minute)
		return o
	}

	o, err := connect.NewOnboarding("acme", c.Organization)
	if err != nil {
		t.Fatal(err)
	}
	o = step("not started", o, connect.PhaseNotStarted, false, 0)
	o = step("widget shown", o.ShowWidget(at), connect.PhaseWidgetShown, false, 0)

	// The admin presses Request in the onboarding widget (the fake's
	// stand-in); the widget calls the page's data-onintegrate function,
	// whose argument the page posts to the ATS.
	reqs, err := connect.ParseIntegrate(requestInWidget(t, srv, c))
	if err != nil {
		t.Fatal(err)
	}
	// A forged callback naming another organization changes nothing.
	forged, _ := connect.ParseIntegrate([]byte(`[{"integrationContext":"urn:li:organization:666","integrationType":"IN_ATS_INDICATOR","tenantType":"RECRUITER"}]`))
	if n, err := o.Request(forged, at); err == nil || n.Status().Phase != connect.PhaseWidgetShown {
		t.Errorf("forged request: %v, phase %s", err, n.Status().Phase)
	}
	if o, err = o.Request(reqs, at); err != nil {
		t.Fatal(err)
	}
	o = step("requested", o, connect.PhaseRequested, false, 0)

	// LinkedIn's admin switches on company-level access, then contract-level.
	keys := rsc.EnableRequest{Organization: c.Organization, Contract: c.Contract}.Keys()
	enable := func(on bool, types ...model.IntegrationType) {
		t.Helper()
		for _, k := range keys {
			for _, ty := range types {
				if k.IntegrationType == ty {
					if _, err := srv.SetIntegrationEnabled(ctx, k, on); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
	}
	// One-Click Export can be enabled once the ATS registered its CALLBACK_URL.
	tokens, err := rsc.NewCallbackTokens()
	if err != nil {
		t.Fatal(err)
	}
	if err := client.Configurations.RegisterCallbackURL(ctx, c.Organization, "https://ats.example.com/linkedin/callback/acme", tokens); err != nil {
		t.Fatal(err)
	}
	company := []model.IntegrationType{model.IntegrationTypeOneClickExport, model.IntegrationTypeInATSIndicator, model.IntegrationTypeProfilePlugin}
	enable(true, company...)
	o = step("company-level enabled", o, connect.PhaseEnabled, true, 1)
	if o.ContractEnabled(c.Contract) || !strings.Contains(o.Status().Message, "company-level") {
		t.Errorf("contract enabled before CSA_API: %q", o.Status().Message)
	}
	enable(true, model.IntegrationTypeCSAAPI)
	o = step("contract-level enabled", o, connect.PhaseEnabled, true, 1)
	if !o.ContractEnabled(c.Contract) {
		t.Errorf("contract not enabled after CSA_API: %q", o.Status().Message)
	}
	ts, _ := tenants.Tenants(ctx)
	if len(ts) != 1 || ts[0].Contract != c.Contract {
		t.Errorf("enabled tenants %+v, want acme with contract %s", ts, c.Contract)
	}

	// Disabled in Recruiter: the engines stop sending. A new candidate
	// stays in the ATS.
	enable(false, append(company, model.IntegrationTypeCSAAPI)...)
	store.Put("acme", rscsync.Candidates, rscsync.Record{Ref: rscsync.Ref{ID: "C2"}, Value: model.Candidate{
		FirstName: "Alan", LastName: "Turing", EmailAddresses: []string{"alan@example.com"},
		ATSCreatedAt: created, ATSLastModifiedAt: created, ExternalProfileURL: "https://ats.example.com/c/C2"}})
	o = step("disabled", o, connect.PhaseDisabled, false, 1)
	if len(store.Intents("acme")) != 1 {
		t.Errorf("outbox of a disabled tenant: %d intents, want C2's", len(store.Intents("acme")))
	}
	// Enabled again: the waiting change goes out.
	enable(true, model.IntegrationTypeInATSIndicator)
	step("enabled again", o, connect.PhaseEnabled, true, 2)
}

// requestInWidget presses Request in the onboarding widget stand-in, as
// the admin's browser would, and returns the integrations the widget hands
// to data-onintegrate (its postMessage to the ATS page).
func requestInWidget(t *testing.T, srv *rscmock.Server, c rscmock.Customer) []byte {
	t.Helper()
	form := url.Values{"apiKey": {c.ClientID}, "supportedBundledIntegrationTypes": {rscmock.BundleCompany + "," + rscmock.BundleContract}}
	resp, err := (&http.Client{}).PostForm(srv.URL()+"/_widgets/onboarding/request", form) // follows the redirect back to the widget
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	_, rest, ok := strings.Cut(string(page), "window.parent.postMessage(")
	msg, _, ok2 := strings.Cut(rest, `, "*")`)
	if resp.StatusCode != 200 || !ok || !ok2 {
		t.Fatalf("the widget sent the page no message (%d):\n%s", resp.StatusCode, page)
	}
	var m struct {
		Type         string          `json:"type"`
		Integrations json.RawMessage `json:"integrations"`
	}
	if err := json.Unmarshal([]byte(msg), &m); err != nil || m.Type != "rsc-integrate" {
		t.Fatalf("widget message %s: %v", msg, err)
	}
	return m.Integrations
}

// linkStore is the host's table of manual links; reopen gives a new view
// of the same rows, as a page refresh reads them again.
type linkStore struct {
	mu         sync.Mutex
	candidates map[string]bool
	links      map[string]model.URN
	writes     int
}

func (s *linkStore) HasCandidate(_ context.Context, tenant, id string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.candidates[tenant+"/"+id], nil
}

func (s *linkStore) ManualLink(_ context.Context, tenant, id string) (model.URN, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.links[tenant+"/"+id], nil
}

func (s *linkStore) SetManualLink(_ context.Context, tenant, id string, p model.URN) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.writes++
	if p == "" {
		delete(s.links, tenant+"/"+id)
	} else {
		s.links[tenant+"/"+id] = p
	}
	return nil
}

func TestE2EProfileWidgetLinkUnlink(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	srv := rscmock.NewServer(t)
	c := srv.Default()
	client := srv.ClientFor(c)
	tenant := rscsync.Tenant{ID: "acme", Client: client, Organization: c.Organization, Contract: c.Contract}

	// The candidate is synced, with an email no LinkedIn member has.
	created := model.Millis(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	store := memstore.New()
	store.Put("acme", rscsync.Candidates, rscsync.Record{Ref: rscsync.Ref{ID: "C1"}, Value: model.Candidate{
		FirstName: "Grace", LastName: "Hopper", EmailAddresses: []string{"grace@ats-only.example"},
		ATSCreatedAt: created, ATSLastModifiedAt: created, ExternalProfileURL: "https://ats.example.com/c/C1"}})
	runner, err := rscsync.NewRunner(store, rscsync.Tenants{tenant}, rscsync.Config{Pull: rscsync.PullConfig{Disabled: true}})
	if err != nil {
		t.Fatal(err)
	}
	if err := runner.SyncOnce(ctx); err != nil || len(srv.Candidates(c.Organization)) != 1 {
		t.Fatalf("sync: %v, parked %v", err, store.Parked("acme"))
	}
	member := srv.AddMember(rscmock.Member{FirstName: "Grace", LastName: "Hopper"})
	stranger := srv.AddMember(rscmock.Member{FirstName: "Someone", LastName: "Else"})
	links := &linkStore{candidates: map[string]bool{"acme/C1": true}, links: map[string]model.URN{}}
	handler := connect.Linker{Store: links}.Handler(func(*http.Request) (rscsync.Tenant, error) { return tenant, nil })

	// post is the ATS page posting what the widget's data-onlink or
	// data-onunlink function received.
	post := func(body string) int {
		t.Helper()
		w := &recorder{header: http.Header{}}
		r, _ := http.NewRequestWithContext(ctx, http.MethodPost, "/linkedin/link", strings.NewReader(body))
		handler.ServeHTTP(w, r)
		return w.status
	}
	key := model.CandidateKey{IntegrationContext: c.Organization, ATSCandidateID: "C1"}
	// linkedAt is what LinkedIn has and what the ATS shows after a refresh.
	linkedAt := func() (model.URN, model.URN) {
		got, ok := srv.SyncedCandidate(key)
		var cand model.Candidate
		if !ok || json.Unmarshal(got.Body, &cand) != nil {
			t.Fatalf("LinkedIn has no candidate %s", key)
		}
		ats, _ := links.ManualLink(ctx, "acme", "C1")
		return cand.ManualMatchedMember, ats
	}

	// The recruiter links the member in the profile widget; the widget
	// calls the page's data-onlink function, which posts to the ATS.
	widget := profileWidget{srv: srv, hc: &http.Client{}, params: url.Values{"apiKey": {c.ClientID}, "widgetType": {"ATS"},
		"atsCandidateId": {"C1"}, "integrationContext": {string(c.Organization)}, "showUnlinkUrl": {"true"}}}
	if st := post(widget.press(t, "link", member.URN)); st != 200 {
		t.Fatalf("link: %d", st)
	}
	if li, ats := linkedAt(); li != member.URN || ats != member.URN {
		t.Fatalf("after link: LinkedIn %q, ATS %q; want %s", li, ats, member.URN)
	}
	// A refresh of the page, and a later full sync of the candidate (the
	// host sets ManualMatchedMember from its link table), keep the link.
	if page := widget.show(t); !strings.Contains(page, `data-member="`+string(member.URN)+`"`) || !strings.Contains(page, "manual link") {
		t.Errorf("the widget after a refresh does not show the manual link to %s", member.URN)
	}
	refreshed, _ := links.ManualLink(ctx, "acme", "C1")
	store.Put("acme", rscsync.Candidates, rscsync.Record{Ref: rscsync.Ref{ID: "C1"}, Value: model.Candidate{
		FirstName: "Grace", LastName: "Hopper", EmailAddresses: []string{"grace@ats-only.example"}, ATSCreatedAt: created, ATSLastModifiedAt: created + 1000,
		ExternalProfileURL: "https://ats.example.com/c/C1", ManualMatchedMember: refreshed}})
	if err := runner.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if li, ats := linkedAt(); li != member.URN || ats != member.URN {
		t.Errorf("after refresh and resync: LinkedIn %q, ATS %q; want %s", li, ats, member.URN)
	}

	// Bad input changes nothing, at LinkedIn or in the ATS.
	writes := links.writes
	for _, bad := range []struct {
		body string
		want int
	}{
		{`{"action":"unlink","atsCandidateId":"C1","member":"` + string(stranger.URN) + `"}`, http.StatusConflict}, // never linked
		{`{"action":"link","atsCandidateId":"C9","member":"` + string(member.URN) + `"}`, http.StatusNotFound},
		{`{"action":"link","atsCandidateId":"C1","integrationContext":"urn:li:organization:666","member":"` + string(stranger.URN) + `"}`, http.StatusForbidden},
		{`{"action":"link","atsCandidateId":"C1","member":"urn:li:seat:1"}`, http.StatusBadRequest},
		{`not json`, http.StatusBadRequest},
	} {
		if st := post(bad.body); st != bad.want {
			t.Errorf("%s: %d, want %d", bad.body, st, bad.want)
		}
	}
	if li, ats := linkedAt(); li != member.URN || ats != member.URN || links.writes != writes {
		t.Errorf("after bad input: LinkedIn %q, ATS %q, %d store writes; want %s and none", li, ats, links.writes-writes, member.URN)
	}

	// The unlink in the widget is honoured at LinkedIn and in the ATS.
	if st := post(widget.press(t, "unlink", member.URN)); st != 200 {
		t.Fatalf("unlink: %d", st)
	}
	if li, ats := linkedAt(); li != "" || ats != "" {
		t.Errorf("after unlink: LinkedIn %q, ATS %q; want none", li, ats)
	}
	if page := widget.show(t); strings.Contains(page, `data-member="`+string(member.URN)+`"`) {
		t.Errorf("the widget after the unlink still shows %s", member.URN)
	}
	// Unlinking again: the member is no longer linked.
	if st := post(`{"action":"unlink","atsCandidateId":"C1","member":"` + string(member.URN) + `"}`); st != http.StatusConflict {
		t.Errorf("second unlink: %d, want 409", st)
	}
}

// profileWidget is the profile widget stand-in in a recruiter's browser.
type profileWidget struct {
	srv    *rscmock.Server
	hc     *http.Client
	params url.Values
}

// show loads the widget (a page refresh) and returns its HTML.
func (w profileWidget) show(t *testing.T) string {
	t.Helper()
	resp, err := w.hc.Get(w.srv.URL() + "/_widgets/profile?" + w.params.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("profile widget: %d\n%s", resp.StatusCode, b)
	}
	return string(b)
}

// press presses Link or Unlink for member and returns the body the ATS
// page posts from its data-onlink or data-onunlink function: the widget's
// message, with the action and candidate the page knows.
func (w profileWidget) press(t *testing.T, action string, member model.URN) string {
	t.Helper()
	form := url.Values{"member": {string(member)}}
	for k, v := range w.params {
		form[k] = v
	}
	resp, err := w.hc.PostForm(w.srv.URL()+"/_widgets/profile/"+action, form) // follows the redirect back to the widget
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	_, rest, ok := strings.Cut(string(page), "window.parent.postMessage(")
	msg, _, ok2 := strings.Cut(rest, `, "*")`)
	var m struct{ Type, Member string }
	if resp.StatusCode != 200 || !ok || !ok2 || json.Unmarshal([]byte(msg), &m) != nil || m.Type != "rsc-"+action {
		t.Fatalf("%s in the widget: %d, message %q", action, resp.StatusCode, msg)
	}
	body, _ := json.Marshal(map[string]string{"action": action, "atsCandidateId": w.params.Get("atsCandidateId"), "member": m.Member})
	return string(body)
}

// recorder is a minimal http.ResponseWriter.
type recorder struct {
	header http.Header
	status int
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = 200
	}
	return len(b), nil
}
func (r *recorder) WriteHeader(s int) { r.status = s }
