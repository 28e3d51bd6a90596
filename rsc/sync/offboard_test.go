package rscsync_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rsckit/rsckit/internal/atsgen"
	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rscmock"
)

// offboardEnv is a backfilled tenant with its configurations set, an
// outbox holding a delete and an upsert not yet pushed.
func offboardEnv(t *testing.T, candidates int, mockOpts ...rscmock.Option) (*env, *rscsync.Runner, atsgen.Dataset) {
	t.Helper()
	e := newEnv(t, mockOpts)
	d := atsgen.Generate(41, candidates, genNow)
	e.seed(d)
	e.setCallbackURL(t)
	ctx := t.Context()
	org := e.tenant.Organization
	if _, err := e.tenant.Client.Configurations.BatchUpdate(ctx, []model.IntegrationConfiguration{
		{Key: model.ConfigurationKey{Integration: model.IntegrationKey{IntegrationContext: org, IntegrationType: model.IntegrationTypeOneClickExport, TenantType: model.TenantTypeRecruiter},
			Name: model.ConfigJobPostingViewers}, Value: model.ConfigurationValue{String: model.AllProductUsers}},
		{Key: model.ConfigurationKey{Integration: model.IntegrationKey{IntegrationContext: org, IntegrationType: model.IntegrationTypeInATSIndicator, TenantType: model.TenantTypeRecruiter},
			Name: model.ConfigApplicationViewers}, Value: model.ConfigurationValue{String: model.AllProductUsers}},
	}); err != nil {
		t.Fatal(err)
	}
	r := e.runner(t, rscsync.Config{Pull: rscsync.PullConfig{Disabled: true}})
	if err := r.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	return e, r, d
}

// configurations returns the names of the tenant's configurations LinkedIn has.
func (e *env) configurations(t *testing.T) []string {
	t.Helper()
	org := e.tenant.Organization
	oce := model.IntegrationKey{IntegrationContext: org, IntegrationType: model.IntegrationTypeOneClickExport, TenantType: model.TenantTypeRecruiter}
	ind := model.IntegrationKey{IntegrationContext: org, IntegrationType: model.IntegrationTypeInATSIndicator, TenantType: model.TenantTypeRecruiter}
	es, err := e.tenant.Client.Configurations.BatchGet(t.Context(), []model.ConfigurationKey{
		{Integration: oce, Name: model.ConfigCallbackURL}, {Integration: oce, Name: model.ConfigJobPostingViewers}, {Integration: ind, Name: model.ConfigApplicationViewers}})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, en := range es {
		if en.Err == nil {
			out = append(out, string(en.Key.Name))
		}
	}
	return out
}

// assertNothingAtLinkedIn checks that LinkedIn holds none of the tenant's
// records of d (and of extra) and that every job is closed.
func (e *env) assertNothingAtLinkedIn(t *testing.T, d atsgen.Dataset, extra map[rscsync.Resource][]rscsync.Ref) {
	t.Helper()
	org := e.tenant.Organization
	if n := len(e.srv.Candidates(org)); n != 0 {
		t.Errorf("LinkedIn still has %d candidates", n)
	}
	if n := len(e.srv.Applications(org)); n != 0 {
		t.Errorf("LinkedIn still has %d applications", n)
	}
	left := map[rscsync.Resource]int{}
	for _, r := range rscsync.Resources() {
		refs := extra[r]
		for _, rec := range d.Records[r] {
			refs = append(refs, rec.Ref)
		}
		for _, ref := range refs {
			// Jobs are closed, not deleted: checked apart.
			if r == rscsync.Jobs {
				continue
			}
			if _, ok := linkedInBody(e.srv, org, r, ref); ok {
				left[r]++
			}
		}
	}
	if len(left) > 0 {
		t.Errorf("LinkedIn still has %v", left)
	}
	for _, j := range e.srv.Jobs(org) {
		if !j.Closed {
			t.Errorf("job %s still open", j.ExternalJobPostingID)
		}
	}
}

