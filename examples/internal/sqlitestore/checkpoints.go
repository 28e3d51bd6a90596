package sqlitestore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// LoadCheckpoint implements rscsync.CheckpointStore.
func (s *Store) LoadCheckpoint(ctx context.Context, id rscsync.StreamID) (rscsync.Checkpoint, error) {
	cp, err := loadCheckpoint(ctx, s.db, id)
	if err != nil {
		return rscsync.Checkpoint{}, fmt.Errorf("sqlitestore: load checkpoint %s: %w", id, err)
	}
	return cp, nil
}

func loadCheckpoint(ctx context.Context, q execer, id rscsync.StreamID) (rscsync.Checkpoint, error) {
	var cp rscsync.Checkpoint
	var updated int64
	err := q.QueryRowContext(ctx, `SELECT cursor, version, done, complete, updated_at FROM rsc_checkpoints WHERE tenant = ? AND stream = ?`, id.Tenant, id.Name).
		Scan(&cp.Cursor, &cp.Version, &cp.Done, &cp.Complete, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return rscsync.Checkpoint{}, nil
	}
	if err != nil {
		return rscsync.Checkpoint{}, err
	}
	if updated != 0 {
		cp.UpdatedAt = fromNanos(updated)
	}
	return cp, nil
}

// SaveCheckpoint implements rscsync.CheckpointStore: a compare-and-set on
// the version.
func (s *Store) SaveCheckpoint(ctx context.Context, id rscsync.StreamID, from, next rscsync.Checkpoint) error {
	err := inTx(ctx, s.db, func(tx *sql.Tx) error { return casCheckpoint(ctx, tx, id, from, next) })
	if err != nil {
		return fmt.Errorf("sqlitestore: save checkpoint %s: %w", id, err)
	}
	return nil
}

// casCheckpoint moves a checkpoint from version from.Version to next, in
// the caller's transaction, or returns rscsync.ErrStaleCheckpoint.
func casCheckpoint(ctx context.Context, tx *sql.Tx, id rscsync.StreamID, from, next rscsync.Checkpoint) error {
	var updated int64
	if !next.UpdatedAt.IsZero() {
		updated = nanos(next.UpdatedAt)
	}
	var res sql.Result
	var err error
	if from.Version == 0 {
		res, err = tx.ExecContext(ctx, `INSERT INTO rsc_checkpoints (tenant, stream, cursor, version, done, complete, updated_at)
			VALUES (?, ?, ?, 1, ?, ?, ?) ON CONFLICT (tenant, stream) DO NOTHING`,
			id.Tenant, id.Name, next.Cursor, next.Done, next.Complete, updated)
	} else {
		res, err = tx.ExecContext(ctx, `UPDATE rsc_checkpoints SET cursor = ?, version = version + 1, done = ?, complete = ?, updated_at = ?
			WHERE tenant = ? AND stream = ? AND version = ?`,
			next.Cursor, next.Done, next.Complete, updated, id.Tenant, id.Name, from.Version)
	}
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("checkpoint %s is not at version %d: %w", id, from.Version, rscsync.ErrStaleCheckpoint)
	}
	return nil
}

