package browser

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rsc/sync/memstore"
	"github.com/rsckit/rsckit/rscmock"
)

// TenantID is the ATS's id of the Env's customer.
const TenantID = "acme"

// CallbackURL is the base of the CALLBACK_URL the Env registers (with the
// customer's secret token appended: Env.RegisteredURL). LinkedIn requires
// HTTPS on port 443, so it names example.com (which the test certificate
// covers) and the mock's callback client dials the local TLS server instead.
const CallbackURL = "https://example.com/linkedin/acme"

// Env is an ATS in one process, wired to an rscmock server as a customer's
// integration would be: its jobs and a candidate synced to LinkedIn, every
// RSC integration enabled, JOB_POSTING_VIEWERS=ALL_PRODUCT_USERS so every
// seat may export to every job, and the mock's notifications POSTed to an
// rsc.NotificationHandler that queues them in the Store.
type Env struct {
	// Mock is the fake LinkedIn, listening on 127.0.0.1.
	Mock *rscmock.Server
	// Store holds the ATS records, the outbox and the queued notifications.
	Store *memstore.Store
	// ATS is the reference ATS the Intake turns exports into candidates of.
	ATS *memstore.ATS
	// Runner runs the engines; call Runner.SyncOnce after a recruiter action.
	Runner *rscsync.Runner
	// Tenant is the customer as the engines know it; Tenant.Client calls the mock.
	Tenant rscsync.Tenant
	// Seat is the Recruiter seat of the ATS user U1 (Rita Recruiter): the
	// second seat of the customer, so a page must choose it.
	Seat rscmock.Seat
	// Jobs are the synced jobs J1 and J2, as the seat's export list shows them.
	Jobs []rscmock.Job
	// CandidateID is the synced candidate C1 (Katherine Johnson,
	// katherine@ats.example), whom no member matches at first.
	CandidateID string

	// Tokens are the customer's callback tokens; RegisteredURL is
	// CallbackURL with the current one, where LinkedIn posts.
	Tokens        rsc.CallbackTokens
	RegisteredURL string

	callback *httptest.Server
}

// NewEnv starts an Env and runs one sync pass, so LinkedIn has its jobs and
// candidate. Close it when done.
func NewEnv(ctx context.Context) (*Env, error) {
	tokens, err := rsc.NewCallbackTokens()
	if err != nil {
		return nil, err
	}
	registered, err := rsc.CallbackURL(CallbackURL, tokens.Current)
	if err != nil {
		return nil, err
	}
	e := &Env{Store: memstore.New(), CandidateID: "C1", Tokens: tokens, RegisteredURL: registered}
	h := &rsc.NotificationHandler{
		Tokens: func(context.Context) (rsc.CallbackTokens, error) { return e.Tokens, nil },
		Handle: func(ctx context.Context, n model.Notification) error {
			return e.Store.Enqueue(ctx, rscsync.NotificationItem(TenantID, n, time.Now()))
		}}
	e.callback = httptest.NewTLSServer(h)
	tr := e.callback.Client().Transport.(*http.Transport).Clone()
	addr := e.callback.Listener.Addr().String()
	tr.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}
	e.Mock = rscmock.New(rscmock.Options{Listen: true, RecordsPerMinute: -1,
		CallbackClient: &http.Client{Transport: tr, Timeout: 5 * time.Second}})
	if err := e.setup(ctx); err != nil {
		e.Close()
		return nil, err
	}
	return e, nil
}

