// Package hosttest is the vendor side of the rscstore modules' tests: an
// in-memory rscsync.RecordReader and keeper of pulled data, which a test
// composes with an engine-state store (rscstore/pgstore,
// rscstore/sqlitestore) into a full rscsync.Store for rsc/sync/storetest.
// It stands for the ATS tables a vendor keeps; the engine state under test
// is the store's.
package hosttest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rsc/sync/memstore"
)

// Host keeps records and pulled data in memory. The zero Host is not
// usable; call New.
type Host struct {
	mu  sync.Mutex // orders ApplyPulled's read of its stream and its apply
	mem *memstore.Store
}

// New returns an empty Host.
func New() *Host { return &Host{mem: memstore.New()} }

// Put stores (or replaces) a record, as the vendor's own write.
func (h *Host) Put(tenant string, r rscsync.Resource, rec rscsync.Record) {
	h.mem.PutQuiet(tenant, r, rec)
}

// Delete removes a record, as the vendor's own write.
func (h *Host) Delete(tenant string, r rscsync.Resource, ref rscsync.Ref) {
	h.mem.Delete(tenant, r, ref) // the memstore's own intent is never read
}

// ScanRecords implements rscsync.RecordReader.
func (h *Host) ScanRecords(ctx context.Context, tenant string, r rscsync.Resource, after string, limit int) ([]rscsync.Record, string, error) {
	return h.mem.ScanRecords(ctx, tenant, r, after, limit)
}

// LoadRecords implements rscsync.RecordReader.
func (h *Host) LoadRecords(ctx context.Context, tenant string, r rscsync.Resource, refs []rscsync.Ref) ([]rscsync.Record, error) {
	return h.mem.LoadRecords(ctx, tenant, r, refs)
}

// CountRecords implements rscsync.Counter.
func (h *Host) CountRecords(ctx context.Context, tenant string, r rscsync.Resource) (int64, error) {
	return h.mem.CountRecords(ctx, tenant, r)
}

// ApplyPulled stores the changes of b (the vendor's writes of an Applier).
// It does not look at b's checkpoints: the caller moves those in the engine
// store, in the transaction it calls ApplyPulled from.
func (h *Host) ApplyPulled(ctx context.Context, b rscsync.Batch) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	id := rscsync.StreamID{Tenant: b.Stream.Tenant, Name: "hosttest"}
	cp, err := h.mem.LoadCheckpoint(ctx, id)
	if err != nil {
		return err
	}
	return h.mem.Apply(ctx, rscsync.Batch{Stream: id, From: cp, Next: cp, Changes: b.Changes})
}

// Pulled returns everything ApplyPulled stored for tenant but evaluations
// (see Evaluations), exports included.
func (h *Host) Pulled(_ context.Context, tenant string) ([]any, error) {
	p := h.mem.Pulled(tenant)
	var out []any
	for _, x := range p.Seats {
		out = append(out, x)
	}
	for _, x := range p.InMails {
		out = append(out, x)
	}
	for _, x := range p.Notes {
		out = append(out, x)
	}
	for _, x := range p.Stubs {
		out = append(out, x)
	}
	for _, x := range p.Purged {
		out = append(out, x)
	}
	for _, x := range p.Integrations {
		out = append(out, x)
	}
	for _, x := range h.mem.Exports(tenant) {
		out = append(out, x)
	}
	return out, nil
}

// Evaluations returns the Hiring Assistant evaluations ApplyPulled stored
// for tenant.
func (h *Host) Evaluations(_ context.Context, tenant string) ([]model.ApplicationEvaluation, error) {
	return h.mem.Evaluations(tenant), nil
}

// Records returns the records of resource r of tenant in scan order.
func (h *Host) Records(tenant string, r rscsync.Resource) []rscsync.Record {
	return h.mem.Records(tenant, r)
}

// ClaimEachOnce claims tenant's outbox lane from eight goroutines spread
// over queues (the Stores of several processes on one database) until it
// is empty, with a lease that outlasts the test, and fails t unless each
// of the want intents was claimed exactly once.
func ClaimEachOnce(t testing.TB, ctx context.Context, queues []rscsync.Queue, tenant string, want int) {
	t.Helper()
	var mu sync.Mutex
	seen := map[string]int{}
	var wg sync.WaitGroup
	for w := range 8 {
		q := queues[w%len(queues)]
		wg.Go(func() {
			for {
				items, err := q.Claim(ctx, tenant, rscsync.LaneOutbox, 7, time.Hour)
				if err != nil {
					t.Error(err)
					return
				}
				if len(items) == 0 {
					return
				}
				mu.Lock()
				for _, it := range items {
					seen[it.ID]++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(seen) != want {
		t.Errorf("%d intents claimed, want %d", len(seen), want)
	}
	for id, k := range seen {
		if k != 1 {
			t.Errorf("intent %s claimed %d times", id, k)
		}
	}
}
