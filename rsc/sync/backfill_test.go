package rscsync_test

import (
	"net/http"
	"sync"
	"testing"

	"github.com/rsckit/rsckit/internal/atsgen"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// TestBackfillSendsParentsFirst checks the order LinkedIn needs while the
// backfill sends independent resources at once: no record of a resource is
// sent before every record of the resources it depends on was accepted.
func TestBackfillSendsParentsFirst(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	e.seed(atsgen.Generate(3, 400, genNow))
	byPath := map[string]rscsync.Resource{
		"/rest/simpleJobPostings": rscsync.Jobs, "/rest/candidates": rscsync.Candidates, "/rest/candidateNotes": rscsync.CandidateNotes,
		"/rest/atsApplications": rscsync.Applications, "/rest/applicationStage": rscsync.Stages,
		"/rest/applicationNotes": rscsync.ApplicationNotes, "/rest/applicationInterviewFeedbacks": rscsync.InterviewFeedback,
		"/v2/atsEntityAcls": rscsync.EntityACLs, "/v2/atsEntityAclAssignees": rscsync.ACLAssignees,
	}
	var mu sync.Mutex
	var order []rscsync.Resource
	e.count.onReq = func(r *http.Request) {
		if res, ok := byPath[r.URL.Path]; ok && r.Method != http.MethodGet {
			mu.Lock()
			order = append(order, res)
			mu.Unlock()
		}
	}
	if err := e.runner(t, rscsync.Config{Pull: rscsync.PullConfig{Disabled: true}}).SyncOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	e.assertLinkedInEqualsStore(t)
	first, last := map[rscsync.Resource]int{}, map[rscsync.Resource]int{}
	for i, r := range order {
		if _, ok := first[r]; !ok {
			first[r] = i
		}
		last[r] = i
	}
	parents := map[rscsync.Resource][]rscsync.Resource{
		rscsync.Applications: {rscsync.Jobs, rscsync.Candidates}, rscsync.CandidateNotes: {rscsync.Candidates},
		rscsync.EntityACLs: {rscsync.Jobs}, rscsync.ACLAssignees: {rscsync.EntityACLs},
		rscsync.Stages: {rscsync.Applications}, rscsync.ApplicationNotes: {rscsync.Applications},
		rscsync.InterviewFeedback: {rscsync.Applications},
	}
	for child, ps := range parents {
		if _, ok := first[child]; !ok {
			t.Fatalf("no %s sent", child)
		}
		for _, p := range ps {
			if last[p] > first[child] {
				t.Errorf("%s sent (request %d) before the last %s (request %d)", child, first[child], p, last[p])
			}
		}
	}
}
