// Package pgstore is an rscsync.Store on PostgreSQL (github.com/jackc/pgx/v5),
// for hosts that run the sync engines in several processes on one database.
// It is the vendor's half of such a host: the example ATS's own tables and
// how they map to rscsync records. The engine's own state (outbox, queued
// notifications, checkpoints, parked records, leases, LISTEN/NOTIFY
// wake-ups) is github.com/rsckit/rsckit/rscstore/pgstore, embedded in Store
// and kept in the same schema.
//
// Store implements rscsync.Store with the optional abilities the embedded
// engine store brings (rscsync.Locker, rscsync.LeaseRenewer,
// rscsync.LeaseOwners, rscsync.LeaseLister, rscsync.BacklogReader,
// rscsync.Waker, rscsync.TenantWaker, rscsync.TenantNotifier,
// rscsync.Queue, rscsync.IntentDropper) and its own rscsync.Counter and
// rscsync.AttachmentSource (resumes, whose content streams from a bytea
// column in chunks), and passes rsc/sync/storetest. It is also a small
// rscsync.ATS for an rscsync.Intake (Config.Intake): Lookup finds the
// candidate record that is the same person, and Apply stores the intake's
// decisions (candidates, links, hiring processes of One-Click Exports) as
// records with their outbox intents, in the transaction that moves the
// checkpoint.
//
// # Tables
//
// New creates (and Migrate upgrades) the example's tables in one schema,
// under a versioned list of migrations that is safe to run from many
// processes at once (a transaction-scoped advisory lock serialises them),
// and then the engine state's tables in the same schema:
//
//   - records: the host's ATS records, one row per (tenant, resource, ref),
//     the model value as JSONB. Rows sort by (parent, id) in byte order
//     (COLLATE "C"); that order is the backfill's stable scan order and
//     Cursor(ref) is the position of a row in it.
//   - pulled, exports, attachment_content, evaluations: what the engines
//     receive from LinkedIn, written by Apply in the same transaction as
//     the stream's checkpoint (rscpg.Store.SaveCheckpointTx).
//   - intake_applied: the Key of each intake decision Apply stored (with
//     the candidate it applied to, or why LinkedIn's export was refused),
//     so a repeated page changes nothing.
//
// # Writing records: the transaction pattern
//
// The host's own change and the outbox intent must commit together, or a
// crash between them loses the change for LinkedIn (or sends one that never
// happened). PutRecord and DeleteRecord therefore take the host's pgx.Tx
// and record the intent in it (rscpg.Store.RecordIntent):
//
//	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
//		if _, err := tx.Exec(ctx, `UPDATE candidates SET email = $1 WHERE id = $2`, email, id); err != nil {
//			return err
//		}
//		return store.PutRecord(ctx, tx, tenant, rscsync.Candidates, rscsync.Record{Ref: rscsync.Ref{ID: id}, Value: cand})
//	})
//
// Put and Delete do the same in a transaction of their own; SeedRecords
// bulk-loads records without intents (data that existed before the
// integration, which the backfill sends).
//
// # Clocks
//
// Leases, lock expiry and the due times of claims use the database's clock
// (statement_timestamp()) unless WithClock gives another; see
// rscstore/pgstore.
package pgstore