func TestOffboardDeletesEverythingTheSDKSent(t *testing.T) {
	t.Parallel()
	e, r, d := offboardEnv(t, 300) // the quickstart's size
	ctx := t.Context()
	if got := e.configurations(t); len(got) != 3 {
		t.Fatalf("configurations before: %v", got)
	}
	// Not pushed yet: a note deleted in the ATS (LinkedIn still has it) and
	// a new candidate (LinkedIn does not have it yet).
	gone := d.Records[rscsync.CandidateNotes][0].Ref
	e.store.Delete(tenantID, rscsync.CandidateNotes, gone)
	fresh := driftCandidate()
	e.store.Put(tenantID, rscsync.Candidates, fresh)

	o, err := rscsync.NewOffboarder(e.store, rscsync.Config{})
	if err != nil {
		t.Fatal(err)
	}
	var seen []rscsync.OffboardReport
	before := e.count.requests.Load()
	rep, err := o.Offboard(ctx, e.tenant, rscsync.OffboardRequest{Progress: func(p rscsync.OffboardReport) { seen = append(seen, p) }})
	if err != nil {
		t.Fatal(err)
	}
	sent := e.count.requests.Load() - before
	if !rep.Complete || rep.Started.IsZero() {
		t.Errorf("report: complete %v, started %v", rep.Complete, rep.Started)
	}
	if rep.Requests != sent {
		t.Errorf("report says %d requests, %d were sent", rep.Requests, sent)
	}
	e.assertNothingAtLinkedIn(t, d, map[rscsync.Resource][]rscsync.Ref{rscsync.CandidateNotes: {gone}, rscsync.Candidates: {fresh.Ref}})
	if got := e.configurations(t); len(got) != 0 {
		t.Errorf("configurations left at LinkedIn: %v", got)
	}
	if got := e.store.Intents(tenantID); len(got) != 0 {
		t.Errorf("%d intents left in the outbox", len(got))
	}
	if rep.IntentsDeleted != 2 || len(rep.Configurations) != 3 {
		t.Errorf("intents %d, configurations %v", rep.IntentsDeleted, rep.Configurations)
	}
	for _, p := range rep.Resources {
		want := int64(len(e.store.Records(tenantID, p.Resource)))
		switch {
		case !p.Complete:
			t.Errorf("%s not complete", p.Resource)
		case p.Cascaded && p.Deleted != 0:
			t.Errorf("%s: %d deleted one by one, LinkedIn deletes them with their application", p.Resource, p.Deleted)
		case !p.Cascaded && (p.Deleted != want || p.Total != want):
			t.Errorf("%s: deleted %d of %d, the store has %d", p.Resource, p.Deleted, p.Total, want)
		}
	}
	// Progress grew page by page to the end.
	if len(seen) < 5 {
		t.Fatalf("%d progress reports", len(seen))
	}
	var last int64
	for _, p := range seen {
		done, _ := p.Done()
		if done < last {
			t.Errorf("progress went back from %d to %d", last, done)
		}
		last = done
	}
	if done, total := seen[len(seen)-1].Done(); !seen[len(seen)-1].Complete || done == 0 || done != total {
		t.Errorf("last progress %d/%d complete %v", done, total, seen[len(seen)-1].Complete)
	}
	if len(rep.Purge) == 0 || len(rep.AdminSteps) == 0 {
		t.Errorf("nothing told to the host: %+v %+v", rep.Purge, rep.AdminSteps)
	}
	kinds := map[rscsync.ChangeKind]bool{}
	for _, p := range rep.Purge {
		for _, k := range p.Changes {
			kinds[k] = true
		}
	}
	for _, k := range []rscsync.ChangeKind{rscsync.ChangeExport, rscsync.ChangeStub, rscsync.ChangeInMail, rscsync.ChangeNote} {
		if !kinds[k] {
			t.Errorf("the purge list misses %s", k)
		}
	}
	_, total := rep.Done()
	all := 0
	for _, r := range rscsync.Resources() {
		all += len(e.store.Records(tenantID, r))
	}
	t.Logf("offboarding %d records (%d sent, the others cascaded) took %d requests", all, total, sent)

	// Started twice: the same offboarding, complete, sends nothing.
	before = e.count.requests.Load()
	again, err := o.Offboard(ctx, e.tenant, rscsync.OffboardRequest{})
	if err != nil || !again.Complete || !again.Started.Equal(rep.Started) || again.Requests != 0 || e.count.requests.Load() != before {
		t.Errorf("second Offboard: %+v, %v; %d requests", again, err, e.count.requests.Load()-before)
	}
	// The Runner leaves an offboarded tenant alone, even with new intents.
	e.store.Put(tenantID, rscsync.Candidates, fresh)
	if err := r.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if n := e.count.requests.Load() - before; n != 0 {
		t.Errorf("the Runner sent %d requests for an offboarded tenant", n)
	}
}

