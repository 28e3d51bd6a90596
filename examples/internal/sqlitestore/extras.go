package sqlitestore

import (
	"context"
	"fmt"

	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

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
