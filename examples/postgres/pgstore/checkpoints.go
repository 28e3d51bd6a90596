package pgstore

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// Kinds of pulled rows: the engine's.
const (
	kindSeat        = string(rscsync.KindSeat)
	kindInMail      = string(rscsync.KindInMail)
	kindNote        = string(rscsync.KindNote)
	kindStub        = string(rscsync.KindStub)
	kindPurged      = string(rscsync.KindPurge)
	kindIntegration = string(rscsync.KindIntegration)
)

// pulledRow is one pulled item as stored: its kind, its LinkedIn key, and
// its JSON (the element as LinkedIn sent it when the item has Raw).
type pulledRow struct {
	kind, key string
	value     []byte
	remove    bool
}

// jsonOf returns raw when it is valid JSON, else v encoded.
func jsonOf(raw json.RawMessage, v any) ([]byte, error) {
	if len(raw) > 0 && json.Valid(raw) {
		return raw, nil
	}
	return json.Marshal(v)
}

// pulledOf returns the row of one change, under the Kind and Key the
// engine computed, deleting when the engine says so.
func pulledOf(c rscsync.Pulled) (pulledRow, error) {
	if c == nil {
		return pulledRow{}, fmt.Errorf("nil change")
	}
	row := pulledRow{kind: string(c.Kind()), key: c.Key(), remove: c.Deleted()}
	var err error
	row.value, err = jsonOf(c.Raw(), c.Value())
	return row, err
}

// decodePulled is the inverse of pulledOf.
func decodePulled(kind, key string, b []byte) (any, error) {
	switch kind {
	case kindSeat:
		var x model.Seat
		err := json.Unmarshal(b, &x)
		if x.ID == "" && x.URN == "" {
			if strings.HasPrefix(key, "urn:") {
				x.URN = model.URN(key)
			} else {
				x.ID = key
			}
		}
		return x, err
	case kindInMail:
		var x model.ConversationEvent
		err := json.Unmarshal(b, &x)
		return x, err
	case kindNote:
		var x model.ProspectNote
		err := json.Unmarshal(b, &x)
		return x, err
	case kindStub:
		var x model.MailStub
		err := json.Unmarshal(b, &x)
		return x, err
	case kindPurged:
		var x model.PurgedExportedCandidate
		err := json.Unmarshal(b, &x)
		return x, err
	case kindIntegration:
		var x model.Integration
		if err := json.Unmarshal(b, &x); err != nil {
			return nil, err
		}
		parts := strings.Split(key, "/")
		if len(parts) != 3 {
			return nil, fmt.Errorf("integration key %q", key)
		}
		x.Key = model.IntegrationKey{IntegrationContext: model.URN(parts[0]), IntegrationType: model.IntegrationType(parts[1]), TenantType: model.TenantType(parts[2])}
		return x, nil
	}
	return nil, fmt.Errorf("unknown pulled kind %q", kind)
}

// Apply implements rscsync.Applier, in one transaction. Exports go to the
// exports table (the first of a Key kept), evaluations to the evaluations
// table (a later one of a Key replacing), the other changes to pulled rows
// keyed by the Kind and Key the engine computed (LinkedIn's ids), so a
// replay changes nothing; a Deleted change (an inactive prospect note)
// deletes its row; of
// several changes of one key in a batch the last wins. The intake's
// b.ATSChanges become candidate, application and stage records with their
// outbox intents, each change once by its Key (see Lookup and the
// intake_applied table). The checkpoint compare-and-set and all the writes
// run in one transaction: either everything commits or nothing does.
func (s *Store) Apply(ctx context.Context, b rscsync.Batch) error {
	rows := make([]pulledRow, 0, len(b.Changes))
	index := map[[2]string]int{}
	var exports []model.ExportedCandidate
	var evals []model.ApplicationEvaluation
	for i, c := range b.Changes {
		switch x := c.(type) {
		case rscsync.ExportChange:
			exports = append(exports, x.Export)
			continue
		case rscsync.EvaluationChange:
			evals = append(evals, x.Evaluation)
			continue
		}
		row, err := pulledOf(c)
		if err != nil {
			return fmt.Errorf("pgstore: apply %s: change %d: %w", b.Stream, i, err)
		}
		k := [2]string{row.kind, row.key}
		if j, ok := index[k]; ok {
			rows[j] = row
			continue
		}
		index[k] = len(rows)
		rows = append(rows, row)
	}
	var kinds, keys, values, delKinds, delKeys []string
	for _, r := range rows {
		if r.remove {
			delKinds, delKeys = append(delKinds, r.kind), append(delKeys, r.key)
		} else {
			kinds, keys, values = append(kinds, r.kind), append(keys, r.key), append(values, string(r.value))
		}
	}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if b.Stream.Name != "" {
			if err := s.SaveCheckpointTx(ctx, tx, b.Stream, b.From, b.Next); err != nil {
				return err
			}
		}
		if len(kinds) > 0 {
			if _, err := tx.Exec(ctx, s.sql(`
INSERT INTO {s}.pulled (tenant, kind, key, value, updated_at)
SELECT $1, x.kind, x.key, x.value, statement_timestamp()
FROM unnest($2::text[], $3::text[], $4::jsonb[]) AS x(kind, key, value)
ON CONFLICT (tenant, kind, key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`),
				b.Stream.Tenant, kinds, keys, values); err != nil {
				return err
			}
		}
		if len(delKinds) > 0 {
			if _, err := tx.Exec(ctx, s.sql(`
DELETE FROM {s}.pulled p USING unnest($2::text[], $3::text[]) AS x(kind, key)
WHERE p.tenant = $1 AND p.kind = x.kind AND p.key = x.key`), b.Stream.Tenant, delKinds, delKeys); err != nil {
				return err
			}
		}
		for _, e := range exports {
			if err := s.writeExport(ctx, tx, b.Stream.Tenant, e); err != nil {
				return err
			}
		}
		for _, e := range evals {
			if err := s.writeEvaluation(ctx, tx, b.Stream.Tenant, e); err != nil {
				return err
			}
		}
		for _, ch := range b.ATSChanges {
			if err := s.applyIntake(ctx, tx, b.Stream.Tenant, ch); err != nil {
				return fmt.Errorf("intake %s: %w", ch.Key, err)
			}
		}
		return nil
	})
	return wrap("apply "+b.Stream.String(), err)
}

// Pulled returns what Apply stored for tenant: model.Seat,
// model.ConversationEvent, model.ProspectNote (active ones),
// model.MailStub, model.PurgedExportedCandidate and model.Integration
// values, ordered by kind and key.
func (s *Store) Pulled(ctx context.Context, tenant string) ([]any, error) {
	rows, err := s.pool.Query(ctx, s.sql(`SELECT kind, key, value FROM {s}.pulled WHERE tenant = $1 ORDER BY kind, key`), tenant)
	if err != nil {
		return nil, wrap("pulled", err)
	}
	defer rows.Close()
	var out []any
	for rows.Next() {
		var kind, key string
		var b []byte
		if err := rows.Scan(&kind, &key, &b); err != nil {
			return nil, wrap("pulled", err)
		}
		x, err := decodePulled(kind, key, b)
		if err != nil {
			return nil, wrap("pulled", err)
		}
		out = append(out, x)
	}
	return out, wrap("pulled", rows.Err())
}
