package rscsync_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rsckit/rsckit/internal/atsgen"
	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rsc/sync/memstore"
	"github.com/rsckit/rsckit/rscmock"
)

// lockedBuffer is a bytes.Buffer safe for concurrent writers.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// authRecorder records every bearer token sent through it.
type authRecorder struct {
	next http.RoundTripper

	mu     sync.Mutex
	tokens map[string]bool
}

func (a *authRecorder) RoundTrip(r *http.Request) (*http.Response, error) {
	if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		a.mu.Lock()
		if a.tokens == nil {
			a.tokens = map[string]bool{}
		}
		a.tokens[tok] = true
		a.mu.Unlock()
	}
	return a.next.RoundTrip(r)
}

func (a *authRecorder) seen() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []string
	for tok := range a.tokens {
		out = append(out, tok)
	}
	slices.Sort(out)
	return out
}

// callbacks routes LinkedIn's notifications for each tenant to a
// NotificationHandler that queues them in the store, in memory (the mock's
// callback client uses it as its transport, so CALLBACK_URLs can be plain
// https URLs on port 443).
func callbacks(store *memstore.Store, log *slog.Logger, tenants ...string) *http.Client {
	mux := http.NewServeMux()
	for _, tenant := range tenants {
		mux.Handle("/rsc/callback/"+tenant+"/", &rsc.NotificationHandler{Logger: log, Tokens: tokensOf(tenantTokens),
			Handle: func(ctx context.Context, n model.Notification) error {
				return store.Enqueue(ctx, rscsync.NotificationItem(tenant, n, time.Now()))
			}})
	}
	return &http.Client{Transport: handlerTransport{mux}}
}

// callbackURL is a tenant's callback base; LinkedIn posts to registeredURL.
func callbackURL(tenant string) string { return "https://ats.example.com/rsc/callback/" + tenant }

// registeredURL is the CALLBACK_URL registered for tenant: its base and the
// token.
func registeredURL(tenant string) string {
	return callbackURL(tenant) + "/" + tenantTokens.Current.Reveal()
}

func fastPolicy() rsc.Option {
	return rsc.WithRetryPolicy(rsc.RetryPolicy{MaxRetries: 3, MinWait: time.Millisecond, MaxWait: 5 * time.Millisecond})
}

