package sqlitestore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// Enqueue implements rscsync.Queue, in one transaction. A notification id
// the tenant already has, queued or done within
// rscsync.NotificationRetention, is ignored (the tenant's done
// notifications older than that are deleted first); an outbox item is
// recorded like Tx.Touch records one. It wakes the engine.
func (s *Store) Enqueue(ctx context.Context, items ...rscsync.Item) error {
	err := inTx(ctx, s.db, func(tx *sql.Tx) error {
		now := nanos(s.now())
		for _, it := range items {
			if err := enqueue(ctx, tx, it, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("sqlitestore: enqueue: %w", err)
	}
	s.signal()
	return nil
}

// enqueue adds one item in tx.
func enqueue(ctx context.Context, tx *sql.Tx, it rscsync.Item, now int64) error {
	created := now
	if !it.CreatedAt.IsZero() {
		created = nanos(it.CreatedAt)
	}
	switch it.Lane {
	case rscsync.LaneOutbox:
		if !it.Resource.Valid() {
			return fmt.Errorf("unknown resource %q", it.Resource)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO rsc_queue (tenant, lane, resource, ref_id, ref_parent, op, created_at, due_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			it.Tenant, string(it.Lane), string(it.Resource), it.Ref.ID, it.Ref.Parent, string(it.Op), created, now)
		return err
	case rscsync.LaneNotifications:
		if it.ID == "" {
			return errors.New("a notification without an id")
		}
		n := it.Notification
		body, err := json.Marshal(n)
		if len(n.Raw) > 0 && json.Valid(n.Raw) {
			body, err = n.Raw, nil
		}
		if err != nil {
			return fmt.Errorf("notification %s: %w", it.ID, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM rsc_queue WHERE tenant = ? AND lane = ? AND done_at <> 0 AND done_at < ?`,
			it.Tenant, string(it.Lane), now-int64(rscsync.NotificationRetention)); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO rsc_queue (tenant, lane, id, body, created_at, due_at) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (tenant, lane, id) DO NOTHING`, it.Tenant, string(it.Lane), it.ID, string(body), created, now)
		return err
	}
	return fmt.Errorf("unknown lane %q", it.Lane)
}

// Claim implements rscsync.Queue: up to max items of a tenant's lane that
// are not done, not leased (or whose lease expired) and due, oldest first,
// each leased for lease under a fresh token. Attempts counts the item's
// earlier claims.
func (s *Store) Claim(ctx context.Context, tenant string, lane rscsync.Lane, max int, lease time.Duration) ([]rscsync.Item, error) {
	if lease <= 0 {
		return nil, fmt.Errorf("sqlitestore: claim: lease %v is not positive", lease)
	}
	if max < 1 {
		return nil, nil
	}
	var out []rscsync.Item
	err := inTx(ctx, s.db, func(tx *sql.Tx) error {
		out = nil
		now := s.now()
		rows, err := tx.QueryContext(ctx, `SELECT seq, coalesce(id, ''), resource, ref_id, ref_parent, op, body, created_at, claims FROM rsc_queue
			WHERE tenant = ? AND lane = ? AND done_at = 0 AND (lease = '' OR lease_until <= ?) AND due_at <= ? ORDER BY seq LIMIT ?`,
			tenant, string(lane), nanos(now), nanos(now), max)
		if err != nil {
			return err
		}
		defer rows.Close()
		token := newLease()
		for rows.Next() {
			it := rscsync.Item{Tenant: tenant, Lane: lane, Lease: token}
			var created int64
			var body string
			if err := rows.Scan(&it.Seq, &it.ID, &it.Resource, &it.Ref.ID, &it.Ref.Parent, &it.Op, &body, &created, &it.Attempts); err != nil {
				return err
			}
			if lane == rscsync.LaneOutbox {
				it.ID = strconv.FormatInt(it.Seq, 10)
			} else if err := json.Unmarshal([]byte(body), &it.Notification); err != nil {
				return fmt.Errorf("notification %s: %w", it.ID, err)
			}
			it.CreatedAt = fromNanos(created)
			out = append(out, it)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		for _, it := range out {
			if _, err := tx.ExecContext(ctx, `UPDATE rsc_queue SET lease = ?, lease_until = ?, claims = claims + 1 WHERE seq = ?`,
				token, nanos(now.Add(lease)), it.Seq); err != nil {
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

// Complete implements rscsync.Queue. Each item is handled on its own: one
// whose lease is no longer the one presented (another claim took it, or it
// is done) is left alone and reported as rscsync.ErrLeaseLost; the others,
// including those whose lease expired without being taken over, are done
// or, with o.RetryAt set, released until then with o.Error kept as their
// last error. A done intent is deleted; a done notification keeps its id,
// not its body, for rscsync.NotificationRetention. Every claim has a fresh
// token, so the token alone tells whether the lease was taken over.
func (s *Store) Complete(ctx context.Context, items []rscsync.Item, o rscsync.Outcome) error {
	var lost []error
	err := inTx(ctx, s.db, func(tx *sql.Tx) error {
		lost = nil
		now := nanos(s.now())
		for _, it := range items {
			if it.Lease == "" {
				lost = append(lost, fmt.Errorf("%s %q: %w", it.Lane, it.ID, rscsync.ErrLeaseLost))
				continue
			}
			var res sql.Result
			var err error
			switch {
			case !o.RetryAt.IsZero():
				res, err = tx.ExecContext(ctx, `UPDATE rsc_queue SET lease = '', lease_until = 0, due_at = ?, last_error = ?
					WHERE seq = ? AND tenant = ? AND done_at = 0 AND lease = ?`, nanos(o.RetryAt), o.Error, it.Seq, it.Tenant, it.Lease)
			case it.Lane == rscsync.LaneOutbox:
				res, err = tx.ExecContext(ctx, `DELETE FROM rsc_queue WHERE seq = ? AND tenant = ? AND lease = ?`, it.Seq, it.Tenant, it.Lease)
			default:
				res, err = tx.ExecContext(ctx, `UPDATE rsc_queue SET done_at = ?, body = 'null', lease = '', lease_until = 0, last_error = ?
					WHERE seq = ? AND tenant = ? AND done_at = 0 AND lease = ?`, max(now, 1), o.Error, it.Seq, it.Tenant, it.Lease)
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

// PendingIntents counts the intents of tenant not yet completed (leased or
// not, due or waiting for a retry).
func (s *Store) PendingIntents(ctx context.Context, tenant string) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM rsc_queue WHERE tenant = ? AND lane = 'outbox'`, tenant).Scan(&n); err != nil {
		return 0, fmt.Errorf("sqlitestore: pending intents: %w", err)
	}
	return n, nil
}
