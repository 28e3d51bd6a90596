package rscsync_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rsc/sync/memstore"
)

// TestHiringAssistantEvaluationsReachTheATS: LinkedIn pushes an
// evaluation notification; the engine fetches
// rest/exportedApplicationEvaluation?q=request&requestId= (versioned, on
// /rest only) and gives the tenant's evaluations to the Store's
// Applier as EvaluationChanges. One of another customer is refused and logged. (A fake
// LinkedIn: rscmock does not serve evaluations yet.)
func TestHiringAssistantEvaluationsReachTheATS(t *testing.T) {
	t.Parallel()
	ours, theirs := model.OrganizationURN("1001"), model.OrganizationURN("2002")
	var mu sync.Mutex
	var got []*http.Request
	fake := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/oauth/v2/accessToken" {
			_, _ = w.Write([]byte(`{"access_token":"t","expires_in":3600}`))
			return
		}
		mu.Lock()
		got = append(got, r)
		mu.Unlock()
		if r.URL.Path != "/rest/exportedApplicationEvaluation" {
			http.NotFound(w, r)
			return
		}
		org := ours
		if r.URL.Query().Get("requestId") == "theirs" {
			org = theirs
		}
		fmt.Fprintf(w, `{"elements":[{"integrationContext":%q,"atsJobApplicationId":"A1","atsJobPostingId":"J1",
			"evaluatedAt":1700000000000,"summary":"Strong match","skills":[{"name":"Go","match":"HIGH"}]}],"paging":{"start":0,"count":10}}`, org)
	})
	for _, v2 := range []bool{false, true} { // /rest only: the /v2 client uses it too
		client, err := rsc.NewClient(rsc.WithBaseURL("http://linkedin.test"), rsc.WithTokenURL("http://linkedin.test/oauth/v2/accessToken"),
			rsc.WithClientCredentials("id", "secret"), rsc.WithTransport(handlerTransport{fake}), rsc.WithRateLimits(rsc.NoRateLimits()),
			rsc.WithVersionedEndpoints(!v2))
		if err != nil {
			t.Fatal(err)
		}
		store := memstore.New()
		for _, id := range []string{"ours", "theirs"} {
			if err := store.Enqueue(t.Context(), rscsync.NotificationItem(tenantID, model.Notification{ID: id, Type: model.NotificationApplicationEvaluation}, time.Now())); err != nil {
				t.Fatal(err)
			}
		}
		var logs strings.Builder
		var lmu sync.Mutex
		runner, err := rscsync.NewRunner(store, rscsync.Tenants{{ID: tenantID, Client: client, Organization: ours}},
			rscsync.Config{Pull: rscsync.PullConfig{Disabled: true}, Logger: slogTo(&lmu, &logs)})
		if err != nil {
			t.Fatal(err)
		}
		if err := runner.SyncOnce(t.Context()); err != nil {
			t.Fatal(err)
		}
		evs := store.Evaluations(tenantID)
		if len(evs) != 1 || evs[0].RequestID != "ours" || evs[0].ATSJobApplicationID != "A1" || evs[0].Summary != "Strong match" ||
			!strings.Contains(string(evs[0].Raw), `"skills"`) {
			t.Errorf("v2 %v: evaluations %+v, want ours with its raw element", v2, evs)
		}
		if q := store.Notifications(tenantID); len(q) != 0 {
			t.Errorf("v2 %v: %d notifications still queued", v2, len(q))
		}
		lmu.Lock()
		if out := logs.String(); !strings.Contains(out, "request_id=theirs") || !strings.Contains(out, string(theirs)) {
			t.Errorf("v2 %v: the foreign evaluation's rejection is not logged:\n%s", v2, out)
		}
		lmu.Unlock()
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 4 {
		t.Fatalf("%d requests, want 4", len(got))
	}
	for _, r := range got {
		if r.URL.Path != "/rest/exportedApplicationEvaluation" || r.URL.Query().Get("q") != "request" ||
			r.Header.Get("LinkedIn-Version") != rsc.DefaultAPIVersion || r.Header.Get("X-Restli-Protocol-Version") != "2.0.0" {
			t.Errorf("request %s %s, LinkedIn-Version %q, protocol %q", r.Method, r.URL, r.Header.Get("LinkedIn-Version"), r.Header.Get("X-Restli-Protocol-Version"))
		}
	}
}
