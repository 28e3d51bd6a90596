package sqlitestore

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
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
		if _, err := tx.ExecContext(ctx, `INSERT INTO rscstore_queue (tenant, lane, resource, ref_parent, ref_id, op, created_at, due_at) VALUES (?, 'outbox', ?, ?, ?, ?, ?, ?)`,
			tenant, string(c.Resource), c.Ref.Parent, c.Ref.ID, string(c.Op), now, now); err != nil {
			return fmt.Errorf("sqlitestore: record intent of %s: %w", tenant, err)
		}
	}
	s.noteIntent(tx, tenant)
	return nil
}

// Enqueue implements rscsync.Queue, in one transaction. A notification id
// the tenant already has, queued or done within
// rscsync.NotificationRetention, is ignored (the tenant's done
// notifications older than that are deleted first); an outbox item is
// recorded as RecordIntent records one (a host usually calls RecordIntent
// instead, in the transaction of the change). Each tenant with a new item
// is woken after the commit.
func (s *Store) Enqueue(ctx context.Context, items ...rscsync.Item) error {
	woken := map[string]bool{}
	err := inTx(ctx, s.db, func(tx *sql.Tx) error {
		clear(woken)
		now := nanos(s.now())
		for _, it := range items {
			added, err := enqueue(ctx, tx, it, now)
			if err != nil {
				return err
			}
			if added {
				woken[it.Tenant] = true
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("sqlitestore: enqueue: %w", err)
	}
	for t := range woken {
		s.signal(t)
	}
	return nil
}

// enqueue adds one item in tx and reports whether it is new.
func enqueue(ctx context.Context, tx *sql.Tx, it rscsync.Item, now int64) (bool, error) {
	created := now
	if !it.CreatedAt.IsZero() {
		created = nanos(it.CreatedAt)
	}
	switch it.Lane {
	case rscsync.LaneOutbox:
		if !it.Resource.Valid() {
			return false, fmt.Errorf("unknown resource %q", it.Resource)
		}
		if it.Op != rscsync.OpUpsert && it.Op != rscsync.OpDelete {
			return false, fmt.Errorf("unknown op %q", it.Op)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO rscstore_queue (tenant, lane, resource, ref_parent, ref_id, op, created_at, due_at) VALUES (?, 'outbox', ?, ?, ?, ?, ?, ?)`,
			it.Tenant, string(it.Resource), it.Ref.Parent, it.Ref.ID, string(it.Op), created, now)
		return err == nil, err
	case rscsync.LaneNotifications:
		if it.ID == "" {
			return false, errors.New("a notification without an id")
		}
		n := it.Notification
		body, err := json.Marshal(n)
		if len(n.Raw) > 0 && json.Valid(n.Raw) {
			body, err = n.Raw, nil
		}
		if err != nil {
			return false, fmt.Errorf("notification %s: %w", it.ID, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM rscstore_queue WHERE tenant = ? AND lane = 'notifications' AND done_at <> 0 AND done_at < ?`,
			it.Tenant, now-int64(rscsync.NotificationRetention)); err != nil {
			return false, err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO rscstore_queue (tenant, lane, id, body, created_at, due_at) VALUES (?, 'notifications', ?, ?, ?, ?)
			ON CONFLICT (tenant, lane, id) DO NOTHING`, it.Tenant, it.ID, string(body), created, now)
		if err != nil {
			return false, err
		}
		k, _ := res.RowsAffected()
		return k > 0, nil
	}
	return false, fmt.Errorf("unknown lane %q", it.Lane)
}

// Claim implements rscsync.Queue: up to max items of a tenant's lane that
// are not done, due and not under an unexpired lease, oldest Seq first,
// leased for lease under a fresh token, in one UPDATE ... RETURNING
// statement (SQLite runs one writer at a time, so two claims never get the
// same item). Attempts counts the item's earlier claims.
func (s *Store) Claim(ctx context.Context, tenant string, lane rscsync.Lane, max int, lease time.Duration) ([]rscsync.Item, error) {
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
	rows, err := s.db.QueryContext(ctx, `UPDATE rscstore_queue SET lease = ?, lease_until = ?, claims = claims + 1
		WHERE seq IN (SELECT seq FROM rscstore_queue
			WHERE tenant = ? AND lane = ? AND done_at = 0 AND due_at <= ? AND (lease = '' OR lease_until <= ?) ORDER BY seq LIMIT ?)
		RETURNING seq, coalesce(id, ''), resource, ref_parent, ref_id, op, body, created_at, claims - 1`,
		token, nanos(now.Add(lease)), tenant, string(lane), nanos(now), nanos(now), max)
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: claim: %w", err)
	}
	defer rows.Close()
	var out []rscsync.Item
	for rows.Next() {
		it := rscsync.Item{Tenant: tenant, Lane: lane, Lease: token}
		var created int64
		var body string
		if err := rows.Scan(&it.Seq, &it.ID, &it.Resource, &it.Ref.Parent, &it.Ref.ID, &it.Op, &body, &created, &it.Attempts); err != nil {
			return nil, fmt.Errorf("sqlitestore: claim: %w", err)
		}
		if lane == rscsync.LaneOutbox {
			it.ID = strconv.FormatInt(it.Seq, 10)
		} else {
			if err := json.Unmarshal([]byte(body), &it.Notification); err != nil {
				return nil, fmt.Errorf("sqlitestore: claim: notification %s: %w", it.ID, err)
			}
			it.Notification.ID = it.ID
		}
		it.CreatedAt = fromNanos(created)
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlitestore: claim: %w", err)
	}
	slices.SortFunc(out, func(a, b rscsync.Item) int { return cmp.Compare(a.Seq, b.Seq) })
	return out, nil
}

// Complete implements rscsync.Queue. Each item is handled on its own: one
// whose lease is no longer the one presented (another claim took it, or it
// is done) is left alone and reported as rscsync.ErrLeaseLost; the others,
// including those whose lease expired without being taken over (every
// claim has a fresh token), are done or, with o.RetryAt set, released
// until then with o.Error kept as their last error. A done intent is
// deleted; a done notification keeps its id, not its body, for
// rscsync.NotificationRetention.
func (s *Store) Complete(ctx context.Context, items []rscsync.Item, o rscsync.Outcome) error {
	if len(items) == 0 {
		return nil
	}
	var lost []error
	err := inTx(ctx, s.db, func(tx *sql.Tx) error {
		lost = nil
		now := nanos(s.now())
		for _, it := range items {
			if it.Lease == "" || it.Seq == 0 {
				lost = append(lost, fmt.Errorf("%s %q: %w", it.Lane, it.ID, rscsync.ErrLeaseLost))
				continue
			}
			var res sql.Result
			var err error
			switch {
			case !o.RetryAt.IsZero():
				res, err = tx.ExecContext(ctx, `UPDATE rscstore_queue SET lease = '', lease_until = 0, due_at = ?, last_error = ?
					WHERE seq = ? AND done_at = 0 AND lease = ?`, nanos(o.RetryAt), o.Error, it.Seq, it.Lease)
			case it.Lane == rscsync.LaneOutbox:
				res, err = tx.ExecContext(ctx, `DELETE FROM rscstore_queue WHERE seq = ? AND lane = 'outbox' AND lease = ?`, it.Seq, it.Lease)
			default:
				res, err = tx.ExecContext(ctx, `UPDATE rscstore_queue SET done_at = ?, body = 'null', lease = '', lease_until = 0, last_error = ?
					WHERE seq = ? AND done_at = 0 AND lease = ?`, max(now, 1), o.Error, it.Seq, it.Lease)
			}
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				lost = append(lost, fmt.Errorf("%s %s: %w", it.Lane, it.ID, rscsync.ErrLeaseLost))
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
			res, err := tx.ExecContext(ctx, `DELETE FROM rscstore_queue
				WHERE lane = 'outbox' AND tenant = ? AND resource = ? AND ref_parent = ? AND ref_id = ? AND op = ? AND (lease = '' OR lease_until <= ?)`,
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
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM rscstore_queue WHERE lane = 'outbox' AND tenant = ?`, tenant).Scan(&n); err != nil {
		return 0, fmt.Errorf("sqlitestore: pending intents: %w", err)
	}
	return n, nil
}
