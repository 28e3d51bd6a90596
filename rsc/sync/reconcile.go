package rscsync

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/rsckit/rsckit/rsc"
)

// Drift repair. After the backfill, only the outbox tells the engines what
// changed: a record whose intent a host bug skipped never reaches LinkedIn.
// LinkedIn offers almost no reads of what was synced (candidates,
// applications, notes, stages and feedback have none; jobs and ACLs only
// per record), so comparing is not possible and the repair is level based:
// the reconcile sends the ATS's current records again, resource by resource,
// slowly, within a share of the daily quota. Keyed upserts make the
// re-send harmless; a record LinkedIn lost (or never got) is created.

// ReconcileConfig tunes the reconcile, a slow pass of each tenant that sends
// every record again (see the package doc, "Drift repair").
//
// Its pace: after a page that cost n requests the next waits
//
//	max(n × 24h / (Share × DailyRequests), Period / pages of a pass)
//
// (the second term only when the Store is a Counter, which gives the pages
// of a pass). With the defaults and 1 M records (10,000 pages) a page goes
// every 60 s and a pass takes a week, spending 1,440 of the 5,000 requests
// per day it may; with 300 candidates (about 30 pages) a page goes every
// 5.6 hours. A pass starts no sooner than Period after the previous one
// started. The first page of a tenant waits one such interval after its
// backfill.
type ReconcileConfig struct {
	// Disabled turns the reconcile off.
	Disabled bool
	// Share is the fraction of DailyRequests one tenant's reconcile may spend
	// (default 0.05).
	Share float64
	// DailyRequests is the child application's daily request quota on the
	// sync endpoints (default 100,000, LinkedIn's documented limit).
	DailyRequests int
	// Period is the shortest time one full pass takes (default 7 days).
	Period time.Duration
}

func (c ReconcileConfig) withDefaults() ReconcileConfig {
	if c.Share <= 0 || c.Share > 1 {
		c.Share = 0.05
	}
	if c.DailyRequests <= 0 {
		c.DailyRequests = 100_000
	}
	if c.Period <= 0 {
		c.Period = 7 * 24 * time.Hour
	}
	return c
}

// perRequest is the wait one request of the reconcile buys.
func (c ReconcileConfig) perRequest() time.Duration {
	return time.Duration(float64(24*time.Hour) / (c.Share * float64(c.DailyRequests)))
}

// pageInterval is the wait after a page that cost n requests, in a pass of
// pages pages (0: unknown).
func (c ReconcileConfig) pageInterval(n int64, pages int64) time.Duration {
	d := time.Duration(n) * c.perRequest()
	if pages > 0 {
		d = max(d, c.Period/time.Duration(pages))
	}
	return d
}

// reconcileStream holds a tenant's reconcile position (reconcileState as
// JSON in its Cursor; Done counts the records sent again, over all passes).
func reconcileStream(tenant string) StreamID { return StreamID{Tenant: tenant, Name: "reconcile"} }

// reconcileState is where a tenant's reconcile stands.
type reconcileState struct {
	Pass     int64    `json:"pass"`
	Resource Resource `json:"resource,omitempty"` // empty: the next pass has not started
	After    string   `json:"after,omitempty"`    // scan cursor within Resource
	Start    int64    `json:"start,omitempty"`    // the pass's start, ms
	Next     int64    `json:"next"`               // the next page is due, ms
	Pages    int64    `json:"pages,omitempty"`    // pages of the pass (0: unknown)
}

