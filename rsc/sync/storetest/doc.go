// Package storetest is the conformance suite for implementations of the
// rscsync Store interfaces. A vendor that implements rscsync.Store against
// its own database runs it in its own CI, like fstest.TestFS for a file
// system:
//
//	import (
//		rscsync "github.com/rsckit/rsckit/rsc/sync"
//		"github.com/rsckit/rsckit/rsc/sync/storetest"
//	)
//
//	func TestStoreConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) storetest.Fixture {
//			db := openTestDatabase(t) // a fresh schema; dropped in t.Cleanup
//			s := mystore.New(db)
//			return storetest.Fixture{
//				Store: s,
//				// The host's own write path: the record and its outbox row
//				// in one transaction.
//				PutRecord:    s.SaveRecordTx,
//				DeleteRecord: s.DeleteRecordTx,
//			}
//		})
//	}
//
// Run calls the function once per subtest, from parallel subtests, so each
// call must return an independent store (a new schema, database or table
// prefix). Tenants are named "tenant-a" and "tenant-b".
//
// Each interface is tested on its own, as River's driver suite tests a
// driver: a group runs when Fixture.Store implements the interface it
// tests and is skipped, naming the interface, when it does not. A store
// module that keeps only the engine's state (rscsync.Queue,
// rscsync.CheckpointStore, rscsync.Parker, rscsync.Locker) passes
// Fixture{Store: s} without PutRecord: the queue tests then record intents
// with Queue.Enqueue.
//
// What the suite checks, one subtest each:
//
//   - Records: the scan order is stable and the same for every page size,
//     a scan resumes from every cursor without missing or repeating a
//     record, records added behind the cursor appear and deleted ones do
//     not, replacing a record keeps one copy, LoadRecords leaves out
//     deleted records, tenants and resources are separate, and (for a
//     rscsync.Counter) the count matches the scan.
//   - QueueOutbox (rscsync.Queue, LaneOutbox): every PutRecord and
//     DeleteRecord yields one intent with
//     growing Seq; Claim respects max and Seq order; leased intents are
//     invisible to other claims until the lease expires, then come back
//     with a new lease and more Attempts; Complete removes or, with
//     RetryAt, delays; completing with a lease that was taken over fails
//     with rscsync.ErrLeaseLost and leaves the new holder's intent alone,
//     while a lease that expired without being taken over still completes;
//     8 concurrent claimers never get the same intent.
//   - Checkpoints: zero when new; compare-and-set sets Version to
//     From.Version+1; a stale From returns rscsync.ErrStaleCheckpoint and
//     changes nothing; of N concurrent compare-and-sets exactly one wins per
//     version; streams are independent.
//   - Apply: changes and checkpoint move together; a replayed batch is
//     rejected as stale and changes nothing, and a replay from the reloaded
//     checkpoint stores no duplicates; upserts are keyed by LinkedIn's ids
//     and an inactive prospect note deletes; exports and evaluations (a
//     Batch without a stream, which moves no checkpoint) are idempotent by
//     Key, a later evaluation replacing; a cancelled context or a stale
//     From (a crash before commit) stores nothing; streams apply in
//     parallel.
//   - Park: failures replace earlier ones of the same record; Unpark
//     removes them.
//   - QueueNotifications (rscsync.Queue, LaneNotifications): Enqueue
//     ignores a known id (queued, or done within
//     rscsync.NotificationRetention) and forgets older ones; claims,
//     retries and lease rules as for the outbox, which the same Claim and
//     Complete serve.
//   - Optional abilities, skipped when the Store lacks them: Locker,
//     Waker, IntentDropper, AttachmentSource.
//
// Time: Fixture.Advance and Fixture.Now let a store with an injectable clock
// run the lease checks without waiting. Without them the suite sleeps a few
// hundred milliseconds of real time, so the store's clock must resolve
// milliseconds. Every check that depends on a lease not having expired uses
// leases of ten minutes.
//
// Data: the suite writes model values (model.Candidate, model.CandidateNote,
// model.JobPosting) through PutRecord and expects records of the same model
// type back, but compares only their Refs, so a host whose schema keeps
// fewer fields still passes. Pulled data and parked failures are compared
// through the optional Fixture.Pulled and Fixture.Parked inspections; without
// them the suite checks only the checkpoints and errors.
package storetest
