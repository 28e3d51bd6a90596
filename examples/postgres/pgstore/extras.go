package pgstore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/rsckit/rsckit/rsc/model"
)

// writeExport stores an export (rscsync.ExportChange) in tx: the first
// export of a Key (request id and member) is kept, later ones are ignored.
func (s *Store) writeExport(ctx context.Context, tx pgx.Tx, tenant string, e model.ExportedCandidate) error {
	b, err := jsonOf(e.Raw, e)
	if err != nil {
		return fmt.Errorf("export %s: %w", e.RequestID, err)
	}
	_, err = tx.Exec(ctx, s.sql(`
INSERT INTO {s}.exports (tenant, export_key, request_id, value) VALUES ($1, $2, $3, $4)
ON CONFLICT (tenant, export_key) DO NOTHING`), tenant, e.Key(), e.RequestID, b)
	return err
}

// Exports returns the exported candidates of tenant ordered by RequestID.
func (s *Store) Exports(ctx context.Context, tenant string) ([]model.ExportedCandidate, error) {
	rows, err := s.pool.Query(ctx, s.sql(`SELECT request_id, value FROM {s}.exports WHERE tenant = $1 ORDER BY request_id, export_key`), tenant)
	if err != nil {
		return nil, wrap("exports", err)
	}
	defer rows.Close()
	var out []model.ExportedCandidate
	for rows.Next() {
		var id string
		var b []byte
		if err := rows.Scan(&id, &b); err != nil {
			return nil, wrap("exports", err)
		}
		var e model.ExportedCandidate
		if err := json.Unmarshal(b, &e); err != nil {
			return nil, wrap("exports", err)
		}
		e.RequestID = id
		out = append(out, e)
	}
	return out, wrap("exports", rows.Err())
}
