package rscsync

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/rsckit/rsckit/rsc/model"
)

// The interfaces of this file are what a host implements against its own
// database. Each is small and is taken only by the engine that needs it;
// Store gathers them for hosts that implement everything in one type.
// New abilities arrive as optional interfaces (see Locker, Counter,
// Waker) that the engines detect at run time, never as new methods here.
//
// Concurrency: the engines call a Store from several goroutines, but never
// for the same (tenant, stream) at once from one Runner. Several processes
// may share a Store; Locker keeps them off each other's tenants.
//
// Errors: return the sentinels below (wrapped or not) where they apply; any
// other error is treated as transient and the engine backs off and retries.

// Sentinel errors a Store returns.
var (
	// ErrStaleCheckpoint: a compare-and-set found another version than the
	// caller's From. The engine reloads the checkpoint and continues from it.
	ErrStaleCheckpoint = errors.New("rscsync: stale checkpoint")
	// ErrLeaseLost: an intent or lock lease expired and another worker took it.
	// The engine drops its work on it; the new holder redoes it.
	ErrLeaseLost = errors.New("rscsync: lease lost")
	// ErrNotFound: no such record, intent or notification.
	ErrNotFound = errors.New("rscsync: not found")
)

// Resource is a kind of ATS record synced to LinkedIn.
type Resource string

// The resources, in dependency order (see Resources).
const (
	Jobs              Resource = "jobs"
	Candidates        Resource = "candidates"
	Applications      Resource = "applications"
	Stages            Resource = "stages"
	CandidateNotes    Resource = "candidateNotes"
	ApplicationNotes  Resource = "applicationNotes"
	InterviewFeedback Resource = "interviewFeedback"
	EntityACLs        Resource = "entityAcls"
	ACLAssignees      Resource = "aclAssignees"
)

// Attachments is an optional resource: the resumes of applications
// (model.Attachment values, Ref{ID: attachment id, Parent: application id}).
// The engines send it only for a Store that is an AttachmentSource, after
// every other resource (its application first), at most
// rsc.MaxAttachmentsPerCall per request. It is not among Resources, which
// every Store serves.
const Attachments Resource = "attachments"

// AttachmentSource is an optional RecordReader ability: its ScanRecords and
// LoadRecords serve the Attachments resource too, as model.Attachment
// values whose Open streams the file from where the host keeps it (the
// engine never holds a file in memory). Its outbox may then carry
// Attachments intents.
type AttachmentSource interface {
	// ServesAttachments reports whether the Store serves Attachments; a
	// wrapper may say false.
	ServesAttachments() bool
}

// backfillOrder is the order in which resources are sent: LinkedIn needs a
// job before its applications, an application before its stages, notes and
// feedback, and jobs before the ACLs that secure them.
var backfillOrder = [...]Resource{Jobs, Candidates, Applications, Stages, CandidateNotes, ApplicationNotes, InterviewFeedback, EntityACLs, ACLAssignees}

// Resources returns every resource in the order the engines send them
// (dependencies first), in a new slice.
func Resources() []Resource { return slices.Clone(backfillOrder[:]) }

// Valid reports whether r is one of the resources, or Attachments.
func (r Resource) Valid() bool { return r.rank() >= 0 || r == Attachments }

func (r Resource) rank() int {
	for i, x := range backfillOrder {
		if x == r {
			return i
		}
	}
	return -1
}

// Ref names an ATS record without loading it: enough to build its LinkedIn
// key, so a deleted record can still be deleted at LinkedIn.
type Ref struct {
	// ID is the record's ATS id: job, candidate, application, stage entry,
	// note, interview feedback, or the ACL (security group) id.
	ID string
	// Parent is the candidate id of a candidate note; the application id of a
	// stage, application note or interview feedback; the job id of an entity
	// ACL; the person URN of an ACL assignee. Empty for the others.
	Parent string
}

// Record is one ATS record as the host's Store returns it. Value is the
// model type of its resource (model.Record, a closed set):
// model.JobPosting, model.Candidate, model.Application,
// model.ApplicationStage, model.CandidateNote, model.ApplicationNote,
// model.InterviewFeedback, model.EntityACL, model.ACLAssignee or
// model.Attachment. The engine fills the value's LinkedIn key (and a job's
// integrationContext and Operation) from the Ref and the tenant, so the host
// need not. A job's State says whether it is open or closed.
type Record struct {
	Ref   Ref
	Value model.Record
}

