package certify_test

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rsckit/rsckit/certify"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// failingRules runs the kit on h and returns the ids of the failed rules.
func failingRules(t *testing.T, h certify.Harness, o certify.Options) (certify.Report, []string) {
	t.Helper()
	rep := certify.Run(t.Context(), h, o)
	return rep, rep.Failed()
}

func result(rep certify.Report, id string) certify.Result {
	for _, r := range rep.Results {
		if r.Rule == id {
			return r
		}
	}
	return certify.Result{}
}

// lostNoteDeletes is a host whose users can delete notes, but the delete
// never reaches its outbox: the note stays where the engines read it.
type lostNoteDeletes struct{ certify.RecordWriter }

func (w lostNoteDeletes) DeleteRecord(ctx context.Context, tenant string, r rscsync.Resource, ref rscsync.Ref) error {
	if r == rscsync.CandidateNotes || r == rscsync.ApplicationNotes {
		return nil
	}
	return w.RecordWriter.DeleteRecord(ctx, tenant, r, ref)
}

func TestHostLosingNoteDeletesFailsExactlyTheNoteRules(t *testing.T) {
	h, w := newReferenceHost()
	h.Writer = lostNoteDeletes{w}
	rep, failed := failingRules(t, h, certify.Options{})
	// LinkedIn deletes a candidate's notes with the candidate, and an
	// application's with the application: RSC-502 and RSC-504 still pass.
	if want := []string{"RSC-501", "RSC-503"}; !slices.Equal(failed, want) {
		t.Fatalf("failed rules %v, want %v", failed, want)
	}
	if f := result(rep, "RSC-501").Failure; !strings.Contains(f, "deleted notes still show") {
		t.Errorf("RSC-501 failure %q does not say the notes still show", f)
	}
	if f := result(rep, "RSC-503").Failure; !strings.Contains(f, "application note A1-N1 still shows") {
		t.Errorf("RSC-503 failure %q does not name the note", f)
	}
}

// aclBlind is a host that ignores access lists: it never syncs them and
// lets every Recruiter user see every job and application.
type aclBlind struct{ certify.RecordWriter }

func (w aclBlind) PutRecord(ctx context.Context, tenant string, r rscsync.Resource, rec rscsync.Record, quiet bool) error {
	if r == rscsync.EntityACLs || r == rscsync.ACLAssignees {
		return nil
	}
	return w.RecordWriter.PutRecord(ctx, tenant, r, rec, quiet)
}

func (w aclBlind) DeleteRecord(ctx context.Context, tenant string, r rscsync.Resource, ref rscsync.Ref) error {
	if r == rscsync.EntityACLs || r == rscsync.ACLAssignees {
		return nil
	}
	return w.RecordWriter.DeleteRecord(ctx, tenant, r, ref)
}

func TestHostIgnoringACLsFailsExactlyTheACLRules(t *testing.T) {
	h, w := newReferenceHost()
	h.Writer, h.ViewersAll = aclBlind{w}, true
	rep, failed := failingRules(t, h, certify.Options{})
	// Re-adding a user (RSC-404) only needs the job visible again, which
	// it never stopped being.
	if want := []string{"RSC-401", "RSC-402", "RSC-403"}; !slices.Equal(failed, want) {
		t.Fatalf("failed rules %v, want %v", failed, want)
	}
	if f := result(rep, "RSC-401").Failure; !strings.Contains(f, "not on the job's ACL sees the secured job") {
		t.Errorf("RSC-401 failure %q", f)
	}
}

// unruly wraps a harness to misbehave in chosen rules: its tenants carry
// the rule id.
type unruly struct {
	certify.Harness
	errSync, hangSync string
	// deletes counts deleted stages, in a map the host forgot to make.
	deletes map[string]int
}

var errDatabaseDown = errors.New("database is down")

func (u unruly) Sync(ctx context.Context, tenant string) error {
	switch {
	case strings.Contains(tenant, u.errSync):
		return errDatabaseDown
	case strings.Contains(tenant, u.hangSync):
		<-ctx.Done()
		return ctx.Err()
	}
	return u.Harness.Sync(ctx, tenant)
}

func (u unruly) Apply(ctx context.Context, tenant string, cs ...certify.Change) error {
	for _, c := range cs {
		if _, ok := c.Record.(certify.Stage); ok && c.Delete {
			u.deletes["stage"]++ // a nil map write: the host's bug
		}
	}
	return u.Harness.Apply(ctx, tenant, cs...)
}

func TestErrorsPanicsAndTimeoutsFailOnlyTheirRule(t *testing.T) {
	h, _ := newReferenceHost()
	u := unruly{Harness: h, errSync: "rsc-102", hangSync: "rsc-204"}
	start := time.Now()
	rep, failed := failingRules(t, u, certify.Options{RuleTimeout: time.Second})
	if want := []string{"RSC-102", "RSC-204", "RSC-503"}; !slices.Equal(failed, want) {
		t.Fatalf("failed rules %v, want %v", failed, want)
	}
	if f := result(rep, "RSC-102").Failure; !strings.Contains(f, "database is down") || !strings.Contains(f, "the ATS failed (the kit was waiting for the ATS's integration to sync tenant") {
		t.Errorf("RSC-102 failure %q does not carry the error and the step", f)
	}
	if f := result(rep, "RSC-204").Failure; !strings.Contains(f, "timed out after 1s waiting for the ATS's integration to sync tenant") {
		t.Errorf("RSC-204 failure %q does not say what it waited for", f)
	}
	if f := result(rep, "RSC-503").Failure; !strings.Contains(f, "panicked (the kit was waiting for the ATS to write delete stage A1-S2 of application A1)") || !strings.Contains(f, "nil map") {
		t.Errorf("RSC-503 failure %q does not name the panic and the step", f)
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("the run took %s", d)
	}
}

