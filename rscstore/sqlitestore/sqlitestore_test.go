package sqlitestore_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rsc/sync/storetest"
	"github.com/rsckit/rsckit/rscstore/internal/chaostest"
	"github.com/rsckit/rsckit/rscstore/internal/hosttest"
	"github.com/rsckit/rsckit/rscstore/sqlitestore"
)

// openDB opens a fresh database file in t's temporary directory.
func openDB(t testing.TB) *sql.DB {
	t.Helper()
	db, err := sqlitestore.Open(filepath.Join(t.TempDir(), "ats.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// newStore returns a Store on a fresh database.
func newStore(t testing.TB, opts ...sqlitestore.Option) *sqlitestore.Store {
	t.Helper()
	s, err := sqlitestore.New(context.Background(), openDB(t), opts...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// host is a vendor's store: its records and pulled data (hosttest, in
// memory) beside the engine state under test.
type host struct {
	*sqlitestore.Store
	*hosttest.Host
}

// Apply implements rscsync.Applier the way a vendor does: the vendor's
// writes and the checkpoint in one transaction.
func (h host) Apply(ctx context.Context, b rscsync.Batch) error {
	return h.Update(ctx, func(tx *sql.Tx) error {
		if b.Stream.Name != "" { // an empty name moves no checkpoint
			if err := h.SaveCheckpointTx(ctx, tx, b.Stream, b.From, b.Next); err != nil {
				return err
			}
		}
		return h.ApplyPulled(ctx, b)
	})
}

func (h host) put(ctx context.Context, tenant string, r rscsync.Resource, rec rscsync.Record) error {
	h.Put(tenant, r, rec)
	return h.Update(ctx, func(tx *sql.Tx) error {
		return h.RecordIntent(ctx, tx, tenant, r, rec.Ref, rscsync.OpUpsert)
	})
}

func (h host) del(ctx context.Context, tenant string, r rscsync.Resource, ref rscsync.Ref) error {
	h.Delete(tenant, r, ref)
	return h.Update(ctx, func(tx *sql.Tx) error {
		return h.RecordIntent(ctx, tx, tenant, r, ref, rscsync.OpDelete)
	})
}

func fixture(s *sqlitestore.Store) storetest.Fixture {
	h := host{Store: s, Host: hosttest.New()}
	return storetest.Fixture{
		Store:        h,
		PutRecord:    h.put,
		DeleteRecord: h.del,
		Pulled:       h.Pulled,
		Parked:       s.Parked,
		Evaluations:  h.Evaluations,
	}
}

// TestConformanceFakeClock runs storetest with a clock the suite moves.
func TestConformanceFakeClock(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) storetest.Fixture {
		var offset atomic.Int64
		base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		now := func() time.Time { return base.Add(time.Duration(offset.Load())) }
		f := fixture(newStore(t, sqlitestore.WithClock(now)))
		f.Now = now
		f.Advance = func(d time.Duration) { offset.Add(int64(d)) }
		return f
	})
}

// TestConformanceRealClock runs storetest on time.Now, waiting real time
// for expiry.
func TestConformanceRealClock(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) storetest.Fixture {
		return fixture(newStore(t))
	})
}

// TestIntentInHostTransaction: the vendor's own write and the intent
// commit or roll back together, and only a commit wakes the tenant.
func TestIntentInHostTransaction(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx := t.Context()
	woken := make(chan string, 16)
	stop := s.WakeTenants(func(tenant string) { woken <- tenant })
	defer stop()
	if _, err := s.DB().ExecContext(ctx, "CREATE TABLE host_candidates (id TEXT PRIMARY KEY, email TEXT)"); err != nil {
		t.Fatal(err)
	}
	write := func(fail bool) error {
		return s.Update(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, "INSERT INTO host_candidates VALUES ('c1', 'ada@example.com')"); err != nil {
				return err
			}
			if err := s.RecordIntents(ctx, tx, "t", []sqlitestore.Change{
				{Resource: rscsync.Candidates, Ref: rscsync.Ref{ID: "c1"}, Op: rscsync.OpUpsert},
				{Resource: rscsync.Candidates, Ref: rscsync.Ref{ID: "c0"}, Op: rscsync.OpDelete},
			}); err != nil {
				return err
			}
			if fail {
				return errors.New("the host's handler failed")
			}
			return nil
		})
	}
	state := func() (rows, intents int) {
		t.Helper()
		if err := s.DB().QueryRowContext(ctx, "SELECT count(*) FROM host_candidates").Scan(&rows); err != nil {
			t.Fatal(err)
		}
		n, err := s.PendingIntents(ctx, "t")
		if err != nil {
			t.Fatal(err)
		}
		return rows, n
	}
	if err := write(true); err == nil {
		t.Fatal("the failing transaction committed")
	}
	if r, i := state(); r != 0 || i != 0 {
		t.Errorf("after a rollback: host rows %d, intents %d; want none", r, i)
	}
	select {
	case got := <-woken:
		t.Errorf("a rolled-back transaction woke %q", got)
	default:
	}
	if err := write(false); err != nil {
		t.Fatal(err)
	}
	if r, i := state(); r != 1 || i != 2 {
		t.Errorf("after a commit: host rows %d, intents %d; want 1 and 2", r, i)
	}
	select {
	case got := <-woken:
		if got != "t" {
			t.Errorf("the commit woke %q, want t", got)
		}
	default:
		t.Error("the commit woke nobody")
	}
	claimed, err := s.Claim(ctx, "t", rscsync.LaneOutbox, 10, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, in := range claimed {
		got = append(got, string(in.Op)+" "+in.Ref.ID)
	}
	if want := []string{"upsert c1", "delete c0"}; !slices.Equal(got, want) {
		t.Errorf("claimed %v, want %v in the order recorded", got, want)
	}
	err = s.Update(ctx, func(tx *sql.Tx) error {
		return s.RecordIntent(ctx, tx, "t", "nope", rscsync.Ref{ID: "x"}, rscsync.OpUpsert)
	})
	if err == nil {
		t.Error("RecordIntent accepted an unknown resource")
	}
}

