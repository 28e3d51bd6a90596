package storetest_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rsc/sync/memstore"
	"github.com/rsckit/rsckit/rsc/sync/storetest"
)

// memFixture builds the Fixture of a memstore: the host's write path is
// Put and Delete.
func memFixture(s *memstore.Store) storetest.Fixture {
	return storetest.Fixture{
		Store: s,
		PutRecord: func(_ context.Context, tenant string, r rscsync.Resource, rec rscsync.Record) error {
			s.Put(tenant, r, rec)
			return nil
		},
		DeleteRecord: func(_ context.Context, tenant string, r rscsync.Resource, ref rscsync.Ref) error {
			s.Delete(tenant, r, ref)
			return nil
		},
		Evaluations: func(_ context.Context, tenant string) ([]model.ApplicationEvaluation, error) {
			return s.Evaluations(tenant), nil
		},
	}
}

// Building a Fixture: the host's write path stores a record and its outbox
// intent, which the engine's Claim then sees.
func Example_fixture() {
	ctx := context.Background()
	f := memFixture(memstore.New())
	rec := rscsync.Record{Ref: rscsync.Ref{ID: "c1"}, Value: model.Candidate{FirstName: "Ada"}}
	if err := f.PutRecord(ctx, "acme", rscsync.Candidates, rec); err != nil {
		fmt.Println(err)
	}
	intents, _ := f.Store.(rscsync.Queue).Claim(ctx, "acme", rscsync.LaneOutbox, 10, time.Minute)
	fmt.Println(len(intents), intents[0].Op, intents[0].Ref.ID)
	// Output: 1 upsert c1
}

// A vendor runs the suite against its own Store in its CI, with a fresh
// store per subtest. Here the Store is a memstore; a database-backed one
// would open a fresh schema and drop it with t.Cleanup.
func ExampleRun() {
	testStore := func(t *testing.T) {
		storetest.Run(t, func(t *testing.T) storetest.Fixture {
			return memFixture(memstore.New())
		})
	}
	_ = testStore // in a _test.go file: func TestStore(t *testing.T) { ... }
}