// noWrites is a host whose changes never reach its outbox or its records.
type noWrites struct{ certify.RecordWriter }

func (noWrites) PutRecord(context.Context, string, rscsync.Resource, rscsync.Record, bool) error {
	return nil
}

func (noWrites) DeleteRecord(context.Context, string, rscsync.Resource, rscsync.Ref) error {
	return nil
}

// A host that connects but never stores a record fails every rule about
// data; onboarding alone (RSC-101) still passes.
func TestHostWritingNothingFailsEveryDataRule(t *testing.T) {
	h, w := newReferenceHost()
	h.Writer = noWrites{w}
	_, failed := failingRules(t, h, certify.Options{SyncRounds: 2})
	var want []string
	for _, r := range certify.Rules() {
		if r.NotChecked == "" && r.ID != "RSC-101" {
			want = append(want, r.ID)
		}
	}
	if !slices.Equal(failed, want) {
		t.Fatalf("failed rules %v, want %v", failed, want)
	}
}

// lostDeletes is a host whose deletions never reach its outbox.
type lostDeletes struct{ certify.RecordWriter }

func (lostDeletes) DeleteRecord(context.Context, string, rscsync.Resource, rscsync.Ref) error {
	return nil
}

func TestHostLosingEveryDeleteFailsTheDeletionRulesAndRSC403(t *testing.T) {
	h, w := newReferenceHost()
	h.Writer = lostDeletes{w}
	_, failed := failingRules(t, h, certify.Options{})
	if want := []string{"RSC-403", "RSC-501", "RSC-502", "RSC-503", "RSC-504"}; !slices.Equal(failed, want) {
		t.Fatalf("failed rules %v, want %v", failed, want)
	}
}

// noReAdd is a host that forgets a user it once took off an access list.
type noReAdd struct {
	certify.RecordWriter
	removed map[string]bool
}

func (w noReAdd) PutRecord(ctx context.Context, tenant string, r rscsync.Resource, rec rscsync.Record, quiet bool) error {
	if r == rscsync.ACLAssignees && w.removed[tenant+rec.Ref.ID+rec.Ref.Parent] {
		return nil
	}
	return w.RecordWriter.PutRecord(ctx, tenant, r, rec, quiet)
}

func (w noReAdd) DeleteRecord(ctx context.Context, tenant string, r rscsync.Resource, ref rscsync.Ref) error {
	if r == rscsync.ACLAssignees {
		w.removed[tenant+ref.ID+ref.Parent] = true
	}
	return w.RecordWriter.DeleteRecord(ctx, tenant, r, ref)
}

func TestHostNotReAddingFailsExactlyRSC404(t *testing.T) {
	h, w := newReferenceHost()
	h.Writer = noReAdd{w, map[string]bool{}}
	rep, failed := failingRules(t, h, certify.Options{})
	if want := []string{"RSC-404"}; !slices.Equal(failed, want) {
		t.Fatalf("failed rules %v, want %v", failed, want)
	}
	if f := result(rep, "RSC-404").Failure; !strings.Contains(f, "added back to the job's ACL does not see") {
		t.Errorf("RSC-404 failure %q", f)
	}
}

// noCallbacks is a harness that serves no CALLBACK_URL handler.
type noCallbacks struct{ certify.Harness }

func (noCallbacks) Callbacks() http.Handler { return nil }

func TestHarnessWithoutCallbacksFailsEveryCheckedRule(t *testing.T) {
	h, _ := newReferenceHost()
	rep := certify.Run(t.Context(), noCallbacks{h}, certify.Options{})
	for _, r := range rep.Results {
		if r.Outcome == certify.NotChecked {
			continue
		}
		if r.Outcome != certify.Fail || !strings.Contains(r.Failure, "serves no callback handler") {
			t.Errorf("%s: %s %q", r.Rule, r.Outcome, r.Failure)
		}
	}
}

// noChoice is a host that does not offer its customers the choice of a
// job's availability; private says whether it then posts jobs private.
type noChoice struct {
	*certify.SyncHost
	private bool
}

func (noChoice) OffersAvailabilityChoice() bool { return false }

func (h noChoice) Apply(ctx context.Context, tenant string, cs ...certify.Change) error {
	for i, c := range cs {
		if j, ok := c.Record.(certify.Job); ok {
			j.Public = !h.private
			cs[i].Record = j
		}
	}
	return h.SyncHost.Apply(ctx, tenant, cs...)
}

func TestHostWithoutAvailabilityChoiceMustPostPrivate(t *testing.T) {
	for _, private := range []bool{true, false} {
		h, _ := newReferenceHost()
		rep := certify.Run(t.Context(), noChoice{h, private}, certify.Options{Rules: []string{"RSC-102"}})
		r := rep.Results[0]
		if want := map[bool]certify.Outcome{true: certify.Pass, false: certify.Fail}[private]; r.Outcome != want {
			t.Errorf("posting private %v: %s (%s), want %s", private, r.Outcome, r.Failure, want)
		}
		if !private && !strings.Contains(r.Failure, "must post every job PRIVATE_TO_ATS_INTEGRATION") {
			t.Errorf("failure %q", r.Failure)
		}
	}
}