// TestCheckpointInHostTransaction: a stale checkpoint rolls the vendor's
// writes back with it.
func TestCheckpointInHostTransaction(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx := t.Context()
	if _, err := s.DB().ExecContext(ctx, "CREATE TABLE host_seats (id TEXT PRIMARY KEY)"); err != nil {
		t.Fatal(err)
	}
	id := rscsync.StreamID{Tenant: "t", Name: "pull/seats"}
	apply := func(seat string, from rscsync.Checkpoint) error {
		return s.Update(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, "INSERT INTO host_seats VALUES (?) ON CONFLICT DO NOTHING", seat); err != nil {
				return err
			}
			return s.SaveCheckpointTx(ctx, tx, id, from, rscsync.Checkpoint{Cursor: seat})
		})
	}
	if err := apply("s1", rscsync.Checkpoint{}); err != nil {
		t.Fatal(err)
	}
	if err := apply("s2", rscsync.Checkpoint{}); !errors.Is(err, rscsync.ErrStaleCheckpoint) {
		t.Fatalf("apply from a stale checkpoint: %v, want ErrStaleCheckpoint", err)
	}
	var n int
	if err := s.DB().QueryRowContext(ctx, "SELECT count(*) FROM host_seats").Scan(&n); err != nil {
		t.Fatal(err)
	}
	all, err := s.Checkpoints(ctx, "t")
	if err != nil {
		t.Fatal(err)
	}
	if cp := all["pull/seats"]; n != 1 || len(all) != 1 || cp.Cursor != "s1" || cp.Version != 1 {
		t.Errorf("host rows %d, checkpoints %+v; want 1 row and s1 at version 1", n, all)
	}
	// Inside a transaction, the checkpoint it moved is the one it reads.
	err = s.Update(ctx, func(tx *sql.Tx) error {
		if err := s.SaveCheckpointTx(ctx, tx, id, all["pull/seats"], rscsync.Checkpoint{Cursor: "s3"}); err != nil {
			return err
		}
		cp, err := s.LoadCheckpointTx(ctx, tx, id)
		if err != nil {
			return err
		}
		if cp.Cursor != "s3" || cp.Version != 2 {
			t.Errorf("LoadCheckpointTx = %+v, want s3 at version 2", cp)
		}
		return errors.New("roll back")
	})
	if cp, _ := s.LoadCheckpoint(ctx, id); err == nil || cp.Cursor != "s1" {
		t.Errorf("after a rollback: %v, checkpoint %+v; want s1", err, cp)
	}
}

// TestMigrateConcurrently opens several Stores on one new file at once, as
// processes that start together do; a database from newer code is refused.
func TestMigrateConcurrently(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "ats.db")
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			db, err := sqlitestore.Open(path)
			if err != nil {
				t.Error(err)
				return
			}
			defer db.Close()
			if _, err := sqlitestore.New(t.Context(), db); err != nil {
				t.Errorf("New: %v", err)
			}
		})
	}
	wg.Wait()
	db, err := sqlitestore.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var versions []int
	rows, err := db.QueryContext(t.Context(), "SELECT version FROM rscstore_migrations ORDER BY version")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		versions = append(versions, v)
	}
	rows.Close()
	want := make([]int, sqlitestore.SchemaVersion)
	for i := range want {
		want[i] = i + 1
	}
	if !reflect.DeepEqual(versions, want) {
		t.Errorf("rscstore_migrations = %v, want %v", versions, want)
	}
	if _, err := db.ExecContext(t.Context(), "INSERT INTO rscstore_migrations VALUES (?, 'future.sql', 0)", sqlitestore.SchemaVersion+1); err != nil {
		t.Fatal(err)
	}
	if _, err := sqlitestore.New(t.Context(), db); err == nil {
		t.Error("New accepted a database newer than the code")
	}
}

