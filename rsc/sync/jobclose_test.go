package rscsync_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/rsckit/rsckit/internal/atsgen"
	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// sentJob is one element of a simpleJobPostings batch_create as sent.
type sentJob struct {
	ID, Op, Title, Description, Location, ApplyURL string
	ListedAt                                       int64
	HasState                                       bool
}

// recordJobs records every job element e's client posts.
func (e *env) recordJobs(t *testing.T) func() []sentJob {
	t.Helper()
	var mu sync.Mutex
	var got []sentJob
	e.count.mu.Lock()
	defer e.count.mu.Unlock()
	e.count.onReq = func(r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/simpleJobPostings") || r.Body == nil {
			return
		}
		b, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(b))
		var body struct {
			Elements []map[string]any `json:"elements"`
		}
		if err := json.Unmarshal(b, &body); err != nil {
			t.Errorf("job body: %v", err)
			return
		}
		mu.Lock()
		defer mu.Unlock()
		for _, el := range body.Elements {
			_, hasState := el["state"]
			s := func(k string) string { v, _ := el[k].(string); return v }
			listed, _ := el["listedAt"].(float64)
			got = append(got, sentJob{ID: s("externalJobPostingId"), Op: s("jobPostingOperationType"), Title: s("title"),
				Description: s("description"), Location: s("location"), ApplyURL: s("companyApplyUrl"), ListedAt: int64(listed), HasState: hasState})
		}
	}
	return func() []sentJob {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(got)
	}
}

// TestJobsReallyClose: the host says what a job is; the SDK chooses the
// operation. A closed job of the history, a job closed later and a job
// deleted in the ATS each end closed at LinkedIn and absent from the
// export list; the deleted one is closed with its last real fields; state
// is never sent. (A job of the history sent as CREATE with State CLOSED
// used to stay open, and a deleted one was closed with made-up fields.)
func TestJobsReallyClose(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	e.enable(t)
	ctx := t.Context()
	if _, err := e.tenant.Client.Configurations.BatchUpdate(ctx, []model.IntegrationConfiguration{{
		Key: model.ConfigurationKey{Integration: model.IntegrationKey{IntegrationContext: e.tenant.Organization,
			IntegrationType: model.IntegrationTypeOneClickExport, TenantType: model.TenantTypeRecruiter}, Name: model.ConfigJobPostingViewers},
		Value: model.ConfigurationValue{String: model.AllProductUsers}}}); err != nil {
		t.Fatal(err)
	}
	seat := e.srv.Default().Seats[0]
	jobs := atsgen.Generate(44, 50, genNow).Records[rscsync.Jobs]
	if len(jobs) < 4 {
		t.Fatalf("fixture: %d jobs", len(jobs))
	}
	for i := range jobs {
		j := jobs[i].Value.(model.JobPosting)
		j.State, j.Operation = model.JobStateListed, ""
		if i == 0 {
			j.State = model.JobStateClosed // closed before the backfill
		}
		jobs[i].Value = j
	}
	e.store.Seed(tenantID, rscsync.Jobs, jobs...)
	sentJobs := e.recordJobs(t)
	r := e.runner(t, rscsync.Config{Pull: rscsync.PullConfig{Disabled: true}})
	if err := r.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	// Later: job 1 closed, job 2 deleted, job 3's title changed.
	j1 := jobs[1].Value.(model.JobPosting)
	j1.State = model.JobStateClosed
	e.store.Put(tenantID, rscsync.Jobs, rscsync.Record{Ref: jobs[1].Ref, Value: j1})
	e.store.Delete(tenantID, rscsync.Jobs, jobs[2].Ref)
	j3 := jobs[3].Value.(model.JobPosting)
	j3.Title += " (renamed)"
	e.store.Put(tenantID, rscsync.Jobs, rscsync.Record{Ref: jobs[3].Ref, Value: j3})
	if err := r.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if p := e.store.Parked(tenantID); len(p) != 0 {
		t.Fatalf("parked: %+v", p)
	}
	closed := map[string]bool{}
	for _, j := range e.srv.Jobs(e.tenant.Organization) {
		closed[j.ExternalJobPostingID] = j.Closed
	}
	exportable := map[string]bool{}
	for _, j := range e.srv.ExportJobs(seat.URN) {
		exportable[j.ExternalJobPostingID] = true
	}
	for i, why := range []string{"closed job of the history", "job closed later", "job deleted in the ATS"} {
		id := jobs[i].Ref.ID
		if c, ok := closed[id]; !ok || !c {
			t.Errorf("%s %s: at LinkedIn %v, closed %v; want closed", why, id, ok, c)
		}
		if exportable[id] {
			t.Errorf("%s %s is in the export list", why, id)
		}
	}
	if !exportable[jobs[3].Ref.ID] || closed[jobs[3].Ref.ID] {
		t.Errorf("open job %s: exportable %v, closed %v", jobs[3].Ref.ID, exportable[jobs[3].Ref.ID], closed[jobs[3].Ref.ID])
	}
	var ops []string
	for _, s := range sentJobs() {
		if s.HasState {
			t.Errorf("job %s %s was sent with state", s.ID, s.Op)
		}
		ops = append(ops, s.ID+":"+s.Op)
		if s.ID == jobs[2].Ref.ID && s.Op == string(model.OperationClose) {
			want := jobs[2].Value.(model.JobPosting)
			if s.Title != want.Title || s.Description != want.Description || s.Location != want.Location ||
				s.ApplyURL != want.CompanyApplyURL || s.ListedAt != int64(want.ListedAt) {
				t.Errorf("deleted job closed with %+v, want its last real fields %+v", s, want)
			}
		}
	}
	id := func(i int) string { return jobs[i].Ref.ID }
	want := []string{id(0) + ":CREATE", id(1) + ":CREATE", id(2) + ":CREATE", id(3) + ":CREATE", id(4) + ":CREATE",
		id(0) + ":CLOSE", id(1) + ":CLOSE", id(3) + ":UPDATE", id(2) + ":CLOSE"}
	slices.Sort(ops)
	slices.Sort(want)
	if !slices.Equal(ops, want) {
		t.Errorf("operations sent:\n%v\nwant\n%v", ops, want)
	}
	// Deleting the closed jobs again sends nothing: LinkedIn has them closed.
	before := len(sentJobs())
	e.store.Delete(tenantID, rscsync.Jobs, jobs[0].Ref)
	e.store.Delete(tenantID, rscsync.Jobs, jobs[1].Ref)
	if err := r.SyncOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(sentJobs()); n != before {
		t.Errorf("%d jobs sent to delete jobs LinkedIn has closed", n-before)
	}
	if left := e.store.Intents(tenantID); len(left) != 0 {
		t.Errorf("%d intents left", len(left))
	}
}

