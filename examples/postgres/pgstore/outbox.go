package pgstore

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

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
