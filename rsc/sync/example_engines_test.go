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

// A host that only wants push: one Push engine over the four interfaces it
// uses, driven for one tenant from the host's own loop (here, once).
func ExampleNewPush() {
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
	// The records and the outbox: Put records the change and its intent.
	store := memstore.New()
	created := model.Millis(time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC))
	store.Put("acme", rscsync.Candidates, rscsync.Record{Ref: rscsync.Ref{ID: "C1"}, Value: model.Candidate{
		FirstName: "Ada", LastName: "Lovelace", EmailAddresses: []string{"ada@example.com"},
		ATSCreatedAt: created, ATSLastModifiedAt: created, ExternalProfileURL: "https://ats.example.com/c/C1"}})

	// RecordReader, Queue, Parker and the job ledger's CheckpointStore: one
	// value here, four in a host that keeps them apart.
	push, err := rscsync.NewPush(store, store, store, store, rscsync.Config{})
	if err != nil {
		panic(err)
	}
	n, err := push.Drain(context.Background(), rscsync.Tenant{ID: "acme", Client: client, Organization: cust.Organization})
	if err != nil {
		panic(err)
	}
	fmt.Println("intents sent:", n)
	for _, c := range li.Candidates(cust.Organization) {
		fmt.Println("LinkedIn has", c.Key.ATSCandidateID, c.FirstName)
	}
	fmt.Println("outbox left:", len(store.Intents("acme")))
	// Output:
	// intents sent: 1
	// LinkedIn has C1 Ada
	// outbox left: 0
}
