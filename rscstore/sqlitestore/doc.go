// Package sqlitestore keeps the sync engines' own state in an embedded
// SQLite database (modernc.org/sqlite, pure Go; the default for a single
// server): the outbox of intents, queued notifications, checkpoints,
// parked records and leases. None of it depends on the vendor's schema, so
// a vendor imports this package and writes only what touches their own ATS
// tables: reading records (rscsync.RecordReader), applying what LinkedIn
// sends (rscsync.Applier, rscsync.ATS) and recording outbox intents in the
// transactions that change records.
//
// It is a module of its own (github.com/rsckit/rsckit/rscstore/sqlitestore)
// so that the core module does not depend on a SQLite driver.
//
// # What it implements
//
// Store implements rscsync.Queue (one table, an outbox lane and a
// notifications lane; notifications de-duplicated by id for
// rscsync.NotificationRetention), rscsync.IntentDropper,
// rscsync.CheckpointStore (a
// compare-and-set on a version), rscsync.Parker, rscsync.Locker,
// rscsync.LeaseRenewer, rscsync.LeaseOwners, rscsync.LeaseLister,
// rscsync.BacklogReader, and rscsync.Waker, rscsync.TenantWaker and
// rscsync.TenantNotifier within one process. Claims are one
// UPDATE ... RETURNING statement each; SQLite runs one writer at a time,
// so two claims never take the same intent, in one process or several on
// one file.
//
// # Composing a full rscsync.Store
//
// The Store lives in the vendor's database (tables named rscstore_*) so
// that its writes join the vendor's transactions. Parts returns the
// engine-state half of rscsync.Parts; set Records and Applier to the
// vendor's code and call rscsync.NewRunnerFrom. Or embed *Store in one
// host type that is an rscsync.Store:
//
//	type Host struct {
//		*sqlitestore.Store
//	}
//	func (h *Host) ScanRecords(...)  { /* SELECT from the ATS tables */ }
//	func (h *Host) LoadRecords(...)  { /* likewise */ }
//	func (h *Host) Apply(ctx context.Context, b rscsync.Batch) error {
//		return h.Update(ctx, func(tx *sql.Tx) error {
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
// (RecordIntent, RecordIntents). Update runs such a transaction and wakes
// the tenants it recorded intents for once it commits.
//
// # Database and migrations
//
// Open opens a database file with the settings the Store relies on
// (BEGIN IMMEDIATE write transactions with a 10 s busy timeout, WAL). New
// migrates the Store's tables with the SQL files embedded from
// migrations/, one version each, recorded in rscstore_migrations; several
// processes may run it at once, and a database newer than the code is
// refused.
package sqlitestore
