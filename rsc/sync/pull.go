package rscsync

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
)

// Poller names one of the LinkedIn-to-ATS pollers.
type Poller string

// The pollers. Seats, InMails, ProspectNotes and MailStubs need the
// tenant's Contract (CSA_API) and share LinkedIn's prospect-interaction quota
// of 100,000 calls per day.
const (
	PollSeats         Poller = "seats"
	PollInMails       Poller = "inmails"
	PollProspectNotes Poller = "prospectNotes"
	PollMailStubs     Poller = "mailStubs"
	PollPurged        Poller = "purged"
	PollIntegrations  Poller = "integrations"
)

// ProspectDailyQuota is LinkedIn's daily limit of one application's calls
// to the prospect-interaction APIs together (seats, InMail history, mail
// stubs, prospect notes): 100,000 per UTC day.
const ProspectDailyQuota = 100_000

// PullConfig tunes the pollers.
//
// Intervals adapt to the request budget, and so to the tenant's seats. A
// poller p whose last round cost c_p requests (once caught up: a round
// that reads the backlog of a long stop is charged its last window only)
// and is given the share s_p of the daily budget B waits
//
//	interval_p = max(MinInterval_p, c_p × 24h / (s_p × B))
//
// before its next round. B defaults to 30 % of LinkedIn's prospect-
// interaction quota (QuotaShare of ProspectDailyQuota): 30,000 requests.
// With s = 0.5 and 100 seats (100 conversationEvents calls a round),
// InMails are polled every max(1m, 100×86400s/15,000) = 9m36s, notes and
// stubs every minute; with 400 seats InMails every 38m24s, and the pollers
// together stay within B whatever the seats. Purged exports are read at
// least every 30 days whatever the budget. Runner.Status shows each
// poller's interval and when it last completed.
type PullConfig struct {
	// Disabled turns every poller off.
	Disabled bool
	// DailyBudget is the prospect-interaction requests per day the pollers of
	// one tenant may spend (default: QuotaShare of ProspectDailyQuota, 30,000,
	// the rest left for the host's own calls and the widgets).
	DailyBudget int
	// QuotaShare is the share of ProspectDailyQuota that makes the default
	// DailyBudget (default 0.30; at most 1).
	QuotaShare float64
	// Shares divides DailyBudget among the pollers (defaults: InMails 0.5,
	// prospect notes 0.2, mail stubs 0.2, seats 0.1).
	Shares map[Poller]float64
	// MinInterval is the shortest wait between two rounds of a poller
	// (defaults: InMails, notes, stubs 1m; seats 1h; integrations 1h; purged 24h).
	MinInterval map[Poller]time.Duration
	// Lookback is how far back a new tenant's InMails, notes and stubs are
	// read (default 90 days).
	Lookback time.Duration
	// Window is the longest time range of one request (default 12h, as
	// LinkedIn asks for InMail history and notes).
	Window time.Duration
	// Settle keeps windows this far behind now, so data LinkedIn is still
	// writing is read in the next round rather than missed (default 1m).
	Settle time.Duration
}

func (c PullConfig) withDefaults() PullConfig {
	if c.QuotaShare <= 0 || c.QuotaShare > 1 {
		c.QuotaShare = 0.30
	}
	if c.DailyBudget <= 0 {
		c.DailyBudget = int(c.QuotaShare * ProspectDailyQuota)
	}
	shares := map[Poller]float64{PollInMails: 0.5, PollProspectNotes: 0.2, PollMailStubs: 0.2, PollSeats: 0.1}
	for p, s := range c.Shares {
		shares[p] = s
	}
	c.Shares = shares
	mins := map[Poller]time.Duration{PollInMails: time.Minute, PollProspectNotes: time.Minute, PollMailStubs: time.Minute,
		PollSeats: time.Hour, PollIntegrations: time.Hour, PollPurged: 24 * time.Hour}
	for p, d := range c.MinInterval {
		mins[p] = d
	}
	c.MinInterval = mins
	if c.Lookback <= 0 {
		c.Lookback = 90 * 24 * time.Hour
	}
	if c.Window <= 0 {
		c.Window = 12 * time.Hour
	}
	if c.Settle <= 0 {
		c.Settle = time.Minute
	}
	return c
}

