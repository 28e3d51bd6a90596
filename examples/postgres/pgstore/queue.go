package pgstore

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// Enqueue implements rscsync.Queue in one transaction; each new item wakes
// its tenant's Runner (WakeTenants) at commit. A notification id the
// tenant already has, queued or done within rscsync.NotificationRetention,
// is ignored (the tenant's done notifications older than that are deleted
// first, an index scan on done_at); an outbox item is recorded as PutRecord
// records one.
func (s *Store) Enqueue(ctx context.Context, items ...rscsync.Item) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		for _, it := range items {
			if err := s.enqueue(ctx, tx, it); err != nil {
				return err
			}
		}
		return nil
	})
	return wrap("enqueue", err)
}

// enqueue adds one item in tx.
func (s *Store) enqueue(ctx context.Context, tx pgx.Tx, it rscsync.Item) error {
	switch it.Lane {
	case rscsync.LaneOutbox:
		if !it.Resource.Valid() {
			return fmt.Errorf("unknown resource %q", it.Resource)
		}
		_, err := tx.Exec(ctx, s.sql(`
WITH ins AS (
	INSERT INTO {s}.queue (tenant, lane, resource, ref_parent, ref_id, op, created_at, due_at)
	VALUES ($1, 'outbox', $2, $3, $4, $5, coalesce($6::timestamptz, $7::timestamptz, statement_timestamp()), coalesce($7::timestamptz, statement_timestamp()))
	RETURNING 1
)
SELECT pg_notify($8, $1) FROM ins`), it.Tenant, string(it.Resource), it.Ref.Parent, it.Ref.ID, string(it.Op),
			nullTime(it.CreatedAt), s.nowArg(), s.channel)
		return err
	case rscsync.LaneNotifications:
		if it.ID == "" {
			return errors.New("a notification without an id")
		}
		b, err := jsonOf(it.Notification.Raw, it.Notification)
		if err != nil {
			return fmt.Errorf("notification %s: %w", it.ID, err)
		}
		// Two statements: an INSERT cannot see what a DELETE in its own WITH
		// removed, so it would still conflict with a forgotten id.
		if _, err := tx.Exec(ctx, s.sql(`
DELETE FROM {s}.queue
WHERE done_at IS NOT NULL AND tenant = $1 AND lane = 'notifications'
  AND done_at < coalesce($2::timestamptz, statement_timestamp()) - make_interval(secs => $3)`),
			it.Tenant, s.nowArg(), rscsync.NotificationRetention.Seconds()); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, s.sql(`
WITH ins AS (
	INSERT INTO {s}.queue (tenant, lane, id, value, created_at, due_at)
	VALUES ($1, 'notifications', $2, $3, $4, coalesce($5::timestamptz, statement_timestamp()))
	ON CONFLICT (tenant, lane, id) DO NOTHING
	RETURNING 1
)
SELECT pg_notify($6, $1) FROM ins`), it.Tenant, it.ID, b, nullTime(it.CreatedAt), s.nowArg(), s.channel)
		return err
	}
	return fmt.Errorf("unknown lane %q", it.Lane)
}

