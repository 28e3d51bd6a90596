package rscsync_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/rsckit/rsckit/internal/atsgen"
	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rscmock"
)

// newEnvWithCallback starts an env whose tenant's CALLBACK_URL (HTTPS, as
// LinkedIn requires) is an rsc.NotificationHandler queueing into the store.
func newEnvWithCallback(t *testing.T) *env {
	var e *env
	h := &rsc.NotificationHandler{Tokens: tokensOf(tenantTokens), Handle: func(ctx context.Context, n model.Notification) error {
		return e.store.Enqueue(ctx, rscsync.NotificationItem(tenantID, n, time.Now()))
	}}
	mux := http.NewServeMux() // this tenant's path only, as an ATS routes them
	mux.Handle("/linkedin/acme/", h)
	cb := httptest.NewTLSServer(mux)
	t.Cleanup(cb.Close)
	// LinkedIn requires port 443: the callback URL names example.com (which
	// the test certificate covers) and the mock's client dials the test server.
	tr := cb.Client().Transport.(*http.Transport).Clone()
	tr.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, cb.Listener.Addr().String())
	}
	e = newEnv(t, []rscmock.Option{rscmock.WithCallbackClient(&http.Client{Transport: tr, Timeout: 5 * time.Second})})
	e.setCallbackURL(t)
	return e
}

// enable enables every RSC integration of the tenant as its Recruiter admin
// would, after configuring the CALLBACK_URL that ONE_CLICK_EXPORT requires.
func (e *env) enable(t *testing.T) {
	t.Helper()
	e.setCallbackURL(t)
	for _, k := range (rsc.EnableRequest{Organization: e.tenant.Organization, Contract: e.tenant.Contract}).Keys() {
		if _, err := e.srv.SetIntegrationEnabled(t.Context(), k, true); err != nil {
			t.Fatal(err)
		}
	}
}

func pullConfig() rscsync.Config {
	return rscsync.Config{Pull: rscsync.PullConfig{Settle: time.Millisecond}}
}

