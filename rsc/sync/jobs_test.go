package rscsync_test

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"

	"github.com/rsckit/rsckit/internal/atsgen"
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
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
		var taskReads atomic.Int64
		e.count.onReq = func(r *http.Request) {
			if strings.HasSuffix(r.URL.Path, "/simpleJobPostingTasks") {
				taskReads.Add(1)
			}
		}
		d := atsgen.Generate(41, 5, genNow)
		e.store.Seed(tenantID, rscsync.Jobs, d.Records[rscsync.Jobs]...)
		r := e.runner(t, rscsync.Config{Pull: rscsync.PullConfig{Disabled: true}})
		if err := r.SyncOnce(t.Context()); err != nil {
			t.Fatal(err)
		}
		if p := e.store.Parked(tenantID); len(p) != 0 {
			t.Fatalf("%d jobs parked after the backfill, first %+v", len(p), p[0])
		}
		// An UPDATE of a job LinkedIn never had: accepted (202), then the
		// task fails.
		ghost := d.Records[rscsync.Jobs][0].Value.(model.JobPosting)
		ghost.Operation = model.OperationUpdate
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
