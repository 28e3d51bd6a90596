package pgstore_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rsc/sync/storetest"
	"github.com/rsckit/rsckit/rscstore/internal/chaostest"
	"github.com/rsckit/rsckit/rscstore/internal/hosttest"
	"github.com/rsckit/rsckit/rscstore/pgstore"
)

const dsnEnv = "RSC_TEST_POSTGRES_DSN"

// testPool connects to the database of RSC_TEST_POSTGRES_DSN, or skips.
func testPool(t testing.TB) *pgxpool.Pool {
	t.Helper()
	dsn := os.Getenv(dsnEnv)
	if dsn == "" {
		t.Skipf("%s is not set; set it to run the PostgreSQL tests, e.g. %s=postgres://postgres@127.0.0.1:5432/test?sslmode=disable", dsnEnv, dsnEnv)
	}
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		t.Fatalf("%s: %v", dsnEnv, err)
	}
	cfg.MaxConns = 16
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	if err := pool.Ping(context.Background()); err != nil {
		t.Fatalf("%s: %v", dsnEnv, err)
	}
	return pool
}

// newSchema returns a fresh schema name that is dropped when t ends.
func newSchema(t testing.TB, pool *pgxpool.Pool) string {
	schema := fmt.Sprintf("rscstore_test_%016x", rand.Uint64())
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := pool.Exec(ctx, "DROP SCHEMA IF EXISTS "+pgx.Identifier{schema}.Sanitize()+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	return schema
}

// newStore returns a Store in a fresh schema that is dropped when t ends.
func newStore(t testing.TB, pool *pgxpool.Pool, opts ...pgstore.Option) *pgstore.Store {
	t.Helper()
	s, err := pgstore.New(context.Background(), pool, append(opts, pgstore.WithSchema(newSchema(t, pool)))...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// host is a vendor's store: its records and pulled data (hosttest, in
// memory) beside the engine state under test.
type host struct {
	*pgstore.Store
	*hosttest.Host
}

// Apply implements rscsync.Applier the way a vendor does: the vendor's
// writes and the checkpoint in one transaction.
func (h host) Apply(ctx context.Context, b rscsync.Batch) error {
	return pgx.BeginFunc(ctx, h.Pool(), func(tx pgx.Tx) error {
		if b.Stream.Name != "" { // an empty name moves no checkpoint
			if err := h.SaveCheckpointTx(ctx, tx, b.Stream, b.From, b.Next); err != nil {
				return err
			}
		}
		return h.ApplyPulled(ctx, b)
	})
}

// put is the vendor's write path: the record, then its intent in a
// transaction.
func (h host) put(ctx context.Context, tenant string, r rscsync.Resource, rec rscsync.Record) error {
	h.Put(tenant, r, rec)
	return pgx.BeginFunc(ctx, h.Pool(), func(tx pgx.Tx) error {
		return h.RecordIntent(ctx, tx, tenant, r, rec.Ref, rscsync.OpUpsert)
	})
}

func (h host) del(ctx context.Context, tenant string, r rscsync.Resource, ref rscsync.Ref) error {
	h.Delete(tenant, r, ref)
	return pgx.BeginFunc(ctx, h.Pool(), func(tx pgx.Tx) error {
		return h.RecordIntent(ctx, tx, tenant, r, ref, rscsync.OpDelete)
	})
}

// fixture is the storetest fixture of s.
func fixture(s *pgstore.Store) storetest.Fixture {
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
	pool := testPool(t)
	storetest.Run(t, func(t *testing.T) storetest.Fixture {
		var offset atomic.Int64
		base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		now := func() time.Time { return base.Add(time.Duration(offset.Load())) }
		f := fixture(newStore(t, pool, pgstore.WithClock(now)))
		f.Now = now
		f.Advance = func(d time.Duration) { offset.Add(int64(d)) }
		return f
	})
}

// TestConformanceDatabaseClock runs storetest on the database's clock
// (the default), waiting real time for expiry.
func TestConformanceDatabaseClock(t *testing.T) {
	t.Parallel()
	pool := testPool(t)
	storetest.Run(t, func(t *testing.T) storetest.Fixture {
		return fixture(newStore(t, pool))
	})
}

// TestIntentInHostTransaction: the host's own write and the intent commit
// or roll back together, and a commit wakes the tenant.
func TestIntentInHostTransaction(t *testing.T) {
	t.Parallel()
	pool := testPool(t)
	s := newStore(t, pool)
	ctx := t.Context()
	woken := make(chan string, 16)
	stop := s.WakeTenants(func(tenant string) { woken <- tenant })
	defer stop()
	waitWake(t, woken, "") // the listener is connected
	table := pgx.Identifier{s.Schema(), "host_candidates"}.Sanitize()
	if _, err := pool.Exec(ctx, "CREATE TABLE "+table+" (id text PRIMARY KEY, email text)"); err != nil {
		t.Fatal(err)
	}
	write := func(fail bool) error {
		return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, "INSERT INTO "+table+" VALUES ('c1', 'ada@example.com')"); err != nil {
				return err
			}
			if err := s.RecordIntents(ctx, tx, "t", []pgstore.Change{
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
		if err := pool.QueryRow(ctx, "SELECT count(*) FROM "+table).Scan(&rows); err != nil {
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
	case <-time.After(100 * time.Millisecond):
	}
	if err := write(false); err != nil {
		t.Fatal(err)
	}
	if r, i := state(); r != 1 || i != 2 {
		t.Errorf("after a commit: host rows %d, intents %d; want 1 and 2", r, i)
	}
	waitWake(t, woken, "t")
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
	if err := write(false); err == nil {
		t.Error("a duplicate host row committed")
	}
	bad := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		return s.RecordIntent(ctx, tx, "t", "nope", rscsync.Ref{ID: "x"}, rscsync.OpUpsert)
	})
	if bad == nil {
		t.Error("RecordIntent accepted an unknown resource")
	}
}

// waitWake waits for want among the wake-ups.
func waitWake(t *testing.T, woken <-chan string, want string) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case got := <-woken:
			if got == want {
				return
			}
		case <-deadline:
			t.Fatalf("no wake-up for %q", want)
		}
	}
}

