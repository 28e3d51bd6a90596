package sqlitestore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

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

// Apply implements rscsync.Applier, in one transaction: the checkpoint's
// compare-and-set (unless b.Stream.Name is empty), each change stored
// under the Kind and Key the engine computed (a Deleted one deletes its
// row; an evaluation goes to linkedin_evaluations, a later one of a Key
// replacing), and the intake's b.ATSChanges applied to the ATS's tables
// (each once by its Key, with the outbox intents they record). Either all
// of it commits or none.
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
	tenant := b.Stream.Tenant
	// The engine store's Update wakes the tenant after the commit when the
	// intake recorded intents (a candidate linked to a member).
	err := s.Store.Update(ctx, func(tx *sql.Tx) error {
		if b.Stream.Name != "" {
			if err := s.SaveCheckpointTx(ctx, tx, b.Stream, b.From, b.Next); err != nil {
				return err
			}
		}
		for i, r := range rows {
			var err error
			switch {
			case r.kind == string(rscsync.KindEvaluation):
				err = writeEvaluation(ctx, tx, tenant, b.Changes[i].(rscsync.EvaluationChange).Evaluation)
			case r.del:
				_, err = tx.ExecContext(ctx, `DELETE FROM rsc_pulled WHERE tenant = ? AND kind = ? AND key = ?`, tenant, r.kind, r.key)
			default:
				_, err = tx.ExecContext(ctx, `INSERT INTO rsc_pulled (tenant, kind, key, body) VALUES (?, ?, ?, ?)
					ON CONFLICT (tenant, kind, key) DO UPDATE SET body = excluded.body`, tenant, r.kind, r.key, string(r.body))
			}
			if err != nil {
				return err
			}
		}
		t := &Tx{s: s, tx: tx, ctx: ctx, tenant: tenant}
		a := &ATS{s: s}
		for _, ch := range b.ATSChanges {
			if err := a.applyOnce(ctx, t, ch); err != nil {
				return fmt.Errorf("intake %s: %w", ch.Key, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("sqlitestore: apply %s: %w", b.Stream, err)
	}
	return nil
}

// Pulled returns what Apply stored for tenant (evaluations aside, see
// Evaluations): model.Seat, model.ConversationEvent, model.ProspectNote,
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
