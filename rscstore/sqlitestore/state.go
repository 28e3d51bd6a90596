package sqlitestore

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// LoadCheckpoint implements rscsync.CheckpointStore.
func (s *Store) LoadCheckpoint(ctx context.Context, id rscsync.StreamID) (rscsync.Checkpoint, error) {
	return loadCheckpoint(ctx, s.db, id)
}

// LoadCheckpointTx is LoadCheckpoint inside the vendor's transaction tx,
// for a vendor write that depends on where a stream stands.
func (s *Store) LoadCheckpointTx(ctx context.Context, tx *sql.Tx, id rscsync.StreamID) (rscsync.Checkpoint, error) {
	return loadCheckpoint(ctx, tx, id)
}

// queryRower is what a database and a transaction have in common.
type queryRower interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func loadCheckpoint(ctx context.Context, q queryRower, id rscsync.StreamID) (rscsync.Checkpoint, error) {
	var cp rscsync.Checkpoint
	var updated int64
	err := q.QueryRowContext(ctx, `SELECT cursor, version, done, complete, updated_at FROM rscstore_checkpoints WHERE tenant = ? AND stream = ?`, id.Tenant, id.Name).
		Scan(&cp.Cursor, &cp.Version, &cp.Done, &cp.Complete, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return rscsync.Checkpoint{}, nil
	}
	if err != nil {
		return rscsync.Checkpoint{}, fmt.Errorf("sqlitestore: load checkpoint %s: %w", id, err)
	}
	if updated != 0 {
		cp.UpdatedAt = fromNanos(updated)
	}
	return cp, nil
}

// SaveCheckpoint implements rscsync.CheckpointStore: a compare-and-set on
// the version.
func (s *Store) SaveCheckpoint(ctx context.Context, id rscsync.StreamID, from, next rscsync.Checkpoint) error {
	err := inTx(ctx, s.db, func(tx *sql.Tx) error { return s.SaveCheckpointTx(ctx, tx, id, from, next) })
	if err != nil {
		return fmt.Errorf("sqlitestore: %w", err)
	}
	return nil
}

