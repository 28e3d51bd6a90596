// Package chaostest runs the sync engines through LinkedIn faults (5xx,
// dropped connections, 429 bursts, answers lost after LinkedIn committed a
// write) on a store under test, and checks that they converge: LinkedIn
// holds every record, deleted ones are gone, nothing is parked, and no
// write whose answer the client received is sent again. It is the chaos
// test of rsc/sync (which runs on memstore) for the rscstore modules.
package chaostest

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/rsckit/rsckit/internal/atsgen"
	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rscmock"
	"github.com/rsckit/rsckit/rscstore/internal/hosttest"
)

// Target is a full store under test: the engine state of an rscstore
// module composed with a hosttest.Host, and the vendor's write path.
type Target struct {
	// Store is the composed store the Runner runs on.
	Store rscsync.Store
	// Host holds the records (Store reads them from it).
	Host *hosttest.Host
	// Put stores a record and records its upsert intent; Delete removes one
	// and records its delete intent.
	Put    func(ctx context.Context, tenant string, r rscsync.Resource, rec rscsync.Record) error
	Delete func(ctx context.Context, tenant string, r rscsync.Resource, ref rscsync.Ref) error
	// Pending counts the tenant's intents not yet completed.
	Pending func(ctx context.Context, tenant string) (int, error)
	// Parked returns the tenant's parked records.
	Parked func(ctx context.Context, tenant string) ([]rscsync.Parked, error)
}

const tenantID = "acme"

// acks records the X-Li-Uuid of every 2xx answer the client received.
type acks struct {
	next http.RoundTripper

	mu       sync.Mutex
	acked    map[string]bool
	byStatus map[int]int
}

func (a *acks) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := a.next.RoundTrip(r)
	if err != nil {
		return resp, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.byStatus[resp.StatusCode]++
	if id := resp.Header.Get("X-Li-Uuid"); id != "" && resp.StatusCode/100 == 2 {
		a.acked[id] = true
	}
	return resp, nil
}

func (a *acks) ackedOf(ids []string) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	n := 0
	for _, id := range ids {
		if a.acked[id] {
			n++
		}
	}
	return n
}

