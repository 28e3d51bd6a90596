package sqlitestore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// Claim implements rscsync.Outbox: up to max intents of tenant that are not
// leased (or whose lease expired) and are due, oldest first, each leased for
// lease under a fresh token. Attempts counts the intent's earlier claims.
func (s *Store) Claim(ctx context.Context, tenant string, max int, lease time.Duration) ([]rscsync.Intent, error) {
	if lease <= 0 {
		return nil, fmt.Errorf("sqlitestore: claim: lease %v is not positive", lease)
	}
	if max < 1 {
		return nil, nil
	}
	var out []rscsync.Intent
	err := inTx(ctx, s.db, func(tx *sql.Tx) error {
		now := s.now()
		rows, err := tx.QueryContext(ctx, `SELECT seq, resource, ref_id, ref_parent, op, created_at, claims FROM rsc_outbox
			WHERE tenant = ? AND (lease = '' OR lease_until <= ?) AND due_at <= ? ORDER BY seq LIMIT ?`,
			tenant, nanos(now), nanos(now), max)
		if err != nil {
			return err
		}
		defer rows.Close()
		token := newLease()
		for rows.Next() {
			in := rscsync.Intent{Tenant: tenant, Lease: token}
			var created int64
			if err := rows.Scan(&in.Seq, &in.Resource, &in.Ref.ID, &in.Ref.Parent, &in.Op, &created, &in.Attempts); err != nil {
				return err
			}
			in.ID = strconv.FormatInt(in.Seq, 10)
			in.CreatedAt = fromNanos(created)
			out = append(out, in)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		for _, in := range out {
			if _, err := tx.ExecContext(ctx, `UPDATE rsc_outbox SET lease = ?, lease_until = ?, claims = claims + 1 WHERE seq = ?`,
				token, nanos(now.Add(lease)), in.Seq); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: claim: %w", err)
	}
	return out, nil
}

// Complete implements rscsync.Outbox. Each intent is handled on its own:
// one whose lease is no longer the one presented (another claim took it,
// or it is done) is left alone and reported as rscsync.ErrLeaseLost; the
// others, including those whose lease expired without being taken over,
// are removed or, with o.RetryAt set, released until then with o.Error kept
// as their last error. Every claim has a fresh token, so the token alone
// tells whether the lease was taken over.
func (s *Store) Complete(ctx context.Context, intents []rscsync.Intent, o rscsync.Outcome) error {
	var lost []error
	err := inTx(ctx, s.db, func(tx *sql.Tx) error {
		lost = nil
		for _, in := range intents {
			seq, err := strconv.ParseInt(in.ID, 10, 64)
			if err != nil || in.Lease == "" {
				lost = append(lost, fmt.Errorf("intent %q: %w", in.ID, rscsync.ErrLeaseLost))
				continue
			}
			var res sql.Result
			if o.RetryAt.IsZero() {
				res, err = tx.ExecContext(ctx, `DELETE FROM rsc_outbox WHERE seq = ? AND tenant = ? AND lease = ?`, seq, in.Tenant, in.Lease)
			} else {
				res, err = tx.ExecContext(ctx, `UPDATE rsc_outbox SET lease = '', lease_until = 0, due_at = ?, last_error = ?
					WHERE seq = ? AND tenant = ? AND lease = ?`, nanos(o.RetryAt), o.Error, seq, in.Tenant, in.Lease)
			}
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				lost = append(lost, fmt.Errorf("intent %s: %w", in.ID, rscsync.ErrLeaseLost))
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("sqlitestore: complete: %w", err)
	}
	if len(lost) > 0 {
		return fmt.Errorf("sqlitestore: complete: %w", errors.Join(lost...))
	}
	return nil
}

// PendingIntents counts the intents of tenant not yet completed (leased or
// not, due or waiting for a retry).
func (s *Store) PendingIntents(ctx context.Context, tenant string) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM rsc_outbox WHERE tenant = ?`, tenant).Scan(&n); err != nil {
		return 0, fmt.Errorf("sqlitestore: pending intents: %w", err)
	}
	return n, nil
}