// interval applies the budget formula.
func (c PullConfig) interval(p Poller, calls int) time.Duration {
	d := c.MinInterval[p]
	if p == PollPurged {
		return min(d, 30*24*time.Hour)
	}
	if s := c.Shares[p]; s > 0 && calls > 0 {
		d = max(d, time.Duration(float64(calls)*float64(24*time.Hour)/(s*float64(c.DailyBudget))))
	}
	return d
}

// pullState is one tenant's poller schedule, kept in memory by its runner.
type pullState struct {
	// reconcileNext is when the reconcile's next page is due (as far as
	// this loop knows); resyncCheck when requested resyncs are looked for.
	reconcileNext, resyncCheck time.Time
	// resyncEvery replaces ResyncCheck when the Store notifies the Runner
	// of requested resyncs (TenantNotifier).
	resyncEvery time.Duration
	// backfilled is set once every backfill stream was found complete: a
	// finished backfill is not read again while the loop runs.
	backfilled bool

	due   map[Poller]time.Time
	fails map[Poller]int           // consecutive failed rounds of each poller
	last  map[Poller]time.Time     // when its last successful round ended
	every map[Poller]time.Duration // its current interval
	seats []model.URN
}

func pullStream(tenant string, p Poller, part string) StreamID {
	name := "pull/" + string(p)
	if part != "" {
		name += "/" + part
	}
	return StreamID{Tenant: tenant, Name: name}
}

// pollDue runs the pollers that are due (all of them when force is set) and
// returns when the next one is due. A failing poller backs off on its own,
// and one that meets its daily quota (each poller's is its own: prospect,
// integrations, exports) waits for the reset on its own: neither holds up
// push, notifications or the other pollers. Their errors are logged, and
// returned (joined) only when force is set, for SyncOnce.
func (e *engine) pollDue(ctx context.Context, t *Tenant, st *pullState, force bool) (time.Time, error) {
	if st.due == nil {
		st.due, st.fails = map[Poller]time.Time{}, map[Poller]int{}
		st.last, st.every = map[Poller]time.Time{}, map[Poller]time.Duration{}
	}
	pollers := []Poller{PollIntegrations, PollPurged}
	if !t.Contract.IsZero() {
		pollers = append([]Poller{PollSeats}, append(pollers, PollInMails, PollProspectNotes, PollMailStubs)...)
	}
	var errs []error
	for _, p := range pollers {
		if !force && time.Now().Before(st.due[p]) {
			continue
		}
		calls, err := e.poll(ctx, t, st, p)
		if ctx.Err() != nil {
			return time.Time{}, ctx.Err()
		}
		if err == nil {
			st.fails[p] = 0
			st.every[p] = e.cfg.Pull.interval(p, calls)
			st.last[p] = time.Now()
			st.due[p] = st.last[p].Add(st.every[p])
			continue
		}
		var pe *pauseError
		if errors.As(err, &pe) {
			st.due[p] = pe.until
		} else {
			// A partial failure (one seat refused) still spent calls: keep to
			// the budget's interval, or back off, whichever is longer.
			st.fails[p]++
			st.due[p] = time.Now().Add(max(backoff(st.fails[p], e.cfg.MaxBackoff), e.cfg.Pull.interval(p, calls)))
		}
		e.log.LogAttrs(ctx, slog.LevelWarn, "rscsync poller failed", slog.String("tenant", t.ID), slog.String("poller", string(p)),
			slog.String("error", err.Error()), slog.Time("next", st.due[p]))
		if force {
			errs = append(errs, fmt.Errorf("rscsync: poll %s/%s: %w", t.ID, p, err))
		}
	}
	next := time.Time{}
	for _, p := range pollers {
		if next.IsZero() || st.due[p].Before(next) {
			next = st.due[p]
		}
	}
	return next, errors.Join(errs...)
}

