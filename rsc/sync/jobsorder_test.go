package rscsync_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rsckit/rsckit/internal/atsgen"
	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rsc/sync/memstore"
)

// outOfOrderJobs is a fake job API whose tasks complete asynchronously and
// out of order: a CREATE takes effect 10 s after it is submitted, a CLOSE
// after 1 s, and a CLOSE of a job not created yet fails as LinkedIn's does.
type outOfOrderJobs struct {
	mu      sync.Mutex
	next    int
	tasks   map[string]*fakeTask
	created map[string]time.Time // job -> when its CREATE takes effect
	closes  int
}

type fakeTask struct {
	job, op string
	at      time.Time
}

// closed reports whether job is closed at LinkedIn at now: a CLOSE
// processed after its CREATE.
func (f *outOfOrderJobs) closed(job string, now time.Time) bool {
	created, ok := f.created[job]
	for _, t := range f.tasks {
		if t.job == job && t.op == "CLOSE" && !now.Before(t.at) && ok && !t.at.Before(created) {
			return true
		}
	}
	return false
}

func (f *outOfOrderJobs) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	f.mu.Lock()
	defer f.mu.Unlock()
	now := time.Now()
	switch {
	case r.URL.Path == "/oauth/v2/accessToken":
		_, _ = w.Write([]byte(`{"access_token":"t","expires_in":86400}`))
	case r.URL.Path == "/rest/simpleJobPostings":
		var body struct {
			Elements []struct {
				ID string `json:"externalJobPostingId"`
				Op string `json:"jobPostingOperationType"`
			} `json:"elements"`
		}
		_ = json.NewDecoder(r.Body).Decode(&body)
		var out []map[string]any
		for _, el := range body.Elements {
			f.next++
			id := fmt.Sprintf("urn:li:simpleJobPostingTask:%d", f.next)
			t := &fakeTask{job: el.ID, op: el.Op, at: now.Add(time.Second)}
			if el.Op == "CREATE" {
				t.at = now.Add(10 * time.Second)
				f.created[el.ID] = t.at
			} else {
				f.closes++
			}
			f.tasks[id] = t
			out = append(out, map[string]any{"id": id, "status": 202})
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"elements": out})
	case r.URL.Path == "/rest/simpleJobPostingTasks":
		results := map[string]any{}
		ids := strings.TrimSuffix(strings.TrimPrefix(r.URL.Query().Get("ids"), "List("), ")")
		for _, id := range strings.Split(ids, ",") {
			id = strings.ReplaceAll(id, "%3A", ":")
			t := f.tasks[id]
			if t == nil {
				continue
			}
			st := map[string]any{"id": id, "externalJobPostingId": t.job, "status": "IN_PROGRESS"}
			switch {
			case now.Before(t.at):
			case t.op == "CLOSE" && (f.created[t.job].IsZero() || t.at.Before(f.created[t.job])):
				st["status"], st["errorMessage"] = "FAILED", "Cannot close job which is already closed or does not exist"
			default:
				st["status"] = "SUCCEEDED"
			}
			results[id] = st
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"results": results, "errors": map[string]any{}})
	default:
		http.NotFound(w, r)
	}
}

// TestClosedJobOfTheHistoryClosesWhateverTheTaskOrder: LinkedIn runs job
// tasks asynchronously; if it takes a closed job's CLOSE before the CREATE
// sent just before it, the CLOSE fails and the job would stay open and
// exportable. The engine sends the CLOSE again until it lands (at most 3
// times), and parks nothing.
func TestClosedJobOfTheHistoryClosesWhateverTheTaskOrder(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		fake := &outOfOrderJobs{tasks: map[string]*fakeTask{}, created: map[string]time.Time{}}
		client, err := rsc.NewClient(rsc.WithBaseURL("http://linkedin.test"), rsc.WithTokenURL("http://linkedin.test/oauth/v2/accessToken"),
			rsc.WithClientCredentials("id", "secret"), rsc.WithTransport(handlerTransport{fake}), rsc.WithRateLimits(rsc.NoRateLimits()))
		if err != nil {
			t.Fatal(err)
		}
		store := memstore.New()
		job := atsgen.Generate(46, 10, genNow).Records[rscsync.Jobs][0]
		j := job.Value.(model.JobPosting)
		j.State = model.JobStateClosed
		job.Value = j
		store.Seed(tenantID, rscsync.Jobs, job)
		r, err := rscsync.NewRunner(store, rscsync.Tenants{{ID: tenantID, Client: client, Organization: "urn:li:organization:1001"}},
			rscsync.Config{Pull: rscsync.PullConfig{Disabled: true}})
		if err != nil {
			t.Fatal(err)
		}
		for range 12 {
			if err := r.SyncOnce(t.Context()); err != nil {
				t.Fatal(err)
			}
			time.Sleep(5 * time.Second)
		}
		fake.mu.Lock()
		defer fake.mu.Unlock()
		if !fake.closed(job.Ref.ID, time.Now()) {
			t.Errorf("the closed job of the history is open at LinkedIn after %d CLOSEs", fake.closes)
		}
		if fake.closes < 2 {
			t.Errorf("%d CLOSEs: the first, taken before its CREATE, was not sent again", fake.closes)
		}
		if p := store.Parked(tenantID); len(p) != 0 {
			t.Errorf("parked %+v", p)
		}
	})
}