// SaveCheckpointTx is SaveCheckpoint inside the vendor's transaction tx:
// an rscsync.Applier writes what LinkedIn sent to its own tables and moves
// the stream's checkpoint in one transaction, so a crash keeps both or
// neither. It returns rscsync.ErrStaleCheckpoint (wrapped) when the stored
// version is not from.Version; the caller then rolls tx back.
//
//	err := store.Update(ctx, func(tx *sql.Tx) error {
//		if err := store.SaveCheckpointTx(ctx, tx, b.Stream, b.From, b.Next); err != nil {
//			return err
//		}
//		return writeMyTables(ctx, tx, b.Changes)
//	})
func (s *Store) SaveCheckpointTx(ctx context.Context, tx *sql.Tx, id rscsync.StreamID, from, next rscsync.Checkpoint) error {
	updated := optNanos(next.UpdatedAt)
	var res sql.Result
	var err error
	if from.Version == 0 {
		res, err = tx.ExecContext(ctx, `INSERT INTO rscstore_checkpoints (tenant, stream, cursor, version, done, complete, updated_at)
			VALUES (?, ?, ?, 1, ?, ?, ?) ON CONFLICT (tenant, stream) DO NOTHING`,
			id.Tenant, id.Name, next.Cursor, next.Done, next.Complete, updated)
	} else {
		res, err = tx.ExecContext(ctx, `UPDATE rscstore_checkpoints SET cursor = ?, version = version + 1, done = ?, complete = ?, updated_at = ?
			WHERE tenant = ? AND stream = ? AND version = ?`,
			next.Cursor, next.Done, next.Complete, updated, id.Tenant, id.Name, from.Version)
	}
	if err != nil {
		return fmt.Errorf("save checkpoint %s: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("save checkpoint %s: stored version is not %d: %w", id, from.Version, rscsync.ErrStaleCheckpoint)
	}
	return nil
}

// Checkpoints returns the checkpoints of tenant by stream name.
func (s *Store) Checkpoints(ctx context.Context, tenant string) (map[string]rscsync.Checkpoint, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT stream, cursor, version, done, complete, updated_at FROM rscstore_checkpoints WHERE tenant = ?`, tenant)
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: checkpoints: %w", err)
	}
	defer rows.Close()
	out := map[string]rscsync.Checkpoint{}
	for rows.Next() {
		var name string
		var cp rscsync.Checkpoint
		var updated int64
		if err := rows.Scan(&name, &cp.Cursor, &cp.Version, &cp.Done, &cp.Complete, &updated); err != nil {
			return nil, fmt.Errorf("sqlitestore: checkpoints: %w", err)
		}
		if updated != 0 {
			cp.UpdatedAt = fromNanos(updated)
		}
		out[name] = cp
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlitestore: checkpoints: %w", err)
	}
	return out, nil
}

// Park implements rscsync.Parker: a failure replaces an earlier one of the
// same record.
func (s *Store) Park(ctx context.Context, p []rscsync.Parked) error {
	err := inTx(ctx, s.db, func(tx *sql.Tx) error {
		for _, x := range p {
			if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO rscstore_parked (tenant, resource, ref_parent, ref_id, status, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				x.Tenant, string(x.Resource), x.Ref.Parent, x.Ref.ID, x.Status, x.Reason, optNanos(x.At)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("sqlitestore: park: %w", err)
	}
	return nil
}

// Unpark implements rscsync.Parker; refs without a parked failure are
// ignored.
func (s *Store) Unpark(ctx context.Context, tenant string, r rscsync.Resource, refs []rscsync.Ref) error {
	err := inTx(ctx, s.db, func(tx *sql.Tx) error {
		for _, ref := range refs {
			if _, err := tx.ExecContext(ctx, `DELETE FROM rscstore_parked WHERE tenant = ? AND resource = ? AND ref_parent = ? AND ref_id = ?`,
				tenant, string(r), ref.Parent, ref.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("sqlitestore: unpark: %w", err)
	}
	return nil
}

// Parked returns the parked failures of tenant ordered by resource (in
// rscsync.Resources order, unknown ones last), then by (Parent, ID).
func (s *Store) Parked(ctx context.Context, tenant string) ([]rscsync.Parked, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT resource, ref_parent, ref_id, status, reason, at FROM rscstore_parked WHERE tenant = ?`, tenant)
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: parked: %w", err)
	}
	defer rows.Close()
	var out []rscsync.Parked
	for rows.Next() {
		p := rscsync.Parked{Tenant: tenant}
		var at int64
		if err := rows.Scan(&p.Resource, &p.Ref.Parent, &p.Ref.ID, &p.Status, &p.Reason, &at); err != nil {
			return nil, fmt.Errorf("sqlitestore: parked: %w", err)
		}
		if at != 0 {
			p.At = fromNanos(at)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlitestore: parked: %w", err)
	}
	rank := func(r rscsync.Resource) int {
		if i := slices.Index(rscsync.Resources(), r); i >= 0 {
			return i
		}
		return len(rscsync.Resources())
	}
	slices.SortStableFunc(out, func(a, b rscsync.Parked) int {
		return cmp.Or(cmp.Compare(rank(a.Resource), rank(b.Resource)),
			strings.Compare(a.Ref.Parent, b.Ref.Parent), strings.Compare(a.Ref.ID, b.Ref.ID))
	})
	return out, nil
}

