package sqlitestore

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// Change names one changed ATS record for RecordIntents.
type Change struct {
	Resource rscsync.Resource
	Ref      rscsync.Ref
	Op       rscsync.Op
}

// RecordIntent records an outbox intent inside the vendor's transaction
// tx, the transaction that changes the record itself: op rscsync.OpUpsert
// for a record created or changed (the push engine loads its current
// state), rscsync.OpDelete for one that is gone. The intent and the change
// commit together or not at all. In a transaction of Update, the commit
// wakes the tenant's Runner.
//
//	err := store.Update(ctx, func(tx *sql.Tx) error {
//		if _, err := tx.ExecContext(ctx, `UPDATE candidates SET email = ? WHERE id = ?`, email, id); err != nil {
//			return err
//		}
//		return store.RecordIntent(ctx, tx, tenant, rscsync.Candidates, rscsync.Ref{ID: id}, rscsync.OpUpsert)
//	})
func (s *Store) RecordIntent(ctx context.Context, tx *sql.Tx, tenant string, r rscsync.Resource, ref rscsync.Ref, op rscsync.Op) error {
	return s.RecordIntents(ctx, tx, tenant, []Change{{Resource: r, Ref: ref, Op: op}})
}

// RecordIntents is RecordIntent for many changes of one tenant; their Seq
// follow the order of changes.
func (s *Store) RecordIntents(ctx context.Context, tx *sql.Tx, tenant string, changes []Change) error {
	for _, c := range changes {
		if !c.Resource.Valid() {
			return fmt.Errorf("sqlitestore: record intent: unknown resource %q", c.Resource)
		}
		if c.Op != rscsync.OpUpsert && c.Op != rscsync.OpDelete {
			return fmt.Errorf("sqlitestore: record intent: unknown op %q", c.Op)
		}
	}
	if len(changes) == 0 {
		return nil
	}
	now := nanos(s.now())
	for _, c := range changes {
		if _, err := tx.ExecContext(ctx, `INSERT INTO rscstore_outbox (tenant, resource, ref_parent, ref_id, op, created_at, due_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			tenant, string(c.Resource), c.Ref.Parent, c.Ref.ID, string(c.Op), now, now); err != nil {
			return fmt.Errorf("sqlitestore: record intent of %s: %w", tenant, err)
		}
	}
	s.noteIntent(tx, tenant)
	return nil
}

// Claim implements rscsync.Outbox: up to max intents of tenant that are due
// and not under an unexpired lease, oldest Seq first, leased for lease
// under a fresh token, in one UPDATE ... RETURNING statement (SQLite runs
// one writer at a time, so two claims never get the same intent).
// Attempts counts the intent's earlier claims.
func (s *Store) Claim(ctx context.Context, tenant string, max int, lease time.Duration) ([]rscsync.Intent, error) {
	if lease <= 0 {
		return nil, fmt.Errorf("sqlitestore: claim: lease %v is not positive", lease)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("sqlitestore: claim: %w", err)
	}
	if max < 1 {
		return nil, nil
	}
	now := s.now()
	token := newLease()
	rows, err := s.db.QueryContext(ctx, `UPDATE rscstore_outbox SET lease = ?, lease_until = ?, claims = claims + 1
		WHERE seq IN (SELECT seq FROM rscstore_outbox
			WHERE tenant = ? AND due_at <= ? AND (lease = '' OR lease_until <= ?) ORDER BY seq LIMIT ?)
		RETURNING seq, resource, ref_parent, ref_id, op, created_at, claims - 1`,
		token, nanos(now.Add(lease)), tenant, nanos(now), nanos(now), max)
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: claim: %w", err)
	}
	defer rows.Close()
	var out []rscsync.Intent
	for rows.Next() {
		in := rscsync.Intent{Tenant: tenant, Lease: token}
		var created int64
		if err := rows.Scan(&in.Seq, &in.Resource, &in.Ref.Parent, &in.Ref.ID, &in.Op, &created, &in.Attempts); err != nil {
			return nil, fmt.Errorf("sqlitestore: claim: %w", err)
		}
		in.ID = strconv.FormatInt(in.Seq, 10)
		in.CreatedAt = fromNanos(created)
		out = append(out, in)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlitestore: claim: %w", err)
	}
	slices.SortFunc(out, func(a, b rscsync.Intent) int { return cmp.Compare(a.Seq, b.Seq) })
	return out, nil
}

// Complete implements rscsync.Outbox. Each intent is handled on its own:
// one whose lease is no longer the one presented (another claim took it,
// or it is done) is left alone and reported as rscsync.ErrLeaseLost; the
// others, including those whose lease expired without being taken over
// (every claim has a fresh token), are removed or, with o.RetryAt set,
// released until then with o.Error kept as their last error.
func (s *Store) Complete(ctx context.Context, intents []rscsync.Intent, o rscsync.Outcome) error {
	if len(intents) == 0 {
		return nil
	}
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
				res, err = tx.ExecContext(ctx, `DELETE FROM rscstore_outbox WHERE seq = ? AND lease = ?`, seq, in.Lease)
			} else {
				res, err = tx.ExecContext(ctx, `UPDATE rscstore_outbox SET lease = '', lease_until = 0, due_at = ?, last_error = ?
					WHERE seq = ? AND lease = ?`, nanos(o.RetryAt), o.Error, seq, in.Lease)
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

// DropIntents implements rscsync.IntentDropper: it deletes tenant's
// intents of resource r for refs whose Op is op, except those under an
// unexpired lease (a push round has them in flight), and returns how many
// it deleted.
func (s *Store) DropIntents(ctx context.Context, tenant string, r rscsync.Resource, refs []rscsync.Ref, op rscsync.Op) (int, error) {
	var n int64
	err := inTx(ctx, s.db, func(tx *sql.Tx) error {
		n = 0
		now := nanos(s.now())
		for _, ref := range refs {
			res, err := tx.ExecContext(ctx, `DELETE FROM rscstore_outbox
				WHERE tenant = ? AND resource = ? AND ref_parent = ? AND ref_id = ? AND op = ? AND (lease = '' OR lease_until <= ?)`,
				tenant, string(r), ref.Parent, ref.ID, string(op), now)
			if err != nil {
				return err
			}
			k, _ := res.RowsAffected()
			n += k
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("sqlitestore: drop intents: %w", err)
	}
	return int(n), nil
}

// PendingIntents counts the intents of tenant not yet completed (leased or
// not, due or waiting for a retry).
func (s *Store) PendingIntents(ctx context.Context, tenant string) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM rscstore_outbox WHERE tenant = ?`, tenant).Scan(&n); err != nil {
		return 0, fmt.Errorf("sqlitestore: pending intents: %w", err)
	}
	return n, nil
}
