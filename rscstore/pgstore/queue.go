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
// first, an index scan on done_at); an outbox item is recorded as
// RecordIntent records one (a host usually calls RecordIntent instead, in
// the transaction of the change).
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
		return s.recordIntents(ctx, tx, it.Tenant, []Change{{Resource: it.Resource, Ref: it.Ref, Op: it.Op}}, it.CreatedAt)
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

// jsonOf returns raw when it is valid JSON, else v encoded.
func jsonOf(raw json.RawMessage, v any) ([]byte, error) {
	if len(raw) > 0 && json.Valid(raw) {
		return raw, nil
	}
	return json.Marshal(v)
}

// Change names one changed ATS record for RecordIntents.
type Change struct {
	Resource rscsync.Resource
	Ref      rscsync.Ref
	Op       rscsync.Op
}

// RecordIntent records an outbox intent (an rscsync.LaneOutbox item)
// inside the host's transaction tx, the transaction that changes the
// record itself: op rscsync.OpUpsert for a record created or changed (the
// push engine loads its current state), rscsync.OpDelete for one that is
// gone. The intent and the change commit together or not at all, and at
// commit the tenant's Runner is woken (NOTIFY, in whichever process serves
// it).
//
//	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
//		if _, err := tx.Exec(ctx, `UPDATE candidates SET email = $1 WHERE id = $2`, email, id); err != nil {
//			return err
//		}
//		return store.RecordIntent(ctx, tx, tenant, rscsync.Candidates, rscsync.Ref{ID: id}, rscsync.OpUpsert)
//	})
func (s *Store) RecordIntent(ctx context.Context, tx pgx.Tx, tenant string, r rscsync.Resource, ref rscsync.Ref, op rscsync.Op) error {
	return s.RecordIntents(ctx, tx, tenant, []Change{{Resource: r, Ref: ref, Op: op}})
}

// RecordIntents is RecordIntent for many changes of one tenant, in one
// statement; their Seq follow the order of changes.
func (s *Store) RecordIntents(ctx context.Context, tx pgx.Tx, tenant string, changes []Change) error {
	return wrap("record intents of "+tenant, s.recordIntents(ctx, tx, tenant, changes, time.Time{}))
}

// recordIntents inserts the outbox items of changes in tx, created at
// created (zero: now).
func (s *Store) recordIntents(ctx context.Context, tx pgx.Tx, tenant string, changes []Change, created time.Time) error {
	if len(changes) == 0 {
		return nil
	}
	resources := make([]string, len(changes))
	parents := make([]string, len(changes))
	ids := make([]string, len(changes))
	ops := make([]string, len(changes))
	for i, c := range changes {
		if !c.Resource.Valid() {
			return fmt.Errorf("unknown resource %q", c.Resource)
		}
		if c.Op != rscsync.OpUpsert && c.Op != rscsync.OpDelete {
			return fmt.Errorf("unknown op %q", c.Op)
		}
		resources[i], parents[i], ids[i], ops[i] = string(c.Resource), c.Ref.Parent, c.Ref.ID, string(c.Op)
	}
	// Identical NOTIFYs of one transaction are delivered once, at commit.
	_, err := tx.Exec(ctx, s.sql(`
WITH ins AS (
	INSERT INTO {s}.queue (tenant, lane, resource, ref_parent, ref_id, op, created_at, due_at)
	SELECT $1, 'outbox', x.resource, x.parent, x.id, x.op,
		coalesce($7::timestamptz, $6::timestamptz, statement_timestamp()), coalesce($6::timestamptz, statement_timestamp())
	FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS x(resource, parent, id, op, n)
	ORDER BY x.n
	RETURNING 1
)
SELECT pg_notify($8, $1) FROM (SELECT 1 FROM ins LIMIT 1) AS one`),
		tenant, resources, parents, ids, ops, s.nowArg(), nullTime(created), s.channel)
	return err
}

// DropIntents implements rscsync.IntentDropper: it deletes tenant's
// intents of resource r for refs whose Op is op, except those under an
// unexpired lease (a push round has them in flight), and returns how many
// it deleted.
func (s *Store) DropIntents(ctx context.Context, tenant string, r rscsync.Resource, refs []rscsync.Ref, op rscsync.Op) (int, error) {
	if len(refs) == 0 {
		return 0, wrap("drop intents", ctx.Err())
	}
	parents := make([]string, len(refs))
	ids := make([]string, len(refs))
	for i, ref := range refs {
		parents[i], ids[i] = ref.Parent, ref.ID
	}
	tag, err := s.pool.Exec(ctx, s.sql(`
DELETE FROM {s}.queue q USING unnest($3::text[], $4::text[]) AS x(parent, id)
WHERE q.lane = 'outbox' AND q.tenant = $1 AND q.resource = $2 AND q.op = $5
  AND q.ref_parent = x.parent AND q.ref_id = x.id
  AND (q.lease_until IS NULL OR q.lease_until <= coalesce($6::timestamptz, statement_timestamp()))`),
		tenant, string(r), parents, ids, string(op), s.nowArg())
	if err != nil {
		return 0, wrap("drop intents", err)
	}
	return int(tag.RowsAffected()), nil
}

// PendingIntents counts the intents of tenant not yet completed (leased or
// not, due or waiting for a retry).
func (s *Store) PendingIntents(ctx context.Context, tenant string) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, s.sql(`SELECT count(*) FROM {s}.queue WHERE lane = 'outbox' AND tenant = $1`), tenant).Scan(&n)
	return n, wrap("pending intents", err)
}
