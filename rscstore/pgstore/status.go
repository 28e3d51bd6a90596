package pgstore

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// Compile-time checks of the status abilities.
var (
	_ rscsync.BacklogReader = (*Store)(nil)
	_ rscsync.LeaseOwners   = (*Store)(nil)
	_ rscsync.LeaseLister   = (*Store)(nil)
)

// Backlog implements rscsync.BacklogReader with one query over the outbox
// lane of the queue and the parked records of tenants.
func (s *Store) Backlog(ctx context.Context, tenants []string) (map[string]rscsync.Backlog, error) {
	rows, err := s.pool.Query(ctx, s.sql(`
SELECT t.tenant, coalesce(o.n, 0), o.oldest, coalesce(p.n, 0)
FROM unnest($1::text[]) AS t(tenant)
LEFT JOIN (SELECT tenant, count(*) AS n, min(created_at) AS oldest FROM {s}.queue WHERE lane = 'outbox' AND tenant = ANY($1) GROUP BY tenant) o USING (tenant)
LEFT JOIN (SELECT tenant, count(*) AS n FROM {s}.parked WHERE tenant = ANY($1) GROUP BY tenant) p USING (tenant)`), tenants)
	if err != nil {
		return nil, wrap("backlog", err)
	}
	out := make(map[string]rscsync.Backlog, len(tenants))
	var (
		tenant          string
		intents, parked int
		oldest          *time.Time
	)
	_, err = pgx.ForEachRow(rows, []any{&tenant, &intents, &oldest, &parked}, func() error {
		b := rscsync.Backlog{Intents: intents, Parked: parked}
		if oldest != nil {
			b.Oldest = *oldest
		}
		out[tenant] = b
		return nil
	})
	return out, wrap("backlog", err)
}

// LeaseOwners implements rscsync.LeaseOwners on the database's clock.
func (s *Store) LeaseOwners(ctx context.Context, names []string) (map[string]string, error) {
	rows, err := s.pool.Query(ctx, s.sql(`
SELECT name, owner FROM {s}.locks WHERE name = ANY($1) AND until > coalesce($2::timestamptz, statement_timestamp())`), names, s.nowArg())
	if err != nil {
		return nil, wrap("lease owners", err)
	}
	out := map[string]string{}
	var name, owner string
	_, err = pgx.ForEachRow(rows, []any{&name, &owner}, func() error {
		out[name] = owner
		return nil
	})
	return out, wrap("lease owners", err)
}

// ListLeases implements rscsync.LeaseLister on the database's clock (a scan
// of the locks table: one row per tenant and process).
func (s *Store) ListLeases(ctx context.Context, prefix string) (map[string]string, error) {
	rows, err := s.pool.Query(ctx, s.sql(`
SELECT name, owner FROM {s}.locks
WHERE left(name, length($1)) = $1 AND until > coalesce($2::timestamptz, statement_timestamp())`), prefix, s.nowArg())
	if err != nil {
		return nil, wrap("list leases", err)
	}
	out := map[string]string{}
	var name, owner string
	_, err = pgx.ForEachRow(rows, []any{&name, &owner}, func() error {
		out[name] = owner
		return nil
	})
	return out, wrap("list leases", err)
}
