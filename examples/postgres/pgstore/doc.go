// Package pgstore is an rscsync.Store on PostgreSQL (github.com/jackc/pgx/v5),
// for hosts that run the sync engines in several processes on one database.
//
// It implements rscsync.Store with the optional abilities rscsync.Locker,
// rscsync.LeaseRenewer (one UPDATE renews a process's leases),
// rscsync.LeaseOwners and rscsync.BacklogReader (one query each, for
// Runner.Status), rscsync.Counter, rscsync.Waker, rscsync.TenantWaker and
// rscsync.TenantNotifier (LISTEN/NOTIFY with the tenant as payload: a
// change wakes its tenant only), rscsync.Queue (one table, outbox and notification lanes),
// rscsync.ExportSink, rscsync.EvaluationSink and rscsync.AttachmentSource
// (resumes, whose content streams from a bytea column in chunks), and
// passes rsc/sync/storetest.
//
// # Tables
//
// New creates (and Migrate upgrades) the tables in one schema, under a
// versioned list of migrations that is safe to run from many processes at
// once (a transaction-scoped advisory lock serialises them):
//
//   - records: the host's ATS records, one row per (tenant, resource, ref),
//     the model value as JSONB. Rows sort by (parent, id) in byte order
//     (COLLATE "C"); that order is the backfill's stable scan order and
//     Cursor(ref) is the position of a row in it.
//   - outbox: the intents, claimed with FOR UPDATE SKIP LOCKED and a lease
//     (a random token and an expiry); Complete checks the token, so a lease
//     that expired without another claim taking it still completes.
//   - checkpoints: a version column makes SaveCheckpoint and Apply a
//     compare-and-set.
//   - pulled, exports, notifications, parked: what the engines receive
//     from LinkedIn and the records it refused.
//   - locks: one lease per partition (owner and expiry), taken with an
//     upsert that succeeds when the lease expired or is already the owner's.
//
// # Writing records: the transaction pattern
//
// The host's own change and the outbox intent must commit together, or a
// crash between them loses the change for LinkedIn (or sends one that never
// happened). PutRecord and DeleteRecord therefore take the host's pgx.Tx:
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
// (statement_timestamp()) unless WithClock gives another, so processes on
// hosts with skewed clocks still agree on who holds a lease. The retry times
// the engines pass (Outcome.RetryAt, a notification's retryAt) are computed
// on the engine host's clock and stored as given: keep the hosts' clocks in
// sync (NTP), or a skewed host retries early or late by its skew.
package pgstore
