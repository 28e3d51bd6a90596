package api_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"

	"github.com/rsckit/rsckit/rscmock/internal/api"
	"github.com/rsckit/rsckit/rscmock/internal/auth"
	"github.com/rsckit/rsckit/rscmock/internal/records"
	"github.com/rsckit/rsckit/rscmock/internal/sim"
	"github.com/rsckit/rsckit/rscmock/internal/state"
)

// newAPI builds an API over fresh parts with one partner and one child
// application, and returns a token of each.
func newAPI() (a *api.API, partner, child string) {
	var mu sync.Mutex
	clock := func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }
	reg := auth.New(auth.Config{Seed: 1, Clock: clock, TokenTTL: time.Hour})
	reg.Add(&auth.App{ClientID: "partner", Secret: "p", Partner: true})
	reg.Add(&auth.App{ClientID: "child", Secret: "c"})
	st := state.New()
	a = api.New(api.Config{Clock: clock, MaxURL: 8192, MaxQuery: 4096}, api.Parts{
		Mu: &mu, Sim: sim.NewRecruiter(1), Auth: reg, Store: st, Records: &records.Service{Store: st},
		Jobs: sim.NewJobs(0), Faults: sim.NewFaults(1),
		NewApp:  func() *auth.App { return nil },
		BaseURL: func() string { return "http://rscmock.invalid" },
	})
	return a, reg.Issue(reg.App("partner")), reg.Issue(reg.App("child"))
}

// Example routes three calls: an unknown resource, a child application on
// the provisioning API, and a call without a token. Each answer carries
// its request number in X-Li-Uuid.
func Example() {
	a, _, child := newAPI()
	for _, c := range []struct{ path, token string }{
		{"/v2/noSuchResource", child},
		{"/v2/provisionedApplications?q=credentialsByUniqueForeignId&uniqueForeignId=x", child},
		{"/v2/atsCandidates?ids=List()", ""},
	} {
		r := httptest.NewRequest(http.MethodGet, c.path, nil)
		if c.token != "" {
			r.Header.Set("Authorization", "Bearer "+c.token)
		}
		w := httptest.NewRecorder()
		a.ServeHTTP(w, r)
		fmt.Println(w.Code, w.Header().Get("X-Li-Uuid"))
	}
	// Output:
	// 404 mock-1
	// 403 mock-2
	// 401 mock-3
}