func (e *Env) setup(ctx context.Context) error {
	def := e.Mock.Default()
	if len(def.Seats) < 2 {
		return fmt.Errorf("browser: the mock's default customer has %d seats, want 2", len(def.Seats))
	}
	client, err := rsc.NewClient(rsc.WithBaseURL(e.Mock.URL()), rsc.WithTokenURL(e.Mock.TokenURL()),
		rsc.WithClientCredentials(def.ClientID, def.ClientSecret), rsc.WithRateLimits(rsc.NoRateLimits()),
		rsc.WithRetryPolicy(rsc.RetryPolicy{MaxRetries: 3, MinWait: time.Millisecond, MaxWait: 20 * time.Millisecond}),
		rsc.WithV2For("exportedCandidates", "atsPurgedExportedCandidates")) // served on /v2 only by today's rscmock
	if err != nil {
		return fmt.Errorf("browser: client: %w", err)
	}
	e.Tenant = rscsync.Tenant{ID: TenantID, Client: client, Organization: def.Organization, Contract: def.Contract}
	e.Seat = def.Seats[1]

	// The ATS registers its callback; the Recruiter admin enables every
	// integration (LinkedIn notifies the callback of each change).
	if err := client.Configurations.RegisterCallbackURL(ctx, def.Organization, CallbackURL, e.Tokens); err != nil {
		return fmt.Errorf("browser: set the callback URL: %w", err)
	}
	for _, k := range (rsc.EnableRequest{Organization: def.Organization, Contract: def.Contract}).Keys() {
		d, err := e.Mock.SetIntegrationEnabled(ctx, k, true)
		if err != nil {
			return fmt.Errorf("browser: enable %s: %w", k.IntegrationType, err)
		}
		if d.Err != "" || d.Status != http.StatusOK {
			return fmt.Errorf("browser: enable %s: notification to %s: status %d %s", k.IntegrationType, d.URL, d.Status, d.Err)
		}
	}
	if _, err := client.Configurations.BatchUpdate(ctx, []model.IntegrationConfiguration{{
		Key: model.ConfigurationKey{Integration: model.IntegrationKey{IntegrationContext: def.Organization,
			IntegrationType: model.IntegrationTypeOneClickExport, TenantType: model.TenantTypeRecruiter}, Name: model.ConfigJobPostingViewers},
		Value: model.ConfigurationValue{String: model.AllProductUsers}}}); err != nil {
		return fmt.Errorf("browser: set JOB_POSTING_VIEWERS: %w", err)
	}

	// The ATS: one user signed in with the seat, two jobs, one candidate.
	e.ATS = memstore.NewATS(e.Store, "US", "https://ats.example.com/candidates/")
	e.ATS.AddUser(TenantID, memstore.User{ID: "U1", Email: "rita@acme-ats.example", FirstName: "Rita", LastName: "Recruiter",
		Seat: e.Seat.URN, Person: e.Seat.Holder.URN})
	listed := model.Millis(time.Now().Add(-24 * time.Hour))
	for _, j := range []struct{ id, title, where string }{
		{"J1", "Software Engineer", "Berlin, Germany"},
		{"J2", "Site Reliability Engineer", "New York, NY"},
	} {
		e.Store.Seed(TenantID, rscsync.Jobs, rscsync.Record{Ref: rscsync.Ref{ID: j.id}, Value: model.JobPosting{
			Title:           j.title,
			Description:     "Join Acme as a " + j.title + ". You will build, test and ship software our customers rely on, with a kind and curious team.",
			ListedAt:        listed,
			Location:        j.where,
			CompanyApplyURL: "https://ats.example.com/jobs/" + j.id,
			Availability:    model.AvailabilityPublic,
			CompanyJobCode:  j.id,
		}})
	}
	e.Store.Seed(TenantID, rscsync.Candidates, rscsync.Record{Ref: rscsync.Ref{ID: e.CandidateID}, Value: model.Candidate{
		FirstName: "Katherine", LastName: "Johnson", EmailAddresses: []string{"katherine@ats.example"},
		CurrentCompanyName: "NASA", CurrentJobTitle: "Mathematician",
		ATSCreatedAt: listed, ATSLastModifiedAt: listed,
		ExternalProfileURL: "https://ats.example.com/candidates/" + e.CandidateID,
	}})

	e.Runner, err = rscsync.NewRunner(e.Store, rscsync.Tenants{e.Tenant}, rscsync.Config{
		Intake:     rscsync.NewIntake(e.ATS, "US", nil),
		Pull:       rscsync.PullConfig{Settle: time.Millisecond},
		MaxBackoff: 20 * time.Millisecond,
	})
	if err != nil {
		return fmt.Errorf("browser: runner: %w", err)
	}
	if err := e.Runner.SyncOnce(ctx); err != nil {
		return fmt.Errorf("browser: first sync: %w", err)
	}
	e.Jobs = e.Mock.ExportJobs(e.Seat.URN)
	if len(e.Jobs) != 2 {
		return fmt.Errorf("browser: the seat may export to %d jobs after the first sync, want 2", len(e.Jobs))
	}
	return nil
}

// CandidatesOf returns the ATS candidates linked to a LinkedIn member.
func (e *Env) CandidatesOf(member model.URN) []memstore.ATSCandidate {
	var out []memstore.ATSCandidate
	for _, c := range e.ATS.Candidates(TenantID) {
		if c.Member == member {
			out = append(out, c)
		}
	}
	return out
}

// Close stops the mock and the callback server. It is safe to call twice.
func (e *Env) Close() {
	e.Mock.Close()
	e.callback.Close()
}
