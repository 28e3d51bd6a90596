package storetest_test

import (
	"context"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rsc/sync/memstore"
	"github.com/rsckit/rsckit/rsc/sync/storetest"
)

const brokenEnv = "STORETEST_BROKEN"

// brokenStore is a memstore with one rule broken, to show that the suite
// catches it.
type brokenStore struct {
	*memstore.Store
	mode string
	seen *sync.Map // mode "forget": every notification id ever enqueued
}

// Enqueue in mode "forget" remembers every notification id for ever
// (unbounded memory).
func (b brokenStore) Enqueue(ctx context.Context, items ...rscsync.Item) error {
	if b.mode == "forget" {
		var fresh []rscsync.Item
		for _, it := range items {
			if it.Lane != rscsync.LaneNotifications {
				fresh = append(fresh, it)
			} else if _, dup := b.seen.LoadOrStore(it.Tenant+"\x00"+it.ID, true); !dup {
				fresh = append(fresh, it)
			}
		}
		items = fresh
	}
	return b.Store.Enqueue(ctx, items...)
}

// Complete in mode "lease" accepts any lease.
func (b brokenStore) Complete(ctx context.Context, intents []rscsync.Item, o rscsync.Outcome) error {
	if b.mode == "lease" && len(intents) > 0 {
		cur := map[string]string{}
		for _, in := range b.Items(intents[0].Tenant, intents[0].Lane) {
			cur[in.ID] = in.Lease
		}
		fixed := make([]rscsync.Item, len(intents))
		for i, in := range intents {
			fixed[i] = in
			if l, ok := cur[in.ID]; ok {
				fixed[i].Lease = l
			}
		}
		intents = fixed
	}
	return b.Store.Complete(ctx, intents, o)
}

// SaveCheckpoint in mode "cas" overwrites whatever is stored.
func (b brokenStore) SaveCheckpoint(ctx context.Context, s rscsync.StreamID, from, next rscsync.Checkpoint) error {
	if b.mode == "cas" {
		from = b.Checkpoints()[s]
	}
	return b.Store.SaveCheckpoint(ctx, s, from, next)
}

// Apply in mode "apply" ignores a stale From.
func (b brokenStore) Apply(ctx context.Context, batch rscsync.Batch) error {
	if b.mode == "apply" {
		batch.From = b.Checkpoints()[batch.Stream]
	}
	if b.mode == "evaluation" {
		batch = b.dropKnownEvaluations(batch)
	}
	return b.Store.Apply(ctx, batch)
}

// ScanRecords in mode "scan" returns the record at the cursor again.
func (b brokenStore) ScanRecords(ctx context.Context, tenant string, r rscsync.Resource, after string, limit int) ([]rscsync.Record, string, error) {
	if b.mode == "scan" && after != "" {
		all := b.Records(tenant, r)
		for i, rec := range all {
			if memstore.PositionKey(rec.Ref) == after {
				all = all[i:]
				break
			}
		}
		if len(all) > limit {
			all = all[:limit]
		}
		if len(all) == 0 {
			return nil, after, nil
		}
		return all, memstore.PositionKey(all[len(all)-1].Ref), nil
	}
	return b.Store.ScanRecords(ctx, tenant, r, after, limit)
}

// dropKnownEvaluations (mode "evaluation") keeps the first evaluation of
// a key instead of replacing it.
func (b brokenStore) dropKnownEvaluations(batch rscsync.Batch) rscsync.Batch {
	known := map[string]bool{}
	for _, x := range b.Evaluations(batch.Stream.Tenant) {
		known[x.Key()] = true
	}
	batch.Changes = slices.DeleteFunc(slices.Clone(batch.Changes), func(c rscsync.Pulled) bool {
		return c.Kind() == rscsync.KindEvaluation && known[c.Key()]
	})
	return batch
}

// TestBrokenStoreHelper runs the suite against a broken store; it is run by
// TestSuiteCatchesBrokenStores in a child process.
func TestBrokenStoreHelper(t *testing.T) {
	mode := os.Getenv(brokenEnv)
	if mode == "" {
		t.Skip("run by TestSuiteCatchesBrokenStores")
	}
	storetest.Run(t, func(t *testing.T) storetest.Fixture {
		var offset atomic.Int64
		base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		now := func() time.Time { return base.Add(time.Duration(offset.Load())) }
		s := memstore.New(memstore.WithClock(now))
		f := memFixture(s)
		f.Store = brokenStore{Store: s, mode: mode, seen: new(sync.Map)}
		f.Now = now
		f.Advance = func(d time.Duration) { offset.Add(int64(d)) }
		return f
	})
}