// TestPlanJob pins LinkedIn's job rules of rsc.PlanJob as the engine uses
// them: the operation chosen and that state is cleared.
func TestPlanJob(t *testing.T) {
	t.Parallel()
	j := atsgen.Generate(45, 1, genNow).Records[rscsync.Jobs][0].Value.(model.JobPosting)
	open, closedJ := j, j
	open.State, closedJ.State = model.JobStateListed, model.JobStateClosed
	atOpen := rsc.JobSent(rsc.PlanJob(nil, &open)[0])
	atClosed := &rsc.JobAtLinkedIn{Posting: j, Closed: true}
	for _, c := range []struct {
		name string
		last *rsc.JobAtLinkedIn
		want *model.JobPosting
		ops  []model.JobPostingOperation
	}{
		{"new open", nil, &open, []model.JobPostingOperation{model.OperationCreate}},
		{"new closed", nil, &closedJ, []model.JobPostingOperation{model.OperationCreate, model.OperationClose}},
		{"open stays open", &atOpen, &open, []model.JobPostingOperation{model.OperationUpdate}},
		{"open closes", &atOpen, &closedJ, []model.JobPostingOperation{model.OperationClose}},
		{"open deleted", &atOpen, nil, []model.JobPostingOperation{model.OperationClose}},
		{"closed reopens", atClosed, &open, []model.JobPostingOperation{model.OperationCreate}},
		{"closed stays closed", atClosed, &closedJ, nil},
		{"closed deleted", atClosed, nil, nil},
		{"never sent, deleted", nil, nil, nil},
	} {
		plan := rsc.PlanJob(c.last, c.want)
		var ops []model.JobPostingOperation
		for _, p := range plan {
			ops = append(ops, p.Operation)
			if p.State != "" {
				t.Errorf("%s: state %q left in the plan", c.name, p.State)
			}
		}
		if !slices.Equal(ops, c.ops) {
			t.Errorf("%s: %v, want %v", c.name, ops, c.ops)
		}
	}
	if atOpen.Closed || atOpen.Posting.Title != j.Title {
		t.Errorf("JobSent(CREATE) = %+v", atOpen)
	}
}