func TestPullProspectInteractions(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	e.enable(t)
	seat := e.srv.Default().Seats[0]
	member := e.srv.AddMember(rscmock.Member{FirstName: "Grace", LastName: "Hopper", Email: "grace@example.com", Headline: "Rear Admiral"})
	if _, err := e.srv.SendInMail(seat.URN, member.URN, "Hello", "Would you like to chat?"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.srv.ReplyInMail(seat.URN, member.URN, "Sure, here are my details", true); err != nil {
		t.Fatal(err)
	}
	if _, err := e.srv.AddProspectNote(seat.URN, member.URN, "Strong Go background", false); err != nil {
		t.Fatal(err)
	}
	time.Sleep(5 * time.Millisecond) // past the settle window
	r := e.runner(t, pullConfig())
	if err := r.SyncOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	p := e.store.Pulled(tenantID)
	if len(p.Seats) != 3 {
		t.Errorf("%d seats pulled, want 3", len(p.Seats))
	}
	if len(p.InMails) != 2 {
		t.Errorf("%d InMail events pulled, want the InMail and its reply", len(p.InMails))
	}
	if len(p.Stubs) != 1 || p.Stubs[0].EmailAddress != member.Email {
		t.Errorf("stubs %+v, want one with %s", p.Stubs, member.Email)
	}
	if len(p.Notes) != 1 || p.Notes[0].Note != "Strong Go background" {
		t.Errorf("notes %+v", p.Notes)
	}
	if len(p.Integrations) != 4 {
		t.Errorf("%d integrations pulled, want 4", len(p.Integrations))
	}
	// A second pass reads new windows only: nothing is read twice, and what
	// arrives in between is not missed.
	if _, err := e.srv.SendInMail(seat.URN, member.URN, "Follow-up", "Any news?"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(5 * time.Millisecond)
	if err := r.SyncOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n := len(e.store.Pulled(tenantID).InMails); n != 3 {
		t.Errorf("%d InMail events after the second pass, want 3", n)
	}
}

func TestExportIntakeChecksTheTenant(t *testing.T) {
	t.Parallel()
	e := newEnvWithCallback(t)
	e.enable(t)
	e.seed(atsgen.Generate(9, 5, genNow))
	r := e.runner(t, pullConfig())
	if err := r.SyncOnce(t.Context()); err != nil { // jobs reach LinkedIn
		t.Fatal(err)
	}
	// Jobs without ACLs are visible to everyone once JOB_POSTING_VIEWERS says so.
	if _, err := e.tenant.Client.Configurations.BatchUpdate(t.Context(), []model.IntegrationConfiguration{{
		Key: model.ConfigurationKey{Integration: model.IntegrationKey{IntegrationContext: e.tenant.Organization,
			IntegrationType: model.IntegrationTypeOneClickExport, TenantType: model.TenantTypeRecruiter}, Name: model.ConfigJobPostingViewers},
		Value: model.ConfigurationValue{String: model.AllProductUsers}}}); err != nil {
		t.Fatal(err)
	}
	seat := e.srv.Default().Seats[0]
	jobs := e.srv.ExportJobs(seat.URN)
	if len(jobs) == 0 {
		t.Fatal("no job visible for export")
	}
	member := e.srv.AddMember(rscmock.Member{FirstName: "Alan", LastName: "Turing", Email: "alan@example.com"})
	reqID, d, err := e.srv.Export(t.Context(), seat.URN, member.URN, jobs[0].ExternalJobPostingID)
	if err != nil || d.Status != 200 {
		t.Fatalf("export: %v, delivery %+v", err, d)
	}
	// LinkedIn redelivers: the notification is processed once.
	if err := e.store.Enqueue(t.Context(), rscsync.NotificationItem(tenantID, d.Notification, time.Now())); err != nil {
		t.Fatal(err)
	}
	if err := r.SyncOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	ex := e.store.Exports(tenantID)
	if len(ex) != 1 || ex[0].RequestID != reqID || ex[0].Candidate.FirstName != member.FirstName || ex[0].ExternalJobPostingID != jobs[0].ExternalJobPostingID {
		t.Fatalf("exports %+v", ex)
	}

	// An export notification of another customer, queued for this tenant by
	// mistake, is rejected: the export's integrationContext is not ours.
	other := e.srv.AddCustomer(rscmock.CustomerSpec{Name: "Other", Seats: 1})
	oc := e.srv.ClientFor(other, v2Exports())
	if err := oc.Configurations.SetCallbackURL(t.Context(), other.Organization, "https://example.com/linkedin/other"); err != nil {
		t.Fatal(err)
	}
	for _, k := range (rsc.EnableRequest{Organization: other.Organization}).Keys() {
		if _, err := e.srv.SetIntegrationEnabled(t.Context(), k, true); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := oc.Configurations.BatchUpdate(t.Context(), []model.IntegrationConfiguration{{
		Key: model.ConfigurationKey{Integration: model.IntegrationKey{IntegrationContext: other.Organization,
			IntegrationType: model.IntegrationTypeOneClickExport, TenantType: model.TenantTypeRecruiter}, Name: model.ConfigJobPostingViewers},
		Value: model.ConfigurationValue{String: model.AllProductUsers}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := oc.JobPostings.BatchCreate(t.Context(), []model.JobPosting{{IntegrationContext: other.Organization, ExternalJobPostingID: "OJ1",
		Operation: model.OperationCreate, Title: "Other job", ListedAt: 1700000000000, Location: "Paris, France",
		Description:     "A job of another customer, long enough to pass LinkedIn's rule of at least one hundred characters in a description.",
		CompanyApplyURL: "https://other.example.com/j/1", Availability: model.AvailabilityPublic}}); err != nil {
		t.Fatal(err)
	}
	otherReq, od, err := e.srv.Export(t.Context(), other.Seats[0].URN, member.URN, "OJ1")
	if err != nil {
		t.Fatal(err)
	}
	// The other tenant's export is fetched with our token: LinkedIn refuses it
	// (403) or the context check does; either way it must not be applied.
	if err := e.store.Enqueue(t.Context(), rscsync.NotificationItem(tenantID, model.Notification{ID: otherReq, Type: od.Notification.Type}, time.Now())); err != nil {
		t.Fatal(err)
	}
	_ = r.SyncOnce(t.Context())
	if ex := e.store.Exports(tenantID); len(ex) != 1 {
		t.Errorf("another customer's export reached this tenant: %+v", ex)
	}
}