// TestDropIntentsSparesLeased: an intent a push round holds is not dropped;
// other ops and resources are not either.
func TestDropIntentsSparesLeased(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	ctx := t.Context()
	record := func(cs ...sqlitestore.Change) {
		t.Helper()
		if err := s.Update(ctx, func(tx *sql.Tx) error { return s.RecordIntents(ctx, tx, "t", cs) }); err != nil {
			t.Fatal(err)
		}
	}
	record(sqlitestore.Change{Resource: rscsync.Candidates, Ref: rscsync.Ref{ID: "c1"}, Op: rscsync.OpUpsert})
	if _, err := s.Claim(ctx, "t", rscsync.LaneOutbox, 1, time.Hour); err != nil {
		t.Fatal(err)
	}
	record(
		sqlitestore.Change{Resource: rscsync.Candidates, Ref: rscsync.Ref{ID: "c1"}, Op: rscsync.OpUpsert},
		sqlitestore.Change{Resource: rscsync.Candidates, Ref: rscsync.Ref{ID: "c1"}, Op: rscsync.OpDelete},
		sqlitestore.Change{Resource: rscsync.Candidates, Ref: rscsync.Ref{ID: "c2"}, Op: rscsync.OpUpsert},
		sqlitestore.Change{Resource: rscsync.CandidateNotes, Ref: rscsync.Ref{ID: "c1"}, Op: rscsync.OpUpsert},
	)
	n, err := s.DropIntents(ctx, "t", rscsync.Candidates, []rscsync.Ref{{ID: "c1"}}, rscsync.OpUpsert)
	if err != nil || n != 1 {
		t.Fatalf("DropIntents = %d, %v; want 1 (the unleased upsert of c1)", n, err)
	}
	if left, err := s.PendingIntents(ctx, "t"); err != nil || left != 4 {
		t.Errorf("PendingIntents = %d, %v; want 4", left, err)
	}
}