// RecordReader reads the host's records. Backfill scans them; push loads the
// current state of changed ones.
type RecordReader interface {
	// ScanRecords returns up to limit records of one resource of a tenant that
	// come after cursor "after" ("" = from the start), in a stable order, and
	// the cursor of the last one returned. No records means the scan is done.
	// Return at least two years of history, closed jobs included.
	ScanRecords(ctx context.Context, tenant string, r Resource, after string, limit int) (records []Record, last string, err error)
	// LoadRecords returns the current records for refs; a ref whose record no
	// longer exists is left out (the engine then deletes it at LinkedIn).
	LoadRecords(ctx context.Context, tenant string, r Resource, refs []Ref) ([]Record, error)
}

// Counter is an optional RecordReader ability: the number of records of a
// resource, for the backfill's progress total and ETA.
type Counter interface {
	CountRecords(ctx context.Context, tenant string, r Resource) (int64, error)
}

// Op is what an outbox intent asks for.
type Op string

// Intent operations.
const (
	OpUpsert Op = "upsert"
	OpDelete Op = "delete"
)

// Outcome is how a queued Item ended.
type Outcome struct {
	// RetryAt, when not zero, releases the item for a new claim at that
	// time instead of removing it (a transient failure).
	RetryAt time.Time
	// Error describes a failure, for the host's records.
	Error string
}

// StreamID names one resumable stream of work of a tenant, e.g.
// "backfill/candidates" or "pull/inmails/urn:li:seat:1".
type StreamID struct {
	Tenant string
	Name   string
}

// String returns "tenant/name".
func (s StreamID) String() string { return s.Tenant + "/" + s.Name }

// Checkpoint is where a stream stands.
type Checkpoint struct {
	// Cursor is the stream's opaque resume point: the last record scanned, or
	// a pull watermark.
	Cursor string
	// Version is set by the Store and grows by one with every save; the
	// zero Checkpoint (version 0) means the stream never ran.
	Version int64
	// Done counts the records the stream has finished.
	Done int64
	// Complete is true once a backfill stream scanned everything.
	Complete bool
	// UpdatedAt is when the checkpoint was saved (engine's clock).
	UpdatedAt time.Time
}

// CheckpointStore keeps the streams' checkpoints.
type CheckpointStore interface {
	// LoadCheckpoint returns the stream's checkpoint, or the zero Checkpoint
	// and nil if it never ran.
	LoadCheckpoint(ctx context.Context, s StreamID) (Checkpoint, error)
	// SaveCheckpoint replaces the stream's checkpoint with next (its Version
	// set to from.Version+1) if the stored version still equals from.Version;
	// otherwise it changes nothing and returns ErrStaleCheckpoint.
	SaveCheckpoint(ctx context.Context, s StreamID, from, next Checkpoint) error
}

// Batch is what the engines hand the Applier in one call: a page of data
// pulled from LinkedIn for one stream, the ATS changes the intake decided
// for it, and the move of the stream's checkpoint.
type Batch struct {
	// Stream is the stream whose checkpoint moves from From to Next. A
	// Batch with an empty Stream.Name moves no checkpoint (the changes of a
	// notification, or the intake's links after a push): Stream.Tenant
	// still names the tenant.
	Stream StreamID
	// From is the checkpoint the page was read from; Next the one after it.
	From, Next Checkpoint
	// Changes are the pulled items, each with the Kind, Key and deletion
	// rule the engine computed (see Pulled).
	Changes []Pulled
	// ATSChanges are the intake's decisions for Changes (Config.Intake; nil
	// without one): ATS records to create or update, each idempotent by its
	// Change.Key.
	ATSChanges []Change
}

// Applier stores what LinkedIn sent. It is the one place the engines write
// to the host's database outside the engine's own state, and it commits
// everything of a Batch atomically, as River completes a job in the
// caller's transaction.
//
// The contract, at the level of database/sql/driver: Apply opens one
// transaction (a *sql.Tx, or a pgx.Tx), and in it (1) compare-and-sets the
// stream's checkpoint from b.From to b.Next (unless b.Stream.Name is
// empty), (2) upserts each of b.Changes by (tenant, Kind, Key), or deletes
// that row when the change is Deleted, (3) applies each of b.ATSChanges to
// the ATS's tables, skipping a Change.Key it applied before (and, when the
// change links a candidate to a member, records an outbox intent for the
// candidate in the same transaction), then commits. Any error rolls all of
// it back: either the checkpoint moved and every change is stored, or
// nothing is. A crash between LinkedIn's answer and the commit therefore
// repeats the whole page, which the keys make harmless.
type Applier interface {
	// Apply stores b as above. It returns ErrStaleCheckpoint, storing
	// nothing, if the checkpoint is no longer b.From. The engine does not
	// keep or change b after Apply returns.
	Apply(ctx context.Context, b Batch) error
}