// Checkpoints returns the checkpoints of tenant by stream name.
func (s *Store) Checkpoints(ctx context.Context, tenant string) (map[string]rscsync.Checkpoint, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT stream, cursor, version, done, complete, updated_at FROM rsc_checkpoints WHERE tenant = ?`, tenant)
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

// Kinds of pulled data in rsc_pulled: the engine's.
const (
	kindSeat        = string(rscsync.KindSeat)
	kindInMail      = string(rscsync.KindInMail)
	kindNote        = string(rscsync.KindNote)
	kindStub        = string(rscsync.KindStub)
	kindPurged      = string(rscsync.KindPurge)
	kindIntegration = string(rscsync.KindIntegration)
	kindExport      = string(rscsync.KindExport)
)

// pulledBody is the JSON a change is stored as: LinkedIn's element as
// received (Raw) when the change has it, else its encoding.
func pulledBody(c rscsync.Pulled) ([]byte, error) {
	if raw := c.Raw(); len(raw) > 0 && json.Valid(raw) {
		return raw, nil
	}
	return json.Marshal(c.Value())
}

// Apply implements rscsync.Applier: the pulled items are upserted by their
// LinkedIn ids (an inactive prospect note deletes) and the checkpoint is
// moved, in one transaction. A change of another type stores nothing.
func (s *Store) Apply(ctx context.Context, b rscsync.Batch) error {
	type row struct {
		kind, key string
		body      []byte
		del       bool
	}
	rows := make([]row, 0, len(b.Changes))
	for i, c := range b.Changes {
		if c == nil {
			return fmt.Errorf("sqlitestore: apply %s: change %d is nil", b.Stream, i)
		}
		body, err := pulledBody(c)
		if err != nil {
			return fmt.Errorf("sqlitestore: apply %s: change %d: %w", b.Stream, i, err)
		}
		rows = append(rows, row{string(c.Kind()), c.Key(), body, c.Deleted()})
	}
	err := inTx(ctx, s.db, func(tx *sql.Tx) error {
		if b.Stream.Name != "" {
			if err := casCheckpoint(ctx, tx, b.Stream, b.From, b.Next); err != nil {
				return err
			}
		}
		for _, r := range rows {
			var err error
			if r.del {
				_, err = tx.ExecContext(ctx, `DELETE FROM rsc_pulled WHERE tenant = ? AND kind = ? AND key = ?`, b.Stream.Tenant, r.kind, r.key)
			} else {
				_, err = tx.ExecContext(ctx, `INSERT INTO rsc_pulled (tenant, kind, key, body) VALUES (?, ?, ?, ?)
					ON CONFLICT (tenant, kind, key) DO UPDATE SET body = excluded.body`, b.Stream.Tenant, r.kind, r.key, string(r.body))
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("sqlitestore: apply %s: %w", b.Stream, err)
	}
	return nil
}

// Pulled returns what the pull engine (Apply) and ApplyExport stored for
// tenant: model.Seat, model.ConversationEvent, model.ProspectNote,
// model.MailStub, model.PurgedExportedCandidate, model.Integration and
// model.ExportedCandidate values, by kind and key.
func (s *Store) Pulled(ctx context.Context, tenant string) ([]any, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT kind, key, body FROM rsc_pulled WHERE tenant = ? ORDER BY kind, key`, tenant)
	if err != nil {
		return nil, fmt.Errorf("sqlitestore: pulled: %w", err)
	}
	defer rows.Close()
	var out []any
	for rows.Next() {
		var kind, key, body string
		if err := rows.Scan(&kind, &key, &body); err != nil {
			return nil, fmt.Errorf("sqlitestore: pulled: %w", err)
		}
		v, err := decodePulled(kind, key, []byte(body))
		if err != nil {
			return nil, fmt.Errorf("sqlitestore: pulled %s %s: %w", kind, key, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlitestore: pulled: %w", err)
	}
	return out, nil
}

// decodePulled decodes a stored item. An integration's key is not in its
// element (LinkedIn returns it as the batch's map key): it is read from the
// row's key.
func decodePulled(kind, key string, body []byte) (any, error) {
	var err error
	switch kind {
	case kindSeat:
		var v model.Seat
		err = json.Unmarshal(body, &v)
		return v, err
	case kindInMail:
		var v model.ConversationEvent
		err = json.Unmarshal(body, &v)
		return v, err
	case kindNote:
		var v model.ProspectNote
		err = json.Unmarshal(body, &v)
		return v, err
	case kindStub:
		var v model.MailStub
		err = json.Unmarshal(body, &v)
		return v, err
	case kindPurged:
		var v model.PurgedExportedCandidate
		err = json.Unmarshal(body, &v)
		return v, err
	case kindIntegration:
		var v model.Integration
		err = json.Unmarshal(body, &v)
		if parts := strings.Split(key, "/"); len(parts) == 3 {
			v.Key = model.IntegrationKey{IntegrationContext: model.URN(parts[0]), IntegrationType: model.IntegrationType(parts[1]),
				TenantType: model.TenantType(parts[2])}
		}
		return v, err
	case kindExport:
		var v model.ExportedCandidate
		err = json.Unmarshal(body, &v)
		return v, err
	}
	return nil, fmt.Errorf("unknown kind %q", kind)
}

// Park implements rscsync.Parker: a failure replaces an earlier one of the
// same record.
func (s *Store) Park(ctx context.Context, p []rscsync.Parked) error {
	err := inTx(ctx, s.db, func(tx *sql.Tx) error {
		for _, x := range p {
			if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO rsc_parked (tenant, resource, ref_parent, ref_id, status, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				x.Tenant, string(x.Resource), x.Ref.Parent, x.Ref.ID, x.Status, x.Reason, nanos(x.At)); err != nil {
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
			if _, err := tx.ExecContext(ctx, `DELETE FROM rsc_parked WHERE tenant = ? AND resource = ? AND ref_parent = ? AND ref_id = ?`,
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

// Parked returns the parked failures of tenant by resource and record.
func (s *Store) Parked(ctx context.Context, tenant string) ([]rscsync.Parked, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT resource, ref_parent, ref_id, status, reason, at FROM rsc_parked WHERE tenant = ?`, tenant)
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
		p.At = fromNanos(at)
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlitestore: parked: %w", err)
	}
	rank := func(r rscsync.Resource) int {
		for i, x := range rscsync.Resources() {
			if x == r {
				return i
			}
		}
		return len(rscsync.Resources())
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if rank(a.Resource) != rank(b.Resource) {
			return rank(a.Resource) < rank(b.Resource)
		}
		if a.Ref.Parent != b.Ref.Parent {
			return a.Ref.Parent < b.Ref.Parent
		}
		return a.Ref.ID < b.Ref.ID
	})
	return out, nil
}