// Claim implements rscsync.Queue. It leases up to max items of a tenant's
// lane that are not done, due and not under an unexpired lease, oldest Seq
// first, with one UPDATE over a SELECT ... FOR UPDATE SKIP LOCKED:
// concurrent claimers (other goroutines or processes) skip the rows another
// claim is taking and never get the same item. Each claim has a fresh
// random lease token; Attempts counts the earlier claims of the item. A
// max below 1 claims nothing; a lease below or equal to zero is an error.
func (s *Store) Claim(ctx context.Context, tenant string, lane rscsync.Lane, max int, lease time.Duration) ([]rscsync.Item, error) {
	if lease <= 0 {
		return nil, fmt.Errorf("pgstore: claim: lease %v is not positive", lease)
	}
	if err := ctx.Err(); err != nil {
		return nil, wrap("claim", err)
	}
	if max < 1 {
		return nil, nil
	}
	token := newLease()
	rows, err := s.pool.Query(ctx, s.sql(`
WITH due AS (
	SELECT seq FROM {s}.queue
	WHERE tenant = $1 AND lane = $2 AND done_at IS NULL
	  AND due_at <= coalesce($5::timestamptz, statement_timestamp())
	  AND (lease_until IS NULL OR lease_until <= coalesce($5::timestamptz, statement_timestamp()))
	ORDER BY seq
	LIMIT $3
	FOR UPDATE SKIP LOCKED
)
UPDATE {s}.queue q
SET lease = $4,
    lease_until = coalesce($5::timestamptz, statement_timestamp()) + $6::bigint * interval '1 microsecond',
    claims = q.claims + 1
FROM due WHERE q.seq = due.seq
RETURNING q.seq, coalesce(q.id, ''), coalesce(q.resource, ''), coalesce(q.ref_parent, ''), coalesce(q.ref_id, ''),
	coalesce(q.op, ''), q.value, q.claims - 1, q.created_at`),
		tenant, string(lane), max, token, s.nowArg(), micros(lease))
	if err != nil {
		return nil, wrap("claim", err)
	}
	defer rows.Close()
	var out []rscsync.Item
	for rows.Next() {
		it := rscsync.Item{Tenant: tenant, Lane: lane, Lease: token}
		var resource, op string
		var value []byte
		var created *time.Time
		if err := rows.Scan(&it.Seq, &it.ID, &resource, &it.Ref.Parent, &it.Ref.ID, &op, &value, &it.Attempts, &created); err != nil {
			return nil, wrap("claim", err)
		}
		it.Resource, it.Op = rscsync.Resource(resource), rscsync.Op(op)
		if lane == rscsync.LaneOutbox {
			it.ID = strconv.FormatInt(it.Seq, 10)
		} else {
			if err := json.Unmarshal(value, &it.Notification); err != nil {
				return nil, wrap("claim notification "+it.ID, err)
			}
			it.Notification.ID = it.ID
		}
		if created != nil {
			it.CreatedAt = *created
		}
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("claim", err)
	}
	slices.SortFunc(out, func(a, b rscsync.Item) int { return cmp.Compare(a.Seq, b.Seq) })
	return out, nil
}

// Complete implements rscsync.Queue with one statement. Each item is
// checked on its own: one whose lease is not the item's current lease
// (another claim took it, or the item is done) is left as it is and
// reported as rscsync.ErrLeaseLost; the others, including those whose lease
// expired without being taken over (each claim has a fresh token), are
// done, or with o.RetryAt set released until then with o.Error kept in
// last_error. A done intent is deleted; a done notification keeps its id
// (its body becomes JSON null) for rscsync.NotificationRetention. The
// returned error joins the failures of all items.
func (s *Store) Complete(ctx context.Context, items []rscsync.Item, o rscsync.Outcome) error {
	if len(items) == 0 {
		return nil
	}
	var seqs []int64
	var leases []string
	var errs []error
	for _, it := range items {
		if it.Lease == "" || it.Seq == 0 {
			errs = append(errs, fmt.Errorf("pgstore: complete %s %s: %w", it.Lane, it.ID, rscsync.ErrLeaseLost))
			continue
		}
		seqs = append(seqs, it.Seq)
		leases = append(leases, it.Lease)
	}
	rows, err := s.pool.Query(ctx, s.sql(`
WITH x AS (
	SELECT * FROM unnest($1::bigint[], $2::text[]) AS x(seq, lease)
), del AS (
	DELETE FROM {s}.queue q USING x
	WHERE $3::timestamptz IS NULL AND q.lane = 'outbox' AND q.seq = x.seq AND q.lease = x.lease
	RETURNING q.seq
), upd AS (
	UPDATE {s}.queue q
	SET lease = NULL, lease_until = NULL, due_at = coalesce($3::timestamptz, q.due_at), last_error = nullif($4, ''),
	    done_at = CASE WHEN $3::timestamptz IS NULL THEN coalesce($5::timestamptz, statement_timestamp()) END,
	    value = CASE WHEN $3::timestamptz IS NULL THEN 'null'::jsonb ELSE q.value END
	FROM x
	WHERE ($3::timestamptz IS NOT NULL OR q.lane <> 'outbox') AND q.done_at IS NULL AND q.seq = x.seq AND q.lease = x.lease
	RETURNING q.seq
)
SELECT seq FROM del UNION ALL SELECT seq FROM upd`), seqs, leases, nullTime(o.RetryAt), o.Error, s.nowArg())
	if err != nil {
		return wrap("complete", err)
	}
	done := map[int64]bool{}
	var seq int64
	if _, err := pgx.ForEachRow(rows, []any{&seq}, func() error { done[seq] = true; return nil }); err != nil {
		return wrap("complete", err)
	}
	for _, sq := range seqs {
		if !done[sq] {
			errs = append(errs, fmt.Errorf("pgstore: complete item %d: %w", sq, rscsync.ErrLeaseLost))
		}
	}
	return errors.Join(errs...)
}
