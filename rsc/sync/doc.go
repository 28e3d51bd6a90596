// Package rscsync keeps LinkedIn Recruiter System Connect in step with an
// ATS. Import it as rscsync:
//
//	import rscsync "github.com/rsckit/rsckit/rsc/sync"
//
// The engines run inside the vendor's own service. Each takes only the
// small interfaces it uses (Parts): the backfill a RecordReader, a
// CheckpointStore and a Parker; push the RecordReader, the Queue and the
// Parker; pull and the notifications the CheckpointStore, the Queue and an
// Applier. The optional abilities (Locker, LeaseRenewer, TenantWaker, ...)
// are fields of Parts, set or nil. A host with one store type passes it to
// NewRunner; one that keeps the engine's own state in an importable store
// module and writes only what touches its ATS (RecordReader, Applier)
// composes Parts for NewRunnerFrom. The Runner composes the engines per
// tenant, each holding only its own parts; each is also built and run on
// its own, for one tenant at a time from the host's loop: NewBackfill
// (Backfill.Run), NewPush (Push.Drain), NewPull (Pull.Notifications,
// Pull.Poll), with its optional abilities as Options (WithCounter,
// WithAttachments, WithApplier). Outside the engines too the abilities are
// said, not guessed: Parts.RequestResync wakes the Runners through
// Parts.Notifier (RequestResync discovers it, as PartsOf does).
// rsc/sync/memstore is an in-memory
// reference; rsc/sync/storetest is the conformance suite, per interface,
// to run against yours in CI.
//
// # What the engines do
//
//   - Backfill sends every record of a tenant, resource by resource in
//     dependency order (Resources: jobs, candidates, applications, stages, notes,
//     interview feedback, ACLs), page by page, checkpointing after each
//     page. A stop anywhere resumes from the checkpoint; at most the page in
//     flight is sent again, which LinkedIn's keyed upserts make harmless.
//     Progress (done, total, rate, ETA) goes to Config.Progress and slog.
//   - Push drains the outbox the host writes in the same transaction as its
//     own changes: intents are claimed with a lease, coalesced per record,
//     the record's current state loaded (present: upsert; gone: delete) and
//     sent in batches of at most 100. A record LinkedIn rejects is parked
//     with its reason (Parker) and does not hold up its batch; transient
//     failures back off per record.
//   - Pull polls seats, InMail history per seat, prospect notes, mail stubs,
//     purged exports and integration status into the Store (Applier), with
//     watermarks that follow LinkedIn's inclusive and exclusive bounds, at
//     intervals derived from the daily request budget (PullConfig). Push
//     notifications queued by rsc.NotificationHandler are fetched: exports
//     and evaluations are checked against the tenant's organization and
//     handed to the Applier like pulled data. Every change reaches the
//     Applier typed (Pulled: seat, InMail, note, stub, purge, integration,
//     export, evaluation) with its Key and deletion rule computed, together
//     with the Intake's ATS changes for it (Batch.ATSChanges), so the host
//     commits the checkpoint, the data and its own ATS writes in one
//     transaction.
//
// # Offboarding and erasure
//
// An Offboarder deletes at LinkedIn what the engines sent for a tenant when
// the customer disconnects or its contract ends (Offboard): it removes the
// CALLBACK_URL and viewer configurations, deletes the records the outbox
// names and every record the Store holds, children before parents
// (attachments, ACL assignees and ACLs, applications, whose notes, stages
// and feedback LinkedIn deletes with them, candidate notes, candidates) and
// closes the jobs. Each step is checkpointed, so a crash resumes; the
// report gives the counts per resource, the LinkedIn-sourced data the
// host's policy must now purge (exports, stubs, InMails, notes,
// evaluations) and what only the customer's admin can do. Runners skip a
// tenant being offboarded. One contract's offboarding sends nothing:
// synced data is keyed by the organization, which the other contracts
// share. EraseCandidate deletes one candidate and everything under it now
// (a GDPR erasure in the ATS); a member LinkedIn purged reaches the host
// as an intake Change of kind ChangePurge.
//
// # Drift repair
//
// After the backfill only the outbox says what changed, so a record whose
// intent a host bug skipped would never reach LinkedIn. LinkedIn offers
// almost no reads of synced data to compare with, so the repair is level
// based: the reconcile sends every record again, a page at a time, within a
// share of the daily quota (ReconcileConfig: 5 % of 100,000 requests, a
// pass per week by default), checkpointed in the stream "reconcile" so a
// restart keeps its place and its pace. RequestResync asks for one
// resource (or all) of a tenant to be sent again now, as LinkedIn's
// RESYNC_JOBS webhook asks for jobs: the Runner picks it up within
// ResyncCheck.
//
// Jobs: the host says what a job is (State LISTED or CLOSED, Availability
// public or private) and leaves Operation empty; rsc.PlanJob chooses
// CREATE, UPDATE or CLOSE from what LinkedIn last accepted, which the
// engine keeps per job in the Store's checkpoints (streams named
// "linkedin/jobs/{id}"). A closed job of the history is created and closed;
// a job deleted in the ATS is closed with the last real fields LinkedIn
// was sent; state is never sent.
//
// A daily quota (rsc.QuotaError) met by sending (sync, jobs, job tasks,
// exports' fetch) pauses the tenant until 00:00 UTC without retrying; one
// met by a poller pauses that poller alone. A short 429 slows down.
//
// # Running
//
// A Runner serves many tenants (one rsc.Client per child application):
// Run until its context ends, or SyncOnce from cron. Several processes can
// share a Store that implements Locker: each tenant is served by one process
// at a time, so a child application's quota is spent by one sender.
//
// It scales with the work, not with the tenants. An idle tenant costs next
// to nothing: a change or a notification wakes its tenant only (a
// TenantWaker Store, or the host's Runner.Wake), and otherwise each tenant
// looks at its queues every IdleInterval (5 minutes). With the optional
// Store abilities LeaseRenewer, LeaseOwners and LeaseLister, one call
// renews all of a process's leases, the processes share the tenants
// evenly (at most ceil(tenants/processes) each, rebalanced when one joins
// or leaves: a tenant handed over stops after the page in flight, so the
// next owner resends nothing), and a dead process's tenants are served
// again within 12.5 s (their pages in flight are sent again).
// Runner.Status and StatusHandler report every tenant's state, backlog,
// backfill, poll freshness and quota use; Config.Metrics receives the same
// for an exporter.
//
// # Implementing a Store
//
// Each interface documents what may run concurrently and which sentinel
// errors to return (ErrStaleCheckpoint, ErrLeaseLost, ErrNotFound). The
// rules that matter: write the outbox intent in the same transaction as the
// change; implement the one Queue once, for both lanes (outbox intents and
// notifications, one Claim/Complete contract); compare-and-set
// checkpoints; make Apply idempotent (store each Pulled change under its
// Kind and Key, delete when it is Deleted: the engine computed both) and
// commit it, the intake's ATS changes and the checkpoint in one
// transaction (see Applier). Then run storetest.Run against the
// implementation.
package rscsync
