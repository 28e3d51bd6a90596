package pgstore

import (
	"context"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// Park implements rscsync.Parker: a failure replaces an earlier one of the
// same (tenant, resource, ref).
func (s *Store) Park(ctx context.Context, p []rscsync.Parked) error {
	if len(p) == 0 {
		return wrap("park", ctx.Err())
	}
	// One row per record: of two failures of one record the last wins.
	last := map[[4]string]int{}
	for i, x := range p {
		last[[4]string{x.Tenant, string(x.Resource), x.Ref.Parent, x.Ref.ID}] = i
	}
	var tenants, resources, parents, ids, reasons []string
	var statuses []int32
	var ats []*time.Time
	for i, x := range p {
		if last[[4]string{x.Tenant, string(x.Resource), x.Ref.Parent, x.Ref.ID}] != i {
			continue
		}
		tenants, resources = append(tenants, x.Tenant), append(resources, string(x.Resource))
		parents, ids = append(parents, x.Ref.Parent), append(ids, x.Ref.ID)
		statuses, reasons = append(statuses, int32(x.Status)), append(reasons, x.Reason)
		var at *time.Time
		if !x.At.IsZero() {
			at = &x.At
		}
		ats = append(ats, at)
	}
	_, err := s.pool.Exec(ctx, s.sql(`
INSERT INTO {s}.parked (tenant, resource, ref_parent, ref_id, status, reason, at)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::timestamptz[])
ON CONFLICT (tenant, resource, ref_parent, ref_id)
DO UPDATE SET status = EXCLUDED.status, reason = EXCLUDED.reason, at = EXCLUDED.at`),
		tenants, resources, parents, ids, statuses, reasons, ats)
	return wrap("park", err)
}

// Unpark implements rscsync.Parker; refs without a parked failure are
// ignored.
func (s *Store) Unpark(ctx context.Context, tenant string, r rscsync.Resource, refs []rscsync.Ref) error {
	if len(refs) == 0 {
		return wrap("unpark", ctx.Err())
	}
	parents := make([]string, len(refs))
	ids := make([]string, len(refs))
	for i, ref := range refs {
		parents[i], ids[i] = ref.Parent, ref.ID
	}
	_, err := s.pool.Exec(ctx, s.sql(`
DELETE FROM {s}.parked p USING unnest($3::text[], $4::text[]) AS x(parent, id)
WHERE p.tenant = $1 AND p.resource = $2 AND p.ref_parent = x.parent AND p.ref_id = x.id`),
		tenant, string(r), parents, ids)
	return wrap("unpark", err)
}

// Parked returns the parked failures of tenant ordered by resource (in
// rscsync.Resources), then by (Parent, ID).
func (s *Store) Parked(ctx context.Context, tenant string) ([]rscsync.Parked, error) {
	rows, err := s.pool.Query(ctx, s.sql(`
SELECT resource, ref_parent, ref_id, status, reason, at FROM {s}.parked
WHERE tenant = $1 ORDER BY ref_parent, ref_id`), tenant)
	if err != nil {
		return nil, wrap("parked", err)
	}
	defer rows.Close()
	var out []rscsync.Parked
	for rows.Next() {
		p := rscsync.Parked{Tenant: tenant}
		var resource string
		var at *time.Time
		if err := rows.Scan(&resource, &p.Ref.Parent, &p.Ref.ID, &p.Status, &p.Reason, &at); err != nil {
			return nil, wrap("parked", err)
		}
		p.Resource = rscsync.Resource(resource)
		if at != nil {
			p.At = *at
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("parked", err)
	}
	slices.SortStableFunc(out, func(a, b rscsync.Parked) int { return rank(a.Resource) - rank(b.Resource) })
	return out, nil
}

// rank orders resources like rscsync.Resources, unknown ones last.
func rank(r rscsync.Resource) int {
	if i := slices.Index(rscsync.Resources(), r); i >= 0 {
		return i
	}
	return len(rscsync.Resources())
}

// TryLock implements rscsync.Locker with one upsert on the locks table:
// it inserts the lease, or takes over a row whose lease expired or that
// owner already holds (a renewal), and reports whether it did.
func (s *Store) TryLock(ctx context.Context, name, owner string, ttl time.Duration) (bool, error) {
	rows, err := s.pool.Query(ctx, s.sql(`
INSERT INTO {s}.locks AS l (name, owner, until)
VALUES ($1, $2, coalesce($3::timestamptz, statement_timestamp()) + $4::bigint * interval '1 microsecond')
ON CONFLICT (name) DO UPDATE SET owner = EXCLUDED.owner, until = EXCLUDED.until
WHERE l.owner = EXCLUDED.owner OR l.until <= coalesce($3::timestamptz, statement_timestamp())
RETURNING true`), name, owner, s.nowArg(), micros(ttl))
	if err != nil {
		return false, wrap("lock "+name, err)
	}
	defer rows.Close()
	held := rows.Next()
	rows.Close()
	if err := rows.Err(); err != nil {
		return false, wrap("lock "+name, err)
	}
	return held, nil
}

// RenewLocks implements rscsync.LeaseRenewer with one UPDATE: owner's
// leases among names (expired ones too, as long as no other owner took
// them) last until ttl from now, on the database's clock.
func (s *Store) RenewLocks(ctx context.Context, names []string, owner string, ttl time.Duration) ([]string, error) {
	rows, err := s.pool.Query(ctx, s.sql(`
UPDATE {s}.locks SET until = coalesce($3::timestamptz, statement_timestamp()) + $4::bigint * interval '1 microsecond'
WHERE name = ANY($1) AND owner = $2
RETURNING name`), names, owner, s.nowArg(), micros(ttl))
	if err != nil {
		return nil, wrap("renew locks", err)
	}
	held, err := pgx.CollectRows(rows, pgx.RowTo[string])
	return held, wrap("renew locks", err)
}

// Unlock implements rscsync.Locker: it deletes owner's lease on name.
func (s *Store) Unlock(ctx context.Context, name, owner string) error {
	_, err := s.pool.Exec(ctx, s.sql(`DELETE FROM {s}.locks WHERE name = $1 AND owner = $2`), name, owner)
	return wrap("unlock "+name, err)
}

// Lease is a row of the locks table.
type Lease struct {
	Name, Owner string
	Until       time.Time
}

// Leases returns every lease, expired ones included, by name.
func (s *Store) Leases(ctx context.Context) ([]Lease, error) {
	rows, err := s.pool.Query(ctx, s.sql(`SELECT name, owner, until FROM {s}.locks ORDER BY name`))
	if err != nil {
		return nil, wrap("leases", err)
	}
	defer rows.Close()
	var out []Lease
	for rows.Next() {
		var l Lease
		if err := rows.Scan(&l.Name, &l.Owner, &l.Until); err != nil {
			return nil, wrap("leases", err)
		}
		out = append(out, l)
	}
	return out, wrap("leases", rows.Err())
}
