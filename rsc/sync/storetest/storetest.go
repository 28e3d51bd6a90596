package storetest

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// Fixture is one fresh store under test and the host-side operations the
// suite needs besides the rscsync interfaces. Store is required; the
// others are optional.
type Fixture struct {
	// Store is the implementation under test: a full rscsync.Store, or a
	// value with some of its interfaces (an importable store module
	// implements the engine's state: rscsync.Queue, rscsync.CheckpointStore,
	// rscsync.Parker, rscsync.Locker, ...; the host its RecordReader and
	// Applier). Each group of tests runs for the interface it tests and
	// is skipped, saying so, when Store does not implement it. The suite
	// also uses the optional abilities (rscsync.Locker, rscsync.Counter,
	// rscsync.Waker, rscsync.IntentDropper, rscsync.AttachmentSource) when
	// Store has them. A store that serves attachments takes
	// model.Attachment records through PutRecord.
	Store any
	// PutRecord stores (or replaces) a record of resource r of tenant and
	// records an upsert intent for it, in one transaction: the host's own
	// write path. Required for the Records group; without it the queue
	// tests record intents with Queue.Enqueue.
	PutRecord func(ctx context.Context, tenant string, r rscsync.Resource, rec rscsync.Record) error
	// DeleteRecord removes a record and records a delete intent for it, in
	// one transaction (required with PutRecord).
	DeleteRecord func(ctx context.Context, tenant string, r rscsync.Resource, ref rscsync.Ref) error
	// Advance moves the store's clock forward by d (for lease, lock and
	// retry expiry). Nil means the suite waits real time instead. A fixture
	// with Advance must also set Now.
	Advance func(d time.Duration)
	// Now reads the store's clock, to set Outcome.RetryAt. Nil means
	// time.Now.
	Now func() time.Time
	// Pulled returns everything of tenant that Apply stored:
	// model.Seat, model.ConversationEvent, model.ProspectNote,
	// model.MailStub, model.PurgedExportedCandidate, model.Integration and
	// model.ExportedCandidate values (or pointers to them), in any order.
	// Nil skips the checks of stored pulled data.
	Pulled func(ctx context.Context, tenant string) ([]any, error)
	// Parked returns the parked failures of tenant, in any order. Nil skips
	// the checks of parked data.
	Parked func(ctx context.Context, tenant string) ([]rscsync.Parked, error)
	// Evaluations returns the Hiring Assistant evaluations ApplyEvaluation
	// stored for tenant (rscsync.EvaluationChange), in any order. Nil skips
	// the checks of stored evaluations.
	Evaluations func(ctx context.Context, tenant string) ([]model.ApplicationEvaluation, error)
}

// Tenant names the suite uses.
const (
	tenantA = "tenant-a"
	tenantB = "tenant-b"
)

// Lease lengths. longLease never expires during a test; shortLease (and
// shortWait, more than it) is for the expiry checks.
const (
	longLease     = 10 * time.Minute
	fakeShort     = time.Minute
	realShort     = 250 * time.Millisecond
	realShortWait = 400 * time.Millisecond
)

// Run runs the conformance suite against the stores newFixture returns. It
// calls newFixture once per subtest, from parallel subtests, with that
// subtest's t; register clean-up with t.Cleanup.
func Run(t *testing.T, newFixture func(t *testing.T) Fixture) {
	t.Helper()
	groups := []struct {
		name  string
		needs func(*env) string // the interface the group tests, "" when the store has it
		tests []test
	}{
		{"Records", needRecords, recordTests},
		{"QueueOutbox", needQueue, outboxTests},
		{"Checkpoints", needCheckpoints, checkpointTests},
		{"Apply", needApplier, applyTests},
		{"Park", needParker, parkTests},
		{"Locker", needNothing, lockerTests},
		{"Waker", needQueue, wakerTests},
		{"QueueNotifications", needQueue, notificationTests},
		{"IntentDropper", needQueue, dropperTests},
		{"AttachmentSource", needRecords, attachmentTests},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			t.Parallel()
			for _, tc := range g.tests {
				t.Run(tc.name, func(t *testing.T) {
					t.Parallel()
					e := newEnv(t, newFixture)
					if missing := g.needs(e); missing != "" {
						t.Skip("storetest: the store is not " + missing)
					}
					tc.run(t, e)
				})
			}
		})
	}
}

// The interfaces a group needs.
func needRecords(e *env) string {
	if e.records == nil || e.PutRecord == nil || e.DeleteRecord == nil {
		return "a rscsync.RecordReader with Fixture.PutRecord and DeleteRecord"
	}
	return ""
}

func needQueue(e *env) string {
	if e.queue == nil {
		return "a rscsync.Queue"
	}
	return ""
}

