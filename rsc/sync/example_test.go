package rscsync_test

import (
	"context"
	"fmt"
	"time"

	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rsc/sync/memstore"
	"github.com/rsckit/rsckit/rscmock"
)

// A minimal host: its records in a Store, one tenant, one sync pass.
func Example() {
	// A fake LinkedIn, in memory (in production: rsc.NewClient with the
	// customer's child-application credentials).
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

	// The ATS's data, as the Store returns it.
	store := memstore.New()
	created := model.Millis(time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC))
	store.Put("acme", rscsync.Candidates, rscsync.Record{Ref: rscsync.Ref{ID: "C1"}, Value: model.Candidate{
		FirstName: "Ada", LastName: "Lovelace", EmailAddresses: []string{"ada@example.com"},
		ATSCreatedAt: created, ATSLastModifiedAt: created, ExternalProfileURL: "https://ats.example.com/c/C1"}})

	runner, err := rscsync.NewRunner(store, rscsync.Tenants{{
		ID: "acme", Client: client, Organization: cust.Organization,
	}}, rscsync.Config{Pull: rscsync.PullConfig{Disabled: true}})
	if err != nil {
		panic(err)
	}
	if err := runner.SyncOnce(context.Background()); err != nil {
		panic(err)
	}
	for _, c := range li.Candidates(cust.Organization) {
		fmt.Println("LinkedIn has", c.Key.ATSCandidateID, c.FirstName, c.LastName)
	}
	fmt.Println("outbox left:", len(store.Intents("acme")))
	// Output:
	// LinkedIn has C1 Ada Lovelace
	// outbox left: 0
}
