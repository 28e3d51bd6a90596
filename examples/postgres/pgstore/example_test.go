package pgstore_test

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/rsckit/rsckit/examples/postgres/pgstore"
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// The scan cursor of a record is its position in (Parent, ID) byte order.
func ExampleCursor() {
	fmt.Println(pgstore.Cursor(rscsync.Ref{ID: "C000042"}))
	fmt.Println(pgstore.Cursor(rscsync.Ref{ID: "C000042-N1", Parent: "C000042"}))
	// Output:
	// 0:C000042
	// 7:C000042C000042-N1
}

// A host changes its own table and records the outbox intent in one
// transaction: both commit, or neither does.
func ExampleStore_PutRecord() {
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, "postgres://postgres@127.0.0.1:5432/test?sslmode=disable")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer pool.Close()
	store, err := pgstore.New(ctx, pool, pgstore.WithSchema("rscsync"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer store.Close()
	cand := model.Candidate{FirstName: "Ada", LastName: "Lovelace", EmailAddresses: []string{"ada@example.com"},
		ATSCreatedAt: 1735689600000, ATSLastModifiedAt: 1735689600000, ExternalProfileURL: "https://ats.example.com/c/C1"}
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE candidates SET email = $1 WHERE id = $2`, "ada@example.com", "C1"); err != nil {
			return err
		}
		return store.PutRecord(ctx, tx, "acme", rscsync.Candidates, rscsync.Record{Ref: rscsync.Ref{ID: "C1"}, Value: cand})
	})
	if err != nil {
		fmt.Println(err)
	}
}