func TestOffboardResumesAfterCrash(t *testing.T) {
	t.Parallel()
	// The same tenant twice: one offboarded at once, to know the cost; one
	// stopped half way, then resumed.
	ref, _, _ := offboardEnv(t, 120)
	o, _ := rscsync.NewOffboarder(ref.store, rscsync.Config{})
	full, err := o.Offboard(t.Context(), ref.tenant, rscsync.OffboardRequest{})
	if err != nil {
		t.Fatal(err)
	}
	e, _, d := offboardEnv(t, 120)
	ctx, crash := context.WithCancel(t.Context())
	var sent int64
	e.count.mu.Lock()
	e.count.onReq = func(*http.Request) {
		// A crash in the middle: the request of this call is cut.
		if sent++; sent == full.Requests/2 {
			crash()
		}
	}
	e.count.mu.Unlock()
	o2, _ := rscsync.NewOffboarder(e.store, rscsync.Config{})
	first, err := o2.Offboard(ctx, e.tenant, rscsync.OffboardRequest{})
	if err == nil || first.Complete {
		t.Fatalf("the crash did not stop the offboarding: %v", err)
	}
	status, err := o2.Status(t.Context(), tenantID, "")
	if err != nil || status.Complete || status.Started.IsZero() {
		t.Fatalf("status after the crash: %+v %v", status, err)
	}
	// A Runner started meanwhile does not touch the tenant.
	r := e.runner(t, rscsync.Config{Pull: rscsync.PullConfig{Disabled: true}})
	before := e.count.requests.Load()
	if err := r.SyncOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n := e.count.requests.Load() - before; n != 0 {
		t.Errorf("a Runner sent %d requests for a tenant being offboarded", n)
	}
	second, err := o2.Offboard(t.Context(), e.tenant, rscsync.OffboardRequest{})
	if err != nil || !second.Complete {
		t.Fatalf("resume: %+v %v", second, err)
	}
	e.assertNothingAtLinkedIn(t, d, nil)
	// At most the page in flight was sent again.
	if extra := first.Requests + second.Requests - full.Requests; extra > 2 {
		t.Errorf("crash and resume sent %d+%d requests, %d more than one run (%d)", first.Requests, second.Requests, extra, full.Requests)
	}
	t.Logf("one run %d requests; crash after %d, resume %d", full.Requests, first.Requests, second.Requests)
}