// poll runs one round of a poller and returns the requests it made.
func (e *engine) poll(ctx context.Context, t *Tenant, st *pullState, p Poller) (int, error) {
	c := t.Client
	switch p {
	case PollSeats:
		var seats []model.Seat
		var urns []model.URN
		calls := 0
		for s, err := range c.Seats.All(ctx, rsc.SeatListOptions{Contracts: []model.URN{t.Contract}}) {
			if err != nil {
				return calls, callErr(ctx, err)
			}
			seats = append(seats, s)
			if !s.URN.IsZero() && (s.Active || s.State == "") {
				urns = append(urns, s.URN)
			}
		}
		calls = 1 + len(seats)/100
		st.seats = urns
		return calls, e.applySeats(ctx, t, pulledOf(seats), urns)
	case PollIntegrations:
		keys := rsc.EnableRequest{Organization: t.Organization, Contract: t.Contract}.Keys()
		es, err := c.Integrations.BatchGet(ctx, keys)
		if err != nil {
			return 1, callErr(ctx, err)
		}
		var ins []Pulled
		for _, en := range es {
			if en.Err == nil {
				ins = append(ins, IntegrationChange{en.Value})
			}
		}
		return 1, e.applyNow(ctx, pullStream(t.ID, p, ""), ins)
	case PollPurged:
		return e.pollWindows(ctx, t, pullStream(t.ID, p, ""), 30*24*time.Hour, func(from, to time.Time) ([]Pulled, int, error) {
			ctx, n := counted(ctx)
			return collectAll(n, c.Exports.AllPurged(ctx, rsc.PurgedListOptions{Window: rsc.Window{Since: from, Until: to}}))
		})
	case PollInMails:
		if st.seats == nil {
			if _, err := e.poll(ctx, t, st, PollSeats); err != nil {
				return 0, err
			}
		}
		// One seat LinkedIn refuses does not hold up the others; a quota
		// (shared by all seats) or a cancellation stops the round.
		calls := 0
		var errs []error
		for _, seat := range st.seats {
			n, err := e.pollWindows(ctx, t, pullStream(t.ID, p, string(seat)), e.cfg.Pull.Window, func(from, to time.Time) ([]Pulled, int, error) {
				ctx, n := counted(ctx)
				return collectAll(n, c.InMails.All(ctx, rsc.InMailListOptions{Viewer: seat, Window: rsc.Window{Since: from, Until: to}}))
			})
			calls += n
			var pe *pauseError
			if errors.As(err, &pe) || ctx.Err() != nil {
				return calls, err
			}
			if err != nil {
				errs = append(errs, fmt.Errorf("seat %s: %w", seat, err))
			}
		}
		return calls, errors.Join(errs...)
	case PollProspectNotes:
		return e.pollWindows(ctx, t, pullStream(t.ID, p, ""), e.cfg.Pull.Window, func(from, to time.Time) ([]Pulled, int, error) {
			ctx, n := counted(ctx)
			return collectAll(n, c.ProspectNotes.All(ctx, rsc.ProspectNoteListOptions{Contract: t.Contract, Owners: st.seats,
				Window: rsc.Window{Since: from, Until: to}}))
		})
	case PollMailStubs:
		return e.pollWindows(ctx, t, pullStream(t.ID, p, ""), e.cfg.Pull.Window, func(from, to time.Time) ([]Pulled, int, error) {
			ctx, n := counted(ctx)
			return collectAll(n, c.MailStubs.All(ctx, rsc.MailStubListOptions{Contract: t.Contract, Owners: st.seats,
				Window: rsc.Window{Since: from, Until: to}}))
		})
	}
	return 0, fmt.Errorf("rscsync: unknown poller %q", p)
}

// pollWindows reads [watermark, now-Settle) in windows of at most window and
// applies each with the watermark moved to its end, so nothing is missed or
// read twice. It returns the requests of its last window (or of the
// failed one): what a round costs once the stream has caught up, which is
// what the poller's interval is charged (a catch-up after a long stop, or
// a new tenant's Lookback, is a one-time cost that must not push the next
// round days away).
func (e *engine) pollWindows(ctx context.Context, t *Tenant, s StreamID, window time.Duration, read func(from, to time.Time) ([]Pulled, int, error)) (int, error) {
	cp, err := e.p.Checkpoints.LoadCheckpoint(ctx, s)
	if err != nil {
		return 0, fmt.Errorf("load checkpoint %s: %w", s, err)
	}
	end := time.Now().Add(-e.cfg.Pull.Settle).Truncate(time.Millisecond)
	calls := 0 // of the last window read
	for {
		from := end.Add(-e.cfg.Pull.Lookback)
		if cp.Cursor != "" {
			ms, err := strconv.ParseInt(cp.Cursor, 10, 64)
			if err != nil {
				return calls, fmt.Errorf("checkpoint %s: bad watermark %q", s, cp.Cursor)
			}
			from = time.UnixMilli(ms)
		}
		if !from.Before(end) {
			return calls, nil
		}
		to := from.Add(window)
		if to.After(end) {
			to = end
		}
		items, n, err := read(from, to)
		calls = n
		if err != nil {
			return calls, callErr(ctx, err)
		}
		next := Checkpoint{Cursor: strconv.FormatInt(to.UnixMilli(), 10), Done: cp.Done + int64(len(items)), UpdatedAt: time.Now()}
		b := Batch{Stream: s, From: cp, Next: next, Changes: items}
		if b.ATSChanges, err = e.decide(ctx, t.ID, items); err != nil {
			return calls, fmt.Errorf("intake %s: %w", s, err)
		}
		if err := e.p.Applier.Apply(ctx, b); err != nil {
			if errors.Is(err, ErrStaleCheckpoint) {
				if cp, err = e.p.Checkpoints.LoadCheckpoint(ctx, s); err != nil {
					return calls, err
				}
				continue
			}
			return calls, fmt.Errorf("apply %s: %w", s, err)
		}
		next.Version = cp.Version + 1
		cp = next
	}
}