// TestCheckpointInHostTransaction: a stale checkpoint rolls the host's
// writes back with it.
func TestCheckpointInHostTransaction(t *testing.T) {
	t.Parallel()
	pool := testPool(t)
	s := newStore(t, pool)
	ctx := t.Context()
	table := pgx.Identifier{s.Schema(), "host_seats"}.Sanitize()
	if _, err := pool.Exec(ctx, "CREATE TABLE "+table+" (id text PRIMARY KEY)"); err != nil {
		t.Fatal(err)
	}
	id := rscsync.StreamID{Tenant: "t", Name: "pull/seats"}
	apply := func(seat string, from rscsync.Checkpoint) error {
		return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, "INSERT INTO "+table+" VALUES ($1) ON CONFLICT DO NOTHING", seat); err != nil {
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
	if err := pool.QueryRow(ctx, "SELECT count(*) FROM "+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	cp, err := s.LoadCheckpoint(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 || cp.Cursor != "s1" || cp.Version != 1 {
		t.Errorf("host rows %d, checkpoint %+v; want 1 row and s1 at version 1", n, cp)
	}
	all, err := s.Checkpoints(ctx, "t")
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 1 || all["pull/seats"].Cursor != "s1" {
		t.Errorf("Checkpoints = %+v", all)
	}
	// Inside a transaction, the checkpoint it moved is the one it reads.
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if err := s.SaveCheckpointTx(ctx, tx, id, cp, rscsync.Checkpoint{Cursor: "s3"}); err != nil {
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

// TestMigrateConcurrently starts several Stores on one new schema at once,
// as processes that start together do, and again on the migrated schema.
func TestMigrateConcurrently(t *testing.T) {
	t.Parallel()
	pool := testPool(t)
	schema := newSchema(t, pool)
	for round := range 2 {
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				s, err := pgstore.New(t.Context(), pool, pgstore.WithSchema(schema))
				if err != nil {
					t.Errorf("round %d: New: %v", round, err)
					return
				}
				s.Close()
			})
		}
		wg.Wait()
	}
	rows, err := pool.Query(t.Context(), "SELECT version FROM "+pgx.Identifier{schema, "rscstore_migrations"}.Sanitize()+" ORDER BY version")
	if err != nil {
		t.Fatal(err)
	}
	versions, err := pgx.CollectRows(rows, pgx.RowTo[int32])
	if err != nil {
		t.Fatal(err)
	}
	want := make([]int32, pgstore.SchemaVersion)
	for i := range want {
		want[i] = int32(i + 1)
	}
	if !reflect.DeepEqual(versions, want) {
		t.Errorf("rscstore_migrations = %v, want %v", versions, want)
	}
	s, err := pgstore.New(t.Context(), pool, pgstore.WithSchema(schema))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v, err := s.Version(t.Context()); err != nil || v != pgstore.SchemaVersion {
		t.Errorf("Version = %d, %v; want %d", v, err, pgstore.SchemaVersion)
	}
	// A schema from newer code is refused, not downgraded.
	if _, err := pool.Exec(t.Context(), "INSERT INTO "+pgx.Identifier{schema, "rscstore_migrations"}.Sanitize()+" (version, name) VALUES ($1, 'future.sql')", pgstore.SchemaVersion+1); err != nil {
		t.Fatal(err)
	}
	if err := s.Migrate(t.Context()); err == nil {
		t.Error("Migrate accepted a schema newer than the code")
	}
}

// TestDropIntentsSparesLeased: an intent a push round holds is not dropped;
// other ops and resources are not either.
func TestDropIntentsSparesLeased(t *testing.T) {
	t.Parallel()
	pool := testPool(t)
	s := newStore(t, pool)
	ctx := t.Context()
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		return s.RecordIntents(ctx, tx, "t", []pgstore.Change{
			{Resource: rscsync.Candidates, Ref: rscsync.Ref{ID: "c1"}, Op: rscsync.OpUpsert},
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Claim(ctx, "t", rscsync.LaneOutbox, 1, time.Hour); err != nil {
		t.Fatal(err)
	}
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		return s.RecordIntents(ctx, tx, "t", []pgstore.Change{
			{Resource: rscsync.Candidates, Ref: rscsync.Ref{ID: "c1"}, Op: rscsync.OpUpsert},
			{Resource: rscsync.Candidates, Ref: rscsync.Ref{ID: "c1"}, Op: rscsync.OpDelete},
			{Resource: rscsync.Candidates, Ref: rscsync.Ref{ID: "c2"}, Op: rscsync.OpUpsert},
			{Resource: rscsync.CandidateNotes, Ref: rscsync.Ref{ID: "c1"}, Op: rscsync.OpUpsert},
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	n, err := s.DropIntents(ctx, "t", rscsync.Candidates, []rscsync.Ref{{ID: "c1"}}, rscsync.OpUpsert)
	if err != nil || n != 1 {
		t.Fatalf("DropIntents = %d, %v; want 1 (the unleased upsert of c1)", n, err)
	}
	if left, err := s.PendingIntents(ctx, "t"); err != nil || left != 4 {
		t.Errorf("PendingIntents = %d, %v; want 4", left, err)
	}
}

// TestRenewLocks: one call renews the owner's leases, an expired one too
// unless another owner took it, and leaves out the others.
func TestRenewLocks(t *testing.T) {
	t.Parallel()
	pool := testPool(t)
	s := newStore(t, pool)
	ctx := t.Context()
	for _, l := range []struct {
		name, owner string
		ttl         time.Duration
	}{{"tenant/a", "p1", time.Minute}, {"tenant/b", "p1", time.Millisecond}, {"tenant/c", "p2", time.Minute}, {"tenant/d", "p1", time.Millisecond}} {
		if ok, err := s.TryLock(ctx, l.name, l.owner, l.ttl); err != nil || !ok {
			t.Fatalf("TryLock(%s, %s) = %v, %v", l.name, l.owner, ok, err)
		}
	}
	time.Sleep(5 * time.Millisecond) // b and d expire
	if ok, err := s.TryLock(ctx, "tenant/d", "p2", time.Minute); err != nil || !ok {
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
	if ok, _ := s.TryLock(ctx, "tenant/b", "p2", time.Minute); ok {
		t.Error("p2 took lease b after p1 renewed it for an hour")
	}
	owners, err := s.ListLeases(ctx, "tenant/")
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]string{"tenant/a": "p1", "tenant/b": "p1", "tenant/c": "p2", "tenant/d": "p2"}; !reflect.DeepEqual(owners, want) {
		t.Errorf("ListLeases = %v, want %v", owners, want)
	}
}

// TestWakeAcrossStores: an intent recorded through one Store wakes the
// tenant in a second Store (another process) on the same schema.
func TestWakeAcrossStores(t *testing.T) {
	t.Parallel()
	pool := testPool(t)
	a := newStore(t, pool)
	b, err := pgstore.New(t.Context(), pool, pgstore.WithSchema(a.Schema()))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	woken := make(chan string, 16)
	stop := b.WakeTenants(func(tenant string) { woken <- tenant })
	defer stop()
	waitWake(t, woken, "")
	if err := pgx.BeginFunc(t.Context(), pool, func(tx pgx.Tx) error {
		return a.RecordIntent(t.Context(), tx, "t7", rscsync.Jobs, rscsync.Ref{ID: "j1"}, rscsync.OpUpsert)
	}); err != nil {
		t.Fatal(err)
	}
	waitWake(t, woken, "t7")
	if err := a.NotifyTenant(t.Context(), "t8"); err != nil {
		t.Fatal(err)
	}
	waitWake(t, woken, "t8")
	select {
	case <-b.Wake():
	case <-time.After(10 * time.Second):
		t.Error("Wake's channel received nothing")
	}
}

// TestChaosLostAnswers runs the engines on the store through LinkedIn
// faults, answers lost after commits included (see chaostest).
func TestChaosLostAnswers(t *testing.T) {
	t.Parallel()
	s := newStore(t, testPool(t))
	h := host{Store: s, Host: hosttest.New()}
	chaostest.RunLostAnswers(t, chaostest.Target{
		Store: h, Host: h.Host, Put: h.put, Delete: h.del, Pending: s.PendingIntents, Parked: s.Parked,
	})
}

// TestClaimsAcrossProcesses: two Stores on one schema (two processes)
// claim from many goroutines at once (FOR UPDATE SKIP LOCKED); every
// intent is claimed exactly once.
func TestClaimsAcrossProcesses(t *testing.T) {
	t.Parallel()
	pool := testPool(t)
	a := newStore(t, pool)
	b, err := pgstore.New(t.Context(), pool, pgstore.WithSchema(a.Schema()))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ctx := t.Context()
	const n = 300
	changes := make([]pgstore.Change, n)
	for i := range changes {
		changes[i] = pgstore.Change{Resource: rscsync.Candidates, Ref: rscsync.Ref{ID: fmt.Sprint("c", i)}, Op: rscsync.OpUpsert}
	}
	if err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error { return a.RecordIntents(ctx, tx, "t", changes) }); err != nil {
		t.Fatal(err)
	}
	hosttest.ClaimEachOnce(t, ctx, []rscsync.Queue{a, b}, "t", n)
}

// TestConformanceEngineStateOnly runs storetest on the Store alone, as the
// engine-state module it is: the groups of the interfaces it implements
// run (intents recorded with Queue.Enqueue), the host's are skipped.
func TestConformanceEngineStateOnly(t *testing.T) {
	t.Parallel()
	pool := testPool(t)
	storetest.Run(t, func(t *testing.T) storetest.Fixture {
		var offset atomic.Int64
		base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		now := func() time.Time { return base.Add(time.Duration(offset.Load())) }
		s := newStore(t, pool, pgstore.WithClock(now))
		return storetest.Fixture{Store: s, Parked: s.Parked, Now: now, Advance: func(d time.Duration) { offset.Add(int64(d)) }}
	})
}

// TestParts: a Runner built from the Store's Parts and a host's records
// and applier has every engine-state ability.
func TestParts(t *testing.T) {
	s := newStore(t, testPool(t))
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
