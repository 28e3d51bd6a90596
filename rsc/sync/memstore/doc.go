// Package memstore is an in-memory reference implementation of the rscsync
// Store interfaces, for tests, examples and local development. Import the
// engines' package as rscsync:
//
//	import rscsync "github.com/rsckit/rsckit/rsc/sync"
//
// A *Store implements rscsync.Store (its rscsync.Queue keeps the outbox and
// the notifications alike, one lane each) and every optional ability the
// engines use (rscsync.Locker, rscsync.LeaseRenewer, rscsync.Counter,
// rscsync.Waker, rscsync.TenantWaker, rscsync.TenantNotifier). It passes the conformance suite of
// rsc/sync/storetest.
//
// The host side of a Store - what an ATS's own code does in its database -
// is a set of plain methods: Put and Delete change a record and record an
// outbox intent in the same critical section (the transactional-outbox
// pattern); PutQuiet and Seed store records without intents, for backfill
// fixtures. Records, Intents, Pulled, Parked, Exports, Notifications and
// Checkpoints inspect the state.
//
// All state lives behind one mutex, so every method is safe for concurrent
// use. Time (lease expiry, due intents) follows the clock given with
// WithClock; the default, time.Now, is the fake clock inside a
// testing/synctest bubble.
//
// Records of a (tenant, resource) scan in the order of their PositionKey,
// which is built from the record's Ref: Parent first, then ID, a plain
// decimal number comparing numerically (and before other strings), other
// strings byte by byte. The order does not depend on when records were
// inserted, and the key of the last record scanned is the cursor.
package memstore