// needNothing: the group's tests check their ability themselves.
func needNothing(*env) string { return "" }

func needCheckpoints(e *env) string {
	if e.cps == nil {
		return "a rscsync.CheckpointStore"
	}
	return ""
}

func needApplier(e *env) string {
	if e.applier == nil || e.cps == nil {
		return "a rscsync.Applier and rscsync.CheckpointStore"
	}
	return ""
}

func needParker(e *env) string {
	if e.parker == nil {
		return "a rscsync.Parker"
	}
	return ""
}

// test is one subtest of the suite.
type test struct {
	name string
	run  func(t *testing.T, e *env)
}

// env is a subtest's fixture with helpers, and the store's interfaces
// (nil when it lacks one).
type env struct {
	Fixture
	ctx     context.Context
	records rscsync.RecordReader
	queue   rscsync.Queue
	cps     rscsync.CheckpointStore
	applier rscsync.Applier
	parker  rscsync.Parker
}

func newEnv(t *testing.T, newFixture func(t *testing.T) Fixture) *env {
	t.Helper()
	f := newFixture(t)
	if f.Store == nil {
		t.Fatal("storetest: Fixture.Store is required")
	}
	if (f.PutRecord == nil) != (f.DeleteRecord == nil) {
		t.Fatal("storetest: Fixture.PutRecord and DeleteRecord go together")
	}
	if f.Advance != nil && f.Now == nil {
		t.Fatal("storetest: a Fixture with Advance needs Now")
	}
	e := &env{Fixture: f, ctx: t.Context()}
	e.records, _ = f.Store.(rscsync.RecordReader)
	e.queue, _ = f.Store.(rscsync.Queue)
	e.cps, _ = f.Store.(rscsync.CheckpointStore)
	e.applier, _ = f.Store.(rscsync.Applier)
	e.parker, _ = f.Store.(rscsync.Parker)
	return e
}

// now reads the store's clock.
func (e *env) now() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

// shortLease returns a lease that expires in the test and how long to pass
// (with pass) for it to have expired.
func (e *env) shortLease() (lease, wait time.Duration) {
	if e.Advance != nil {
		return fakeShort, 2 * fakeShort
	}
	return realShort, realShortWait
}

// pass lets d go by on the store's clock.
func (e *env) pass(d time.Duration) {
	if e.Advance != nil {
		e.Advance(d)
		return
	}
	time.Sleep(d)
}

// timeEqual compares instants, not locations or monotonic readings.
var timeEqual = cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })

// Record builders. The values are valid model records except for the
// integration context, which the engine fills.

const baseMillis = model.EpochMillis(1_735_689_600_000) // 2025-01-01T00:00:00Z

func candidate(id string) rscsync.Record {
	return rscsync.Record{Ref: rscsync.Ref{ID: id}, Value: model.Candidate{
		Key:                model.CandidateKey{ATSCandidateID: id},
		ATSCreatedAt:       baseMillis,
		ATSLastModifiedAt:  baseMillis,
		EmailAddresses:     []string{"c" + id + "@example.com"},
		ExternalProfileURL: "https://ats.example.com/candidates/" + id,
		FirstName:          "First" + id,
		LastName:           "Last",
	}}
}

func candidateNote(parent, id string) rscsync.Record {
	return rscsync.Record{Ref: rscsync.Ref{ID: id, Parent: parent}, Value: model.CandidateNote{
		Key:          model.CandidateNoteKey{Candidate: model.CandidateKey{ATSCandidateID: parent}, NoteID: id},
		ATSCreatedAt: baseMillis,
		Note:         "note " + id,
	}}
}

func job(id string) rscsync.Record {
	return rscsync.Record{Ref: rscsync.Ref{ID: id}, Value: model.JobPosting{
		ExternalJobPostingID: id,
		Operation:            model.OperationCreate,
		Title:                "Job " + id,
		Description:          strings.Repeat("A job description. ", 8),
		ListedAt:             baseMillis,
		Location:             "Dublin, Ireland",
		CompanyApplyURL:      "https://ats.example.com/jobs/" + id,
	}}
}

// build returns a record of resource r.
func build(r rscsync.Resource, ref rscsync.Ref) rscsync.Record {
	switch r {
	case rscsync.CandidateNotes:
		return candidateNote(ref.Parent, ref.ID)
	case rscsync.Jobs:
		return job(ref.ID)
	default:
		return candidate(ref.ID)
	}
}

// valueTypes are the model types the suite's resources return.
var valueTypes = map[rscsync.Resource]reflect.Type{
	rscsync.Candidates:     reflect.TypeFor[model.Candidate](),
	rscsync.CandidateNotes: reflect.TypeFor[model.CandidateNote](),
	rscsync.Jobs:           reflect.TypeFor[model.JobPosting](),
}