// reconcile sends the tenant's next reconcile page when it is due. It
// returns nil when nothing was due; a stop (quota, cancellation) as the
// backfill does.
func (e *engine) reconcile(ctx context.Context, t *Tenant, st *pullState) error {
	rc := e.cfg.Reconcile
	if rc.Disabled {
		return nil
	}
	now := time.Now()
	if now.Before(st.reconcileNext) {
		return nil
	}
	s := reconcileStream(t.ID)
	cp, err := e.p.Checkpoints.LoadCheckpoint(ctx, s)
	if err != nil {
		return fmt.Errorf("rscsync: load checkpoint %s: %w", s, err)
	}
	var rs reconcileState
	if cp.Cursor != "" {
		if err := json.Unmarshal([]byte(cp.Cursor), &rs); err != nil {
			e.log.LogAttrs(ctx, slog.LevelWarn, "rscsync reconcile state unreadable: a new pass starts", slog.String("tenant", t.ID), slog.String("error", err.Error()))
			rs = reconcileState{}
		}
	}
	resources := e.p.resources()
	save := func(next reconcileState, done int64) error {
		b, _ := json.Marshal(next)
		n := Checkpoint{Cursor: string(b), Done: cp.Done + done, UpdatedAt: now}
		st.reconcileNext = time.UnixMilli(next.Next)
		if err := e.p.Checkpoints.SaveCheckpoint(ctx, s, cp, n); err != nil && !errors.Is(err, ErrStaleCheckpoint) {
			return fmt.Errorf("rscsync: save checkpoint %s: %w", s, err)
		}
		// A stale checkpoint: another process moved it; reload next time.
		return nil
	}
	if cp.Version == 0 {
		// First sight of the tenant (its backfill just completed): the
		// first page waits one interval.
		pages := e.reconcilePages(ctx, t, resources)
		return save(reconcileState{Next: now.Add(rc.pageInterval(1, pages)).UnixMilli()}, 0)
	}
	if now.Before(time.UnixMilli(rs.Next)) {
		st.reconcileNext = time.UnixMilli(rs.Next)
		return nil
	}
	if !slices.Contains(resources, rs.Resource) {
		rs = reconcileState{Pass: rs.Pass + 1, Resource: resources[0], Start: now.UnixMilli(), Pages: e.reconcilePages(ctx, t, resources)}
		e.log.LogAttrs(ctx, slog.LevelInfo, "rscsync reconcile pass started", slog.String("tenant", t.ID), slog.Int64("pass", rs.Pass), slog.Int64("pages", rs.Pages))
	}
	for {
		recs, last, err := e.p.Records.ScanRecords(ctx, t.ID, rs.Resource, rs.After, e.cfg.PageSize)
		if err != nil {
			return fmt.Errorf("rscsync: reconcile scan %s/%s: %w", t.ID, rs.Resource, err)
		}
		if len(recs) == 0 {
			if i := slices.Index(resources, rs.Resource); i+1 < len(resources) {
				rs.Resource, rs.After = resources[i+1], ""
				continue
			}
			next := time.UnixMilli(rs.Start).Add(rc.Period)
			if next.Before(now) {
				next = now
			}
			e.log.LogAttrs(ctx, slog.LevelInfo, "rscsync reconcile pass complete", slog.String("tenant", t.ID),
				slog.Int64("pass", rs.Pass), slog.Time("next_pass", next))
			return save(reconcileState{Pass: rs.Pass, Next: next.UnixMilli()}, 0)
		}
		n := new(atomic.Int64)
		_, err = e.sendPage(rsc.WithRequestCount(ctx, n), t, rs.Resource, recs, nil)
		if err != nil {
			// What the failed page spent counts against the share too.
			st.reconcileNext = now.Add(rc.pageInterval(n.Load(), 0))
			return err
		}
		cost := n.Load()
		if rs.Resource == Jobs {
			// The job tasks the page started are read afterwards, outside
			// the page: charge as many requests again. Assumption: LinkedIn
			// runs them within minutes, so they are read about once.
			cost *= 2
		}
		rs.After = last
		rs.Next = now.Add(rc.pageInterval(cost, rs.Pages)).UnixMilli()
		e.log.LogAttrs(ctx, slog.LevelDebug, "rscsync reconcile page", slog.String("tenant", t.ID), slog.String("stream", string(rs.Resource)),
			slog.Int("records", len(recs)), slog.Int64("requests", n.Load()))
		return save(rs, int64(len(recs)))
	}
}