func TestOffboardBadInput(t *testing.T) {
	t.Parallel()
	e, _, _ := offboardEnv(t, 10)
	ctx := t.Context()
	o, _ := rscsync.NewOffboarder(e.store, rscsync.Config{})
	checkpoints := func() int { return len(e.store.Checkpoints()) }
	n0, r0 := checkpoints(), e.count.requests.Load()

	unknown := e.tenant
	unknown.ID = "nobody"
	if _, err := o.Offboard(ctx, unknown, rscsync.OffboardRequest{}); !errors.Is(err, rscsync.ErrUnknownTenant) {
		t.Errorf("unknown tenant: %v", err)
	}
	noClient := e.tenant
	noClient.Client = nil
	if _, err := o.Offboard(ctx, noClient, rscsync.OffboardRequest{}); err == nil {
		t.Error("a tenant without a Client was offboarded")
	}
	if _, err := o.Offboard(ctx, e.tenant, rscsync.OffboardRequest{Contract: "urn:li:organization:1"}); err == nil {
		t.Error("an organization URN was taken for a contract")
	}
	if n := checkpoints(); n != n0 {
		t.Errorf("bad input wrote %d checkpoints", n-n0)
	}
	if e.count.requests.Load() != r0 {
		t.Error("bad input sent requests")
	}

	// One contract: nothing sent, the contract's pulled data to purge.
	c := e.tenant.Contract
	rep, err := o.Offboard(ctx, e.tenant, rscsync.OffboardRequest{Contract: c})
	if err != nil || !rep.Complete || rep.Contract != c || e.count.requests.Load() != r0 {
		t.Fatalf("contract offboarding: %+v %v", rep, err)
	}
	for _, p := range rep.Purge {
		if p.Contract != c || slices.Contains(p.Changes, rscsync.ChangeExport) {
			t.Errorf("contract purge item %+v", p)
		}
	}
	if len(e.srv.Candidates(e.tenant.Organization)) == 0 {
		t.Error("a contract's offboarding deleted the organization's candidates")
	}
	again, err := o.Offboard(ctx, e.tenant, rscsync.OffboardRequest{Contract: c})
	if err != nil || !again.Started.Equal(rep.Started) {
		t.Errorf("contract offboarding twice: %+v %v", again, err)
	}
	if _, err := o.Offboard(ctx, e.tenant, rscsync.OffboardRequest{}); err != nil {
		t.Fatal(err)
	}
	if _, err := o.Offboard(ctx, e.tenant, rscsync.OffboardRequest{Contract: "urn:li:contract:77"}); !errors.Is(err, rscsync.ErrOffboardConflict) {
		t.Errorf("contract after the whole tenant: %v", err)
	}
}

func TestEraseCandidate(t *testing.T) {
	t.Parallel()
	e, _, d := offboardEnv(t, 40)
	ctx := t.Context()
	o, _ := rscsync.NewOffboarder(e.store, rscsync.Config{})
	// A candidate with applications and notes.
	var er rscsync.Erasure
	for _, c := range d.Records[rscsync.Candidates] {
		er = rscsync.Erasure{CandidateID: c.Ref.ID}
		for _, a := range d.Records[rscsync.Applications] {
			if a.Value.(model.Application).ATSCandidateID == c.Ref.ID {
				er.Applications = append(er.Applications, a.Ref.ID)
			}
		}
		for _, n := range d.Records[rscsync.CandidateNotes] {
			if n.Ref.Parent == c.Ref.ID {
				er.Notes = append(er.Notes, n.Ref.ID)
			}
		}
		if len(er.Applications) > 0 && len(er.Notes) > 0 {
			break
		}
	}
	if len(er.Applications) == 0 || len(er.Notes) == 0 {
		t.Fatal("no candidate with applications and notes")
	}
	org := e.tenant.Organization
	member := model.URN("urn:li:person:erased")
	if err := e.srv.SetManualMatch(model.CandidateKey{IntegrationContext: org, ATSCandidateID: er.CandidateID}, member); err != nil {
		t.Fatal(err)
	}
	if ind := e.srv.InATS(org, member, ""); len(ind.Candidates) != 1 || len(ind.Applications) == 0 || ind.Notes == 0 {
		t.Fatalf("indicator before: %+v", ind)
	}
	// Still in the store: refused, nothing sent.
	r0 := e.count.requests.Load()
	if _, err := o.EraseCandidate(ctx, e.tenant, er); !errors.Is(err, rscsync.ErrStillStored) || e.count.requests.Load() != r0 {
		t.Fatalf("erasing a stored candidate: %v", err)
	}
	// The host removes it (an upsert intent of it is still pending), with
	// its applications and notes and their children, then erases.
	var children []rscsync.Ref
	for _, rec := range d.Records[rscsync.Candidates] {
		if rec.Ref.ID == er.CandidateID {
			e.store.Put(tenantID, rscsync.Candidates, rec)
		}
	}
	e.store.Delete(tenantID, rscsync.Candidates, rscsync.Ref{ID: er.CandidateID})
	for _, id := range er.Notes {
		e.store.Delete(tenantID, rscsync.CandidateNotes, rscsync.Ref{ID: id, Parent: er.CandidateID})
	}
	for _, id := range er.Applications {
		e.store.Delete(tenantID, rscsync.Applications, rscsync.Ref{ID: id})
		for _, r := range []rscsync.Resource{rscsync.Stages, rscsync.ApplicationNotes, rscsync.InterviewFeedback} {
			for _, rec := range d.Records[r] {
				if rec.Ref.Parent == id {
					children = append(children, rec.Ref)
				}
			}
		}
	}
	rep, err := o.EraseCandidate(ctx, e.tenant, er)
	if err != nil {
		t.Fatal(err)
	}
	if ind := e.srv.InATS(org, member, ""); len(ind.Candidates) != 0 || len(ind.Applications) != 0 || ind.Notes != 0 || ind.Feedback != 0 {
		t.Errorf("indicator after the erasure: %+v", ind)
	}
	if _, ok := linkedInBody(e.srv, org, rscsync.Candidates, rscsync.Ref{ID: er.CandidateID}); ok {
		t.Error("the candidate is still at LinkedIn")
	}
	for _, id := range er.Applications {
		if _, ok := linkedInBody(e.srv, org, rscsync.Applications, rscsync.Ref{ID: id}); ok {
			t.Errorf("application %s is still at LinkedIn", id)
		}
	}
	if len(children) == 0 {
		t.Error("the applications had no children to check")
	}
	if rep.Deleted[rscsync.Candidates] != 1 || rep.Deleted[rscsync.Applications] != len(er.Applications) || rep.Deleted[rscsync.CandidateNotes] != len(er.Notes) {
		t.Errorf("report %+v", rep)
	}
	// 1 request each: applications, notes, candidate (children cascade).
	if rep.Requests != 3 {
		t.Errorf("%d requests, want 3 (applications, notes, candidate)", rep.Requests)
	}
	if rep.IntentsDropped != 1 {
		t.Errorf("%d upsert intents dropped, want the one pending for the candidate", rep.IntentsDropped)
	}
	for _, in := range e.store.Intents(tenantID) {
		if in.Op != rscsync.OpDelete && in.Ref.ID == er.CandidateID {
			t.Errorf("intent %+v kept", in)
		}
	}
	// Calling it again is harmless.
	if _, err := o.EraseCandidate(ctx, e.tenant, er); err != nil {
		t.Errorf("second erasure: %v", err)
	}
}

