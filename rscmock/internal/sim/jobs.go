package sim

import (
	"encoding/json"
	"net/http"
	"sort"
	"sync"
	"time"

	"github.com/rsckit/rsckit/rscmock/internal/shapes"
	"github.com/rsckit/rsckit/rscmock/internal/state"
	"github.com/rsckit/rsckit/rscmock/internal/wire"
)

// The statuses of a job posting task [ats-to-linkedin.md §3.1].
const (
	TaskInProgress = "IN_PROGRESS"
	TaskSucceeded  = "SUCCEEDED"
	TaskFailed     = "FAILED"
)

// closeFailed is LinkedIn's error for closing a job it does not have open
// (the create-jobs page's error strings). Assumption: it comes as the
// task's errorMessage; the page lists it with status 409 and does not say
// whether it can also be a per-job 409.
const closeFailed = "Cannot close job which is already closed or does not exist"

// Job is a job posting LinkedIn holds.
type Job struct {
	Org, ExternalJobPostingID string
	// Posting is the last accepted posting, compact JSON as the ATS sent it.
	Posting         json.RawMessage
	Title, Location string
	// URN is urn:li:jobPosting:N.
	URN    string
	Closed bool
}

// Posting is one checked element of a simpleJobPostings batch create: the
// fields the fake acts on (the spec has checked their types).
type Posting struct {
	IntegrationContext   string `json:"integrationContext"`
	ExternalJobPostingID string `json:"externalJobPostingId"`
	Operation            string `json:"jobPostingOperationType"`
	Title                string `json:"title"`
	Location             string `json:"location"`
}

// task is a submitted posting's task and who may read it.
type task struct {
	t     shapes.JobPostingTask
	owner string    // the posting's integration context
	ready time.Time // when an IN_PROGRESS answer turns into the outcome
}

// Jobs holds the job postings and the tasks of their submissions, under a
// lock of its own. It is safe for concurrent use.
type Jobs struct {
	// Delay makes each task answer IN_PROGRESS that long after its
	// submission (0: done at once).
	delay time.Duration

	mu    sync.Mutex
	jobs  map[string]*Job // org + "\x00" + externalJobPostingId
	tasks map[string]*task
}

// NewJobs returns an empty set whose tasks complete delay after submission.
func NewJobs(delay time.Duration) *Jobs {
	return &Jobs{delay: delay, jobs: map[string]*Job{}, tasks: map[string]*task{}}
}

func jobKey(org, ext string) string { return org + "\x00" + ext }

// Submit applies posting p (raw as the ATS sent it) at now as task taskID
// and returns the task; newURN names a job created by it. A task that
// succeeded is a write LinkedIn accepted.
func (js *Jobs) Submit(p Posting, raw json.RawMessage, taskID string, newURN func() string, now time.Time) shapes.JobPostingTask {
	js.mu.Lock()
	defer js.mu.Unlock()
	t := shapes.JobPostingTask{ID: taskID, Status: TaskSucceeded, ExternalJobPostingID: p.ExternalJobPostingID}
	k := jobKey(p.IntegrationContext, p.ExternalJobPostingID)
	j := js.jobs[k]
	set := func() {
		c, _ := state.Compact(raw)
		j.Posting, j.Title, j.Location, j.Closed = json.RawMessage(c), p.Title, p.Location, false
	}
	switch p.Operation {
	case "CREATE":
		if j == nil {
			j = &Job{Org: p.IntegrationContext, ExternalJobPostingID: p.ExternalJobPostingID, URN: newURN()}
			js.jobs[k] = j
		}
		set()
	case "CLOSE":
		if j != nil && j.Closed {
			t.Status, t.ErrorMessage = TaskFailed, closeFailed
		} else if j != nil {
			j.Closed = true
		}
	default: // UPDATE, RENEW
		if j != nil {
			set()
		}
	}
	switch {
	case j == nil && p.Operation == "CLOSE":
		t.Status, t.ErrorMessage = TaskFailed, closeFailed
	case j == nil:
		t.Status, t.ErrorMessage = TaskFailed, "no job with externalJobPostingId "+p.ExternalJobPostingID
	default:
		t.JobPosting = j.URN
	}
	held := &task{t: t, owner: p.IntegrationContext}
	if js.delay > 0 {
		held.ready = now.Add(js.delay)
	}
	js.tasks[taskID] = held
	return t
}

// GetTasks is the batch get of simpleJobPostingTasks by application a's
// contexts org and contract at now: a task of another customer is not found.
func (js *Jobs) GetTasks(ids []string, org, contract string, now time.Time) wire.BatchResult {
	js.mu.Lock()
	defer js.mu.Unlock()
	out := wire.NewBatchResult()
	for _, id := range ids {
		t := js.tasks[id]
		if t == nil || (t.owner != org && t.owner != contract) {
			out.Errors[id] = wire.ErrorBody{Status: http.StatusNotFound, Message: "Not Found"}
			continue
		}
		if !t.ready.IsZero() && now.Before(t.ready) {
			out.Results[id] = shapes.JobPostingTask{ID: t.t.ID, Status: TaskInProgress, ExternalJobPostingID: t.t.ExternalJobPostingID}
			continue
		}
		out.Results[id] = t.t
	}
	return out
}

// Get returns the job ext of org.
func (js *Jobs) Get(org, ext string) (Job, bool) {
	js.mu.Lock()
	defer js.mu.Unlock()
	if j := js.jobs[jobKey(org, ext)]; j != nil {
		return *j, true
	}
	return Job{}, false
}

// List returns the jobs of org ("" for every organization), open or
// closed, by organization and externalJobPostingId.
func (js *Jobs) List(org string) []Job {
	js.mu.Lock()
	defer js.mu.Unlock()
	out := []Job{}
	for _, j := range js.jobs {
		if org == "" || j.Org == org {
			out = append(out, *j)
		}
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].Org != out[b].Org {
			return out[a].Org < out[b].Org
		}
		return out[a].ExternalJobPostingID < out[b].ExternalJobPostingID
	})
	return out
}

// SavedTask is a task as a saved state holds it.
type SavedTask struct {
	Task  shapes.JobPostingTask `json:"task"`
	Owner string                `json:"owner"`
}

// Tasks returns every task, by id (a saved state; pending tasks are saved
// with their outcome).
func (js *Jobs) Tasks() []SavedTask {
	js.mu.Lock()
	defer js.mu.Unlock()
	out := make([]SavedTask, 0, len(js.tasks))
	for _, t := range js.tasks {
		out = append(out, SavedTask{Task: t.t, Owner: t.owner})
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Task.ID < out[b].Task.ID })
	return out
}

// Restore replaces the jobs and tasks (a loaded state).
func (js *Jobs) Restore(jobs []Job, tasks []SavedTask) {
	fresh := NewJobs(js.delay)
	for _, j := range jobs {
		jj := j
		fresh.jobs[jobKey(j.Org, j.ExternalJobPostingID)] = &jj
	}
	for _, t := range tasks {
		fresh.tasks[t.Task.ID] = &task{t: t.Task, owner: t.Owner}
	}
	js.mu.Lock()
	js.jobs, js.tasks = fresh.jobs, fresh.tasks
	js.mu.Unlock()
}
