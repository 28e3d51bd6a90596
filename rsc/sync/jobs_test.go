package rscsync_test

import (
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rsckit/rsckit/internal/atsgen"
	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rscmock"
)

// TestJobTaskFailureIsParked: LinkedIn answers a job with 202 and a task
// that can fail later (simpleJobPostingTasks). A job whose task FAILED is
// parked with LinkedIn's errorMessage like any rejected record, while the
// jobs whose tasks SUCCEEDED are done. (They all used to count as
// accepted: nothing read the tasks.)
func TestJobTaskFailureIsParked(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		e, _ := bubbleEnv(t, nil)
		taskReads := e.countPath("/simpleJobPostingTasks")
		d := atsgen.Generate(41, 5, genNow)
		e.store.Seed(tenantID, rscsync.Jobs, d.Records[rscsync.Jobs]...)
		r := e.runner(t, rscsync.Config{Pull: rscsync.PullConfig{Disabled: true}})
		if err := r.SyncOnce(t.Context()); err != nil {
			t.Fatal(err)
		}
		if p := e.store.Parked(tenantID); len(p) != 0 {
			t.Fatalf("%d jobs parked after the backfill, first %+v", len(p), p[0])
		}
		// The engine believes LinkedIn has a job open that it lost: its
		// UPDATE is accepted (202), then the task fails.
		ghost := d.Records[rscsync.Jobs][0].Value.(model.JobPosting)
		ghost.State = model.JobStateListed
		e.believeLinkedInHas(t, "GHOST-1", ghost)
		e.store.Put(tenantID, rscsync.Jobs, rscsync.Record{Ref: rscsync.Ref{ID: "GHOST-1"}, Value: ghost})
		reads := taskReads.Load()
		if err := r.SyncOnce(t.Context()); err != nil {
			t.Fatal(err)
		}
		if taskReads.Load() == reads {
			t.Error("the job's task was never read")
		}
		p := e.store.Parked(tenantID)
		if len(p) != 1 || p[0].Ref.ID != "GHOST-1" || !strings.Contains(p[0].Reason, "no job") {
			t.Fatalf("parked = %+v, want GHOST-1 with LinkedIn's errorMessage", p)
		}
		if left := e.store.Intents(tenantID); len(left) != 0 {
			t.Errorf("%d intents left, first %+v", len(left), left[0])
		}
		if jobs, want := e.srv.Jobs(e.tenant.Organization), len(d.Records[rscsync.Jobs]); len(jobs) != want {
			t.Errorf("LinkedIn has %d jobs, want the %d of the backfill", len(jobs), want)
		}
	})
}

// TestDeletingAJobLinkedInDoesNotHaveOpen: a job deleted in the ATS is
// closed at LinkedIn. When LinkedIn never had it, or has it closed
// already, the CLOSE fails ("Cannot close job which is already closed or
// does not exist"), and the job is gone or closed all the same: nothing is
// parked (as a 404 on deleting any other record is not).
func TestDeletingAJobLinkedInDoesNotHaveOpen(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		e, _ := bubbleEnv(t, nil)
		d := atsgen.Generate(42, 5, genNow)
		e.store.Seed(tenantID, rscsync.Jobs, d.Records[rscsync.Jobs]...)
		r := e.runner(t, rscsync.Config{Pull: rscsync.PullConfig{Disabled: true}})
		if err := r.SyncOnce(t.Context()); err != nil {
			t.Fatal(err)
		}
		gone := d.Records[rscsync.Jobs][0].Ref
		e.store.Delete(tenantID, rscsync.Jobs, gone)
		if err := r.SyncOnce(t.Context()); err != nil {
			t.Fatal(err)
		}
		e.store.Put(tenantID, rscsync.Jobs, d.Records[rscsync.Jobs][1])
		e.store.Delete(tenantID, rscsync.Jobs, d.Records[rscsync.Jobs][1].Ref) // put and deleted before any push
		e.store.Delete(tenantID, rscsync.Jobs, gone)                           // closed already
		e.store.Delete(tenantID, rscsync.Jobs, rscsync.Ref{ID: "NEVER-SYNCED"})
		if err := r.SyncOnce(t.Context()); err != nil {
			t.Fatal(err)
		}
		if p := e.store.Parked(tenantID); len(p) != 0 {
			t.Errorf("%d deleted jobs parked, first %+v", len(p), p[0])
		}
		if left := e.store.Intents(tenantID); len(left) != 0 {
			t.Errorf("%d intents left, first %+v", len(left), left[0])
		}
	})
}

