package rscsync_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rsckit/rsckit/internal/atsgen"
	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rsc/sync/memstore"
	"github.com/rsckit/rsckit/rscmock"
)

// handlerTransport serves requests in memory (no sockets), so tests can run
// the whole stack inside a testing/synctest bubble.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	in := r
	if in.Body == nil { // a server request always has a Body
		in = r.Clone(r.Context())
		in.Body = http.NoBody
	}
	t.h.ServeHTTP(rec, in)
	resp := rec.Result()
	resp.Request = r
	return resp, nil
}

// counting wraps a transport and counts API requests (not token requests).
type counting struct {
	next     http.RoundTripper
	requests atomic.Int64
	mu       sync.Mutex
	onReq    func(r *http.Request)
}

func (c *counting) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Path != "/oauth/v2/accessToken" {
		c.requests.Add(1)
		c.mu.Lock()
		f := c.onReq
		c.mu.Unlock()
		if f != nil {
			f(r)
		}
	}
	return c.next.RoundTrip(r)
}

// countPath counts e's API requests whose path ends with suffix.
func (e *env) countPath(suffix string) *atomic.Int64 {
	var n atomic.Int64
	e.count.mu.Lock()
	defer e.count.mu.Unlock()
	e.count.onReq = func(r *http.Request) {
		if strings.HasSuffix(r.URL.Path, suffix) {
			n.Add(1)
		}
	}
	return &n
}

// env is one tenant on an rscmock server with a memstore.
type env struct {
	srv    *rscmock.Server
	store  *memstore.Store
	tenant rscsync.Tenant
	count  *counting
}

const tenantID = "acme"

// v2Exports keeps exportedCandidates and atsPurgedExportedCandidates on
// /v2, which today's rscmock serves only there. Drop it once the fake
// serves rest/exportedCandidates and rest/atsPurgedExportedCandidates.
func v2Exports() rsc.Option {
	return rsc.WithV2For("exportedCandidates", "atsPurgedExportedCandidates")
}

func fastRetries() rsc.Option {
	return rsc.WithRetryPolicy(rsc.RetryPolicy{MaxRetries: 3, MinWait: time.Millisecond, MaxWait: 10 * time.Millisecond})
}

// tenantCallbackURL is the tenant's CALLBACK_URL, which LinkedIn requires
// before ONE_CLICK_EXPORT is enabled (see env.setCallbackURL).
const tenantCallbackURL = "https://example.com/linkedin/acme"

// tenantTokens are the test tenant's callback tokens (see
// rsc.NotificationHandler): LinkedIn posts to tenantCallbackURL + "/" + token.
var tenantTokens = rsc.CallbackTokens{Current: "LZ4nJqGkq1cJ2fXy3B2Gm8YyZkL3x3p1W2qS0sT5d8A"}

// tokensOf returns fixed tokens for NotificationHandler.Tokens.
func tokensOf(t rsc.CallbackTokens) func(context.Context) (rsc.CallbackTokens, error) {
	return func(context.Context) (rsc.CallbackTokens, error) { return t, nil }
}

// discardCallbacks answers every notification the mock POSTs with 200, in
// memory; newEnvWithCallback replaces it with one that queues them.
func discardCallbacks() rscmock.Option {
	return rscmock.WithCallbackClient(&http.Client{Transport: handlerTransport{http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})}})
}

// setCallbackURL configures the tenant's CALLBACK_URL.
func (e *env) setCallbackURL(t *testing.T) {
	t.Helper()
	if err := e.tenant.Client.Configurations.RegisterCallbackURL(t.Context(), e.tenant.Organization, tenantCallbackURL, tenantTokens); err != nil {
		t.Fatal(err)
	}
}