// put writes records through PutRecord, or (a store without records)
// records their upsert intents with Queue.Enqueue.
func (e *env) put(t *testing.T, tenant string, r rscsync.Resource, refs ...rscsync.Ref) {
	t.Helper()
	for _, ref := range refs {
		var err error
		if e.PutRecord != nil {
			err = e.PutRecord(e.ctx, tenant, r, build(r, ref))
		} else {
			err = e.queue.Enqueue(e.ctx, rscsync.IntentItem(tenant, r, ref, rscsync.OpUpsert))
		}
		if err != nil {
			t.Fatalf("PutRecord(%s, %s, %+v): %v", tenant, r, ref, err)
		}
	}
}

// del deletes records through DeleteRecord, or records their delete
// intents with Queue.Enqueue.
func (e *env) del(t *testing.T, tenant string, r rscsync.Resource, refs ...rscsync.Ref) {
	t.Helper()
	for _, ref := range refs {
		var err error
		if e.DeleteRecord != nil {
			err = e.DeleteRecord(e.ctx, tenant, r, ref)
		} else {
			err = e.queue.Enqueue(e.ctx, rscsync.IntentItem(tenant, r, ref, rscsync.OpDelete))
		}
		if err != nil {
			t.Fatalf("DeleteRecord(%s, %s, %+v): %v", tenant, r, ref, err)
		}
	}
}

// checkRecords reports records whose Value is not the model type of r.
func checkRecords(t *testing.T, r rscsync.Resource, recs []rscsync.Record) {
	t.Helper()
	want := valueTypes[r]
	for _, rec := range recs {
		got := reflect.TypeOf(rec.Value)
		if got != nil && got.Kind() == reflect.Pointer {
			got = got.Elem()
		}
		if got != want {
			t.Errorf("record %+v of %s has Value of type %v, want %v", rec.Ref, r, got, want)
		}
	}
}

// refsOf returns the refs of recs.
func refsOf(recs []rscsync.Record) []rscsync.Ref {
	out := make([]rscsync.Ref, len(recs))
	for i, rec := range recs {
		out[i] = rec.Ref
	}
	return out
}

// scan reads resource r of tenant from cursor after to the end in pages of
// limit, checking each page. It returns the refs in order and the cursor
// after each of them (the page's last cursor for the last ref of a page,
// "" for the others).
func (e *env) scan(t *testing.T, tenant string, r rscsync.Resource, after string, limit int) (refs []rscsync.Ref, cursors []string) {
	t.Helper()
	for range 10_000 {
		recs, last, err := e.records.ScanRecords(e.ctx, tenant, r, after, limit)
		if err != nil {
			t.Fatalf("ScanRecords(%s, %s, %q, %d): %v", tenant, r, after, limit, err)
		}
		if len(recs) == 0 {
			return refs, cursors
		}
		if len(recs) > limit {
			t.Fatalf("ScanRecords(%s, %s, %q, %d) returned %d records", tenant, r, after, limit, len(recs))
		}
		if last == after {
			t.Fatalf("ScanRecords(%s, %s, %q, %d) returned records but did not move the cursor", tenant, r, after, limit)
		}
		checkRecords(t, r, recs)
		for i, rec := range recs {
			refs = append(refs, rec.Ref)
			if i == len(recs)-1 {
				cursors = append(cursors, last)
			} else {
				cursors = append(cursors, "")
			}
		}
		after = last
	}
	t.Fatalf("ScanRecords(%s, %s) did not end after 10000 pages", tenant, r)
	return nil, nil
}

// sortRefs sorts refs by Parent, then ID.
func sortRefs(refs []rscsync.Ref) []rscsync.Ref {
	refs = slices.Clone(refs)
	slices.SortFunc(refs, func(a, b rscsync.Ref) int {
		if c := strings.Compare(a.Parent, b.Parent); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return refs
}

// duplicates returns the refs that occur more than once.
func duplicates(refs []rscsync.Ref) []rscsync.Ref {
	seen := make(map[rscsync.Ref]int)
	var out []rscsync.Ref
	for _, r := range refs {
		seen[r]++
		if seen[r] == 2 {
			out = append(out, r)
		}
	}
	return out
}

// ids returns refs with the given ids and no parent.
func ids(id ...string) []rscsync.Ref {
	out := make([]rscsync.Ref, len(id))
	for i, x := range id {
		out[i] = rscsync.Ref{ID: x}
	}
	return out
}

// seqIDs returns n ids "<prefix>1" ... "<prefix>n".
func seqIDs(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s%d", prefix, i+1)
	}
	return out
}
