package sqlitestore

import (
	"context"
	"fmt"
	"time"
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