// TestFullRunLeaksNoSecret provisions a customer through the partner
// application, names and enables its integrations, backfills, pushes
// changes, pulls seats, InMails, notes, stubs, purges and integration
// states, and fetches a One-Click Export, every component logging at Debug.
// It then provokes errors (wrong client and partner secrets, a 401, a
// rejected record) and a panic that prints the clients and credentials.
// No secret and no access token of the run appears in any log line, error
// string, panic output or stored error text.
func TestFullRunLeaksNoSecret(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	logs := &lockedBuffer{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	const partnerID, partnerSecret = "partner-4711", "pArTnEr-SeCrEt-9f8e7d6c5b4a3921"
	store := memstore.New()
	srv := rscmock.NewServer(t, rscmock.WithoutDefaultTenant(), rscmock.WithPartnerCredentials(partnerID, partnerSecret),
		rscmock.WithCallbackClient(callbacks(store, log, tenantID)))
	rec := &authRecorder{next: http.DefaultTransport}

	// Provisioning (twice: the second finds the application).
	pc := srv.PartnerClient(rsc.WithLogger(log), rsc.WithTransport(rec), fastPolicy())
	want := model.ProvisionedApplication{UniqueForeignID: "acme-eu-1", Name: "Rsckit ATS - Acme", Description: "Acme's EU instance"}
	app, created, err := pc.ProvisionCustomer(ctx, want)
	if err != nil || !created || app.Credentials == nil {
		t.Fatalf("provision: %+v created=%v err=%v", app, created, err)
	}
	if again, created, err := pc.ProvisionCustomer(ctx, want); err != nil || created || again.Credentials.ClientID != app.Credentials.ClientID {
		t.Fatalf("provision again: %+v created=%v err=%v", again, created, err)
	}
	childID, childSecret := app.Credentials.ClientID, app.Credentials.ClientSecret.Reveal()
	secrets := map[string]string{"partner secret": partnerSecret, "child secret": childSecret}

	client, err := rsc.NewClient(rsc.WithBaseURL(srv.URL()), rsc.WithTokenURL(srv.TokenURL()),
		rsc.WithClientCredentials(childID, childSecret), rsc.WithLogger(log), rsc.WithTransport(rec),
		rsc.WithRateLimits(rsc.NoRateLimits()), fastPolicy(), v2Exports())
	if err != nil {
		t.Fatal(err)
	}
	org, contract := model.OrganizationURN("4242"), model.ContractURN("4343")

	// Onboarding: name the integrations, set the callback, the admin enables.
	if rs, err := client.Integrations.Enable(ctx, rsc.EnableRequest{Organization: org, Contract: contract, CustomerName: "Acme"}); err != nil || len(rsc.Failed(rs)) > 0 {
		t.Fatalf("enable: %v %+v", err, rsc.Failed(rs))
	}
	if err := client.Configurations.RegisterCallbackURL(ctx, org, callbackURL(tenantID), tenantTokens); err != nil {
		t.Fatal(err)
	}
	if d, err := srv.SetIntegrationEnabled(ctx, model.IntegrationKey{IntegrationContext: org, IntegrationType: model.IntegrationTypeOneClickExport}, true); err != nil || d.Status != http.StatusOK {
		t.Fatalf("enable one-click export: %+v %v", d, err)
	}

	// Backfill, with one record LinkedIn rejects (its error text is stored).
	d := atsgen.Generate(41, 30, genNow)
	bad := d.Records[rscsync.Candidates][0]
	bv := bad.Value.(model.Candidate)
	bv.EmailAddresses = []string{"not-an-email"}
	d.Records[rscsync.Candidates][0].Value = bv
	for _, r := range rscsync.Resources() {
		store.Seed(tenantID, r, d.Records[r]...)
	}
	tenant := rscsync.Tenant{ID: tenantID, Client: client, Organization: org, Contract: contract}
	runner, err := rscsync.NewRunner(store, rscsync.Tenants{tenant}, rscsync.Config{Logger: log, MaxBackoff: 20 * time.Millisecond,
		Pull: rscsync.PullConfig{Settle: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	if err := runner.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}

	// Recruiter activity: a seat, an export, InMails, a note.
	member := srv.AddMember(rscmock.Member{FirstName: "Grace", LastName: "Hopper", Email: "grace@example.com"})
	seat, err := srv.AddSeat(contract, rscmock.Member{URN: d.Persons[0]})
	if err != nil {
		t.Fatal(err)
	}
	jobs := srv.ExportJobs(seat.URN)
	if len(jobs) == 0 {
		t.Fatal("fixture: the seat sees no job to export to")
	}
	if _, dl, err := srv.Export(ctx, seat.URN, member.URN, jobs[0].ExternalJobPostingID); err != nil || dl.Status != http.StatusOK {
		t.Fatalf("export: %+v %v", dl, err)
	}
	if _, err := srv.SendInMail(seat.URN, member.URN, "Hello", "Would you like to talk?"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := srv.ReplyInMail(seat.URN, member.URN, "Sure, here are my details", true); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.AddProspectNote(seat.URN, member.URN, "Strong systems background", false); err != nil {
		t.Fatal(err)
	}
	// Push: a change and a delete.
	c1 := store.Records(tenantID, rscsync.Candidates)[1]
	cv := c1.Value.(model.Candidate)
	cv.CurrentJobTitle = "Rear Admiral"
	store.Put(tenantID, rscsync.Candidates, rscsync.Record{Ref: c1.Ref, Value: cv})
	store.Delete(tenantID, rscsync.Stages, store.Records(tenantID, rscsync.Stages)[0].Ref)
	time.Sleep(10 * time.Millisecond) // past the pull's settle time
	if err := runner.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if err := srv.Purge(member.URN); err != nil {
		t.Fatal(err)
	}
	time.Sleep(10 * time.Millisecond)
	if err := runner.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}

	// The run did what it should.
	pulled := store.Pulled(tenantID)
	if len(store.Exports(tenantID)) != 1 || len(pulled.InMails) != 2 || len(pulled.Stubs) != 1 || len(pulled.Notes) != 1 ||
		len(pulled.Purged) != 1 || len(pulled.Seats) != 1 || len(pulled.Integrations) == 0 {
		t.Errorf("run incomplete: %d exports, pulled %d InMails, %d stubs, %d notes, %d purged, %d seats, %d integrations",
			len(store.Exports(tenantID)), len(pulled.InMails), len(pulled.Stubs), len(pulled.Notes), len(pulled.Purged),
			len(pulled.Seats), len(pulled.Integrations))
	}
	if p := store.Parked(tenantID); len(p) != 1 || p[0].Ref != bad.Ref {
		t.Errorf("parked = %+v, want the one bad candidate", p)
	}

	// Errors a host would log or show.
	var errs []string
	note := func(err error) {
		if err == nil {
			t.Error("expected an error")
			return
		}
		errs = append(errs, err.Error(), fmt.Sprintf("%+v %#v", err, err))
	}
	wrong, err := rsc.NewClient(rsc.WithBaseURL(srv.URL()), rsc.WithTokenURL(srv.TokenURL()),
		rsc.WithClientCredentials(childID, "x"+childSecret+"x"), rsc.WithLogger(log), fastPolicy(), v2Exports())
	if err != nil {
		t.Fatal(err)
	}
	cv.Key = model.CandidateKey{IntegrationContext: org, ATSCandidateID: c1.Ref.ID}
	_, err = wrong.Candidates.BatchUpdate(ctx, []model.Candidate{cv})
	note(err)
	wrongPartner := srv.PartnerClient(rsc.WithClientCredentials(partnerID, partnerSecret+"!"), rsc.WithLogger(log))
	_, _, err = wrongPartner.ProvisionCustomer(ctx, model.ProvisionedApplication{UniqueForeignID: "x", Name: "Rsckit ATS - X", Description: "x"})
	note(err)
	srv.InjectFault(rscmock.Fault{Op: "FINDER /rest/seatsV2", Status: http.StatusUnauthorized, Count: 4})
	_, _, err = client.Seats.List(ctx, rsc.SeatListOptions{Contracts: []model.URN{contract}})
	note(err)
	_, err = client.Candidates.BatchUpdate(ctx, []model.Candidate{{FirstName: "\x00"}})
	note(err)
	if !errors.Is(err, rsc.ErrUnauthorized) && !strings.Contains(strings.Join(errs, "\n"), "401") {
		t.Errorf("the provoked errors show no 401: %q", errs)
	}

	// A panic that prints everything a careless host might print.
	panicked := func() (out string) {
		defer func() { out = fmt.Sprint(recover()) }()
		panic(fmt.Sprintf("%v|%+v|%#v|%v|%+v|%#v|%v|%#v|%+v|%v|%#v", client, client, client, pc, pc, app, *app.Credentials, *app.Credentials,
			rsc.WithClientCredentials(childID, childSecret), rsc.WithClientCredentials(partnerID, partnerSecret), tenant))
	}()
	// And a host logging the whole application as structured data.
	log.Info("provisioned", "app", app, "credentials", app.Credentials, "secret", app.Credentials.ClientSecret)
	stored, _ := json.Marshal(struct {
		Parked  []rscsync.Parked
		Intents []rscsync.Item
		Pulled  memstore.PulledData
		Exports []model.ExportedCandidate
	}{store.Parked(tenantID), store.Intents(tenantID), pulled, store.Exports(tenantID)})

	tokens := rec.seen()
	if len(tokens) < 2 {
		t.Fatalf("recorded %d access tokens, want the partner's and the child's", len(tokens))
	}
	for i, tok := range tokens {
		secrets[fmt.Sprintf("access token %d", i)] = tok
	}
	haystacks := map[string]string{"logs": logs.String(), "errors": strings.Join(errs, "\n"), "panic": panicked, "stored data": string(stored)}
	if !strings.Contains(haystacks["logs"], `"level":"DEBUG"`) || !strings.Contains(haystacks["logs"], "rsc request") ||
		!strings.Contains(haystacks["logs"], "rscsync backfill page") {
		t.Fatalf("fixture: debug logs missing:\n%.2000s", haystacks["logs"])
	}
	for what, s := range secrets {
		for where, h := range haystacks {
			if i := strings.Index(h, s); i >= 0 {
				t.Errorf("%s appears in %s: ...%s...", what, where, h[max(0, i-120):min(len(h), i+len(s)+40)])
			}
		}
	}
	t.Logf("%d log bytes, %d error strings, %d secrets and tokens checked", len(haystacks["logs"]), len(errs), len(secrets))
	if testing.Verbose() {
		t.Logf("errors:\n%s\npanic: %s", haystacks["errors"], panicked)
	}
}

// assertTenantAtLinkedIn checks that LinkedIn's candidates and applications
// of org are exactly the tenant's records in the store.
func assertTenantAtLinkedIn(t *testing.T, srv *rscmock.Server, store *memstore.Store, tenant string, org model.URN) {
	t.Helper()
	for _, r := range []rscsync.Resource{rscsync.Candidates, rscsync.Applications, rscsync.Stages} {
		recs := store.Records(tenant, r)
		for _, rec := range recs {
			got, ok := linkedInBody(srv, org, r, rec.Ref)
			if !ok {
				t.Errorf("%s: %s %v missing at LinkedIn", tenant, r, rec.Ref)
				continue
			}
			want, _ := json.Marshal(rec.Value)
			var w, g map[string]any
			_ = json.Unmarshal(want, &w)
			_ = json.Unmarshal(got, &g)
			if fmt.Sprint(w) != fmt.Sprint(g) {
				t.Errorf("%s: %s %v at LinkedIn is %s, the store has %s", tenant, r, rec.Ref, got, want)
			}
		}
	}
	if got, want := len(srv.Candidates(org)), len(store.Records(tenant, rscsync.Candidates)); got != want {
		t.Errorf("%s: LinkedIn has %d candidates, the store %d", tenant, got, want)
	}
	if got, want := len(srv.Applications(org)), len(store.Records(tenant, rscsync.Applications)); got != want {
		t.Errorf("%s: LinkedIn has %d applications, the store %d", tenant, got, want)
	}
}

// TestTenantIsolation runs two customers in one Runner and one Store, with
// the same ATS ids but different data. Each customer's LinkedIn holds
// exactly its own records; the two never share an access token; one's
// token cannot read the other's data; an export and an InMail of one reach
// only that one's Store.
func TestTenantIsolation(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	store := memstore.New()
	srv := rscmock.NewServer(t, rscmock.WithRecordsPerMinute(0), rscmock.WithCallbackClient(callbacks(store, nil, "a", "b")))
	custA := srv.Default()
	custB := srv.AddCustomer(rscmock.CustomerSpec{Name: "Beta", Seats: 1})
	recA, recB := &authRecorder{next: http.DefaultTransport}, &authRecorder{next: http.DefaultTransport}
	cA := srv.ClientFor(custA, rsc.WithTransport(recA), v2Exports())
	cB := srv.ClientFor(custB, rsc.WithTransport(recB), v2Exports())
	tA := rscsync.Tenant{ID: "a", Client: cA, Organization: custA.Organization, Contract: custA.Contract}
	tB := rscsync.Tenant{ID: "b", Client: cB, Organization: custB.Organization, Contract: custB.Contract}
	dA, dB := atsgen.Generate(51, 40, genNow), atsgen.Generate(52, 40, genNow)
	for _, r := range rscsync.Resources() {
		store.Seed("a", r, dA.Records[r]...)
		store.Seed("b", r, dB.Records[r]...)
	}
	if dA.Records[rscsync.Candidates][0].Ref != dB.Records[rscsync.Candidates][0].Ref {
		t.Fatal("fixture: the tenants should share ATS ids")
	}
	for _, tn := range []rscsync.Tenant{tA, tB} {
		if err := tn.Client.Configurations.RegisterCallbackURL(ctx, tn.Organization, callbackURL(tn.ID), tenantTokens); err != nil {
			t.Fatal(err)
		}
		if _, err := srv.SetIntegrationEnabled(ctx, model.IntegrationKey{IntegrationContext: tn.Organization, IntegrationType: model.IntegrationTypeOneClickExport}, true); err != nil {
			t.Fatal(err)
		}
	}
	runner, err := rscsync.NewRunner(store, rscsync.Tenants{tA, tB}, rscsync.Config{MaxBackoff: 20 * time.Millisecond,
		Pull: rscsync.PullConfig{Settle: time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	if err := runner.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	assertTenantAtLinkedIn(t, srv, store, "a", custA.Organization)
	assertTenantAtLinkedIn(t, srv, store, "b", custB.Organization)

	// Recruiter activity at customer A only.
	member := srv.AddMember(rscmock.Member{FirstName: "Alan", LastName: "Turing", Email: "alan@example.com"})
	seatA, err := srv.AddSeat(custA.Contract, rscmock.Member{URN: dA.Persons[0]})
	if err != nil {
		t.Fatal(err)
	}
	jobs := srv.ExportJobs(seatA.URN)
	if len(jobs) == 0 {
		t.Fatal("fixture: no job to export to")
	}
	reqID, _, err := srv.Export(ctx, seatA.URN, member.URN, jobs[0].ExternalJobPostingID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.SendInMail(seatA.URN, member.URN, "Hi", "Secret plans of customer A"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(10 * time.Millisecond)
	if err := runner.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if ex := store.Exports("a"); len(ex) != 1 || ex[0].RequestID != reqID {
		t.Errorf("tenant a exports = %+v, want request %s", ex, reqID)
	}
	if ex := store.Exports("b"); len(ex) != 0 {
		t.Errorf("tenant b got exports of a: %+v", ex)
	}
	if n := len(store.Pulled("a").InMails); n != 1 {
		t.Errorf("tenant a pulled %d InMails, want 1", n)
	}
	if pb := store.Pulled("b"); len(pb.InMails) != 0 || len(pb.Stubs) != 0 || len(pb.Notes) != 0 {
		t.Errorf("tenant b pulled a's data: %+v", pb)
	}
	for _, s := range store.Pulled("b").Seats {
		if s.URN == seatA.URN {
			t.Errorf("tenant b pulled a's seat %s", s.URN)
		}
	}
	for _, dl := range srv.Deliveries() {
		if dl.Notification.ID == reqID && dl.URL != registeredURL("a") {
			t.Errorf("a's export was delivered to %s", dl.URL)
		}
	}

	// Tokens: never shared, and one's cannot reach the other's data.
	ta, tb := recA.seen(), recB.seen()
	if len(ta) == 0 || len(tb) == 0 {
		t.Fatal("fixture: no tokens recorded")
	}
	for _, tok := range ta {
		if slices.Contains(tb, tok) {
			t.Errorf("token %q used by both tenants", tok)
		}
	}
	keyB := model.CandidateKey{IntegrationContext: custB.Organization, ATSCandidateID: dB.Records[rscsync.Candidates][0].Ref.ID}
	if _, err := cA.Candidates.BatchGetMatches(ctx, []model.CandidateKey{keyB}); !errors.Is(err, rsc.ErrForbidden) {
		t.Errorf("a's client read b's candidate: err = %v", err)
	}
	if _, _, err := cB.InMails.List(ctx, rsc.InMailListOptions{Viewer: seatA.URN}); !errors.Is(err, rsc.ErrForbidden) {
		t.Errorf("b's client read a's seat's InMails: err = %v", err)
	}
	if exports, _, err := cB.Exports.Get(ctx, reqID); err != nil || len(exports) != 0 {
		t.Errorf("b's client fetched a's export: %+v, %v", exports, err)
	}
}

// TestExportForAnotherCustomerIsRejected feeds the engine a notification
// whose export LinkedIn serves with another customer's integrationContext
// (a fake exportedCandidates: rscmock never serves one). The export is not
// stored, the notification is completed (not retried) and the rejection
// is logged.
func TestExportForAnotherCustomerIsRejected(t *testing.T) {
	t.Parallel()
	ours, theirs := model.OrganizationURN("1001"), model.OrganizationURN("2002")
	var fetches atomic.Int32
	fake := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/oauth/v2/accessToken":
			_, _ = w.Write([]byte(`{"access_token":"t","expires_in":3600}`))
		case "/rest/exportedCandidates":
			fetches.Add(1)
			fmt.Fprintf(w, `{"elements":[{"integrationContext":%q,"externalJobPostingId":"J1","exportedAt":1700000000000,
				"candidate":{"member":"urn:li:person:abc","firstName":"Eve","lastName":"Intruder"}}],"paging":{"start":0,"count":10}}`, theirs)
		default:
			http.NotFound(w, r)
		}
	})
	client, err := rsc.NewClient(rsc.WithBaseURL("http://linkedin.test"), rsc.WithTokenURL("http://linkedin.test/oauth/v2/accessToken"),
		rsc.WithClientCredentials("id", "secret"), rsc.WithTransport(handlerTransport{fake}), rsc.WithRateLimits(rsc.NoRateLimits()))
	if err != nil {
		t.Fatal(err)
	}
	store := memstore.New()
	logs := &lockedBuffer{}
	n := model.Notification{ID: "9000042", Type: model.NotificationExportCandidateProfile}
	if err := store.Enqueue(t.Context(), rscsync.NotificationItem(tenantID, n, time.Now())); err != nil {
		t.Fatal(err)
	}
	runner, err := rscsync.NewRunner(store, rscsync.Tenants{{ID: tenantID, Client: client, Organization: ours}},
		rscsync.Config{Pull: rscsync.PullConfig{Disabled: true}, Logger: slog.New(slog.NewTextHandler(logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if err := runner.SyncOnce(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	if ex := store.Exports(tenantID); len(ex) != 0 {
		t.Errorf("foreign export stored: %+v", ex)
	}
	if q := store.Notifications(tenantID); len(q) != 0 {
		t.Errorf("notification still queued: %+v", q)
	}
	if fetches.Load() != 1 {
		t.Errorf("export fetched %d times, want once (rejected, not retried)", fetches.Load())
	}
	if !strings.Contains(logs.String(), "export for another customer rejected") || !strings.Contains(logs.String(), string(theirs)) {
		t.Errorf("rejection not logged: %s", logs.String())
	}
	// The same notification again (a redelivery) is ignored.
	if err := store.Enqueue(t.Context(), rscsync.NotificationItem(tenantID, n, time.Now())); err != nil {
		t.Fatal(err)
	}
	if err := runner.SyncOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	if fetches.Load() != 1 {
		t.Errorf("a redelivered notification was fetched again (%d fetches)", fetches.Load())
	}
}

// TestReplayedNotificationProcessedOnce delivers a real One-Click Export,
// then replays its notification to the callback three more times (before
// and after the engine handled it): the export is fetched and stored once.
func TestReplayedNotificationProcessedOnce(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	store := memstore.New()
	cb := callbacks(store, nil, tenantID)
	srv := rscmock.NewServer(t, rscmock.WithCallbackClient(cb))
	cust := srv.Default()
	var exportFetches atomic.Int32
	cnt := &counting{next: http.DefaultTransport, onReq: func(r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/exportedCandidates") {
			exportFetches.Add(1)
		}
	}}
	client := srv.Client(rsc.WithTransport(cnt), v2Exports())
	d := atsgen.Generate(61, 20, genNow)
	for _, r := range rscsync.Resources() {
		store.Seed(tenantID, r, d.Records[r]...)
	}
	if err := client.Configurations.RegisterCallbackURL(ctx, cust.Organization, callbackURL(tenantID), tenantTokens); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.SetIntegrationEnabled(ctx, model.IntegrationKey{IntegrationContext: cust.Organization, IntegrationType: model.IntegrationTypeOneClickExport}, true); err != nil {
		t.Fatal(err)
	}
	runner, err := rscsync.NewRunner(store, rscsync.Tenants{{ID: tenantID, Client: client, Organization: cust.Organization}},
		rscsync.Config{Pull: rscsync.PullConfig{Disabled: true}, MaxBackoff: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := runner.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	seat, err := srv.AddSeat(cust.Contract, rscmock.Member{URN: d.Persons[0]})
	if err != nil {
		t.Fatal(err)
	}
	member := srv.AddMember(rscmock.Member{FirstName: "Ada", LastName: "Lovelace"})
	reqID, dl, err := srv.Export(ctx, seat.URN, member.URN, srv.ExportJobs(seat.URN)[0].ExternalJobPostingID)
	if err != nil || dl.Status != http.StatusOK {
		t.Fatalf("export: %+v %v", dl, err)
	}
	replay := func() {
		body, _ := json.Marshal(dl.Notification)
		resp, err := cb.Post(registeredURL(tenantID), "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("replay answered %d", resp.StatusCode)
		}
	}
	replay() // LinkedIn redelivers before the engine ran
	if err := runner.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	replay() // and twice after
	replay()
	if err := runner.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if ex := store.Exports(tenantID); len(ex) != 1 || ex[0].RequestID != reqID {
		t.Errorf("exports = %+v, want one with request id %s", ex, reqID)
	}
	if n := exportFetches.Load(); n != 1 {
		t.Errorf("export fetched %d times, want once", n)
	}
}

// TestVisibilityFollowsACLs syncs jobs with ACLs and checks what Recruiter
// shows each seat: a seat holder outside every ACL sees no job in the
// export list and cannot export to a private job; a holder in a job's ACL
// sees exactly the open jobs whose ACLs name them; removing the holder from
// an ACL (a delete pushed through the outbox) hides the job again. InMail
// and note content stays with seat holders: another seat of the same
// customer reads none of a seat's InMails, another customer cannot ask, and
// private notes never leave LinkedIn.
func TestVisibilityFollowsACLs(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	e := newEnv(t, nil)
	d := atsgen.Generate(71, 60, genNow)
	e.seed(d)
	r := e.runner(t, rscsync.Config{Pull: rscsync.PullConfig{Settle: time.Millisecond}})
	if err := r.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	e.setCallbackURL(t)
	if _, err := e.srv.SetIntegrationEnabled(ctx, model.IntegrationKey{IntegrationContext: e.tenant.Organization, IntegrationType: model.IntegrationTypeOneClickExport}, true); err != nil {
		t.Fatal(err)
	}
	contract := e.tenant.Contract
	insider, err := e.srv.AddSeat(contract, rscmock.Member{URN: d.Persons[1]})
	if err != nil {
		t.Fatal(err)
	}
	outsider, err := e.srv.AddSeat(contract, rscmock.Member{FirstName: "Nosy", LastName: "Parker"})
	if err != nil {
		t.Fatal(err)
	}
	// The open jobs each person may see, from the Store's ACLs.
	open := map[string]bool{}
	for _, j := range e.store.Records(tenantID, rscsync.Jobs) {
		open[j.Ref.ID] = j.Value.(model.JobPosting).State != model.JobStateClosed
	}
	aclJob := map[string]string{}
	for _, a := range e.store.Records(tenantID, rscsync.EntityACLs) {
		aclJob[a.Ref.ID] = a.Ref.Parent
	}
	visible := func(person model.URN) []string {
		var out []string
		for _, as := range e.store.Records(tenantID, rscsync.ACLAssignees) {
			if as.Ref.Parent == string(person) && open[aclJob[as.Ref.ID]] {
				out = append(out, aclJob[as.Ref.ID])
			}
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	ids := func(jobs []rscmock.Job) []string {
		out := []string{}
		for _, j := range jobs {
			out = append(out, j.ExternalJobPostingID)
		}
		return out
	}
	if got := ids(e.srv.ExportJobs(outsider.URN)); len(got) != 0 {
		t.Errorf("a seat outside every ACL sees jobs %v", got)
	}
	want := visible(d.Persons[1])
	if got := ids(e.srv.ExportJobs(insider.URN)); len(want) == 0 || !slices.Equal(got, want) {
		t.Errorf("insider sees %v, want %v", got, want)
	}
	member := e.srv.AddMember(rscmock.Member{FirstName: "Barbara", LastName: "Liskov"})
	if _, _, err := e.srv.Export(ctx, outsider.URN, member.URN, want[0]); !errors.Is(err, rscmock.ErrJobNotVisible) {
		t.Errorf("outsider exported to private job %s: err = %v", want[0], err)
	}
	// Remove the insider from the ACL of the first job: pushed as a delete.
	for _, as := range e.store.Records(tenantID, rscsync.ACLAssignees) {
		if as.Ref.Parent == string(d.Persons[1]) && aclJob[as.Ref.ID] == want[0] {
			e.store.Delete(tenantID, rscsync.ACLAssignees, as.Ref)
		}
	}
	if err := r.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if got := ids(e.srv.ExportJobs(insider.URN)); slices.Contains(got, want[0]) || !slices.Equal(got, visible(d.Persons[1])) {
		t.Errorf("after removal the insider sees %v, want %v", got, visible(d.Persons[1]))
	}

	// InMails and notes.
	if _, err := e.srv.SendInMail(insider.URN, member.URN, "Role", "Confidential salary range"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.srv.AddProspectNote(insider.URN, member.URN, "Private: do not share", true); err != nil {
		t.Fatal(err)
	}
	if _, err := e.srv.AddProspectNote(insider.URN, member.URN, "Shared note", false); err != nil {
		t.Fatal(err)
	}
	time.Sleep(10 * time.Millisecond)
	if err := r.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	pulled := e.store.Pulled(tenantID)
	if len(pulled.InMails) != 1 || !slices.Contains(pulled.InMails[0].Recipients, member.URN) || pulled.InMails[0].Author != insider.URN {
		t.Errorf("pulled InMails = %+v", pulled.InMails)
	}
	for _, n := range pulled.Notes {
		if strings.Contains(n.Note, "Private") {
			t.Errorf("a private note reached the ATS: %+v", n)
		}
	}
	if len(pulled.Notes) != 1 {
		t.Errorf("pulled %d notes, want the shared one", len(pulled.Notes))
	}
	events, _, err := e.tenant.Client.InMails.List(ctx, rsc.InMailListOptions{Viewer: outsider.URN})
	if err != nil || len(events) != 0 {
		t.Errorf("another seat reads the insider's InMails: %+v %v", events, err)
	}
	other := e.srv.AddCustomer(rscmock.CustomerSpec{Name: "Other", Seats: 1})
	oc := e.srv.ClientFor(other, v2Exports())
	if _, _, err := oc.InMails.List(ctx, rsc.InMailListOptions{Viewer: insider.URN}); !errors.Is(err, rsc.ErrForbidden) {
		t.Errorf("another customer read the insider's InMails: err = %v", err)
	}
}
