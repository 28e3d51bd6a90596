package sim_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/rsckit/rsckit/rscmock/internal/shapes"
	"github.com/rsckit/rsckit/rscmock/internal/sim"
)

func TestJobsLifecycleAndTasks(t *testing.T) {
	t.Parallel()
	const org = "urn:li:organization:1"
	js := sim.NewJobs(time.Minute)
	now := time.Unix(1_700_000_000, 0)
	n := 0
	newURN := func() string { n++; return fmt.Sprintf("urn:li:jobPosting:%d", n) }
	post := func(id, op, title string) shapes.JobPostingTask {
		p := sim.Posting{IntegrationContext: org, ExternalJobPostingID: "J1", Operation: op, Title: title}
		raw, _ := json.Marshal(map[string]string{"externalJobPostingId": "J1", "title": title, "jobPostingOperationType": op})
		return js.Submit(p, raw, id, newURN, now)
	}
	if task := post("t0", "UPDATE", "x"); task.Status != sim.TaskFailed {
		t.Errorf("update of no job: %+v", task)
	}
	if task := post("t1", "CREATE", "Engineer"); task.Status != sim.TaskSucceeded || task.JobPosting != "urn:li:jobPosting:1" {
		t.Errorf("create: %+v", task)
	}
	if task := post("t2", "UPDATE", "Senior Engineer"); task.Status != sim.TaskSucceeded || task.JobPosting != "urn:li:jobPosting:1" {
		t.Errorf("update: %+v", task)
	}
	if j, ok := js.Get(org, "J1"); !ok || j.Title != "Senior Engineer" || j.Closed {
		t.Errorf("after update: %+v %v", j, ok)
	}
	if task := post("t3", "CLOSE", ""); task.Status != sim.TaskSucceeded {
		t.Errorf("close: %+v", task)
	}
	if task := post("t4", "CLOSE", ""); task.Status != sim.TaskFailed || task.ErrorMessage == "" {
		t.Errorf("second close: %+v", task)
	}
	// Tasks answer IN_PROGRESS for the delay, then their outcome; another
	// customer finds none of them.
	got := js.GetTasks([]string{"t1", "t4"}, org, "", now.Add(30*time.Second))
	if got.Results["t1"].(shapes.JobPostingTask).Status != sim.TaskInProgress {
		t.Errorf("pending: %+v", got.Results)
	}
	got = js.GetTasks([]string{"t1", "t4"}, "", "urn:li:contract:9", now.Add(time.Hour))
	if len(got.Results) != 0 || got.Errors["t1"].Status != 404 {
		t.Errorf("another customer's tasks: %+v", got)
	}
	got = js.GetTasks([]string{"t4"}, org, "", now.Add(time.Hour))
	if got.Results["t4"].(shapes.JobPostingTask).Status != sim.TaskFailed {
		t.Errorf("outcome: %+v", got.Results)
	}
	// A restored set answers the same.
	fresh := sim.NewJobs(0)
	fresh.Restore(js.List(""), js.Tasks())
	if j, ok := fresh.Get(org, "J1"); !ok || !j.Closed || len(fresh.Tasks()) != 5 {
		t.Errorf("restored: %+v %v %d", j, ok, len(fresh.Tasks()))
	}
}
