package sqlitestore

import (
	"context"
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