// RunLostAnswers backfills a generated ATS and then pushes live changes
// (updated candidates, deleted stages) through a fault mix that includes
// answers lost after LinkedIn committed, and checks convergence.
func RunLostAnswers(t *testing.T, tg Target) {
	t.Helper()
	ctx := t.Context()
	srv := rscmock.NewServer(t, rscmock.WithRecordsPerMinute(0), rscmock.WithSeed(78),
		rscmock.WithCallbackClient(&http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: http.StatusOK, Body: http.NoBody, Request: r}, nil // callbacks are not under test
		})}))
	a := &acks{next: http.DefaultTransport, acked: map[string]bool{}, byStatus: map[int]int{}}
	c := srv.Client(rsc.WithTransport(a), rsc.WithTimeout(250*time.Millisecond), rsc.WithVersionedEndpoints(false), // one request per parent: many requests, many faults
		rsc.WithRetryPolicy(rsc.RetryPolicy{MaxRetries: 3, MinWait: time.Millisecond, MaxWait: 10 * time.Millisecond}))
	def := srv.Default()
	tenant := rscsync.Tenant{ID: tenantID, Client: c, Organization: def.Organization, Contract: def.Contract}

	d := atsgen.Generate(23, 120, time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC))
	for _, r := range rscsync.Resources() {
		for _, rec := range d.Records[r] {
			tg.Host.Put(tenantID, r, rec) // existed before the integration: no intent
		}
	}
	srv.InjectFault(rscmock.Fault{Status: http.StatusServiceUnavailable, Rate: 0.05})
	srv.InjectFault(rscmock.Fault{Drop: true, Rate: 0.02})
	srv.InjectFault(rscmock.Fault{Burst429: 3, Rate: 0.02})
	srv.InjectFault(rscmock.Fault{Status: http.StatusServiceUnavailable, AfterCommit: true, Rate: 0.10})
	srv.InjectFault(rscmock.Fault{Drop: true, AfterCommit: true, Rate: 0.04})

	r, err := rscsync.NewRunner(tg.Store, rscsync.Tenants{tenant}, rscsync.Config{
		Pull: rscsync.PullConfig{Disabled: true}, MaxBackoff: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	for pass := 0; ; pass++ {
		if err = r.SyncOnce(ctx); err == nil {
			break
		}
		if pass == 60 {
			t.Fatalf("backfill: SyncOnce still failing after 60 passes: %v", err)
		}
	}

	changed := map[rscsync.Ref]bool{}
	for i, rec := range tg.Host.Records(tenantID, rscsync.Candidates)[:20] {
		changed[rec.Ref] = true
		v := rec.Value.(model.Candidate)
		v.CurrentCompanyName = "Lost Answers " + string(rune('A'+i%26))
		v.ATSLastModifiedAt++
		if err := tg.Put(ctx, tenantID, rscsync.Candidates, rscsync.Record{Ref: rec.Ref, Value: v}); err != nil {
			t.Fatal(err)
		}
	}
	var deleted []rscsync.Ref
	for _, rec := range tg.Host.Records(tenantID, rscsync.Stages)[:15] {
		if err := tg.Delete(ctx, tenantID, rscsync.Stages, rec.Ref); err != nil {
			t.Fatal(err)
		}
		deleted = append(deleted, rec.Ref)
	}
	for pass := 0; ; pass++ {
		_ = r.SyncOnce(ctx)
		n, err := tg.Pending(ctx, tenantID)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
		if pass == 200 {
			t.Fatalf("%d intents still queued after 200 passes", n)
		}
	}
	srv.ClearFaults()

	org := tenant.Organization
	repeated := 0
	for _, res := range rscsync.Resources() {
		for _, rec := range tg.Host.Records(tenantID, res) {
			if res == rscsync.Jobs {
				continue // checked below: a job is looked up by id
			}
			s, ok := synced(srv, org, res, rec.Ref)
			if !ok {
				t.Errorf("%s %v: missing at LinkedIn", res, rec.Ref)
				continue
			}
			want := 1
			if res == rscsync.Candidates && changed[rec.Ref] {
				want = 2
			}
			acked := a.ackedOf(s)
			if acked > want {
				t.Errorf("%s %v: LinkedIn accepted and acknowledged %d writes, want at most %d", res, rec.Ref, acked, want)
			}
			if len(s) > acked {
				repeated++
			}
		}
	}
	if got, want := len(srv.Jobs(org)), len(tg.Host.Records(tenantID, rscsync.Jobs)); got != want {
		t.Errorf("LinkedIn has %d jobs, the ATS %d", got, want)
	}
	for _, ref := range deleted {
		if _, ok := synced(srv, org, rscsync.Stages, ref); ok {
			t.Errorf("deleted stage %v still at LinkedIn", ref)
		}
	}
	if p, err := tg.Parked(ctx, tenantID); err != nil || len(p) != 0 {
		t.Errorf("faults parked %d records (%v): %+v", len(p), err, p)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.byStatus[http.StatusServiceUnavailable] == 0 {
		t.Errorf("faults not exercised: answers %v", a.byStatus)
	}
	t.Logf("%d records written again after a lost answer; answers by status %v", repeated, a.byStatus)
}

// synced returns the write requests LinkedIn accepted for a record, and
// whether LinkedIn holds it.
func synced(srv *rscmock.Server, org model.URN, r rscsync.Resource, ref rscsync.Ref) ([]string, bool) {
	cand := func(id string) model.CandidateKey {
		return model.CandidateKey{IntegrationContext: org, ATSCandidateID: id}
	}
	app := func(id string) model.ApplicationKey {
		return model.ApplicationKey{IntegrationContext: org, ATSJobApplicationID: id}
	}
	switch r {
	case rscsync.Candidates:
		s, ok := srv.SyncedCandidate(cand(ref.ID))
		return s.WriteRequests, ok
	case rscsync.CandidateNotes:
		s, ok := srv.SyncedCandidateNote(model.CandidateNoteKey{Candidate: cand(ref.Parent), NoteID: ref.ID})
		return s.WriteRequests, ok
	case rscsync.Applications:
		s, ok := srv.SyncedApplication(app(ref.ID))
		return s.WriteRequests, ok
	case rscsync.ApplicationNotes:
		s, ok := srv.SyncedApplicationNote(model.ApplicationNoteKey{Application: app(ref.Parent), NoteID: ref.ID})
		return s.WriteRequests, ok
	case rscsync.Stages:
		s, ok := srv.SyncedStage(model.StageKey{Application: app(ref.Parent), StageID: ref.ID})
		return s.WriteRequests, ok
	case rscsync.InterviewFeedback:
		s, ok := srv.SyncedFeedback(model.InterviewFeedbackKey{Application: app(ref.Parent), FeedbackID: ref.ID})
		return s.WriteRequests, ok
	case rscsync.EntityACLs:
		s, ok := srv.SyncedACL(model.EntityACLKey{IntegrationContext: org, ATSEntityACLID: ref.ID, ATSEntityID: ref.Parent, ATSEntityType: model.EntityTypeJobPosting})
		return s.WriteRequests, ok
	case rscsync.ACLAssignees:
		s, ok := srv.SyncedAssignee(model.ACLAssigneeKey{IntegrationContext: org, ATSEntityACLID: ref.ID, Assignee: model.URN(ref.Parent), ATSEntityType: model.EntityTypeJobPosting})
		return s.WriteRequests, ok
	}
	return nil, false
}

// roundTripFunc is a function as an http.RoundTripper.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