// TestOffboardWaitsForTheRunner: with a Locker store, a Runner serving the
// tenant holds its lease; the offboarding is recorded, refused with
// ErrTenantBusy, and goes through once the Runner has let the tenant go.
// The Runner then never serves it again.
func TestOffboardWaitsForTheRunner(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		e := newMemEnv(t, []rscmock.Option{rscmock.WithClock(time.Now)})
		d := atsgen.Generate(42, 30, genNow)
		e.seed(d)
		r := e.runner(t, rscsync.Config{Pull: rscsync.PullConfig{Disabled: true}, TenantRefresh: time.Minute})
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error, 1)
		go func() { done <- r.Run(ctx) }()
		time.Sleep(10 * time.Second)
		synctest.Wait()
		if n := len(e.srv.Candidates(e.tenant.Organization)); n != 30 {
			t.Fatalf("backfill: %d candidates at LinkedIn", n)
		}
		o, _ := rscsync.NewOffboarder(e.store, rscsync.Config{Owner: "offboarder"})
		if _, err := o.Offboard(t.Context(), e.tenant, rscsync.OffboardRequest{}); !errors.Is(err, rscsync.ErrTenantBusy) {
			t.Fatalf("offboarding a served tenant: %v, want ErrTenantBusy", err)
		}
		time.Sleep(2 * time.Minute) // the Runner's next tenant check
		synctest.Wait()
		rep, err := o.Offboard(t.Context(), e.tenant, rscsync.OffboardRequest{})
		if err != nil || !rep.Complete {
			t.Fatalf("offboard: %+v %v", rep, err)
		}
		e.assertNothingAtLinkedIn(t, d, nil)
		before := e.count.requests.Load()
		e.store.Put(tenantID, rscsync.Candidates, driftCandidate())
		time.Sleep(5 * time.Minute)
		synctest.Wait()
		if n := e.count.requests.Load() - before; n != 0 {
			t.Errorf("the Runner sent %d requests for an offboarded tenant", n)
		}
		cancel()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	})
}

