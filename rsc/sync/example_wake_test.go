package rscsync_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rsc/sync/memstore"
	"github.com/rsckit/rsckit/rscmock"
)

// hostStore stands for a host's own Store that cannot wake the Runner (no
// Waker or TenantWaker): the host calls Runner.Wake after its writes.
type hostStore struct{ rscsync.Store }

// A host whose Store does not wake the Runner tells it which tenant changed,
// so that tenant's change is pushed at once while the other tenants sleep.
func ExampleRunner_Wake() {
	li := rscmock.New()
	li.SetBaseURL("http://linkedin.test")
	cust := li.Default()
	client, err := rsc.NewClient(
		rsc.WithClientCredentials(cust.ClientID, cust.ClientSecret),
		rsc.WithBaseURL(li.URL()), rsc.WithTokenURL(li.TokenURL()),
		rsc.WithTransport(handlerTransport{li.Handler()}))
	if err != nil {
		panic(err)
	}
	mem := memstore.New()
	runner, err := rscsync.NewRunner(hostStore{mem}, rscsync.Tenants{{
		ID: "acme", Client: client, Organization: cust.Organization,
	}}, rscsync.Config{PushInterval: time.Hour, Pull: rscsync.PullConfig{Disabled: true}})
	if err != nil {
		panic(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- runner.Run(ctx) }()

	// The host records a change and its intent, then wakes the tenant.
	created := model.Millis(time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC))
	mem.Put("acme", rscsync.Candidates, rscsync.Record{Ref: rscsync.Ref{ID: "C1"}, Value: model.Candidate{
		FirstName: "Ada", LastName: "Lovelace", EmailAddresses: []string{"ada@example.com"},
		ATSCreatedAt: created, ATSLastModifiedAt: created, ExternalProfileURL: "https://ats.example.com/c/C1"}})
	runner.Wake("acme")

	for range 500 { // well before PushInterval (an hour)
		if len(li.Candidates(cust.Organization)) > 0 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		panic(err)
	}
	for _, c := range li.Candidates(cust.Organization) {
		fmt.Println("LinkedIn has", c.Key.ATSCandidateID)
	}
	// Output:
	// LinkedIn has C1
}

// An admin endpoint: the Runner's status as JSON, here read once the
// tenant is served and its backfill is complete.
func ExampleRunner_StatusHandler() {
	li := rscmock.New()
	li.SetBaseURL("http://linkedin.test")
	cust := li.Default()
	client, err := rsc.NewClient(
		rsc.WithClientCredentials(cust.ClientID, cust.ClientSecret),
		rsc.WithBaseURL(li.URL()), rsc.WithTokenURL(li.TokenURL()),
		rsc.WithTransport(handlerTransport{li.Handler()}))
	if err != nil {
		panic(err)
	}
	runner, err := rscsync.NewRunner(memstore.New(), rscsync.Tenants{{
		ID: "acme", Client: client, Organization: cust.Organization,
	}}, rscsync.Config{Owner: "engine-1", Pull: rscsync.PullConfig{Disabled: true}})
	if err != nil {
		panic(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- runner.Run(ctx) }()
	for range 500 {
		if st := runner.Status(ctx); st.Served == 1 && st.Tenants[0].BackfillComplete {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}

	// In a host: mux.Handle("GET /admin/rsc/status", adminOnly(runner.StatusHandler())).
	rec := httptest.NewRecorder()
	runner.StatusHandler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/admin/rsc/status", nil))
	cancel()
	if err := <-done; err != nil {
		panic(err)
	}
	var st rscsync.Status
	if err := json.Unmarshal(rec.Body.Bytes(), &st); err != nil {
		panic(err)
	}
	t := st.Tenants[0]
	fmt.Println(st.Owner, st.Served, "of", st.Listed, "served;", t.Tenant, t.State, "backfill complete:", t.BackfillComplete, "outbox:", t.Backlog.Intents)
	// Output:
	// engine-1 1 of 1 served; acme served backfill complete: true outbox: 0
}