// decide returns the Intake's ATS changes for changes (none without an
// Intake).
func (e *engine) decide(ctx context.Context, tenant string, changes []Pulled) ([]Change, error) {
	if e.cfg.Intake == nil {
		return nil, nil
	}
	return e.cfg.Intake.Decide(ctx, tenant, changes)
}

// applyNotified applies the changes a notification pointed to, with the
// Intake's decisions for them, in one Batch that moves no checkpoint: a
// notification is completed after, and a replay (the notification
// claimed again after a crash) changes nothing, the keys making every
// write idempotent.
func (e *engine) applyNotified(ctx context.Context, tenant string, changes []Pulled) error {
	ats, err := e.decide(ctx, tenant, changes)
	if err != nil {
		return err
	}
	return e.p.Applier.Apply(ctx, Batch{Stream: StreamID{Tenant: tenant}, Changes: changes, ATSChanges: ats})
}

// applyNow applies a full snapshot (integration states) to a stream.
func (e *engine) applyNow(ctx context.Context, s StreamID, items []Pulled) error {
	return e.applySnapshot(ctx, s, items, func(Checkpoint) string { return strconv.FormatInt(time.Now().UnixMilli(), 10) })
}

// applySnapshot applies a full snapshot to a stream, with the cursor that
// cursor makes of the checkpoint it replaces.
func (e *engine) applySnapshot(ctx context.Context, s StreamID, items []Pulled, cursor func(prev Checkpoint) string) error {
	for range 3 {
		cp, err := e.p.Checkpoints.LoadCheckpoint(ctx, s)
		if err != nil {
			return err
		}
		next := Checkpoint{Cursor: cursor(cp), Done: cp.Done + int64(len(items)), UpdatedAt: time.Now()}
		err = e.p.Applier.Apply(ctx, Batch{Stream: s, From: cp, Next: next, Changes: items})
		if !errors.Is(err, ErrStaleCheckpoint) {
			return err
		}
	}
	return fmt.Errorf("apply %s: %w", s, ErrStaleCheckpoint)
}

// applySeats stores the seat snapshot. Its cursor is "<ms>/<hash of the
// active seats>": notes and mail stubs are read for the seats known at the
// time, so when the seats differ from the previous snapshot's, their
// watermarks go back to that snapshot's time, and the next rounds read
// again (idempotently) what a new seat may have written since. The rewinds
// come before the new snapshot is stored: if one fails, the next seat
// round sees the change again and retries them.
func (e *engine) applySeats(ctx context.Context, t *Tenant, seats []Pulled, urns []model.URN) error {
	sorted := slices.Clone(urns)
	slices.Sort(sorted)
	h := fnv.New64a()
	for _, u := range sorted {
		h.Write([]byte(u))
		h.Write([]byte{0})
	}
	now, sum := time.Now().UnixMilli(), fmt.Sprintf("%016x", h.Sum64())
	s := pullStream(t.ID, PollSeats, "")
	prev, err := e.p.Checkpoints.LoadCheckpoint(ctx, s)
	if err != nil {
		return err
	}
	if at, was, ok := strings.Cut(prev.Cursor, "/"); prev.Cursor != "" && (!ok || was != sum) {
		if ms, err := strconv.ParseInt(at, 10, 64); err == nil {
			for _, p := range []Poller{PollProspectNotes, PollMailStubs} {
				if err := e.rewind(ctx, pullStream(t.ID, p, ""), ms); err != nil {
					return err
				}
			}
			e.log.LogAttrs(ctx, slog.LevelInfo, "rscsync seats changed: notes and stubs read again", slog.String("tenant", t.ID),
				slog.Time("since", time.UnixMilli(ms)))
		}
	}
	return e.applySnapshot(ctx, s, seats, func(Checkpoint) string { return strconv.FormatInt(now, 10) + "/" + sum })
}

