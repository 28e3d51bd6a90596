package pgstore_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
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

// cutStore is a process's Store that can lose the database: its lease
// calls fail from then on, as for a process killed or cut off (its leases
// are neither renewed nor released).
type cutStore struct {
	*pgstore.Store
	cut atomic.Bool
}

var errCut = fmt.Errorf("cut off from the database")

func (c *cutStore) TryLock(ctx context.Context, name, owner string, ttl time.Duration) (bool, error) {
	if c.cut.Load() {
		return false, errCut
	}
	return c.Store.TryLock(ctx, name, owner, ttl)
}

func (c *cutStore) Unlock(ctx context.Context, name, owner string) error {
	if c.cut.Load() {
		return errCut
	}
	return c.Store.Unlock(ctx, name, owner)
}

func (c *cutStore) RenewLocks(ctx context.Context, names []string, owner string, ttl time.Duration) ([]string, error) {
	if c.cut.Load() {
		return nil, errCut
	}
	return c.Store.RenewLocks(ctx, names, owner, ttl)
}

func (c *cutStore) Claim(ctx context.Context, tenant string, lane rscsync.Lane, max int, lease time.Duration) ([]rscsync.Item, error) {
	if c.cut.Load() {
		return nil, errCut
	}
	return c.Store.Claim(ctx, tenant, lane, max, lease)
}

// BenchmarkFleet runs 3 processes' Runners (each with its own pool and
// Store on one schema) over RSC_BENCH_TENANTS tenants (default 300)
// against rscmock, cuts one off from the database (it can neither renew
// nor release its leases, as if killed), records a change for every tenant
// at that moment, and reports:
//
//   - spread-max-over-mean: the most tenants one process served over the
//     mean, before the cut (target <= 1.10);
//   - failover-s: seconds from the cut until the survivors serve every
//     tenant (target <= 15, the default leases being 10 s);
//   - lost: changes recorded at the cut that never reached LinkedIn (0);
//   - unserved: tenants the survivors' Status reports as served by nobody
//     once they took over (0).
//
// The idle database load is BenchmarkIdleTenants' (its window must span
// the 5-minute safety timer).
//
// Gated on RSC_TEST_POSTGRES_DSN:
//
//	go test -run '^$' -bench Fleet -benchtime 1x ./examples/postgres/pgstore/
func BenchmarkFleet(b *testing.B) {
	dsn := os.Getenv(dsnEnv)
	if dsn == "" {
		b.Skipf("%s is not set", dsnEnv)
	}
	tenants := envIntOr("RSC_BENCH_TENANTS", 300)
	ctx := b.Context()
	obs, err := pgxpool.New(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer obs.Close()
	schema := fmt.Sprintf("pgstore_bench_%016x", rand.Uint64())
	defer func() {
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

	type proc struct {
		store  *cutStore
		runner *rscsync.Runner
		cancel context.CancelFunc
		done   chan error
	}
	var procs []*proc
	for i := range 3 {
		cfg, err := pgxpool.ParseConfig(dsn)
		if err != nil {
			b.Fatal(err)
		}
		cfg.MaxConns = 6
		pool, err := pgxpool.NewWithConfig(ctx, cfg)
		if err != nil {
			b.Fatal(err)
		}
		defer pool.Close()
		st, err := pgstore.New(ctx, pool, pgstore.WithSchema(schema))
		if err != nil {
			b.Fatal(err)
		}
		defer st.Close()
		cs := &cutStore{Store: st}
		r, err := rscsync.NewRunner(cs, ts, rscsync.Config{Concurrency: tenants, Owner: fmt.Sprintf("p%d", i),
			TenantRefresh: 10 * time.Second, Pull: rscsync.PullConfig{Disabled: true}})
		if err != nil {
			b.Fatal(err)
		}
		rctx, cancel := context.WithCancel(ctx)
		p := &proc{store: cs, runner: r, cancel: cancel, done: make(chan error, 1)}
		go func() { p.done <- r.Run(rctx) }()
		procs = append(procs, p)
	}
	defer func() {
		for _, p := range procs {
			p.cancel()
			if err := <-p.done; err != nil {
				b.Error(err)
			}
		}
	}()
	served := func(ps []*proc) (sum, most int, unserved []string) {
		for _, p := range ps {
			st := p.runner.Status(ctx)
			sum += st.Served
			most = max(most, st.Served)
			unserved = append(unserved, st.Unserved...)
		}
		return sum, most, unserved
	}

	// Every tenant served and its backfill finished.
	deadline := time.Now().Add(10 * time.Minute)
	for {
		var finished int
		if err := obs.QueryRow(ctx, `SELECT count(*) FROM `+pgx.Identifier{schema}.Sanitize()+`.checkpoints
WHERE stream = 'backfill/aclAssignees' AND complete`).Scan(&finished); err != nil {
			b.Fatal(err)
		}
		if sum, _, _ := served(procs); sum == tenants && finished == tenants {
			break
		}
		if time.Now().After(deadline) {
			b.Fatalf("%d of %d backfills finished after 10 minutes", finished, tenants)
		}
		time.Sleep(200 * time.Millisecond)
	}
	time.Sleep(20 * time.Second) // balance settles (a scan every 5 s)

	for b.Loop() {
		var counts []int
		for _, p := range procs {
			counts = append(counts, p.runner.Status(ctx).Served)
		}
		_, most, _ := served(procs)
		spread := float64(most) * 3 / float64(tenants)

		victim, survivors := procs[0], procs[1:]
		victim.store.cut.Store(true)
		cutAt := time.Now()
		// A change for every tenant at the cut.
		for i, tn := range ts {
			id := fmt.Sprintf("F%d", i)
			rec := rscsync.Record{Ref: rscsync.Ref{ID: id}, Value: model.Candidate{FirstName: "Ada", LastName: "Lovelace",
				EmailAddresses: []string{id + "@example.com"}, ExternalProfileURL: "https://ats.example/c/" + id,
				ATSCreatedAt: model.Millis(time.Now()), ATSLastModifiedAt: model.Millis(time.Now())}}
			if err := survivors[0].store.Put(ctx, tn.ID, rscsync.Candidates, rec); err != nil {
				b.Fatal(err)
			}
		}
		var failover time.Duration
		for time.Since(cutAt) < 2*time.Minute {
			if sum, _, _ := served(survivors); sum == tenants {
				failover = time.Since(cutAt)
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		if failover == 0 {
			b.Errorf("the survivors did not serve every tenant within 2 minutes")
		}
		// Every change reaches LinkedIn, or is lost.
		lost := 0
		for i, tn := range ts {
			key := model.CandidateKey{IntegrationContext: tn.Organization, ATSCandidateID: fmt.Sprintf("F%d", i)}
			for {
				if _, ok := srv.SyncedCandidate(key); ok {
					break
				}
				if time.Since(cutAt) > 3*time.Minute {
					lost++
					break
				}
				time.Sleep(20 * time.Millisecond)
			}
		}
		_, _, unserved := served(survivors)
		b.Logf("%d tenants: %v per process before the cut; failover %v; %d lost; unserved %v", tenants, counts, failover.Round(time.Millisecond), lost, unserved)
		b.ReportMetric(spread, "spread-max-over-mean")
		b.ReportMetric(failover.Seconds(), "failover-s")
		b.ReportMetric(float64(lost), "lost")
		b.ReportMetric(float64(len(unserved)), "unserved")
	}
}
