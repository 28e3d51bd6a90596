package pgstore_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/rsckit/rsckit/examples/postgres/pgstore"
	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rscmock"
)

// queryCounter is a pgx tracer that counts the statements a pool runs.
// Outside an explicit transaction every statement is one commit, so the
// count bounds the database commits from above.
type queryCounter struct {
	n  atomic.Int64
	mu sync.Mutex
	by map[string]int // statements by their start, when set
}

func (c *queryCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	c.n.Add(1)
	c.mu.Lock()
	if c.by != nil {
		k := strings.Join(strings.Fields(d.SQL), " ")
		if len(k) > 90 {
			k = k[:90]
		}
		c.by[k]++
	}
	c.mu.Unlock()
	return ctx
}

func (c *queryCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// memTransport serves rscmock's handler in memory.
type memTransport struct{ h http.Handler }

func (t memTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	in := r
	if in.Body == nil {
		in = r.Clone(r.Context())
		in.Body = http.NoBody
	}
	t.h.ServeHTTP(rec, in)
	resp := rec.Result()
	resp.Request = r
	return resp, nil
}

func envIntOr(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// BenchmarkIdleTenants serves many tenants (RSC_BENCH_TENANTS, default 500)
// from one Runner on PostgreSQL against rscmock, with nothing to do once
// their backfills are finished, and reports:
//
//   - idle-commits-per-tenant-s: the statements the Store's pool ran per
//     tenant per second over an idle window (RSC_BENCH_IDLE_SECONDS,
//     default 330: longer than the safety timer), an upper bound of the
//     database commits (target < 0.05);
//   - queries-per-change: the statements from a change's write to its
//     intent's completion, with everything else idle (O(1): independent of
//     the number of tenants).
//
// Pollers are off: this measures the engine, not the pollers' schedule.
// Gated on RSC_TEST_POSTGRES_DSN; run it with
//
//	go test -run '^$' -bench IdleTenants -benchtime 1x ./examples/postgres/pgstore/
func BenchmarkIdleTenants(b *testing.B) {
	dsn := os.Getenv(dsnEnv)
	if dsn == "" {
		b.Skipf("%s is not set", dsnEnv)
	}
	tenants := envIntOr("RSC_BENCH_TENANTS", 500)
	window := time.Duration(envIntOr("RSC_BENCH_IDLE_SECONDS", 330)) * time.Second
	ctx := b.Context()
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		b.Fatal(err)
	}
	cfg.MaxConns = 8
	counter := &queryCounter{}
	cfg.ConnConfig.Tracer = counter
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		b.Fatal(err)
	}
	defer pool.Close()
	// The observer's own queries go through a pool without the counter.
	obs, err := pgxpool.New(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer obs.Close()
	schema := fmt.Sprintf("pgstore_bench_%016x", rand.Uint64())
	store, err := pgstore.New(ctx, pool, pgstore.WithSchema(schema))
	if err != nil {
		b.Fatal(err)
	}
	defer func() {
		store.Close()
		_, _ = obs.Exec(context.Background(), "DROP SCHEMA IF EXISTS "+pgx.Identifier{schema}.Sanitize()+" CASCADE")
	}()

	srv := rscmock.New(rscmock.WithRecordsPerMinute(0))
	srv.SetBaseURL("http://rscmock.test")
	var ts rscsync.Tenants
	for i := range tenants {
		c := srv.AddCustomer(rscmock.CustomerSpec{Name: fmt.Sprintf("Customer %d", i)})
		cl, err := rsc.NewClient(rsc.WithBaseURL(srv.URL()), rsc.WithTokenURL(srv.TokenURL()),
			rsc.WithClientCredentials(c.ClientID, c.ClientSecret), rsc.WithTransport(memTransport{srv.Handler()}),
			rsc.WithRateLimits(rsc.NoRateLimits()))
		if err != nil {
			b.Fatal(err)
		}
		ts = append(ts, rscsync.Tenant{ID: fmt.Sprintf("t%04d", i), Client: cl, Organization: c.Organization})
	}
	r, err := rscsync.NewRunner(store, ts, rscsync.Config{Concurrency: tenants, Owner: "bench", Pull: rscsync.PullConfig{Disabled: true}})
	if err != nil {
		b.Fatal(err)
	}
	rctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- r.Run(rctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			b.Error(err)
		}
	}()

	// Wait for every backfill to finish.
	deadline := time.Now().Add(10 * time.Minute)
	for {
		var finished int
		err := obs.QueryRow(ctx, `SELECT count(*) FROM `+pgx.Identifier{schema}.Sanitize()+`.checkpoints
WHERE stream = 'backfill/aclAssignees' AND complete`).Scan(&finished)
		if err != nil {
			b.Fatal(err)
		}
		if finished == tenants {
			break
		}
		if time.Now().After(deadline) {
			b.Fatalf("%d of %d backfills finished after 10 minutes", finished, tenants)
		}
		time.Sleep(200 * time.Millisecond)
	}
	// The last rounds end, and the reconcile's first sight of every tenant
	// (one interval of its share, 17 s by default, after the backfill) with
	// its pass over the empty tenant.
	time.Sleep(30 * time.Second)

	for b.Loop() {
		q0 := counter.n.Load()
		start := time.Now()
		if os.Getenv("RSC_BENCH_DEBUG") != "" {
			counter.mu.Lock()
			counter.by = map[string]int{}
			counter.mu.Unlock()
		}
		time.Sleep(window)
		if os.Getenv("RSC_BENCH_DEBUG") != "" {
			counter.mu.Lock()
			for k, n := range counter.by {
				b.Logf("%6d %s", n, k)
			}
			counter.by = nil
			counter.mu.Unlock()
		}
		idle := float64(counter.n.Load()-q0) / float64(tenants) / time.Since(start).Seconds()

		const changes = 20
		q1 := counter.n.Load()
		var idleDuring float64
		t1 := time.Now()
		for i := range changes {
			tn := ts[rand.IntN(len(ts))]
			id := fmt.Sprintf("C%d", i)
			rec := rscsync.Record{Ref: rscsync.Ref{ID: id}, Value: model.Candidate{FirstName: "Ada", LastName: "Lovelace",
				EmailAddresses: []string{id + "@example.com"}, ExternalProfileURL: "https://ats.example/c/" + id,
				ATSCreatedAt: model.Millis(time.Now()), ATSLastModifiedAt: model.Millis(time.Now())}}
			if err := store.Put(ctx, tn.ID, rscsync.Candidates, rec); err != nil {
				b.Fatal(err)
			}
			for {
				if _, ok := srv.SyncedCandidate(model.CandidateKey{IntegrationContext: tn.Organization, ATSCandidateID: id}); ok {
					var left int
					if err := obs.QueryRow(ctx, `SELECT count(*) FROM `+pgx.Identifier{schema}.Sanitize()+`.queue WHERE lane = 'outbox' AND tenant = $1`, tn.ID).Scan(&left); err != nil {
						b.Fatal(err)
					}
					if left == 0 {
						break
					}
				}
				if time.Since(t1) > 2*time.Minute {
					b.Fatalf("change %d of %s not pushed", i, tn.ID)
				}
				time.Sleep(5 * time.Millisecond)
			}
		}
		// Take away what the idle tenants spent meanwhile.
		idleDuring = idle * float64(tenants) * time.Since(t1).Seconds()
		perChange := (float64(counter.n.Load()-q1) - idleDuring) / changes
		b.ReportMetric(idle, "idle-commits-per-tenant-s")
		b.ReportMetric(perChange, "queries-per-change")
		b.ReportMetric(float64(tenants), "tenants")
	}
}
