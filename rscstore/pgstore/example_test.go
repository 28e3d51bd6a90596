package pgstore_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rscstore/pgstore"
)

// A vendor records the outbox intent in the transaction that changes the
// candidate: both commit, or neither.
func ExampleStore_RecordIntent() {
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	defer pool.Close()
	store, err := pgstore.New(ctx, pool)
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()

	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE candidates SET email = $1 WHERE tenant = $2 AND id = $3`, "ada@example.com", "acme", "C1"); err != nil {
			return err
		}
		return store.RecordIntent(ctx, tx, "acme", rscsync.Candidates, rscsync.Ref{ID: "C1"}, rscsync.OpUpsert)
	})
	if err != nil {
		log.Fatal(err)
	}
}

// The schema version the embedded migrations bring a database to.
func ExampleSchemaVersion() {
	fmt.Println(pgstore.SchemaVersion)
	// Output: 1
}
