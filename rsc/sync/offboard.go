package rscsync

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync/atomic"
	"time"

	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
)

// Offboarding: when a customer disconnects or its contract ends, what the
// SDK sent to LinkedIn for the tenant is deleted there, and the host is told
// which LinkedIn-sourced data its own policy must now purge.
//
// What "everything the SDK sent" is: LinkedIn offers no list of a
// tenant's synced records, and the SDK keeps no copy of them, so the
// offboarding deletes what the host's Store still holds (ScanRecords of
// every resource) and every record its outbox names (an intent not yet
// pushed, a delete among them). A record the host removed without an intent
// (a host bug) is not found; the reconcile has the same blind spot.
//
// What "one contract" can mean: every synced record is keyed by the
// tenant's organization (integrationContext), which all of its contracts
// share, so nothing synced belongs to one contract and nothing synced is
// deleted for one. What is per contract is what the SDK pulled with the
// contract's CSA_API integration: seats, InMails, prospect notes and stub
// profiles. Offboarding a contract therefore sends nothing to LinkedIn and
// returns the purge list of that contract's data; the host stops the
// contract's pulls by clearing Tenant.Contract (rsc/connect's
// Onboarding.RemoveContract and EnabledTenants do).

// Errors of offboarding and erasure.
var (
	// ErrUnknownTenant: the engines never ran the tenant on this Store (its
	// backfill never started), so the SDK sent nothing to delete.
	ErrUnknownTenant = errors.New("rscsync: unknown tenant: the engines never ran it on this store")
	// ErrOffboardConflict: an offboarding of the whole tenant is recorded,
	// which a contract's offboarding cannot run beside.
	ErrOffboardConflict = errors.New("rscsync: the whole tenant is being offboarded")
	// ErrStillStored: an erasure names a record the Store still holds; the
	// next push or reconcile would send it back. Delete it from the Store
	// first.
	ErrStillStored = errors.New("rscsync: record still in the store")
)

// IntentDropper is an optional Outbox ability, used by
// Offboarder.EraseCandidate: it removes a tenant's pending intents of
// resource r for refs whose Op is op, except those an unexpired lease holds
// (a push round has them in flight). It returns how many it removed.
type IntentDropper interface {
	DropIntents(ctx context.Context, tenant string, r Resource, refs []Ref, op Op) (int, error)
}

// OffboardRequest says what to offboard.
type OffboardRequest struct {
	// Contract, when set, offboards one Recruiter contract (see the package
	// doc): nothing is sent to LinkedIn; the report lists the contract's
	// pulled data to purge. Zero offboards the whole tenant.
	Contract model.URN
	// Progress, when set, receives the report after every page.
	Progress func(OffboardReport)
}

// ResourceProgress is where the deletion of one resource stands.
type ResourceProgress struct {
	Resource Resource
	// Deleted counts the records deleted at LinkedIn (a 404 counts: LinkedIn
	// does not have it); for Jobs, the jobs closed or found closed (a job
	// cannot be deleted at LinkedIn).
	Deleted int64
	// Failed counts the records LinkedIn refused to delete (parked, with the
	// reason, through the Store's Parker).
	Failed int64
	// Total is the records the Store holds (a Counter), else 0.
	Total int64
	// Cascaded is true for the children of applications (stages, notes,
	// interview feedback): LinkedIn deletes them with their application, so
	// no request is sent for them.
	Cascaded bool
	// Complete is true once every record of the resource was handled.
	Complete bool
}

// PurgeItem is LinkedIn-sourced data the host stored, which its data policy
// must now purge (or justify keeping). The SDK deletes nothing of the
// host's own data.
type PurgeItem struct {
	// What names the data, for people.
	What string
	// Changes are the kinds of intake changes (Batch.ATSChanges) that
	// brought it.
	Changes []ChangeKind
	// Streams name the pull streams whose applied items (Applier) hold it:
	// "pull/inmails" covers "pull/inmails/{seat}".
	Streams []string
	// Kinds are the kinds of pulled changes the Applier stored that hold it
	// (exports and evaluations arrive with notifications, not streams).
	Kinds []PulledKind
	// Contract, when set, limits the item to that contract's seats.
	Contract model.URN
}