// rewind moves a window stream's watermark back to ms if it is past it.
func (e *engine) rewind(ctx context.Context, s StreamID, ms int64) error {
	for range 3 {
		cp, err := e.p.Checkpoints.LoadCheckpoint(ctx, s)
		if err != nil {
			return err
		}
		cur, err := strconv.ParseInt(cp.Cursor, 10, 64)
		if cp.Cursor == "" || err != nil || cur <= ms {
			return nil
		}
		next := cp
		next.Cursor, next.UpdatedAt = strconv.FormatInt(ms, 10), time.Now()
		if err := e.p.Checkpoints.SaveCheckpoint(ctx, s, cp, next); !errors.Is(err, ErrStaleCheckpoint) {
			return err
		}
	}
	return fmt.Errorf("rewind %s: %w", s, ErrStaleCheckpoint)
}

// counted returns a context whose requests rsc counts in n.
func counted(ctx context.Context) (context.Context, *atomic.Int64) {
	n := new(atomic.Int64)
	return rsc.WithRequestCount(ctx, n), n
}

// collectAll drains an iterator made with a counted context and returns
// the requests it sent (rsc counts them: pages and retries).
func collectAll[T any](n *atomic.Int64, seq func(func(T, error) bool)) ([]Pulled, int, error) {
	var out []T
	for v, err := range seq {
		if err != nil {
			return pulledOf(out), int(n.Load()), err
		}
		out = append(out, v)
	}
	return pulledOf(out), int(n.Load()), nil
}

// callErr turns a daily quota into a pause of the tenant.
func callErr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var qe *rsc.QuotaError
	if errors.As(err, &qe) {
		return &pauseError{until: qe.ResetAt, err: err}
	}
	return err
}

// fetchErr is callErr for a notification's fetch: LinkedIn refusing it for
// good (4xx other than 429) rejects the notification instead of retrying.
func fetchErr(ctx context.Context, err error) error {
	var ae *rsc.APIError
	if errors.As(err, &ae) && !ae.Temporary() {
		reason := err.Error()
		if rsc.RequestUnknown(err) {
			reason = "LinkedIn does not know this request id for the tenant's application (unknown, another customer's, or expired after 24 h): " + reason
		}
		return &rejectedNotification{reason: reason}
	}
	return callErr(ctx, err)
}

// handleNotifications fetches what queued notifications point to: the
// candidates of a One-Click Export (checked against the tenant's
// organization), Hiring Assistant evaluations or the integrations of a
// status change, and hands them to the Applier (with the Intake's
// decisions).
func (e *engine) handleNotifications(ctx context.Context, t *Tenant) error {
	_, err := e.notificationRounds(ctx, t)
	return err
}

// notificationRounds is handleNotifications, returning the notifications it
// claimed.
func (e *engine) notificationRounds(ctx context.Context, t *Tenant) (int, error) {
	total := 0
	for {
		if err := handingOver(ctx); err != nil {
			return total, err
		}
		ns, err := e.p.Queue.Claim(ctx, t.ID, LaneNotifications, 50, e.cfg.Lease)
		if err != nil {
			return total, fmt.Errorf("rscsync: claim notifications: %w", err)
		}
		if len(ns) == 0 {
			return total, nil
		}
		total += len(ns)
		for _, n := range ns {
			err := e.handleNotification(ctx, t, n)
			retryAt, text := time.Time{}, ""
			if err != nil {
				var pe *pauseError
				if errors.As(err, &pe) || ctx.Err() != nil {
					return total, err
				}
				text = err.Error()
				var rej *rejectedNotification
				if errors.As(err, &rej) {
					e.log.LogAttrs(ctx, slog.LevelWarn, "rscsync notification rejected", slog.String("tenant", t.ID),
						slog.String("type", string(n.Notification.Type)), slog.String("request_id", n.Notification.ID),
						slog.String("reason", rej.reason))
				} else {
					retryAt = time.Now().Add(backoff(n.Attempts, e.cfg.MaxBackoff))
					e.log.LogAttrs(ctx, slog.LevelWarn, "rscsync notification not fetched, retried later", slog.String("tenant", t.ID),
						slog.String("type", string(n.Notification.Type)), slog.String("request_id", n.Notification.ID),
						slog.String("error", text), slog.Time("retry_at", retryAt))
				}
			}
			if err := e.p.Queue.Complete(ctx, []Item{n}, Outcome{RetryAt: retryAt, Error: text}); err != nil && !errors.Is(err, ErrLeaseLost) {
				return total, fmt.Errorf("rscsync: complete notification: %w", err)
			}
		}
	}
}