// Parked is a record LinkedIn rejected for a reason that retrying cannot
// fix (or that local validation refused): it waits for the host to correct
// the record, which records a new intent.
type Parked struct {
	Tenant   string
	Resource Resource
	Ref      Ref
	// Status is LinkedIn's per-record status (422, 400, ...), 0 for a local
	// validation failure.
	Status int
	// Reason names the field and the problem.
	Reason string
	At     time.Time
}

// Parker keeps parked failures.
type Parker interface {
	// Park records failures, replacing earlier ones of the same record.
	Park(ctx context.Context, p []Parked) error
	// Unpark removes the failures of records LinkedIn has since accepted.
	Unpark(ctx context.Context, tenant string, r Resource, refs []Ref) error
}

// Store is every interface the engines need, for a host that implements
// them in one type. Each engine takes only its part (see NewRunner).
type Store interface {
	RecordReader
	Queue
	CheckpointStore
	Applier
	Parker
}

// Locker is an optional Store ability for running several processes on one
// Store: a lease on a named partition (the engines use one per tenant, so a
// child application's quota is spent by one process at a time).
type Locker interface {
	// TryLock takes the lease on name for owner, or renews it if owner already
	// holds it, until ttl from now. It reports false if another owner holds an
	// unexpired lease.
	TryLock(ctx context.Context, name, owner string, ttl time.Duration) (bool, error)
	// Unlock releases owner's lease on name; releasing a lease one does not hold
	// is not an error.
	Unlock(ctx context.Context, name, owner string) error
}

// Waker is an optional Queue ability: a channel that receives a value soon
// after the host records new intents, so push starts within milliseconds
// instead of at the next poll.
type Waker interface {
	Wake() <-chan struct{}
}

// TenantWaker is an optional Store ability, preferred over Waker: it says
// which tenant has new intents or notifications, so that a change wakes
// that tenant's loop only and costs the other tenants nothing. Without any
// wake-up a served tenant looks at its outbox and notification queue every
// Config.IdleInterval (a safety timer) when the Store is a Waker or a
// TenantWaker, and every Config.PushInterval otherwise.
type TenantWaker interface {
	// WakeTenants calls wake with a tenant's ID soon after intents or
	// notifications are recorded for it (in any process sharing the Store),
	// and with "" when some wake-ups may have been missed (after a
	// reconnect): every tenant then looks. The calls go on until stop is
	// called. wake does not block; it must stay safe to call while stop
	// runs, since a call in flight may still end after stop returned.
	WakeTenants(wake func(tenant string)) (stop func())
}

// TenantNotifier is an optional Store ability that goes with TenantWaker:
// NotifyTenant makes WakeTenants call its wake with tenant, in every
// process sharing the Store. RequestResync and Offboarder.Offboard call it
// after recording their request, so a Runner with such a Store looks for
// requested resyncs and offboardings when woken and otherwise only every
// Config.IdleInterval, instead of every ResyncCheck and TenantRefresh.
type TenantNotifier interface {
	NotifyTenant(ctx context.Context, tenant string) error
}

// LeaseRenewer is an optional Locker ability: renewing many leases of one
// owner in one call, so a process serving thousands of tenants renews their
// leases with one database round trip every Config.LockTTL/5 instead of one
// per tenant.
type LeaseRenewer interface {
	// RenewLocks extends until ttl from now the leases on names that owner
	// still holds (an expired one too, as long as no other owner took it) and
	// returns the names it renewed; the others are lost to owner.
	RenewLocks(ctx context.Context, names []string, owner string, ttl time.Duration) ([]string, error)
}

// NotificationRetention is how long a Queue remembers the id of
// a done notification, so that LinkedIn's redeliveries of it are ignored.
// After that a store forgets it (and keeps no body of a done notification
// at all), which bounds its memory by the notifications of the last two
// days instead of every one ever received.
//
// 48 hours covers LinkedIn's redeliveries with room to spare: webhook events
// are retried for 8 hours (LinkedIn's webhook page, for marketing events;
// Assumption: RSC pushes are retried no longer), and the request id a
// notification carries expires after 24 hours (answers-2026-12.md S2), so a
// later redelivery would point to nothing and fail its fetch with a 404,
// costing one request.
const NotificationRetention = 48 * time.Hour