// OffboardReport is where an offboarding stands, and what is left to the
// host and to the customer's admin.
type OffboardReport struct {
	Tenant string
	// Contract is the offboarded contract; zero for the whole tenant.
	Contract model.URN
	// Started is when the offboarding was first recorded.
	Started time.Time
	// Complete is true once everything the SDK can do is done.
	Complete bool
	// Configurations are the integration configurations removed (or found
	// absent): CALLBACK_URL, JOB_POSTING_VIEWERS, APPLICATION_VIEWERS.
	Configurations []string
	// ConfigurationErrors are those LinkedIn refused to remove, with why.
	ConfigurationErrors []string
	// IntentsDeleted counts the outbox intents whose records were deleted at
	// LinkedIn and dropped; NotificationsDropped the queued notifications
	// completed without a fetch.
	IntentsDeleted, NotificationsDropped int64
	// Resources is the deletion of each resource, in the order it runs.
	Resources []ResourceProgress
	// Requests is the requests to LinkedIn this call sent.
	Requests int64
	// Purge is the LinkedIn-sourced data the host must now purge.
	Purge []PurgeItem
	// AdminSteps is what only the customer's admin (or LinkedIn) can do.
	AdminSteps []string
}

// Done sums the records handled (deleted or failed) and the records to
// handle (0 without a Counter) over the resources, leaving out the
// cascaded ones, which go with their applications.
func (r OffboardReport) Done() (done, total int64) {
	for _, p := range r.Resources {
		if p.Cascaded {
			continue
		}
		done += p.Deleted + p.Failed
		total += p.Total
	}
	return done, total
}

// Offboarder deletes at LinkedIn what the engines sent for a tenant
// (Offboard) or for one candidate (EraseCandidate). It runs beside a
// Runner on the same Store: a tenant being offboarded is skipped by every
// Runner, and with a Locker store the Offboarder holds the tenant's lease
// while it sends, so no Runner serves the tenant meanwhile.
type Offboarder struct {
	r *Runner
}

// NewOffboarder returns an Offboarder over store (its PartsOf); cfg gives
// PageSize, Owner, LockTTL, Lease, MaxBackoff and Logger (the Runner's
// Config fits).
func NewOffboarder(store Store, cfg Config) (*Offboarder, error) {
	if store == nil {
		return nil, errors.New("rscsync: NewOffboarder needs a Store")
	}
	return NewOffboarderFrom(PartsOf(store), cfg)
}

