// Package pgstore keeps the sync engines' own state on PostgreSQL
// (github.com/jackc/pgx/v5): the outbox of intents, queued notifications,
// checkpoints, parked records and leases. None of it depends on the
// vendor's schema, so a vendor imports this package and writes only what
// touches their own ATS tables: reading records (rscsync.RecordReader),
// applying what LinkedIn sends (rscsync.Applier, rscsync.ATS) and
// recording outbox intents in the transactions that change records.
//
// It is a module of its own (github.com/rsckit/rsckit/rscstore/pgstore) so
// that the core module does not depend on pgx.
//
// # What it implements
//
// Store implements rscsync.Queue (one table, an outbox lane and a
// notifications lane; FOR UPDATE SKIP LOCKED claims with a fresh lease
// token each; notifications de-duplicated by id for
// rscsync.NotificationRetention), rscsync.IntentDropper,
// rscsync.CheckpointStore (a compare-and-set
// on a version column), rscsync.Parker, rscsync.Locker,
// rscsync.LeaseRenewer, rscsync.LeaseOwners and rscsync.LeaseLister (one
// statement each), rscsync.BacklogReader, and rscsync.Waker,
// rscsync.TenantWaker and rscsync.TenantNotifier with LISTEN/NOTIFY: the
// tenant is the payload, so a change wakes its own tenant's Runner only, in
// whichever process serves it.
//
// # Composing a full rscsync.Store
//
// Parts returns the engine-state half of rscsync.Parts; set Records and
// Applier to the vendor's code and call rscsync.NewRunnerFrom. Or embed
// *Store in one host type that is an rscsync.Store:
//
//	type Host struct {
//		*pgstore.Store
//		// the vendor's pool, queries...
//	}
//	func (h *Host) ScanRecords(...)  { /* SELECT from the ATS tables */ }
//	func (h *Host) LoadRecords(...)  { /* likewise */ }
//	func (h *Host) Apply(ctx context.Context, b rscsync.Batch) error {
//		return pgx.BeginFunc(ctx, h.Pool(), func(tx pgx.Tx) error {
//			if b.Stream.Name != "" { // an empty name moves no checkpoint
//				if err := h.SaveCheckpointTx(ctx, tx, b.Stream, b.From, b.Next); err != nil {
//					return err
//				}
//			}
//			return writePulled(ctx, tx, b) // the vendor's tables: Changes, ATSChanges
//		})
//	}
//
// and record an intent in every transaction that changes a synced record
// (RecordIntent, RecordIntents): the change and its intent commit together
// or not at all, and the commit wakes the tenant.
//
// # Tables and migrations
//
// New creates the tables in their own schema (DefaultSchema unless
// WithSchema) and migrates them with the SQL files embedded from
// migrations/, one version each, recorded in rscstore_migrations. Migrate is
// safe to run from many processes at once (a transaction-scoped advisory
// lock serialises them) and refuses a schema newer than the code.
//
// # Clocks
//
// Leases, lock expiry and the due times of claims use the database's clock
// (statement_timestamp()) unless WithClock gives another, so processes on
// hosts with skewed clocks still agree on who holds a lease. The retry
// times the engines pass (Outcome.RetryAt, a notification's retryAt) are
// computed on the engine host's clock and stored as given: keep the hosts'
// clocks in sync (NTP).
package pgstore