// TestOffboardThroughFaults: transient failures are retried; deletes
// LinkedIn refuses are parked, counted and do not stop the rest.
func TestOffboardThroughFaults(t *testing.T) {
	t.Parallel()
	e, _, d := offboardEnv(t, 60)
	// The refusal first: the mock answers with the first fault that hits.
	e.srv.InjectFault(rscmock.Fault{Op: "BATCH_DELETE /v2/atsEntityAcls", Status: http.StatusBadRequest, Count: 1})
	e.srv.InjectFault(rscmock.Fault{Status: http.StatusServiceUnavailable, Rate: 0.2})
	o, _ := rscsync.NewOffboarder(e.store, rscsync.Config{MaxBackoff: 10 * time.Millisecond})
	var rep rscsync.OffboardReport
	var err error
	for range 5 { // a page failing 6 times in a row stops a call; the next resumes
		if rep, err = o.Offboard(t.Context(), e.tenant, rscsync.OffboardRequest{}); err == nil {
			break
		}
	}
	if err != nil || !rep.Complete {
		t.Fatalf("offboarding through faults: %+v %v", rep, err)
	}
	acls := int64(len(d.Records[rscsync.EntityACLs]))
	for _, p := range rep.Resources {
		if p.Resource == rscsync.EntityACLs && (p.Failed != acls || p.Deleted != 0) {
			t.Errorf("ACLs: %d failed, %d deleted; want all %d refused", p.Failed, p.Deleted, acls)
		}
	}
	parked := 0
	for _, p := range e.store.Parked(tenantID) {
		if p.Resource == rscsync.EntityACLs && strings.HasPrefix(p.Reason, "delete: ") {
			parked++
		}
	}
	if int64(parked) != acls {
		t.Errorf("%d ACL deletes parked, want %d", parked, acls)
	}
	e.srv.ClearFaults()
	// Everything else is gone.
	if n := len(e.srv.Candidates(e.tenant.Organization)); n != 0 {
		t.Errorf("%d candidates left", n)
	}
}

// TestOffboardStopsAtTheDailyQuota: a daily quota met half way stops the
// offboarding at once (no retry loop) with an error matching
// rsc.ErrDailyQuota; after the reset the same call finishes it.
func TestOffboardStopsAtTheDailyQuota(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	now := time.Now()
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	e, _, d := offboardEnv(t, 60, rscmock.WithClock(clock))
	e.srv.InjectFault(rscmock.Fault{Op: "BATCH_DELETE /rest/atsApplications", Status: http.StatusTooManyRequests, DailyExhausted: true, Count: 1})
	o, _ := rscsync.NewOffboarder(e.store, rscsync.Config{})
	before := e.count.requests.Load()
	rep, err := o.Offboard(t.Context(), e.tenant, rscsync.OffboardRequest{})
	if !errors.Is(err, rsc.ErrDailyQuota) || rep.Complete {
		t.Fatalf("offboarding into the daily quota: complete %v, %v", rep.Complete, err)
	}
	for _, p := range rep.Resources {
		if p.Resource == rscsync.Candidates && p.Deleted != 0 {
			t.Errorf("candidates deleted before their applications: %d", p.Deleted)
		}
	}
	// Configurations (2), ACL assignees, ACLs, the applications twice (the
	// injected 429 is retried as a short one; the retry meets the daily
	// limit): no retry loop against the quota.
	if spent := e.count.requests.Load() - before; spent > 6 {
		t.Errorf("%d requests until the quota stopped the offboarding", spent)
	}
	// The next day (a new client: the old one remembers the stop until
	// its own clock's midnight).
	mu.Lock()
	now = now.Add(24 * time.Hour)
	mu.Unlock()
	tn := e.tenant
	tn.Client = e.srv.Client(fastRetries(), v2Exports())
	rep, err = o.Offboard(t.Context(), tn, rscsync.OffboardRequest{})
	if err != nil || !rep.Complete {
		t.Fatalf("after the reset: %+v %v", rep, err)
	}
	e.assertNothingAtLinkedIn(t, d, nil)
}
