package pgstore

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// Claim implements rscsync.Outbox. It leases up to max intents of tenant
// that are due and not under an unexpired lease, oldest Seq first, with
// one UPDATE over a SELECT ... FOR UPDATE SKIP LOCKED: concurrent claimers
// (other goroutines or processes) skip the rows another claim is taking
// and never get the same intent. Each claim has a fresh random lease
// token; Attempts counts the earlier claims of the intent. A max below 1
// claims nothing; a lease below or equal to zero is an error.
func (s *Store) Claim(ctx context.Context, tenant string, max int, lease time.Duration) ([]rscsync.Intent, error) {
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
	SELECT seq FROM {s}.outbox
	WHERE tenant = $1
	  AND due_at <= coalesce($4::timestamptz, statement_timestamp())
	  AND (lease_until IS NULL OR lease_until <= coalesce($4::timestamptz, statement_timestamp()))
	ORDER BY seq
	LIMIT $2
	FOR UPDATE SKIP LOCKED
)
UPDATE {s}.outbox o
SET lease = $3,
    lease_until = coalesce($4::timestamptz, statement_timestamp()) + $5::bigint * interval '1 microsecond',
    claims = o.claims + 1
FROM due WHERE o.seq = due.seq
RETURNING o.seq, o.resource, o.ref_parent, o.ref_id, o.op, o.claims - 1, o.created_at`),
		tenant, max, token, s.nowArg(), micros(lease))
	if err != nil {
		return nil, wrap("claim", err)
	}
	defer rows.Close()
	var out []rscsync.Intent
	for rows.Next() {
		in := rscsync.Intent{Tenant: tenant, Lease: token}
		var resource, op string
		if err := rows.Scan(&in.Seq, &resource, &in.Ref.Parent, &in.Ref.ID, &op, &in.Attempts, &in.CreatedAt); err != nil {
			return nil, wrap("claim", err)
		}
		in.ID = strconv.FormatInt(in.Seq, 10)
		in.Resource, in.Op = rscsync.Resource(resource), rscsync.Op(op)
		out = append(out, in)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap("claim", err)
	}
	slices.SortFunc(out, func(a, b rscsync.Intent) int { return cmp.Compare(a.Seq, b.Seq) })
	return out, nil
}

// Complete implements rscsync.Outbox. Each intent is checked on its own: one
// whose lease is not the intent's current lease (another claim took it, or
// the intent is gone) is left as it is and reported as
// rscsync.ErrLeaseLost; the others, including those whose lease expired
// without being taken over (each claim has a fresh token), are deleted, or
// with o.RetryAt set released until then with o.Error kept in last_error.
// The returned error joins the failures of all intents.
func (s *Store) Complete(ctx context.Context, intents []rscsync.Intent, o rscsync.Outcome) error {
	if len(intents) == 0 {
		return nil
	}
	var seqs []int64
	var leases []string
	var errs []error
	for _, in := range intents {
		seq, err := strconv.ParseInt(in.ID, 10, 64)
		if err != nil || in.Lease == "" {
			errs = append(errs, fmt.Errorf("pgstore: complete intent %s: %w", in.ID, rscsync.ErrLeaseLost))
			continue
		}
		seqs = append(seqs, seq)
		leases = append(leases, in.Lease)
	}
	var q string
	args := []any{seqs, leases}
	if o.RetryAt.IsZero() {
		q = `
DELETE FROM {s}.outbox o USING unnest($1::bigint[], $2::text[]) AS x(seq, lease)
WHERE o.seq = x.seq AND o.lease = x.lease
RETURNING o.seq`
	} else {
		q = `
UPDATE {s}.outbox o SET lease = NULL, lease_until = NULL, due_at = $3, last_error = nullif($4, '')
FROM unnest($1::bigint[], $2::text[]) AS x(seq, lease)
WHERE o.seq = x.seq AND o.lease = x.lease
RETURNING o.seq`
		args = append(args, o.RetryAt, o.Error)
	}
	rows, err := s.pool.Query(ctx, s.sql(q), args...)
	if err != nil {
		return wrap("complete", err)
	}
	done := map[int64]bool{}
	for rows.Next() {
		var seq int64
		if err := rows.Scan(&seq); err != nil {
			rows.Close()
			return wrap("complete", err)
		}
		done[seq] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return wrap("complete", err)
	}
	for _, seq := range seqs {
		if !done[seq] {
			errs = append(errs, fmt.Errorf("pgstore: complete intent %d: %w", seq, rscsync.ErrLeaseLost))
		}
	}
	return errors.Join(errs...)
}

// Change names one changed ATS record for RecordIntents.
type Change struct {
	Resource rscsync.Resource
	Ref      rscsync.Ref
	Op       rscsync.Op
}

// RecordIntent records an outbox intent inside the host's transaction tx,
// the transaction that changes the record itself: op rscsync.OpUpsert for a
// record created or changed (the push engine loads its current state),
// rscsync.OpDelete for one that is gone. The intent and the change commit
// together or not at all, and at commit the tenant's Runner is woken
// (NOTIFY, in whichever process serves it).
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
	if len(changes) == 0 {
		return nil
	}
	resources := make([]string, len(changes))
	parents := make([]string, len(changes))
	ids := make([]string, len(changes))
	ops := make([]string, len(changes))
	for i, c := range changes {
		if !c.Resource.Valid() {
			return fmt.Errorf("pgstore: record intent: unknown resource %q", c.Resource)
		}
		if c.Op != rscsync.OpUpsert && c.Op != rscsync.OpDelete {
			return fmt.Errorf("pgstore: record intent: unknown op %q", c.Op)
		}
		resources[i], parents[i], ids[i], ops[i] = string(c.Resource), c.Ref.Parent, c.Ref.ID, string(c.Op)
	}
	// Identical NOTIFYs of one transaction are delivered once, at commit.
	_, err := tx.Exec(ctx, s.sql(`
WITH ins AS (
	INSERT INTO {s}.outbox (tenant, resource, ref_parent, ref_id, op, created_at, due_at)
	SELECT $1, x.resource, x.parent, x.id, x.op, coalesce($6::timestamptz, statement_timestamp()), coalesce($6::timestamptz, statement_timestamp())
	FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS x(resource, parent, id, op, n)
	ORDER BY x.n
	RETURNING 1
)
SELECT pg_notify($7, $1) FROM (SELECT 1 FROM ins LIMIT 1) AS one`),
		tenant, resources, parents, ids, ops, s.nowArg(), s.channel)
	return wrap("record intents of "+tenant, err)
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
DELETE FROM {s}.outbox o USING unnest($3::text[], $4::text[]) AS x(parent, id)
WHERE o.tenant = $1 AND o.resource = $2 AND o.op = $5
  AND o.ref_parent = x.parent AND o.ref_id = x.id
  AND (o.lease_until IS NULL OR o.lease_until <= coalesce($6::timestamptz, statement_timestamp()))`),
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
	err := s.pool.QueryRow(ctx, s.sql(`SELECT count(*) FROM {s}.outbox WHERE tenant = $1`), tenant).Scan(&n)
	return n, wrap("pending intents", err)
}