// NewOffboarderFrom returns an Offboarder over the parts p, as
// NewOffboarder does over a Store.
func NewOffboarderFrom(p Parts, cfg Config) (*Offboarder, error) {
	if err := p.check(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	return &Offboarder{r: &Runner{e: newEngine(p, cfg)}}, nil
}

// offboardStream marks a tenant's offboarding: its Cursor holds
// offboardMark; Complete is set once done. A contract's has its own.
func offboardStream(tenant string, contract model.URN) StreamID {
	if contract.IsZero() {
		return StreamID{Tenant: tenant, Name: "offboard"}
	}
	return StreamID{Tenant: tenant, Name: "offboard/contract/" + string(contract)}
}

func offboardStepStream(tenant, step string) StreamID {
	return StreamID{Tenant: tenant, Name: "offboard/" + step}
}

type offboardMark struct {
	Started int64 `json:"started"`
}

// deletionOrder is the order of deletion: children before parents where
// LinkedIn needs it. Attachments first (Assumption: LinkedIn does not say
// that deleting an application deletes its attachments, so they are deleted
// on their own); ACL assignees and ACLs; the children of applications are
// not sent (LinkedIn deletes an application's notes, stages and feedback
// with it: RSC-504, "deleting an application also deletes its notes,
// interview feedback and stages"); applications; candidate notes before
// their candidate (RSC-501: LinkedIn documents no cascade for candidates);
// candidates; jobs last, closed (LinkedIn cannot delete a job).
func deletionOrder(served []Resource) []Resource {
	var out []Resource
	if hasAttachments(served) {
		out = append(out, Attachments)
	}
	return append(out, ACLAssignees, EntityACLs, Stages, ApplicationNotes, InterviewFeedback, Applications, CandidateNotes, Candidates, Jobs)
}

// cascaded reports whether LinkedIn deletes r's records with their parent.
func cascaded(r Resource) bool { return r == Stages || r == ApplicationNotes || r == InterviewFeedback }

// offboarding reports whether a whole-tenant offboarding is recorded for
// the tenant: the Runner then leaves it alone.
func (e *engine) offboarding(ctx context.Context, tenant string) (bool, error) {
	cp, err := e.p.Checkpoints.LoadCheckpoint(ctx, offboardStream(tenant, ""))
	if err != nil {
		return false, err
	}
	return cp.Version > 0, nil
}

// Offboard deletes at LinkedIn what the engines sent for tenant t (or,
// with req.Contract, offboards one contract; see the package doc) and
// returns the report. It is resumable: every step is checkpointed in the
// Store (streams "offboard" and "offboard/{step}"), so after a crash or an
// error the same call continues where it stopped; a record deleted twice
// costs one request and changes nothing (404 counts as deleted). Calling it
// again once complete returns the report and sends nothing.
//
// The whole-tenant steps, in order:
//  1. remove the integration configurations the SDK set (CALLBACK_URL, so
//     LinkedIn stops pushing exports; JOB_POSTING_VIEWERS and
//     APPLICATION_VIEWERS), a 404 counting as removed;
//  2. delete at LinkedIn every record the tenant's outbox names, drop those
//     intents, and complete the queued notifications without fetching them;
//  3. delete every record the Store holds, resource by resource in
//     deletionOrder (attachments, ACL assignees, ACLs, applications with
//     their cascaded children, candidate notes, candidates) and close the
//     jobs; RSC-501 to RSC-504 hold at every step, since a child is never
//     left behind its deleted parent;
//  4. drain the outbox once more (intents the host wrote meanwhile).
//
// A job is closed with the last fields LinkedIn accepted (the job ledger);
// one the ledger does not know (sent by a version of the engines without
// it) is logged and left as it is.
//
// Before step 1 the offboarding is recorded, and from then on every Runner
// skips the tenant. With a Locker store, Offboard then takes the tenant's
// lease; if a Runner still holds it, Offboard wakes that Runner and returns
// ErrTenantBusy (wrapped): call again once it has let the tenant go (at once
// with a Store that wakes tenants, otherwise within its TenantRefresh). The host should also stop recording intents for the
// tenant and remove it from its TenantSource.
//
// Bad input changes nothing: a tenant that does not validate, or one the
// engines never ran (ErrUnknownTenant), or a contract's offboarding while
// the whole tenant's is recorded (ErrOffboardConflict).
func (o *Offboarder) Offboard(ctx context.Context, t Tenant, req OffboardRequest) (OffboardReport, error) {
	e := o.r.e
	if err := t.validate(); err != nil {
		return OffboardReport{}, err
	}
	if !req.Contract.IsZero() && !req.Contract.IsType(model.URNTypeContract) {
		return OffboardReport{}, fmt.Errorf("rscsync: offboard %s: %q is not a contract URN", t.ID, req.Contract)
	}
	known, err := e.p.Checkpoints.LoadCheckpoint(ctx, backfillStream(t.ID, Jobs))
	if err != nil {
		return OffboardReport{}, fmt.Errorf("rscsync: offboard %s: %w", t.ID, err)
	}
	whole, err := e.p.Checkpoints.LoadCheckpoint(ctx, offboardStream(t.ID, ""))
	if err != nil {
		return OffboardReport{}, fmt.Errorf("rscsync: offboard %s: %w", t.ID, err)
	}
	if known.Version == 0 && whole.Version == 0 {
		return OffboardReport{}, fmt.Errorf("rscsync: offboard %s: %w", t.ID, ErrUnknownTenant)
	}
	if !req.Contract.IsZero() && whole.Version > 0 {
		return OffboardReport{}, fmt.Errorf("rscsync: offboard contract %s of %s: %w", req.Contract, t.ID, ErrOffboardConflict)
	}
	// Record the offboarding (once), so that Runners leave the tenant alone.
	mark := offboardStream(t.ID, req.Contract)
	cp, err := e.p.Checkpoints.LoadCheckpoint(ctx, mark)
	if err != nil {
		return OffboardReport{}, fmt.Errorf("rscsync: offboard %s: %w", t.ID, err)
	}
	if cp.Version == 0 {
		b, _ := json.Marshal(offboardMark{Started: time.Now().UnixMilli()})
		next := Checkpoint{Cursor: string(b), UpdatedAt: time.Now(), Complete: !req.Contract.IsZero()}
		if err := e.p.Checkpoints.SaveCheckpoint(ctx, mark, cp, next); err != nil && !errors.Is(err, ErrStaleCheckpoint) {
			return OffboardReport{}, fmt.Errorf("rscsync: offboard %s: record: %w", t.ID, err)
		}
		e.log.LogAttrs(ctx, slog.LevelInfo, "rscsync offboarding recorded", slog.String("tenant", t.ID), slog.String("contract", string(req.Contract)))
		if !req.Contract.IsZero() {
			notifyTenant(ctx, e.p.Notifier, t.ID)
		}
	}
	if !req.Contract.IsZero() {
		return o.Status(ctx, t.ID, req.Contract)
	}
	if cp.Complete {
		return o.Status(ctx, t.ID, "")
	}
	if lk := e.p.Locker; lk != nil {
		held, err := lk.TryLock(ctx, "tenant/"+t.ID, e.cfg.Owner, e.cfg.LockTTL)
		if err != nil {
			return OffboardReport{}, fmt.Errorf("rscsync: offboard %s: lock: %w", t.ID, err)
		}
		if !held {
			// Wake the Runner holding the lease only now, so that it lets
			// the tenant go at once (without a TenantNotifier it does at its
			// next tenant refresh).
			notifyTenant(ctx, e.p.Notifier, t.ID)
			rep, _ := o.Status(ctx, t.ID, "")
			return rep, fmt.Errorf("rscsync: offboard %s: recorded; a Runner still serves the tenant and lets it go when it next looks (at once when the Store wakes tenants), call again: %w", t.ID, ErrTenantBusy)
		}
	}
	lctx, release := o.r.holdLease(ctx, t.ID, true)
	defer release()
	n := new(atomic.Int64)
	lctx = rsc.WithRequestCount(lctx, n)
	err = o.run(lctx, &t, req)
	if ctx.Err() == nil && lctx.Err() != nil && err != nil {
		err = fmt.Errorf("rscsync: offboard %s: tenant lease lost: %w", t.ID, ErrLeaseLost)
	}
	rep, serr := o.Status(ctx, t.ID, "")
	rep.Requests = n.Load()
	if err != nil {
		return rep, err
	}
	return rep, serr
}

// run does the whole-tenant steps from their checkpoints.
func (o *Offboarder) run(ctx context.Context, t *Tenant, req OffboardRequest) error {
	e := o.r.e
	var totals map[Resource]int64 // counted once per call
	progress := func() {
		if req.Progress != nil {
			rep, err := o.status(ctx, t.ID, "", &totals)
			if err == nil {
				req.Progress(rep)
			}
		}
	}
	if err := o.step(ctx, offboardStepStream(t.ID, "config"), func(cp Checkpoint) (Checkpoint, error) {
		return o.removeConfigurations(ctx, t, cp)
	}); err != nil {
		return err
	}
	if err := o.step(ctx, offboardStepStream(t.ID, "outbox"), func(cp Checkpoint) (Checkpoint, error) {
		return o.drainOutbox(ctx, t, cp)
	}); err != nil {
		return err
	}
	progress()
	for _, r := range deletionOrder(e.p.resources()) {
		if err := o.deleteResource(ctx, t, r, progress); err != nil {
			return err
		}
	}
	if err := o.step(ctx, offboardStepStream(t.ID, "outbox-final"), func(cp Checkpoint) (Checkpoint, error) {
		return o.drainOutbox(ctx, t, cp)
	}); err != nil {
		return err
	}
	err := casCheckpoint(ctx, e.p.Checkpoints, offboardStream(t.ID, ""), func(cp Checkpoint) Checkpoint {
		cp.Complete, cp.UpdatedAt = true, time.Now()
		return cp
	})
	if err != nil {
		return fmt.Errorf("rscsync: offboard %s: %w", t.ID, err)
	}
	e.log.LogAttrs(ctx, slog.LevelInfo, "rscsync offboarding complete", slog.String("tenant", t.ID))
	progress()
	return nil
}

// step runs f on a stream unless it is complete, and saves what f returns
// (f marks it Complete).
func (o *Offboarder) step(ctx context.Context, s StreamID, f func(Checkpoint) (Checkpoint, error)) error {
	st := o.r.e.p.Checkpoints
	cp, err := st.LoadCheckpoint(ctx, s)
	if err != nil {
		return fmt.Errorf("rscsync: load checkpoint %s: %w", s, err)
	}
	if cp.Complete {
		return nil
	}
	next, err := f(cp)
	if err != nil {
		return err
	}
	next.UpdatedAt = time.Now()
	if err := st.SaveCheckpoint(ctx, s, cp, next); err != nil {
		return fmt.Errorf("rscsync: save checkpoint %s: %w", s, err)
	}
	return nil
}

// offboardConfigurations are the integration configurations the SDK sets.
func offboardConfigurations(org model.URN) []model.ConfigurationKey {
	oce := model.IntegrationKey{IntegrationContext: org, IntegrationType: model.IntegrationTypeOneClickExport, TenantType: model.TenantTypeRecruiter}
	ind := model.IntegrationKey{IntegrationContext: org, IntegrationType: model.IntegrationTypeInATSIndicator, TenantType: model.TenantTypeRecruiter}
	return []model.ConfigurationKey{
		{Integration: oce, Name: model.ConfigCallbackURL},
		{Integration: oce, Name: model.ConfigJobPostingViewers},
		{Integration: ind, Name: model.ConfigApplicationViewers},
	}
}

// configResult is the Cursor of the configurations step.
type configResult struct {
	Removed []string `json:"removed,omitempty"`
	Refused []string `json:"refused,omitempty"`
}

// removeConfigurations deletes the configurations; its Cursor keeps the
// refusals (JSON) for the report. Assumption: LinkedIn's batch_delete on
// configurations (documented in the Postman collection for the two
// viewer settings) removes CALLBACK_URL too; a refusal is reported, not
// retried, and does not hold up the deletion of the data.
func (o *Offboarder) removeConfigurations(ctx context.Context, t *Tenant, cp Checkpoint) (Checkpoint, error) {
	keys := offboardConfigurations(t.Organization)
	rs, err := t.Client.Configurations.BatchDelete(ctx, keys)
	if err != nil && len(rs) == 0 {
		if v, _, terr := classifyCall(ctx, err); terr != nil || v == transient {
			if terr == nil {
				terr = err
			}
			return cp, fmt.Errorf("rscsync: offboard %s: remove configurations: %w", t.ID, terr)
		}
		rs = make([]rsc.Result[model.ConfigurationKey], len(keys))
		for i := range rs {
			rs[i].Err = err
		}
	}
	var res configResult
	for i, r := range rs {
		if r.Err != nil && !rsc.DeleteDone(r.Err) {
			var ae *rsc.APIError
			if errors.As(r.Err, &ae) && ae.Temporary() {
				return cp, fmt.Errorf("rscsync: offboard %s: remove %s: %w", t.ID, keys[i].Name, r.Err)
			}
			res.Refused = append(res.Refused, string(keys[i].Name)+": "+r.Err.Error())
			continue
		}
		res.Removed = append(res.Removed, string(keys[i].Name))
	}
	b, _ := json.Marshal(res)
	return Checkpoint{Cursor: string(b), Done: int64(len(res.Removed)), Complete: true}, nil
}

// drainOutbox deletes at LinkedIn every record the tenant's pending intents
// name (whatever their Op: the tenant is leaving), children first within
// each claim, then drops the intents; then completes the queued
// notifications unfetched. Done counts the intents.
func (o *Offboarder) drainOutbox(ctx context.Context, t *Tenant, cp Checkpoint) (Checkpoint, error) {
	e := o.r.e
	next := cp
	for {
		ins, err := e.p.Queue.Claim(ctx, t.ID, LaneOutbox, claimMax, e.cfg.Lease)
		if err != nil {
			return cp, fmt.Errorf("rscsync: offboard %s: claim: %w", t.ID, err)
		}
		if len(ins) == 0 {
			break
		}
		byRes := map[Resource][]Ref{}
		for _, in := range ins {
			if in.Resource.Valid() && !slices.Contains(byRes[in.Resource], in.Ref) {
				byRes[in.Resource] = append(byRes[in.Resource], in.Ref)
			}
		}
		order := Resources()
		slices.Reverse(order)
		order = append([]Resource{Attachments}, order...)
		for _, r := range order {
			if len(byRes[r]) == 0 {
				continue
			}
			if _, _, err := o.deleteRefs(ctx, t, r, byRes[r]); err != nil {
				return cp, err
			}
		}
		if err := e.complete(ctx, ins, Outcome{Error: "tenant offboarded"}); err != nil {
			return cp, err
		}
		next.Done += int64(len(ins))
	}
	for {
		ns, err := e.p.Queue.Claim(ctx, t.ID, LaneNotifications, 50, e.cfg.Lease)
		if err != nil {
			return cp, fmt.Errorf("rscsync: offboard %s: claim notifications: %w", t.ID, err)
		}
		if len(ns) == 0 {
			break
		}
		if err := e.p.Queue.Complete(ctx, ns, Outcome{Error: "tenant offboarded: not fetched"}); err != nil && !errors.Is(err, ErrLeaseLost) {
			return cp, fmt.Errorf("rscsync: offboard %s: complete notifications: %w", t.ID, err)
		}
		next.Cursor = notificationsDropped(next.Cursor, int64(len(ns)))
	}
	next.Complete = true
	return next, nil
}

// notificationsDropped adds n to the count kept in an outbox step's Cursor.
func notificationsDropped(cursor string, n int64) string {
	var c int64
	fmt.Sscan(cursor, &c)
	return fmt.Sprint(c + n)
}

// deleteResource deletes (or, for jobs, closes) every record of r the
// Store holds, page by page from its checkpoint.
func (o *Offboarder) deleteResource(ctx context.Context, t *Tenant, r Resource, progress func()) error {
	e := o.r.e
	s := offboardStepStream(t.ID, string(r))
	cp, err := e.p.Checkpoints.LoadCheckpoint(ctx, s)
	if err != nil {
		return fmt.Errorf("rscsync: load checkpoint %s: %w", s, err)
	}
	if cp.Complete {
		return nil
	}
	if cascaded(r) {
		next := cp
		next.Complete, next.UpdatedAt = true, time.Now()
		if err := e.p.Checkpoints.SaveCheckpoint(ctx, s, cp, next); err != nil {
			return fmt.Errorf("rscsync: save checkpoint %s: %w", s, err)
		}
		return nil
	}
	for {
		recs, last, err := e.p.Records.ScanRecords(ctx, t.ID, r, cp.Cursor, e.cfg.PageSize)
		if err != nil {
			return fmt.Errorf("rscsync: offboard scan %s/%s: %w", t.ID, r, err)
		}
		next := cp
		next.UpdatedAt = time.Now()
		if len(recs) == 0 {
			next.Complete = true
		} else {
			refs := make([]Ref, len(recs))
			for i, rec := range recs {
				refs[i] = rec.Ref
			}
			deleted, failed, err := o.deleteRefs(ctx, t, r, refs)
			if err != nil {
				return err
			}
			next.Cursor, next.Done = last, cp.Done+int64(deleted)
			if failed > 0 {
				// Counted before the page's checkpoint: after a crash in
				// between the count may be one page high; the Parker holds
				// the records themselves.
				if err := casCheckpoint(ctx, e.p.Checkpoints, offboardStepStream(t.ID, string(r)+"/failed"), func(f Checkpoint) Checkpoint {
					return Checkpoint{Done: f.Done + int64(failed), UpdatedAt: time.Now()}
				}); err != nil {
					return fmt.Errorf("rscsync: offboard %s/%s: count failures: %w", t.ID, r, err)
				}
			}
		}
		if err := e.p.Checkpoints.SaveCheckpoint(ctx, s, cp, next); err != nil {
			if errors.Is(err, ErrStaleCheckpoint) {
				if cp, err = e.p.Checkpoints.LoadCheckpoint(ctx, s); err != nil {
					return fmt.Errorf("rscsync: load checkpoint %s: %w", s, err)
				}
				if cp.Complete {
					return nil
				}
				continue
			}
			return fmt.Errorf("rscsync: save checkpoint %s: %w", s, err)
		}
		next.Version = cp.Version + 1
		cp = next
		progress()
		if cp.Complete {
			e.log.LogAttrs(ctx, slog.LevelInfo, "rscsync offboarding: resource deleted", slog.String("tenant", t.ID),
				slog.String("stream", string(r)), slog.Int64("records", cp.Done))
			return nil
		}
	}
}

// deleteRefs deletes refs of r at LinkedIn (jobs: closes them), retrying
// transient failures; records LinkedIn refuses are parked. It returns the
// counts of deleted and refused records.
func (o *Offboarder) deleteRefs(ctx context.Context, t *Tenant, r Resource, refs []Ref) (deleted, failed int, err error) {
	e := o.r.e
	for start := 0; start < len(refs); start += e.cfg.PageSize {
		pending := refs[start:min(start+e.cfg.PageSize, len(refs))]
		for attempt := 0; len(pending) > 0; attempt++ {
			outs, err := e.deleteBatch(ctx, t, r, pending)
			if err != nil {
				return deleted, failed, err
			}
			var retry, ok []Ref
			var parked []Parked
			var wait time.Duration
			now := time.Now()
			for _, out := range outs {
				switch out.verdict {
				case accepted:
					ok = append(ok, out.ref)
				case rejected:
					parked = append(parked, Parked{Tenant: t.ID, Resource: r, Ref: out.ref, Status: out.status, Reason: "delete: " + out.reason, At: now})
				default:
					retry = append(retry, out.ref)
					wait = max(wait, out.retryIn)
				}
			}
			deleted += len(ok)
			failed += len(parked)
			if len(parked) > 0 {
				if err := e.p.Parker.Park(ctx, parked); err != nil {
					return deleted, failed, fmt.Errorf("rscsync: park: %w", err)
				}
			}
			if len(ok) > 0 {
				if err := e.p.Parker.Unpark(ctx, t.ID, r, ok); err != nil {
					return deleted, failed, fmt.Errorf("rscsync: unpark: %w", err)
				}
			}
			if len(retry) == 0 {
				break
			}
			if attempt+1 >= maxPageAttempts {
				return deleted, failed, fmt.Errorf("rscsync: offboard %s/%s: %d deletes still failing after %d attempts", t.ID, r, len(retry), maxPageAttempts)
			}
			if err := sleep(ctx, max(wait, backoff(attempt, e.cfg.MaxBackoff))); err != nil {
				return deleted, failed, err
			}
			pending = retry
		}
	}
	return deleted, failed, nil
}

// Status returns the report of a tenant's offboarding (of one contract
// when contract is set) from the Store, without sending anything. A tenant
// never offboarded has a report with no Started time.
func (o *Offboarder) Status(ctx context.Context, tenant string, contract model.URN) (OffboardReport, error) {
	return o.status(ctx, tenant, contract, nil)
}

// status is Status; with totals set, the records are counted (a Counter)
// into *totals the first time and taken from there afterwards.
func (o *Offboarder) status(ctx context.Context, tenant string, contract model.URN, totals *map[Resource]int64) (OffboardReport, error) {
	e := o.r.e
	rep := OffboardReport{Tenant: tenant, Contract: contract, Purge: purgeList(contract), AdminSteps: adminSteps(contract)}
	cp, err := e.p.Checkpoints.LoadCheckpoint(ctx, offboardStream(tenant, contract))
	if err != nil {
		return rep, err
	}
	var m offboardMark
	if cp.Cursor != "" && json.Unmarshal([]byte(cp.Cursor), &m) == nil && m.Started > 0 {
		rep.Started = time.UnixMilli(m.Started)
	}
	rep.Complete = cp.Complete
	if !contract.IsZero() {
		return rep, nil
	}
	cfg, err := e.p.Checkpoints.LoadCheckpoint(ctx, offboardStepStream(tenant, "config"))
	if err != nil {
		return rep, err
	}
	if cfg.Complete {
		var res configResult
		_ = json.Unmarshal([]byte(cfg.Cursor), &res)
		rep.Configurations, rep.ConfigurationErrors = res.Removed, res.Refused
	}
	for _, step := range []string{"outbox", "outbox-final"} {
		ob, err := e.p.Checkpoints.LoadCheckpoint(ctx, offboardStepStream(tenant, step))
		if err != nil {
			return rep, err
		}
		rep.IntentsDeleted += ob.Done
		var n int64
		fmt.Sscan(ob.Cursor, &n)
		rep.NotificationsDropped += n
	}
	counter := e.p.Counter
	for _, r := range deletionOrder(e.p.resources()) {
		rcp, err := e.p.Checkpoints.LoadCheckpoint(ctx, offboardStepStream(tenant, string(r)))
		if err != nil {
			return rep, err
		}
		fcp, err := e.p.Checkpoints.LoadCheckpoint(ctx, offboardStepStream(tenant, string(r)+"/failed"))
		if err != nil {
			return rep, err
		}
		p := ResourceProgress{Resource: r, Deleted: rcp.Done, Failed: fcp.Done, Complete: rcp.Complete, Cascaded: cascaded(r)}
		switch {
		case totals != nil && *totals != nil:
			p.Total = (*totals)[r]
		case counter != nil:
			if p.Total, err = counter.CountRecords(ctx, tenant, r); err != nil {
				return rep, err
			}
		}
		rep.Resources = append(rep.Resources, p)
	}
	if totals != nil && *totals == nil {
		*totals = map[Resource]int64{}
		for _, p := range rep.Resources {
			(*totals)[p.Resource] = p.Total
		}
	}
	return rep, nil
}

// purgeList is what the host must purge after an offboarding.
func purgeList(contract model.URN) []PurgeItem {
	if !contract.IsZero() {
		return []PurgeItem{
			{What: "InMail history read for the contract's seats", Changes: []ChangeKind{ChangeInMail}, Streams: []string{"pull/inmails"}, Contract: contract},
			{What: "Recruiter prospect notes of the contract", Changes: []ChangeKind{ChangeNote}, Streams: []string{"pull/prospectNotes"}, Contract: contract},
			{What: "InMail stub profiles (contact details members shared) of the contract", Changes: []ChangeKind{ChangeStub}, Streams: []string{"pull/mailStubs"}, Contract: contract},
			{What: "the contract's seats and the ATS users' bindings to them", Streams: []string{"pull/seats"}, Contract: contract},
		}
	}
	return []PurgeItem{
		{What: "One-Click Exports: candidates and hiring processes created from LinkedIn profiles, and the profile fields they brought", Changes: []ChangeKind{ChangeExport}, Kinds: []PulledKind{KindExport}},
		{What: "member links LinkedIn matched (manualMatchedMember kept on candidates)", Changes: []ChangeKind{ChangeMatch, ChangeExport}},
		{What: "InMail stub profiles (contact details members shared)", Changes: []ChangeKind{ChangeStub}, Streams: []string{"pull/mailStubs"}},
		{What: "InMail history", Changes: []ChangeKind{ChangeInMail}, Streams: []string{"pull/inmails"}},
		{What: "Recruiter prospect notes", Changes: []ChangeKind{ChangeNote}, Streams: []string{"pull/prospectNotes"}},
		{What: "Hiring Assistant evaluations", Kinds: []PulledKind{KindEvaluation}},
		{What: "Recruiter seats and the ATS users' bindings to them", Streams: []string{"pull/seats"}},
		{What: "integration states LinkedIn reported", Streams: []string{"pull/integrations"}},
		{What: "purged-profile notices (act on them before deleting them)", Changes: []ChangeKind{ChangePurge}, Streams: []string{"pull/purged"}},
	}
}

// adminSteps is what only the customer's admin (or LinkedIn) can do.
func adminSteps(contract model.URN) []string {
	if !contract.IsZero() {
		return []string{
			"The customer's Recruiter admin switches off the contract's Contract Data integration (CSA_API, contract-level access) in Recruiter's admin settings; no API does it.",
			"Data synced to LinkedIn stays: it is keyed by the organization and serves its other contracts. Offboard the whole tenant to delete it.",
		}
	}
	return []string{
		"The customer's Recruiter admin switches off the RSC integrations (One-Click Export, In-ATS Indicator, Profile Plugin, and each contract's Contract Data / CSA_API) in Recruiter's admin settings; no API does it.",
		"Jobs cannot be deleted at LinkedIn: they were closed.",
		"LinkedIn documents no API to delete the customer's provisioned child application: ask LinkedIn (your partner manager) to retire it, and delete its client secret from your secret store.",
	}
}
