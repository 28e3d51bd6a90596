package pgstore_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/rsckit/rsckit/examples/postgres/pgstore"
	"github.com/rsckit/rsckit/internal/atsgen"
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rsc/sync/storetest"
)

const dsnEnv = "RSC_TEST_POSTGRES_DSN"

// testPool connects to the database of RSC_TEST_POSTGRES_DSN, or skips.
func testPool(t *testing.T) *pgxpool.Pool {
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
	pool, err := pgxpool.NewWithConfig(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	if err := pool.Ping(t.Context()); err != nil {
		t.Fatalf("%s: %v", dsnEnv, err)
	}
	return pool
}

// newStore returns a Store in a fresh schema that is dropped when t ends.
func newStore(t *testing.T, pool *pgxpool.Pool, opts ...pgstore.Option) *pgstore.Store {
	t.Helper()
	schema := fmt.Sprintf("pgstore_test_%016x", rand.Uint64())
	s, err := pgstore.New(t.Context(), pool, append(opts, pgstore.WithSchema(schema))...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		s.Close()
		dropSchema(t, pool, schema)
	})
	return s
}

func dropSchema(t *testing.T, pool *pgxpool.Pool, schema string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := pool.Exec(ctx, "DROP SCHEMA IF EXISTS "+pgx.Identifier{schema}.Sanitize()+" CASCADE"); err != nil {
		t.Errorf("drop schema %s: %v", schema, err)
	}
}

// fixture is the storetest fixture of s.
func fixture(s *pgstore.Store) storetest.Fixture {
	return storetest.Fixture{
		Store:        s,
		PutRecord:    s.Put,
		DeleteRecord: s.Delete,
		Evaluations:  s.Evaluations,
		Pulled: func(ctx context.Context, tenant string) ([]any, error) {
			out, err := s.Pulled(ctx, tenant)
			if err != nil {
				return nil, err
			}
			exports, err := s.Exports(ctx, tenant)
			for _, e := range exports {
				out = append(out, e)
			}
			return out, err
		},
		Parked: s.Parked,
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

// TestHostTransaction checks the outbox pattern: the host's own write, the
// record and the intent commit or roll back together.
func TestHostTransaction(t *testing.T) {
	t.Parallel()
	pool := testPool(t)
	s := newStore(t, pool)
	ctx := t.Context()
	host := pgx.Identifier{s.Schema(), "host_candidates"}.Sanitize()
	if _, err := pool.Exec(ctx, "CREATE TABLE "+host+" (id text PRIMARY KEY, email text)"); err != nil {
		t.Fatal(err)
	}
	rec := rscsync.Record{Ref: rscsync.Ref{ID: "c1"}, Value: model.Candidate{FirstName: "Ada", EmailAddresses: []string{"ada@example.com"},
		ATSCreatedAt: 1, ATSLastModifiedAt: 2, ExternalProfileURL: "https://ats.example.com/c1"}}
	write := func(fail bool) error {
		return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, "INSERT INTO "+host+" VALUES ('c1', 'ada@example.com')"); err != nil {
				return err
			}
			if err := s.PutRecord(ctx, tx, "t", rscsync.Candidates, rec); err != nil {
				return err
			}
			if fail {
				return errors.New("the host's handler failed")
			}
			return nil
		})
	}
	state := func() (hostRows, records, intents int) {
		t.Helper()
		if err := pool.QueryRow(ctx, "SELECT count(*) FROM "+host).Scan(&hostRows); err != nil {
			t.Fatal(err)
		}
		n, err := s.CountRecords(ctx, "t", rscsync.Candidates)
		if err != nil {
			t.Fatal(err)
		}
		claimed, err := s.Claim(ctx, "t", rscsync.LaneOutbox, 10, time.Millisecond)
		if err != nil {
			t.Fatal(err)
		}
		return hostRows, int(n), len(claimed)
	}
	if err := write(true); err == nil {
		t.Fatal("the failing transaction committed")
	}
	if h, r, i := state(); h != 0 || r != 0 || i != 0 {
		t.Errorf("after a rollback: host rows %d, records %d, intents %d; want none", h, r, i)
	}
	if err := write(false); err != nil {
		t.Fatal(err)
	}
	time.Sleep(5 * time.Millisecond) // the probe claim above leased for 1 ms
	if h, r, i := state(); h != 1 || r != 1 || i != 1 {
		t.Errorf("after a commit: host rows %d, records %d, intents %d; want 1 each", h, r, i)
	}
}

// TestMigrateConcurrently starts several Stores on one new schema at once,
// as processes that start together do, and again on the migrated schema.
func TestMigrateConcurrently(t *testing.T) {
	t.Parallel()
	pool := testPool(t)
	schema := fmt.Sprintf("pgstore_test_%016x", rand.Uint64())
	t.Cleanup(func() { dropSchema(t, pool, schema) })
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
	var versions []int32
	rows, err := pool.Query(t.Context(), "SELECT version FROM "+pgx.Identifier{schema, "schema_migrations"}.Sanitize()+" ORDER BY version")
	if err != nil {
		t.Fatal(err)
	}
	versions, err = pgx.CollectRows(rows, pgx.RowTo[int32])
	if err != nil {
		t.Fatal(err)
	}
	if want := []int32{1, 2, 3, 4, 5, 6, 7}; !reflect.DeepEqual(versions, want) || len(want) != pgstore.SchemaVersion {
		t.Errorf("schema_migrations = %v, want %v", versions, want)
	}
}

