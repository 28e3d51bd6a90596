package pgstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// execer is what a pool and a transaction have in common.
type execer interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

// LoadCheckpoint implements rscsync.CheckpointStore.
func (s *Store) LoadCheckpoint(ctx context.Context, id rscsync.StreamID) (rscsync.Checkpoint, error) {
	return s.loadCheckpoint(ctx, s.pool, id)
}

// LoadCheckpointTx is LoadCheckpoint inside the host's transaction tx, for
// a host write that depends on where a stream stands.
func (s *Store) LoadCheckpointTx(ctx context.Context, tx pgx.Tx, id rscsync.StreamID) (rscsync.Checkpoint, error) {
	return s.loadCheckpoint(ctx, tx, id)
}

// queryRower is what a pool and a transaction have in common.
type queryRower interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

func (s *Store) loadCheckpoint(ctx context.Context, q queryRower, id rscsync.StreamID) (rscsync.Checkpoint, error) {
	var cp rscsync.Checkpoint
	var updated *time.Time
	err := q.QueryRow(ctx, s.sql(`
SELECT cur, version, done, complete, updated_at FROM {s}.checkpoints WHERE tenant = $1 AND stream = $2`),
		id.Tenant, id.Name).Scan(&cp.Cursor, &cp.Version, &cp.Done, &cp.Complete, &updated)
	if errors.Is(err, pgx.ErrNoRows) {
		return rscsync.Checkpoint{}, nil
	}
	if err != nil {
		return rscsync.Checkpoint{}, wrap("load checkpoint "+id.String(), err)
	}
	if updated != nil {
		cp.UpdatedAt = *updated
	}
	return cp, nil
}

// SaveCheckpoint implements rscsync.CheckpointStore: a compare-and-set on
// the version column (an INSERT that does nothing on conflict from version
// 0, an UPDATE ... WHERE version = from.Version after that).
func (s *Store) SaveCheckpoint(ctx context.Context, id rscsync.StreamID, from, next rscsync.Checkpoint) error {
	return wrap("save checkpoint "+id.String(), s.casCheckpoint(ctx, s.pool, id, from, next))
}

// SaveCheckpointTx is SaveCheckpoint inside the host's transaction tx: an
// rscsync.Applier writes what LinkedIn sent to its own tables and moves the
// stream's checkpoint in one transaction, so a crash keeps both or neither.
// It returns rscsync.ErrStaleCheckpoint (wrapped) when the stored version
// is not from.Version; the caller then rolls tx back.
//
//	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
//		if err := store.SaveCheckpointTx(ctx, tx, b.Stream, b.From, b.Next); err != nil {
//			return err
//		}
//		return writeMyTables(ctx, tx, b.Changes)
//	})
func (s *Store) SaveCheckpointTx(ctx context.Context, tx pgx.Tx, id rscsync.StreamID, from, next rscsync.Checkpoint) error {
	return wrap("save checkpoint "+id.String(), s.casCheckpoint(ctx, tx, id, from, next))
}

func (s *Store) casCheckpoint(ctx context.Context, db execer, id rscsync.StreamID, from, next rscsync.Checkpoint) error {
	var tag pgconn.CommandTag
	var err error
	if from.Version == 0 {
		tag, err = db.Exec(ctx, s.sql(`
INSERT INTO {s}.checkpoints (tenant, stream, cur, version, done, complete, updated_at)
VALUES ($1, $2, $3, 1, $4, $5, $6)
ON CONFLICT (tenant, stream) DO NOTHING`), id.Tenant, id.Name, next.Cursor, next.Done, next.Complete, nullTime(next.UpdatedAt))
	} else {
		tag, err = db.Exec(ctx, s.sql(`
UPDATE {s}.checkpoints SET cur = $3, version = version + 1, done = $4, complete = $5, updated_at = $6
WHERE tenant = $1 AND stream = $2 AND version = $7`), id.Tenant, id.Name, next.Cursor, next.Done, next.Complete, nullTime(next.UpdatedAt), from.Version)
	}
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("stored version is not %d: %w", from.Version, rscsync.ErrStaleCheckpoint)
	}
	return nil
}

// Checkpoints returns every checkpoint of tenant by stream name.
func (s *Store) Checkpoints(ctx context.Context, tenant string) (map[string]rscsync.Checkpoint, error) {
	rows, err := s.pool.Query(ctx, s.sql(`
SELECT stream, cur, version, done, complete, updated_at FROM {s}.checkpoints WHERE tenant = $1`), tenant)
	if err != nil {
		return nil, wrap("checkpoints", err)
	}
	out := map[string]rscsync.Checkpoint{}
	var (
		name    string
		cp      rscsync.Checkpoint
		updated *time.Time
	)
	_, err = pgx.ForEachRow(rows, []any{&name, &cp.Cursor, &cp.Version, &cp.Done, &cp.Complete, &updated}, func() error {
		c := cp
		if updated != nil {
			c.UpdatedAt = *updated
		}
		out[name] = c
		return nil
	})
	return out, wrap("checkpoints", err)
}