// TestJobTasksAreFollowedAfterThePush: LinkedIn takes minutes over a job's
// task. The push does not wait for it (a tenant's exports and pushes would
// stall); the Runner keeps the task and reads it again on later rounds,
// parking the job when the task fails.
func TestJobTasksAreFollowedAfterThePush(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		e, _ := bubbleEnv(t, []rscmock.Option{rscmock.WithJobTaskDelay(3 * time.Minute)})
		d := atsgen.Generate(43, 5, genNow)
		e.store.Seed(tenantID, rscsync.Jobs, d.Records[rscsync.Jobs]...)
		r := e.runner(t, rscsync.Config{Pull: rscsync.PullConfig{Disabled: true}})
		start := time.Now()
		if err := r.SyncOnce(t.Context()); err != nil {
			t.Fatal(err)
		}
		ghost := d.Records[rscsync.Jobs][0].Value.(model.JobPosting)
		ghost.State = model.JobStateListed
		e.believeLinkedInHas(t, "GHOST-2", ghost)
		e.store.Put(tenantID, rscsync.Jobs, rscsync.Record{Ref: rscsync.Ref{ID: "GHOST-2"}, Value: ghost})
		if err := r.SyncOnce(t.Context()); err != nil {
			t.Fatal(err)
		}
		if took := time.Since(start); took > 10*time.Second {
			t.Errorf("two passes took %v: the push waited for LinkedIn's job tasks", took)
		}
		if p := e.store.Parked(tenantID); len(p) != 0 {
			t.Fatalf("parked before LinkedIn finished the task: %+v", p)
		}
		if left := e.store.Intents(tenantID); len(left) != 0 {
			t.Errorf("%d intents left, first %+v", len(left), left[0])
		}
		time.Sleep(4 * time.Minute)
		if err := r.SyncOnce(t.Context()); err != nil {
			t.Fatal(err)
		}
		p := e.store.Parked(tenantID)
		if len(p) != 1 || p[0].Ref.ID != "GHOST-2" || !strings.Contains(p[0].Reason, "no job") {
			t.Errorf("parked = %+v, want GHOST-2 once its task failed", p)
		}
	})
}

// believeLinkedInHas writes the job ledger (rsc.JobAtLinkedIn in the
// checkpoint "linkedin/jobs/{id}") as if LinkedIn had accepted job id open.
func (e *env) believeLinkedInHas(t *testing.T, id string, j model.JobPosting) {
	t.Helper()
	j.Operation = model.OperationCreate
	at := rsc.JobSent(j)
	cur, err := rsc.MarshalJobAtLinkedIn(&at)
	if err != nil {
		t.Fatal(err)
	}
	s := rscsync.StreamID{Tenant: tenantID, Name: "linkedin/jobs/" + id}
	if err := e.store.SaveCheckpoint(t.Context(), s, rscsync.Checkpoint{}, rscsync.Checkpoint{Cursor: cur}); err != nil {
		t.Fatal(err)
	}
}

// TestJobTaskReadDuringALongBackfill: the tasks of the jobs of a backfill
// are read while it goes on. They used to be read after the whole
// backfill, and a backfill longer than the 30 minutes a task is followed
// dropped them unread: a job whose task FAILED stayed counted as sent.
func TestJobTaskReadDuringALongBackfill(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		// 200 records a minute: the ~4,000 records of 500 candidates take
		// about 40 minutes.
		e, _ := bubbleEnv(t, []rscmock.Option{rscmock.WithClock(time.Now)}, rsc.WithRateLimits(rsc.RateLimits{RecordsPerMinute: 200}))
		d := atsgen.Generate(43, 500, genNow)
		e.seed(d)
		// The engine believes LinkedIn has a job it lost: its UPDATE is
		// accepted (202), then the task fails.
		ghost := d.Records[rscsync.Jobs][0].Value.(model.JobPosting)
		ghost.State = model.JobStateListed
		e.believeLinkedInHas(t, "GHOST-1", ghost)
		e.store.Seed(tenantID, rscsync.Jobs, rscsync.Record{Ref: rscsync.Ref{ID: "GHOST-1"}, Value: ghost})
		start := time.Now()
		if err := e.runner(t, rscsync.Config{Pull: rscsync.PullConfig{Disabled: true}}).SyncOnce(t.Context()); err != nil {
			t.Fatal(err)
		}
		if took := time.Since(start); took < time.Hour/2 {
			t.Fatalf("fixture: the backfill took %v, not longer than a task is followed", took)
		}
		p := e.store.Parked(tenantID)
		if len(p) != 1 || p[0].Ref.ID != "GHOST-1" {
			t.Fatalf("parked = %+v, want GHOST-1 with LinkedIn's errorMessage", p)
		}
	})
}
