// Package sqlitestore is an ATS database on embedded SQLite
// (modernc.org/sqlite, pure Go) that implements every rscsync interface: a
// worked example of what a vendor writes against its own database.
//
// The ATS's own tables (users with their Recruiter seats, jobs open, closed
// and private with their hiring teams, candidates, applications, stages,
// notes, interview feedback) are mapped to rscsync records by queries (see
// ScanRecords), and the data pulled from LinkedIn is stored beside them.
// The engine's own state (outbox, checkpoints, parked records, leases,
// queued notifications, wake-ups) is not written here: it is
// github.com/rsckit/rsckit/rscstore/sqlitestore, embedded in Store, whose
// tables live in the same file. The rules that matter:
//
//   - A change and its outbox intent commit in one transaction (Update,
//     Tx.Touch, which records the intent with RecordIntent): nothing is
//     lost between the ATS and LinkedIn.
//   - Apply stores pulled data and moves its checkpoint (SaveCheckpointTx)
//     in one transaction.
//   - The intake's changes (ATS.Apply) are idempotent by key.
//
// Transactions are BEGIN IMMEDIATE with a busy timeout, so concurrent
// writers of one process or several queue instead of failing. The schema is
// migrated in code when the database is opened (Open). The package passes
// rsc/sync/storetest.
package sqlitestore
