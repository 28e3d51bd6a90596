package sqlitestore_test

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rscstore/sqlitestore"
)

// A vendor records the outbox intent in the transaction that changes the
// candidate; the push engine then claims it.
func ExampleStore_RecordIntent() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "ats")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	db, err := sqlitestore.Open(filepath.Join(dir, "ats.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	store, err := sqlitestore.New(ctx, db)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE candidates (id TEXT PRIMARY KEY, email TEXT)`); err != nil {
		log.Fatal(err)
	}

	err = store.Update(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO candidates VALUES (?, ?)`, "C1", "ada@example.com"); err != nil {
			return err
		}
		return store.RecordIntent(ctx, tx, "acme", rscsync.Candidates, rscsync.Ref{ID: "C1"}, rscsync.OpUpsert)
	})
	if err != nil {
		log.Fatal(err)
	}

	intents, err := store.Claim(ctx, "acme", rscsync.LaneOutbox, 10, time.Minute)
	if err != nil {
		log.Fatal(err)
	}
	for _, in := range intents {
		fmt.Println(in.Resource, in.Ref.ID, in.Op)
	}
	// Output: candidates C1 upsert
}
