package sqlitestore_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"time"

	"github.com/rsckit/rsckit/examples/internal/sqlitestore"
	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rscmock"
)

// handlerTransport serves requests with a handler, in memory.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, r)
	return rec.Result(), nil
}

// A host on SQLite: the ATS's write and its outbox row commit together,
// and one sync pass takes the change to LinkedIn.
func Example() {
	dir, err := os.MkdirTemp("", "sqlitestore")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()
	store, err := sqlitestore.Open(ctx, filepath.Join(dir, "ats.db"))
	if err != nil {
		panic(err)
	}
	defer store.Close()

	created := model.Millis(time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC))
	err = store.Update(ctx, "acme", func(tx *sqlitestore.Tx) error {
		return tx.PutRecord(rscsync.Candidates, rscsync.Record{Ref: rscsync.Ref{ID: "C1"}, Value: model.Candidate{
			FirstName: "Ada", LastName: "Lovelace", EmailAddresses: []string{"ada@example.com"},
			ATSCreatedAt: created, ATSLastModifiedAt: created}})
	})
	if err != nil {
		panic(err)
	}
	n, _ := store.PendingIntents(ctx, "acme")
	fmt.Println("outbox:", n)

	li := rscmock.New() // a fake LinkedIn, in memory
	li.SetBaseURL("http://linkedin.test")
	cust := li.Default()
	client, err := rsc.NewClient(rsc.WithClientCredentials(cust.ClientID, cust.ClientSecret),
		rsc.WithBaseURL(li.URL()), rsc.WithTokenURL(li.TokenURL()), rsc.WithTransport(handlerTransport{li.Handler()}))
	if err != nil {
		panic(err)
	}
	runner, err := rscsync.NewRunner(store, rscsync.Tenants{{ID: "acme", Client: client, Organization: cust.Organization}},
		rscsync.Config{Pull: rscsync.PullConfig{Disabled: true}})
	if err != nil {
		panic(err)
	}
	if err := runner.SyncOnce(ctx); err != nil {
		panic(err)
	}
	for _, c := range li.Candidates(cust.Organization) {
		fmt.Println("LinkedIn has", c.Key.ATSCandidateID, c.FirstName, c.LastName, c.ExternalProfileURL)
	}
	n, _ = store.PendingIntents(ctx, "acme")
	fmt.Println("outbox:", n)
	// Output:
	// outbox: 1
	// LinkedIn has C1 Ada Lovelace https://ats.example.com/candidates/C1
	// outbox: 0
}