// TestSeedAndScanEveryResource seeds a generated ATS with COPY and checks
// that every record comes back with the same value, in its model type, and
// without intents.
func TestSeedAndScanEveryResource(t *testing.T) {
	t.Parallel()
	pool := testPool(t)
	s := newStore(t, pool)
	ctx := t.Context()
	d := atsgen.Generate(7, 40, time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC))
	for _, r := range rscsync.Resources() {
		n, err := s.SeedRecords(ctx, "t", r, d.Records[r])
		if err != nil {
			t.Fatalf("SeedRecords(%s): %v", r, err)
		}
		if int(n) != len(d.Records[r]) {
			t.Errorf("SeedRecords(%s) copied %d rows, want %d", r, n, len(d.Records[r]))
		}
	}
	for _, r := range rscsync.Resources() {
		want := map[rscsync.Ref]string{}
		for _, rec := range d.Records[r] {
			want[rec.Ref] = jsonString(t, rec.Value)
		}
		got := map[rscsync.Ref]string{}
		after := ""
		for {
			recs, last, err := s.ScanRecords(ctx, "t", r, after, 17)
			if err != nil {
				t.Fatalf("ScanRecords(%s): %v", r, err)
			}
			if len(recs) == 0 {
				break
			}
			for _, rec := range recs {
				if reflect.TypeOf(rec.Value) != reflect.TypeOf(d.Records[r][0].Value) {
					t.Fatalf("%s %+v: value of type %T", r, rec.Ref, rec.Value)
				}
				got[rec.Ref] = jsonString(t, rec.Value)
			}
			after = last
		}
		if !reflect.DeepEqual(want, got) {
			t.Errorf("%s: scanned %d records, seeded %d, or their values differ", r, len(got), len(want))
		}
	}
	if in, err := s.Claim(ctx, "t", rscsync.LaneOutbox, 10, time.Minute); err != nil || len(in) != 0 {
		t.Errorf("Claim after SeedRecords = %v, %v; want no intents", in, err)
	}
}

func jsonString(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestWakeAcrossStores checks that a change written through one Store (one
// process) wakes the push engine of another on the same schema.
func TestWakeAcrossStores(t *testing.T) {
	t.Parallel()
	for name, schema := range map[string]string{
		"short schema name": "",
		// 63 bytes, PostgreSQL's longest identifier: a channel named after it
		// is too long for pg_notify, which failed the host's write.
		"longest schema name": fmt.Sprintf("pgstore_test_long_%016x_%s", rand.Uint64(), strings.Repeat("x", 28)),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			testWakeAcrossStores(t, schema)
		})
	}
}

func testWakeAcrossStores(t *testing.T, schema string) {
	pool := testPool(t)
	var writer *pgstore.Store
	if schema == "" {
		writer = newStore(t, pool)
	} else {
		w, err := pgstore.New(t.Context(), pool, pgstore.WithSchema(schema))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			w.Close()
			dropSchema(t, pool, schema)
		})
		writer = w
	}
	reader, err := pgstore.New(t.Context(), pool, pgstore.WithSchema(writer.Schema()))
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	wake := reader.Wake()
	select {
	case <-wake: // the listener's first signal, once it listens
	case <-time.After(10 * time.Second):
		t.Fatal("the listener did not start")
	}
	rec := rscsync.Record{Ref: rscsync.Ref{ID: "j1"}, Value: model.JobPosting{Title: "Engineer"}}
	if err := writer.Put(t.Context(), "t", rscsync.Jobs, rec); err != nil {
		t.Fatal(err)
	}
	select {
	case <-wake:
	case <-time.After(5 * time.Second):
		t.Fatal("a Put through another Store did not wake this one")
	}
	reader.Close()
	reader.Close() // twice is fine
}

// TestLockAcrossStores checks the lease between two Stores on the
// database's clock: exclusive while held, taken over after expiry.
func TestLockAcrossStores(t *testing.T) {
	t.Parallel()
	pool := testPool(t)
	a := newStore(t, pool)
	b, err := pgstore.New(t.Context(), pool, pgstore.WithSchema(a.Schema()))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ctx := t.Context()
	try := func(s *pgstore.Store, owner string, ttl time.Duration, want bool) {
		t.Helper()
		got, err := s.TryLock(ctx, "tenant/x", owner, ttl)
		if err != nil || got != want {
			t.Fatalf("TryLock(%s) = %v, %v; want %v", owner, got, err, want)
		}
	}
	try(a, "p1", 300*time.Millisecond, true)
	try(b, "p2", time.Minute, false)
	try(a, "p1", 300*time.Millisecond, true) // renewal
	time.Sleep(400 * time.Millisecond)
	try(b, "p2", time.Minute, true)
	try(a, "p1", time.Minute, false)
	leases, err := a.Leases(ctx)
	if err != nil || len(leases) != 1 || leases[0].Owner != "p2" || leases[0].Name != "tenant/x" {
		t.Errorf("Leases = %+v, %v; want tenant/x held by p2", leases, err)
	}
}
