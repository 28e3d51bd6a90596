package sqlitestore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// TryLock implements rscsync.Locker on the store's clock: the lease on
// name is taken (or renewed) unless another owner holds an unexpired one.
func (s *Store) TryLock(ctx context.Context, name, owner string, ttl time.Duration) (bool, error) {
	now := s.now()
	res, err := s.db.ExecContext(ctx, `INSERT INTO rsc_locks (name, owner, until) VALUES (?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until = excluded.until
		WHERE rsc_locks.owner = excluded.owner OR rsc_locks.until <= ?`,
		name, owner, nanos(now.Add(ttl)), nanos(now))
	if err != nil {
		return false, fmt.Errorf("sqlitestore: lock %s: %w", name, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("sqlitestore: lock %s: %w", name, err)
	}
	return n == 1, nil
}

// Unlock implements rscsync.Locker.
func (s *Store) Unlock(ctx context.Context, name, owner string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM rsc_locks WHERE name = ? AND owner = ?`, name, owner); err != nil {
		return fmt.Errorf("sqlitestore: unlock %s: %w", name, err)
	}
	return nil
}

// Enqueue implements rscsync.NotificationQueue: a notification id the
// tenant already has, queued or done within rscsync.NotificationRetention,
// is ignored. It wakes the engine. The tenant's done notifications older
// than the retention are deleted first.
func (s *Store) Enqueue(ctx context.Context, tenant string, n model.Notification, at time.Time) error {
	body, err := json.Marshal(n)
	if len(n.Raw) > 0 && json.Valid(n.Raw) {
		body, err = n.Raw, nil
	}
	if err != nil {
		return fmt.Errorf("sqlitestore: enqueue %s: %w", n.ID, err)
	}
	if _, err := s.db.ExecContext(ctx, `DELETE FROM rsc_notifications WHERE tenant = ? AND done = 1 AND done_at < ?`,
		tenant, nanos(s.now().Add(-rscsync.NotificationRetention))); err != nil {
		return fmt.Errorf("sqlitestore: enqueue %s: %w", n.ID, err)
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO rsc_notifications (tenant, id, body, received_at, due_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (tenant, id) DO NOTHING`, tenant, n.ID, string(body), nanos(at), nanos(s.now())); err != nil {
		return fmt.Errorf("sqlitestore: enqueue %s: %w", n.ID, err)
	}
	s.signal()
	return nil
}

// ClaimNotifications implements rscsync.NotificationQueue like Claim:
// oldest first, a fresh lease per claim, Attempts counting earlier claims.
func (s *Store) ClaimNotifications(ctx context.Context, tenant string, max int, lease time.Duration) ([]rscsync.QueuedNotification, error) {
	if lease <= 0 {
		return nil, fmt.Errorf("sqlitestore: claim notifications: lease %v is not positive", lease)
	}
	if max < 1 {
		return nil, nil
	}
	var out []rscsync.QueuedNotification
	var seqs []int64
	err := inTx(ctx, s.db, func(tx *sql.Tx) error {
		out, seqs = nil, nil
		now := s.now()
		rows, err := tx.QueryContext(ctx, `SELECT seq, body, received_at, claims FROM rsc_notifications
			WHERE tenant = ? AND done = 0 AND (lease = '' OR lease_until <= ?) AND due_at <= ? ORDER BY seq LIMIT ?`,
			tenant, nanos(now), nanos(now), max)
		if err != nil {
			return err
		}
		defer rows.Close()
		token := newLease()
		for rows.Next() {
			q := rscsync.QueuedNotification{Tenant: tenant, Lease: token}
			var seq, received int64
			var body string
			if err := rows.Scan(&seq, &body, &received, &q.Attempts); err != nil {
				return err
			}
			if err := json.Unmarshal([]byte(body), &q.Notification); err != nil {
				return fmt.Errorf("notification %d: %w", seq, err)
			}
			q.ReceivedAt = fromNanos(received)
			out, seqs = append(out, q), append(seqs, seq)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		for _, seq := range seqs {
			if _, err := tx.ExecContext(ctx, `UPDATE rsc_notifications SET lease = ?, lease_until = ?, claims = claims + 1 WHERE seq = ?`,
				token, nanos(now.Add(lease)), seq); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: claim notifications: %w", err)
	}
	return out, nil
}

// CompleteNotification implements rscsync.NotificationQueue. A done
// notification's id stays in the table for rscsync.NotificationRetention,
// without its body, so a redelivery of it is ignored; errText is kept as its
// last error. A lease that expired without being
// taken over (the token is fresh per claim) still completes.
func (s *Store) CompleteNotification(ctx context.Context, q rscsync.QueuedNotification, retryAt time.Time, errText string) error {
	var res sql.Result
	var err error
	if retryAt.IsZero() {
		res, err = s.db.ExecContext(ctx, `UPDATE rsc_notifications SET done = 1, done_at = ?, body = 'null', lease = '', lease_until = 0, last_error = ?
			WHERE tenant = ? AND id = ? AND done = 0 AND lease = ? AND lease <> ''`,
			nanos(s.now()), errText, q.Tenant, q.Notification.ID, q.Lease)
	} else {
		res, err = s.db.ExecContext(ctx, `UPDATE rsc_notifications SET due_at = ?, lease = '', lease_until = 0, last_error = ?
			WHERE tenant = ? AND id = ? AND done = 0 AND lease = ? AND lease <> ''`,
			nanos(retryAt), errText, q.Tenant, q.Notification.ID, q.Lease)
	}
	if err != nil {
		return fmt.Errorf("sqlitestore: complete notification %s: %w", q.Notification.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("sqlitestore: complete notification %s: %w", q.Notification.ID, rscsync.ErrLeaseLost)
	}
	return nil
}

// ApplyExport implements rscsync.ExportSink for hosts without an Intake:
// the first export of a Key (request id and member) is kept, later ones
// are ignored.
func (s *Store) ApplyExport(ctx context.Context, tenant string, e model.ExportedCandidate) error {
	key := e.Key()
	body, err := pulledBody(rscsync.ExportChange{Export: e})
	if err != nil {
		return fmt.Errorf("sqlitestore: apply export %s: %w", e.RequestID, err)
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO rsc_pulled (tenant, kind, key, body) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
		tenant, kindExport, key, string(body)); err != nil {
		return fmt.Errorf("sqlitestore: apply export %s: %w", e.RequestID, err)
	}
	return nil
}