// newEnv starts a listening rscmock (real loopback HTTP).
func newEnv(t *testing.T, mockOpts []rscmock.Option, clientOpts ...rsc.Option) *env {
	t.Helper()
	srv := rscmock.NewServer(t, append([]rscmock.Option{rscmock.WithRecordsPerMinute(0), discardCallbacks()}, mockOpts...)...)
	cnt := &counting{next: http.DefaultTransport}
	c := srv.Client(append([]rsc.Option{rsc.WithTransport(cnt), fastRetries(), v2Exports()}, clientOpts...)...)
	def := srv.Default()
	return &env{srv: srv, store: memstore.New(), count: cnt,
		tenant: rscsync.Tenant{ID: tenantID, Client: c, Organization: def.Organization, Contract: def.Contract}}
}

// newMemEnv serves rscmock in memory, for synctest bubbles.
func newMemEnv(t *testing.T, mockOpts []rscmock.Option, clientOpts ...rsc.Option) *env {
	t.Helper()
	srv := rscmock.New(append([]rscmock.Option{rscmock.WithRecordsPerMinute(0), discardCallbacks()}, mockOpts...)...)
	srv.SetBaseURL("http://rscmock.test")
	cnt := &counting{next: handlerTransport{srv.Handler()}}
	def := srv.Default()
	c, err := rsc.NewClient(append([]rsc.Option{rsc.WithBaseURL(srv.URL()), rsc.WithTokenURL(srv.TokenURL()),
		rsc.WithClientCredentials(def.ClientID, def.ClientSecret), rsc.WithTransport(cnt),
		rsc.WithRateLimits(rsc.NoRateLimits()), fastRetries(), v2Exports()}, clientOpts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return &env{srv: srv, store: memstore.New(), count: cnt,
		tenant: rscsync.Tenant{ID: tenantID, Client: c, Organization: def.Organization, Contract: def.Contract}}
}

func (e *env) seed(d atsgen.Dataset) {
	for _, r := range rscsync.Resources() {
		e.store.Seed(tenantID, r, d.Records[r]...)
	}
}

func (e *env) runner(t *testing.T, cfg rscsync.Config) *rscsync.Runner {
	t.Helper()
	if cfg.MaxBackoff == 0 {
		cfg.MaxBackoff = 20 * time.Millisecond
	}
	r, err := rscsync.NewRunner(e.store, rscsync.Tenants{e.tenant}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// linkedInCopy reads, through the mock's typed inspection, what LinkedIn
// holds for a Store record: its body (nil when absent), the X-Li-Uuid of
// every request whose write of it LinkedIn accepted, and whether LinkedIn
// holds it now.
func linkedInCopy(srv *rscmock.Server, org model.URN, r rscsync.Resource, ref rscsync.Ref) (json.RawMessage, []string, bool) {
	cand := func(id string) model.CandidateKey {
		return model.CandidateKey{IntegrationContext: org, ATSCandidateID: id}
	}
	app := func(id string) model.ApplicationKey {
		return model.ApplicationKey{IntegrationContext: org, ATSJobApplicationID: id}
	}
	switch r {
	case rscsync.Candidates:
		return fromSynced(srv.SyncedCandidate(cand(ref.ID)))
	case rscsync.CandidateNotes:
		return fromSynced(srv.SyncedCandidateNote(model.CandidateNoteKey{Candidate: cand(ref.Parent), NoteID: ref.ID}))
	case rscsync.Applications:
		return fromSynced(srv.SyncedApplication(app(ref.ID)))
	case rscsync.ApplicationNotes:
		return fromSynced(srv.SyncedApplicationNote(model.ApplicationNoteKey{Application: app(ref.Parent), NoteID: ref.ID}))
	case rscsync.Stages:
		return fromSynced(srv.SyncedStage(model.StageKey{Application: app(ref.Parent), StageID: ref.ID}))
	case rscsync.InterviewFeedback:
		return fromSynced(srv.SyncedFeedback(model.InterviewFeedbackKey{Application: app(ref.Parent), FeedbackID: ref.ID}))
	case rscsync.EntityACLs:
		return fromSynced(srv.SyncedACL(model.EntityACLKey{IntegrationContext: org, ATSEntityACLID: ref.ID, ATSEntityID: ref.Parent, ATSEntityType: model.EntityTypeJobPosting}))
	case rscsync.ACLAssignees:
		return fromSynced(srv.SyncedAssignee(model.ACLAssigneeKey{IntegrationContext: org, ATSEntityACLID: ref.ID, Assignee: model.URN(ref.Parent), ATSEntityType: model.EntityTypeJobPosting}))
	case rscsync.Jobs:
		return fromSynced(srv.SyncedJob(rscmock.JobKey{Organization: org, ExternalJobPostingID: ref.ID}))
	}
	return nil, nil, false
}

func fromSynced[K any](s rscmock.Synced[K], ok bool) (json.RawMessage, []string, bool) {
	return s.Body, s.WriteRequests, ok
}

// linkedInBody is linkedInCopy's body and presence.
func linkedInBody(srv *rscmock.Server, org model.URN, r rscsync.Resource, ref rscsync.Ref) (json.RawMessage, bool) {
	b, _, ok := linkedInCopy(srv, org, r, ref)
	return b, ok
}

// assertLinkedInEqualsStore checks that LinkedIn (the mock) holds exactly
// the store's records: every record with the same body, and no others.
func (e *env) assertLinkedInEqualsStore(t *testing.T) {
	t.Helper()
	org := e.tenant.Organization
	for _, r := range rscsync.Resources() {
		recs := e.store.Records(tenantID, r)
		if r == rscsync.Jobs {
			jobs := e.srv.Jobs(org)
			if len(jobs) != len(recs) {
				t.Errorf("jobs: LinkedIn has %d, store %d", len(jobs), len(recs))
			}
			byID := map[string]rscmock.Job{}
			for _, j := range jobs {
				byID[j.ExternalJobPostingID] = j
			}
			for _, rec := range recs {
				want := rec.Value.(model.JobPosting)
				got, ok := byID[rec.Ref.ID]
				if !ok || got.Title != want.Title || got.Closed != (want.State == model.JobStateClosed) {
					t.Errorf("job %s: LinkedIn %+v, store %+v", rec.Ref.ID, got, want)
				}
			}
			continue
		}
		for _, rec := range recs {
			got, ok := linkedInBody(e.srv, org, r, rec.Ref)
			if !ok {
				t.Errorf("%s %v: missing at LinkedIn", r, rec.Ref)
				continue
			}
			want, _ := json.Marshal(rec.Value)
			var w, g map[string]any
			json.Unmarshal(want, &w)
			json.Unmarshal(got, &g)
			if d := cmp.Diff(w, g); d != "" {
				t.Errorf("%s %v differs (-store +LinkedIn):\n%s", r, rec.Ref, d)
			}
		}
	}
	if got, want := len(e.srv.Candidates(org)), len(e.store.Records(tenantID, rscsync.Candidates)); got != want {
		t.Errorf("candidates: LinkedIn has %d, store %d", got, want)
	}
	if got, want := len(e.srv.Applications(org)), len(e.store.Records(tenantID, rscsync.Applications)); got != want {
		t.Errorf("applications: LinkedIn has %d, store %d", got, want)
	}
}

// syncUntilClean runs SyncOnce until it succeeds (faults may fail a pass).
func syncUntilClean(t *testing.T, ctx context.Context, r *rscsync.Runner, maxPasses int) {
	t.Helper()
	var err error
	for range maxPasses {
		if err = r.SyncOnce(ctx); err == nil {
			return
		}
	}
	t.Fatalf("SyncOnce still failing after %d passes: %v", maxPasses, err)
}

// backfillComplete reports whether every backfill stream of tenantID in
// store is complete (the streams run at once, so none is the last).
func backfillComplete(ctx context.Context, store rscsync.CheckpointStore) bool {
	for _, r := range append(rscsync.Resources(), rscsync.Attachments) {
		if cp, _ := store.LoadCheckpoint(ctx, rscsync.StreamID{Tenant: tenantID, Name: "backfill/" + string(r)}); !cp.Complete {
			return false
		}
	}
	return true
}