// reconcilePages is the pages of one pass when the Store is a Counter, else 0.
func (e *engine) reconcilePages(ctx context.Context, t *Tenant, resources []Resource) int64 {
	c, ok := e.p.Counter, e.p.Counter != nil
	if !ok {
		return 0
	}
	var pages int64
	for _, r := range resources {
		n, err := c.CountRecords(ctx, t.ID, r)
		if err != nil {
			return 0
		}
		pages += (n + int64(e.cfg.PageSize) - 1) / int64(e.cfg.PageSize)
	}
	return pages
}

// ResyncCheck is how often a Runner looks for resyncs requested for the
// tenants it serves (RequestResync). LinkedIn asks for the jobs of a
// RESYNC_JOBS webhook within 30 minutes.
const ResyncCheck = time.Minute

// resyncList is the stream whose Cursor lists the resources with a
// requested resync ("jobs,candidates"); resyncStream(r) is where the resync
// of r stands.
func resyncList(tenant string) StreamID { return StreamID{Tenant: tenant, Name: "resync"} }

func resyncStream(tenant string, r Resource) StreamID {
	return StreamID{Tenant: tenant, Name: "resync/" + string(r)}
}

// RequestResync asks for every record of resources rs of a tenant (every
// resource when rs is empty) to be sent to LinkedIn again: LinkedIn's
// job-resync webhook (RESYNC_JOBS: re-send the jobs as UPDATE within 30
// minutes) or an admin's "sync everything again now". It only records the
// request in the Store's checkpoints; the Runner serving the tenant finds it
// within ResyncCheck (or at the next SyncOnce) and sends the records at full
// speed, in dependency order, checkpointed per resource (streams
// "resync/{resource}"), so a stop resumes where it was. Jobs go through
// rsc.PlanJob: a job LinkedIn has open is sent as UPDATE, one it never
// accepted as CREATE, and a job closed on both sides is not sent.
// Requesting a resource again while its resync runs starts it over. An
// unknown resource or an empty tenant is an error and records nothing.
//
// Wiring the webhook: in rsc.WebhookHandler's Handle, map the event's
// developerApplicationUrn to the tenant and call RequestResync(ctx, store,
// tenant, Jobs) when it says syncAll. Assumption: an event that names
// particular jobs instead (its fields were not readable in LinkedIn's
// docs) is served better by recording an upsert intent for each named job:
// push sends them through the same plan, within seconds.
//
// store's optional abilities are discovered as PartsOf does (a
// TenantNotifier wakes the Runners at once; an AttachmentSource that serves
// them adds Attachments to "every resource"): Parts.RequestResync takes
// them explicitly.
func RequestResync(ctx context.Context, store CheckpointStore, tenant string, rs ...Resource) error {
	p := Parts{Checkpoints: store}
	p.Notifier, _ = store.(TenantNotifier)
	if a, ok := store.(AttachmentSource); ok {
		p.Attachments = a.ServesAttachments()
	}
	return p.RequestResync(ctx, tenant, rs...)
}

