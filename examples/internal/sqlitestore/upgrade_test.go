package sqlitestore

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	rscsync "github.com/rsckit/rsckit/rsc/sync"
	rscsqlite "github.com/rsckit/rsckit/rscstore/sqlitestore"
)

// TestUpgradeKeepsEngineState opens a database at schema version 6 (the
// engine state in the example's own rsc_* tables) with today's code: its
// checkpoint, pending intent, notification, parked record and lease are in
// rscstore/sqlitestore's tables afterwards, so the upgraded quickstart
// resumes instead of backfilling again.
func TestUpgradeKeepsEngineState(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ats.db")
	db, err := rscsqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	for i, step := range migrations[:6] {
		if _, err := db.ExecContext(ctx, step); err != nil {
			t.Fatalf("version %d: %v", i+1, err)
		}
		if _, err := db.ExecContext(ctx, `INSERT INTO schema_migrations VALUES (?, 0)`, i+1); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	for _, q := range []string{
		`INSERT INTO rsc_checkpoints VALUES ('acme', 'backfill/candidates', 'c9', 4, 9, 1, 1)`,
		`INSERT INTO rsc_outbox (tenant, resource, ref_id, ref_parent, op, created_at, due_at) VALUES ('acme', 'candidates', 'c1', '', 'upsert', 1, 1)`,
		`INSERT INTO rsc_notifications (tenant, id, body, received_at, due_at) VALUES ('acme', 'n1', '{"id":"n1"}', 1, 1)`,
		`INSERT INTO rsc_parked VALUES ('acme', 'jobs', '', 'j1', 422, 'title: required', 1)`,
		`INSERT INTO rsc_locks VALUES ('tenant/acme', 'p1', 1)`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()

	s, err := Open(ctx, path, WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cp, err := s.LoadCheckpoint(ctx, rscsync.StreamID{Tenant: "acme", Name: "backfill/candidates"})
	if err != nil || cp.Cursor != "c9" || cp.Version != 4 || cp.Done != 9 || !cp.Complete {
		t.Errorf("checkpoint %+v, %v; want c9 at version 4, complete", cp, err)
	}
	intents, err := s.Claim(ctx, "acme", rscsync.LaneOutbox, 10, time.Minute)
	if err != nil || len(intents) != 1 || intents[0].Ref.ID != "c1" || intents[0].Op != rscsync.OpUpsert {
		t.Errorf("intents %+v, %v; want the upsert of c1", intents, err)
	}
	notes, err := s.Claim(ctx, "acme", rscsync.LaneNotifications, 10, time.Minute)
	if err != nil || len(notes) != 1 || notes[0].ID != "n1" {
		t.Errorf("notifications %+v, %v; want n1", notes, err)
	}
	parked, err := s.Parked(ctx, "acme")
	if err != nil || len(parked) != 1 || parked[0].Reason != "title: required" {
		t.Errorf("parked %+v, %v", parked, err)
	}
	if ok, err := s.TryLock(ctx, "tenant/acme", "p2", time.Minute); err != nil || !ok {
		t.Errorf("the expired lease of p1 was not taken over: %v, %v", ok, err)
	}
	var old int
	if err := s.DB().QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master
		WHERE type = 'table' AND name IN ('rsc_outbox', 'rsc_notifications', 'rsc_checkpoints', 'rsc_parked', 'rsc_locks')`).Scan(&old); err != nil || old != 0 {
		t.Errorf("%d old engine tables left (%v)", old, err)
	}
}
