package chaostest_test

import (
	"context"
	"testing"

	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rsc/sync/memstore"
	"github.com/rsckit/rsckit/rscstore/internal/chaostest"
	"github.com/rsckit/rsckit/rscstore/internal/hosttest"
)

// A store module's test hands RunLostAnswers its composed store and the
// vendor's write path (here memstore stands in for the engine state).
func Example() {
	var t *testing.T // the test's
	engine := memstore.New()
	host := hosttest.New()
	chaostest.RunLostAnswers(t, chaostest.Target{
		Store: engine, // a real test composes engine state and host
		Host:  host,
		Put: func(ctx context.Context, tenant string, r rscsync.Resource, rec rscsync.Record) error {
			host.Put(tenant, r, rec)
			return engine.Enqueue(ctx, rscsync.IntentItem(tenant, r, rec.Ref, rscsync.OpUpsert))
		},
		Delete: func(ctx context.Context, tenant string, r rscsync.Resource, ref rscsync.Ref) error {
			host.Delete(tenant, r, ref)
			return engine.Enqueue(ctx, rscsync.IntentItem(tenant, r, ref, rscsync.OpDelete))
		},
	})
}