// TestLeasesAndBacklog: renewing, listing and owning leases, and the
// backlog of several tenants in one call, on a clock the test moves.
func TestLeasesAndBacklog(t *testing.T) {
	t.Parallel()
	var offset atomic.Int64
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	now := func() time.Time { return base.Add(time.Duration(offset.Load())) }
	s := newStore(t, sqlitestore.WithClock(now))
	ctx := t.Context()
	for _, l := range []struct {
		name, owner string
		ttl         time.Duration
	}{{"tenant/a", "p1", time.Hour}, {"tenant/b", "p1", time.Second}, {"tenant/c", "p2", time.Hour}, {"tenant/d", "p1", time.Second}} {
		if ok, err := s.TryLock(ctx, l.name, l.owner, l.ttl); err != nil || !ok {
			t.Fatalf("TryLock(%s, %s) = %v, %v", l.name, l.owner, ok, err)
		}
	}
	offset.Add(int64(2 * time.Second)) // b and d expire
	if ok, err := s.TryLock(ctx, "tenant/d", "p2", time.Hour); err != nil || !ok {
		t.Fatalf("p2 did not take the expired lease d: %v, %v", ok, err)
	}
	held, err := s.RenewLocks(ctx, []string{"tenant/a", "tenant/b", "tenant/c", "tenant/d", "tenant/e"}, "p1", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(held)
	if !slices.Equal(held, []string{"tenant/a", "tenant/b"}) {
		t.Errorf("RenewLocks = %v, want [tenant/a tenant/b]", held)
	}
	if ok, _ := s.TryLock(ctx, "tenant/b", "p2", time.Hour); ok {
		t.Error("p2 took lease b after p1 renewed it")
	}
	all, err := s.ListLeases(ctx, "tenant/")
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]string{"tenant/a": "p1", "tenant/b": "p1", "tenant/c": "p2", "tenant/d": "p2"}; !reflect.DeepEqual(all, want) {
		t.Errorf("ListLeases = %v, want %v", all, want)
	}
	if _, err := s.TryLock(ctx, "member/p3", "p3", time.Second); err != nil {
		t.Fatal(err)
	}
	offset.Add(int64(2 * time.Second))
	owners, err := s.LeaseOwners(ctx, []string{"tenant/a", "member/p3", "tenant/z"})
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]string{"tenant/a": "p1"}; !reflect.DeepEqual(owners, want) {
		t.Errorf("LeaseOwners = %v, want %v (member/p3 expired)", owners, want)
	}

	if err := s.Update(ctx, func(tx *sql.Tx) error {
		return s.RecordIntents(ctx, tx, "t1", []sqlitestore.Change{
			{Resource: rscsync.Jobs, Ref: rscsync.Ref{ID: "j1"}, Op: rscsync.OpUpsert},
			{Resource: rscsync.Jobs, Ref: rscsync.Ref{ID: "j2"}, Op: rscsync.OpUpsert},
		})
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.Park(ctx, []rscsync.Parked{{Tenant: "t2", Resource: rscsync.Jobs, Ref: rscsync.Ref{ID: "j9"}, Status: 422, Reason: "bad"}}); err != nil {
		t.Fatal(err)
	}
	bl, err := s.Backlog(ctx, []string{"t1", "t2", "t3"})
	if err != nil {
		t.Fatal(err)
	}
	if b := bl["t1"]; b.Intents != 2 || !b.Oldest.Equal(now()) || b.Parked != 0 {
		t.Errorf("t1 backlog = %+v, want 2 intents since %v", b, now())
	}
	if b := bl["t2"]; b.Intents != 0 || b.Parked != 1 {
		t.Errorf("t2 backlog = %+v, want 1 parked", b)
	}
	if b, ok := bl["t3"]; ok {
		t.Errorf("t3 backlog = %+v, want none", b)
	}
}

// TestChaosLostAnswers runs the engines on the store through LinkedIn
// faults, answers lost after commits included (see chaostest).
func TestChaosLostAnswers(t *testing.T) {
	t.Parallel()
	s := newStore(t)
	h := host{Store: s, Host: hosttest.New()}
	chaostest.RunLostAnswers(t, chaostest.Target{
		Store: h, Host: h.Host, Put: h.put, Delete: h.del, Pending: s.PendingIntents, Parked: s.Parked,
	})
}

// TestClaimsAcrossProcesses: two Stores on one file (two processes) claim
// from many goroutines at once; every intent is claimed exactly once.
func TestClaimsAcrossProcesses(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "ats.db")
	var stores []*sqlitestore.Store
	for range 2 {
		db, err := sqlitestore.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		s, err := sqlitestore.New(t.Context(), db)
		if err != nil {
			t.Fatal(err)
		}
		stores = append(stores, s)
	}
	ctx := t.Context()
	const n = 300
	changes := make([]sqlitestore.Change, n)
	for i := range changes {
		changes[i] = sqlitestore.Change{Resource: rscsync.Candidates, Ref: rscsync.Ref{ID: fmt.Sprint("c", i)}, Op: rscsync.OpUpsert}
	}
	if err := stores[0].Update(ctx, func(tx *sql.Tx) error { return stores[0].RecordIntents(ctx, tx, "t", changes) }); err != nil {
		t.Fatal(err)
	}
	hosttest.ClaimEachOnce(t, ctx, []rscsync.Queue{stores[0], stores[1]}, "t", n)
}

// TestConformanceEngineStateOnly runs storetest on the Store alone, as the
// engine-state module it is: the groups of the interfaces it implements
// run (intents recorded with Queue.Enqueue), the host's are skipped.
func TestConformanceEngineStateOnly(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) storetest.Fixture {
		var offset atomic.Int64
		base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		now := func() time.Time { return base.Add(time.Duration(offset.Load())) }
		s := newStore(t, sqlitestore.WithClock(now))
		return storetest.Fixture{Store: s, Parked: s.Parked, Now: now, Advance: func(d time.Duration) { offset.Add(int64(d)) }}
	})
}

// TestParts: a Runner built from the Store's Parts and a host's records
// and applier has every engine-state ability.
func TestParts(t *testing.T) {
	s := newStore(t)
	h := host{Store: s, Host: hosttest.New()}
	p := s.Parts()
	p.Records, p.Applier = h, h
	want := []string{"Locker", "LeaseRenewer", "LeaseOwners", "LeaseLister", "TenantWaker", "Waker", "Notifier", "Dropper", "Backlog"}
	if got := p.Abilities(); !slices.Equal(got, want) {
		t.Errorf("Abilities = %v, want %v", got, want)
	}
	if _, err := rscsync.NewRunnerFrom(p, rscsync.Tenants{}, rscsync.Config{}); err != nil {
		t.Errorf("NewRunnerFrom: %v", err)
	}
}