func TestSuiteCatchesBrokenStores(t *testing.T) {
	t.Parallel()
	if os.Getenv(brokenEnv) != "" {
		t.Skip("inside the child process")
	}
	for _, tc := range []struct {
		mode     string
		wantFail []string
	}{
		{"lease", []string{"QueueOutbox/OldLeaseLost", "QueueNotifications/OldLeaseLost"}},
		{"cas", []string{"Checkpoints/StaleFromChangesNothing", "Checkpoints/ConcurrentCompareAndSet", "Checkpoints/StreamsIndependent"}},
		{"apply", []string{"Apply/ReplayIsIdempotent", "Apply/StaleFromStoresNothing"}},
		{"scan", []string{"Records/ScanResumesFromEveryCursor", "Records/ScanOrderStable", "AttachmentSource/AttachmentsScanLoadAndStream"}},
		{"evaluation", []string{"Apply/EvaluationsAreIdempotentAndReplace"}},
		{"forget", []string{"QueueNotifications/DoneForgottenAfterRetention"}},
	} {
		t.Run(tc.mode, func(t *testing.T) {
			t.Parallel()
			cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestBrokenStoreHelper$", "-test.v")
			cmd.Env = append(os.Environ(), brokenEnv+"="+tc.mode)
			out, err := cmd.CombinedOutput()
			if err == nil {
				t.Fatalf("the suite passed a store with broken %s:\n%s", tc.mode, out)
			}
			for _, name := range tc.wantFail {
				if !strings.Contains(string(out), "--- FAIL: TestBrokenStoreHelper/"+name+" ") {
					t.Errorf("subtest %s did not fail for broken %s", name, tc.mode)
				}
			}
			// Nothing outside the broken area fails.
			for line := range strings.Lines(string(out)) {
				line = strings.TrimSpace(line)
				if !strings.HasPrefix(line, "--- FAIL: TestBrokenStoreHelper/") {
					continue
				}
				group := strings.SplitN(strings.TrimPrefix(line, "--- FAIL: TestBrokenStoreHelper/"), "/", 2)[0]
				group = strings.Fields(group)[0]
				if !slices.ContainsFunc(tc.wantFail, func(w string) bool { return strings.HasPrefix(w, group+"/") }) {
					t.Errorf("broken %s also failed %s", tc.mode, line)
				}
			}
		})
	}
}

// queueOnly is an engine-state store module: the queue, checkpoints and
// parked records, none of the host's records or Applier.
type queueOnly struct {
	rscsync.Queue
	rscsync.CheckpointStore
	rscsync.Parker
}

// TestEachInterfaceOnItsOwn: a store with only some interfaces passes the
// groups of those and skips the others, saying which interface it lacks.
func TestEachInterfaceOnItsOwn(t *testing.T) {
	t.Parallel()
	if os.Getenv(brokenEnv) != "" {
		t.Skip("inside the child process")
	}
	var ran sync.Map // groups with a subtest that ran to the end
	t.Run("suite", func(t *testing.T) {
		storetest.Run(t, func(t *testing.T) storetest.Fixture {
			s := memstore.New()
			t.Cleanup(func() {
				if !t.Skipped() {
					ran.Store(strings.SplitN(strings.TrimPrefix(t.Name(), "TestEachInterfaceOnItsOwn/suite/"), "/", 2)[0], true)
				}
			})
			return storetest.Fixture{Store: queueOnly{s, s, s}}
		})
	})
	for _, g := range []string{"Records", "Apply", "AttachmentSource", "IntentDropper", "Locker"} {
		if _, ok := ran.Load(g); ok {
			t.Errorf("group %s ran against a store without its interface", g)
		}
	}
	for _, g := range []string{"QueueOutbox", "QueueNotifications", "Checkpoints", "Park"} {
		if _, ok := ran.Load(g); !ok {
			t.Errorf("group %s was skipped for a store that has its interface", g)
		}
	}
}