// rejectedNotification will never succeed: it is completed with its reason.
type rejectedNotification struct{ reason string }

func (e *rejectedNotification) Error() string { return "rscsync: notification rejected: " + e.reason }

func (e *engine) handleNotification(ctx context.Context, t *Tenant, n Item) error {
	c := t.Client
	switch n.Notification.Type {
	case model.NotificationExportCandidateProfile:
		exports, _, err := c.Exports.Get(ctx, n.Notification.ID)
		if err != nil {
			return fetchErr(ctx, err)
		}
		if len(exports) == 0 {
			return &rejectedNotification{reason: "LinkedIn answered no exported candidate for request id " + n.Notification.ID +
				" of the tenant's application (unknown, another customer's, or expired)"}
		}
		for _, ex := range exports {
			if ex.IntegrationContext != t.Organization {
				e.log.LogAttrs(ctx, slog.LevelWarn, "rscsync export for another customer rejected", slog.String("tenant", t.ID),
					slog.String("request_id", n.Notification.ID), slog.String("integration_context", string(ex.IntegrationContext)))
				return &rejectedNotification{reason: fmt.Sprintf("export %s belongs to %s, not to tenant %s (%s)",
					n.Notification.ID, ex.IntegrationContext, t.ID, t.Organization)}
			}
		}
		changes := make([]Pulled, len(exports))
		for i, ex := range exports {
			changes[i] = ExportChange{ex}
		}
		return e.applyNotified(ctx, t.ID, changes)
	case model.NotificationIntegrationStatusChange:
		ins, _, err := c.Integrations.FindByRequest(ctx, n.Notification.ID)
		if err != nil {
			return fetchErr(ctx, err)
		}
		if len(ins) == 0 {
			return &rejectedNotification{reason: "LinkedIn answered no integration for request id " + n.Notification.ID +
				" of the tenant's application (unknown, another customer's, or expired)"}
		}
		items := make([]Pulled, 0, len(ins))
		for _, in := range ins {
			if in.Key.IntegrationContext != t.Organization && in.Key.IntegrationContext != t.Contract {
				return &rejectedNotification{reason: fmt.Sprintf("integration of %s does not belong to tenant %s", in.Key.IntegrationContext, t.ID)}
			}
			items = append(items, IntegrationChange{in})
		}
		return e.applyNow(ctx, pullStream(t.ID, PollIntegrations, ""), items)
	}
	if n.Notification.Type == model.NotificationApplicationEvaluation || n.Notification.Type == "APPLICATION_EVALUATION" {
		return e.handleEvaluation(ctx, t, n)
	}
	return &rejectedNotification{reason: "unknown notification type " + string(n.Notification.Type)}
}

// handleEvaluation fetches the Hiring Assistant evaluations of a
// notification and hands them to the Applier, after checking that each is
// the tenant's.
func (e *engine) handleEvaluation(ctx context.Context, t *Tenant, n Item) error {
	evals, _, err := t.Client.Evaluations.Get(ctx, n.Notification.ID)
	if err != nil {
		return fetchErr(ctx, err)
	}
	if len(evals) == 0 {
		return &rejectedNotification{reason: "LinkedIn answered no evaluation for request id " + n.Notification.ID +
			" of the tenant's application (unknown, another customer's, or expired after 24 h)"}
	}
	for _, ev := range evals {
		if !ev.IntegrationContext.IsZero() && ev.IntegrationContext != t.Organization {
			return &rejectedNotification{reason: fmt.Sprintf("evaluation %s belongs to %s, not to tenant %s (%s)",
				n.Notification.ID, ev.IntegrationContext, t.ID, t.Organization)}
		}
	}
	changes := make([]Pulled, len(evals))
	for i, ev := range evals {
		changes[i] = EvaluationChange{ev}
	}
	return e.applyNotified(ctx, t.ID, changes)
}