// TryLock implements rscsync.Locker on the Store's clock: the lease on
// name is taken (or renewed) unless another owner holds an unexpired one.
func (s *Store) TryLock(ctx context.Context, name, owner string, ttl time.Duration) (bool, error) {
	now := s.now()
	res, err := s.db.ExecContext(ctx, `INSERT INTO rscstore_locks (name, owner, until) VALUES (?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until = excluded.until
		WHERE rscstore_locks.owner = excluded.owner OR rscstore_locks.until <= ?`,
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
	if _, err := s.db.ExecContext(ctx, `DELETE FROM rscstore_locks WHERE name = ? AND owner = ?`, name, owner); err != nil {
		return fmt.Errorf("sqlitestore: unlock %s: %w", name, err)
	}
	return nil
}

// RenewLocks implements rscsync.LeaseRenewer with one UPDATE: owner's
// leases among names (expired ones too, as long as no other owner took
// them) last until ttl from now.
func (s *Store) RenewLocks(ctx context.Context, names []string, owner string, ttl time.Duration) ([]string, error) {
	if len(names) == 0 {
		return nil, nil
	}
	b, err := json.Marshal(names)
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: renew locks: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, `UPDATE rscstore_locks SET until = ?
		WHERE owner = ? AND name IN (SELECT value FROM json_each(?)) RETURNING name`,
		nanos(s.now().Add(ttl)), owner, string(b))
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: renew locks: %w", err)
	}
	return collectNames(rows, "renew locks")
}

// LeaseOwners implements rscsync.LeaseOwners: the owners of the unexpired
// leases among names.
func (s *Store) LeaseOwners(ctx context.Context, names []string) (map[string]string, error) {
	b, err := json.Marshal(names)
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: lease owners: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT name, owner FROM rscstore_locks
		WHERE name IN (SELECT value FROM json_each(?)) AND until > ?`, string(b), nanos(s.now()))
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: lease owners: %w", err)
	}
	return collectOwners(rows, "lease owners")
}

// ListLeases implements rscsync.LeaseLister: the owners of the unexpired
// leases whose name starts with prefix.
func (s *Store) ListLeases(ctx context.Context, prefix string) (map[string]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name, owner FROM rscstore_locks
		WHERE substr(name, 1, length(?)) = ? AND until > ?`, prefix, prefix, nanos(s.now()))
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: list leases: %w", err)
	}
	return collectOwners(rows, "list leases")
}

func collectNames(rows *sql.Rows, op string) ([]string, error) {
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, fmt.Errorf("sqlitestore: %s: %w", op, err)
		}
		out = append(out, name)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlitestore: %s: %w", op, err)
	}
	return out, nil
}

func collectOwners(rows *sql.Rows, op string) (map[string]string, error) {
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var name, owner string
		if err := rows.Scan(&name, &owner); err != nil {
			return nil, fmt.Errorf("sqlitestore: %s: %w", op, err)
		}
		out[name] = owner
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlitestore: %s: %w", op, err)
	}
	return out, nil
}

// Backlog implements rscsync.BacklogReader with one query over the outbox
// and the parked records of tenants.
func (s *Store) Backlog(ctx context.Context, tenants []string) (map[string]rscsync.Backlog, error) {
	b, err := json.Marshal(tenants)
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: backlog: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, `
WITH t(tenant) AS (SELECT DISTINCT value FROM json_each(?1))
SELECT t.tenant,
	(SELECT count(*) FROM rscstore_queue o WHERE o.lane = 'outbox' AND o.tenant = t.tenant),
	(SELECT coalesce(min(created_at), 0) FROM rscstore_queue o WHERE o.lane = 'outbox' AND o.tenant = t.tenant),
	(SELECT count(*) FROM rscstore_parked p WHERE p.tenant = t.tenant)
FROM t`, string(b))
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: backlog: %w", err)
	}
	defer rows.Close()
	out := make(map[string]rscsync.Backlog, len(tenants))
	for rows.Next() {
		var tenant string
		var bl rscsync.Backlog
		var oldest int64
		if err := rows.Scan(&tenant, &bl.Intents, &oldest, &bl.Parked); err != nil {
			return nil, fmt.Errorf("sqlitestore: backlog: %w", err)
		}
		if bl.Intents > 0 {
			bl.Oldest = fromNanos(oldest)
		}
		if bl != (rscsync.Backlog{}) {
			out[tenant] = bl
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlitestore: backlog: %w", err)
	}
	return out, nil
}