// RequestResync is the package's RequestResync over p.Checkpoints, with
// the abilities of p said, not discovered: p.Notifier (when set) wakes the
// Runners serving tenant at once, and p.Attachments adds Attachments to
// "every resource" (rs empty). The other parts are not used.
func (p Parts) RequestResync(ctx context.Context, tenant string, rs ...Resource) error {
	store := p.Checkpoints
	if tenant == "" {
		return errors.New("rscsync: RequestResync: empty tenant")
	}
	if store == nil {
		return errors.New("rscsync: RequestResync: nil store")
	}
	if len(rs) == 0 {
		rs = p.resources()
	}
	for _, r := range rs {
		if !r.Valid() {
			return fmt.Errorf("rscsync: RequestResync: unknown resource %q", r)
		}
	}
	now := time.Now()
	for _, r := range rs {
		if err := casCheckpoint(ctx, store, resyncStream(tenant, r), func(Checkpoint) Checkpoint { return Checkpoint{UpdatedAt: now} }); err != nil {
			return fmt.Errorf("rscsync: RequestResync %s/%s: %w", tenant, r, err)
		}
	}
	err := casCheckpoint(ctx, store, resyncList(tenant), func(cp Checkpoint) Checkpoint {
		list := parseResyncList(cp.Cursor)
		for _, r := range rs {
			if !slices.Contains(list, r) {
				list = append(list, r)
			}
		}
		return Checkpoint{Cursor: joinResources(list), Done: cp.Done, UpdatedAt: now}
	})
	if err == nil {
		notifyTenant(ctx, p.Notifier, tenant)
	}
	return err
}

// notifyTenant wakes the tenant's Runner through n, if any. A failure only
// delays the Runner to its safety timer.
func notifyTenant(ctx context.Context, n TenantNotifier, tenant string) {
	if n != nil {
		_ = n.NotifyTenant(ctx, tenant)
	}
}

// casCheckpoint replaces a stream's checkpoint with next(current), retrying
// a few times when another writer moves it meanwhile.
func casCheckpoint(ctx context.Context, store CheckpointStore, s StreamID, next func(Checkpoint) Checkpoint) error {
	for range 5 {
		cp, err := store.LoadCheckpoint(ctx, s)
		if err != nil {
			return err
		}
		err = store.SaveCheckpoint(ctx, s, cp, next(cp))
		if !errors.Is(err, ErrStaleCheckpoint) {
			return err
		}
	}
	return ErrStaleCheckpoint
}

func parseResyncList(s string) []Resource {
	var out []Resource
	for _, p := range strings.Split(s, ",") {
		if p != "" {
			out = append(out, Resource(p))
		}
	}
	return out
}

func joinResources(rs []Resource) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = string(r)
	}
	return strings.Join(parts, ",")
}

// resync runs the resyncs requested for the tenant (RequestResync), looking
// at most every ResyncCheck unless force is set.
func (e *engine) resync(ctx context.Context, t *Tenant, st *pullState, force bool) error {
	now := time.Now()
	if !force && now.Before(st.resyncCheck) {
		return nil
	}
	st.resyncCheck = now.Add(cmp.Or(st.resyncEvery, ResyncCheck))
	s := resyncList(t.ID)
	cp, err := e.p.Checkpoints.LoadCheckpoint(ctx, s)
	if err != nil {
		return fmt.Errorf("rscsync: load checkpoint %s: %w", s, err)
	}
	list := parseResyncList(cp.Cursor)
	if len(list) == 0 {
		return nil
	}
	gate := &notifyGate{last: time.Now()}
	for _, r := range e.p.resources() {
		if slices.Contains(list, r) {
			if err := e.sendAll(ctx, t, r, resyncStream(t.ID, r), "resync", gate); err != nil {
				return err
			}
		}
	}
	// Drop the finished resources from the list, keeping any whose stream a
	// new request reset meanwhile (its version moved the list's too).
	// A resource the Store does not serve (Attachments) is dropped.
	served := e.p.resources()
	return casCheckpoint(ctx, e.p.Checkpoints, s, func(cp Checkpoint) Checkpoint {
		var keep []Resource
		for _, r := range parseResyncList(cp.Cursor) {
			rcp, err := e.p.Checkpoints.LoadCheckpoint(ctx, resyncStream(t.ID, r))
			if slices.Contains(served, r) && (err != nil || !rcp.Complete) {
				keep = append(keep, r)
			}
		}
		return Checkpoint{Cursor: joinResources(keep), Done: cp.Done + 1, UpdatedAt: time.Now()}
	})
}
