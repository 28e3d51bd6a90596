package rscsync

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"
)

// engine is one engine (Backfill, Push, Pull), or a Runner's own view of
// its Parts (leases, offboarding, Status): p holds only the parts it uses.
type engine struct {
	p     Parts
	cfg   Config
	log   *slog.Logger
	tasks *jobTasks  // LinkedIn job tasks still in progress (shared by a Runner's engines)
	held  *heldPages // backfill pages a daily quota interrupted
	// notify handles the queued notifications between backfill pages (a
	// Runner's Pull); nil: not handled there.
	notify func(ctx context.Context, t *Tenant) error
}

// Runner runs the engines for many tenants: for each, the backfill until it
// is complete, then push (outbox), pull (pollers) and the slow reconcile
// (Config.Reconcile) continuously, and the resyncs RequestResync asks for.
// Notifications (One-Click Exports) are handled throughout, between
// backfill pages too. Several processes may run a Runner on one Store when it is a
// Locker: each tenant is served by the process holding its lease, so a child
// application's quota is spent by one sender at a time.
type Runner struct {
	e       *engine // the Runner's own: leases, offboarding, Status
	en      engines // the engines it composes per tenant
	tenants TenantSource

	mu      sync.Mutex
	active  map[string]*served // the tenants Run serves, by ID
	listed  []Tenant           // the TenantSource's last listing
	skipped map[string]skip    // why a listed tenant is not served here
}

// NewRunner returns a Runner over store for the tenants of src: the
// Runner of NewRunnerFrom(PartsOf(store), src, cfg), for a host that
// implements everything in one type. It logs (at Info) the optional
// abilities it found, so that one missing by a typo in a method shows.
func NewRunner(store Store, src TenantSource, cfg Config) (*Runner, error) {
	if store == nil {
		return nil, errors.New("rscsync: NewRunner needs a Store and a TenantSource")
	}
	p := PartsOf(store)
	if cfg.Logger != nil {
		cfg.Logger.LogAttrs(context.Background(), slog.LevelInfo, "rscsync store abilities", slog.Any("abilities", p.Abilities()))
	}
	return NewRunnerFrom(p, src, cfg)
}

// NewRunnerFrom returns a Runner over the parts p for the tenants of src.
// Each engine takes the parts it needs (see Parts); the optional ones that
// are nil are not used.
func NewRunnerFrom(p Parts, src TenantSource, cfg Config) (*Runner, error) {
	if src == nil {
		return nil, errors.New("rscsync: NewRunner needs a Store and a TenantSource")
	}
	if err := p.check(); err != nil {
		return nil, err
	}
	if p.LeaseRenewer != nil && cfg.LockTTL <= 0 {
		// Renewing costs one call per process, not per tenant: short leases
		// make a dead process's tenants move within 15 s.
		cfg.LockTTL = fastLockTTL
	}
	cfg = cfg.withDefaults()
	r := &Runner{tenants: src, active: map[string]*served{}, skipped: map[string]skip{}}
	// Status shows the latest backfill progress of every served tenant.
	host := cfg.Progress
	cfg.Progress = func(p Progress) {
		r.noteProgress(p)
		if host != nil {
			host(p)
		}
	}
	r.en = compose(p, cfg)
	r.e = newEngine(p, cfg)
	r.e.tasks = r.en.push.tasks // serve schedules the job tasks push follows
	return r, nil
}

// fastLockTTL is the default LockTTL with a LeaseRenewer Store.
const fastLockTTL = 10 * time.Second

// Intake returns the Config's Intake (nil when none), e.g. to Match a new
// applicant.
func (r *Runner) Intake() *Intake { return r.e.cfg.Intake }

// Wake tells the Runner that tenant has new intents or notifications: if
// Run serves it, its loop claims them at once instead of at its safety
// timer (Config.IdleInterval). "" wakes every served tenant. Hosts whose
// Store is not a TenantWaker call it after recording a change or enqueueing
// a notification (in the rsc.NotificationHandler, for example). It never
// blocks, and a tenant the Runner does not serve is ignored.
func (r *Runner) Wake(tenant string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if tenant != "" {
		if s := r.active[tenant]; s != nil {
			s.poke()
		}
		return
	}
	for _, s := range r.active {
		s.poke()
	}
}

// Run serves the tenants until ctx ends, then returns once every goroutine
// it started has ended. It returns nil after a cancellation, or the
// TenantSource's error if it fails on the first call. Call it once at a
// time per Runner.
//
// The TenantSource is asked again every TenantRefresh (and whenever a
// tenant's loop ends): a tenant it no longer lists is stopped and its lease
// released, and a tenant whose entry changed (a new Client after rotated
// credentials, another Organization or Contract) is restarted with the new
// entry. A tenant whose offboarding is recorded (Offboarder) is not
// started, and a served one stops within TenantRefresh.
//
// A served tenant with nothing to do costs next to nothing: its finished
// backfill is not read again, and its outbox and notification queue are
// claimed when it is woken (Wake, or the Store's TenantWaker naming it) and
// otherwise every IdleInterval. With a Store that is only a Waker every
// signal wakes every tenant, since it does not say which tenant changed;
// with neither, the outbox is polled every PushInterval. Pollers, the
// reconcile and requested resyncs run on their own schedules. When the
// Store is a LeaseRenewer the leases of all served tenants are renewed in
// one call.
func (r *Runner) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	defer wg.Wait()
	// Whatever ends Run (a cancellation, or the TenantSource failing at
	// first) ends its goroutines: cancel runs before wg.Wait.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	freed := make(chan struct{}, 1)
	refresh := time.NewTicker(r.e.cfg.TenantRefresh)
	defer refresh.Stop()
	if tw := r.e.p.TenantWaker; tw != nil {
		stop := tw.WakeTenants(r.Wake)
		defer stop()
	} else if w := r.e.p.Waker; w != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.broadcast(ctx, w.Wake())
		}()
	}
	isLocker := r.e.p.Locker != nil
	lr, batch := r.e.p.LeaseRenewer, r.e.p.LeaseRenewer != nil
	batch = batch && isLocker
	if batch {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.renewLeases(ctx, lr)
		}()
	}
	if m := r.e.cfg.Metrics; m != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.observe(ctx, m)
		}()
	}
	// With a Store that tells lease owners in one query, free tenants (a
	// dead process's, once its leases expired) are looked for every
	// LockTTL/4 in the last listing, and only free ones are tried.
	lo, owners := r.e.p.LeaseOwners, r.e.p.LeaseOwners != nil
	owners = owners && isLocker
	var scanC <-chan time.Time
	if owners {
		scan := time.NewTicker(r.e.cfg.LockTTL / 4)
		defer scan.Stop()
		scanC = scan.C
	}
	ll, fair := r.e.p.LeaseLister, r.e.p.LeaseLister != nil
	fair = fair && owners
	if fair {
		// Leaving says so at once: the others take a larger share.
		defer func() {
			uctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			defer cancel()
			_ = r.e.p.Locker.Unlock(uctx, memberPrefix+r.e.cfg.Owner, r.e.cfg.Owner)
		}()
	}
	first, ask := true, true
	var listing []Tenant
	for {
		var ts []Tenant
		var err error
		if ask {
			ts, err = r.tenants.Tenants(ctx)
			switch {
			case err != nil && first && ctx.Err() == nil:
				return fmt.Errorf("rscsync: tenants: %w", err)
			case err != nil:
				r.e.log.LogAttrs(ctx, slog.LevelWarn, "rscsync tenants", slog.String("error", err.Error()))
			}
			if err == nil {
				r.stopUnlisted(ctx, ts)
				listing = ts
			}
		} else {
			ts = listing
		}
		first = false
		skipped := map[string]skip{}
		elsewhere := map[string]bool{}
		if owners {
			elsewhere = r.ownedElsewhere(ctx, lo, ts)
		}
		capacity := r.e.cfg.Concurrency
		if fair && len(ts) > 0 {
			if share, ok := r.fairShare(ctx, ll, len(ts)); ok {
				capacity = min(capacity, share)
				r.shed(ctx, capacity)
			}
		}
		var full []string
		for i := range ts {
			t := ts[i]
			r.mu.Lock()
			_, busy := r.active[t.ID]
			isFull := len(r.active) >= capacity
			r.mu.Unlock()
			if busy {
				continue
			}
			if elsewhere[t.ID] {
				skipped[t.ID] = skip{StateElsewhere, ""}
				continue
			}
			if isFull {
				full = append(full, t.ID)
				continue
			}
			if err := t.validate(); err != nil {
				skipped[t.ID] = skip{StateInvalid, err.Error()}
				r.e.log.LogAttrs(ctx, slog.LevelWarn, "rscsync tenant skipped", slog.String("error", err.Error()))
				continue
			}
			if off, err := r.e.offboarding(ctx, t.ID); err != nil || off {
				if err != nil {
					skipped[t.ID] = skip{StateError, "offboarding state not read: " + err.Error()}
					r.e.log.LogAttrs(ctx, slog.LevelWarn, "rscsync tenant skipped: offboarding state not read", slog.String("tenant", t.ID), slog.String("error", err.Error()))
				} else {
					skipped[t.ID] = skip{StateOffboarded, ""}
					r.e.log.LogAttrs(ctx, slog.LevelDebug, "rscsync tenant skipped: offboarded", slog.String("tenant", t.ID))
				}
				continue
			}
			ok, err := r.lock(ctx, t.ID)
			if err != nil {
				skipped[t.ID] = skip{StateError, "lease not taken: " + err.Error()}
				r.e.log.LogAttrs(ctx, slog.LevelWarn, "rscsync tenant lease not taken", slog.String("tenant", t.ID), slog.String("error", err.Error()))
				continue
			}
			if !ok {
				// Normal with several processes: retried every TenantRefresh.
				skipped[t.ID] = skip{StateElsewhere, ""}
				r.e.log.LogAttrs(ctx, slog.LevelDebug, "rscsync tenant served elsewhere: another owner holds its lease", slog.String("tenant", t.ID))
				continue
			}
			tctx, cancel := context.WithCancel(ctx)
			s := &served{tenant: t, cancel: cancel, wake: make(chan struct{}, 1), handover: make(chan struct{})}
			s.view.since = time.Now()
			r.mu.Lock()
			r.active[t.ID] = s
			r.mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer func() {
					cancel()
					r.mu.Lock()
					if r.active[t.ID] == s {
						delete(r.active, t.ID)
					}
					if s.leaving != nil {
						s.leaving.Stop()
					}
					r.mu.Unlock()
					select {
					case freed <- struct{}{}:
					default:
					}
				}()
				r.serve(tctx, s, !batch)
			}()
		}
		// The tenants this process has no room for: served elsewhere, or by
		// nobody (said in a log line and in Status).
		if !owners {
			full = r.servedElsewhere(ctx, full, skipped)
		}
		for _, id := range full {
			skipped[id] = skip{StateFull, ""}
		}
		if ask { // once per listing, not every scan
			r.warnUnserved(ctx, full)
		}
		if err == nil {
			r.mu.Lock()
			r.listed, r.skipped = ts, skipped
			r.mu.Unlock()
		}
		select {
		case <-ctx.Done():
			return nil
		case <-refresh.C:
			ask = true
		case <-freed:
			ask = true
		case <-scanC:
			ask = false
		}
	}
}

// fairShare renews this process's membership lease and returns its share
// of n tenants: ceil(n / live processes). ok is false when the members
// could not be read (the share is then not applied).
func (r *Runner) fairShare(ctx context.Context, ll LeaseLister, n int) (share int, ok bool) {
	lk := r.e.p.Locker
	if _, err := lk.TryLock(ctx, memberPrefix+r.e.cfg.Owner, r.e.cfg.Owner, r.e.cfg.LockTTL); err != nil {
		r.e.log.LogAttrs(ctx, slog.LevelWarn, "rscsync membership not renewed", slog.String("error", err.Error()))
		return 0, false
	}
	members, err := ll.ListLeases(ctx, memberPrefix)
	if err != nil {
		r.e.log.LogAttrs(ctx, slog.LevelWarn, "rscsync members not read", slog.String("error", err.Error()))
		return 0, false
	}
	m := max(len(members), 1)
	return (n + m - 1) / m, true
}

// memberPrefix names the membership leases of fair assignment.
const memberPrefix = "member/"

// shed hands over the tenants this process serves beyond capacity (the
// ones it started last), releasing their leases for the other processes.
// Each stops at its next page or batch boundary (see handover.go), or is
// cancelled after LockTTL; the ones already leaving count as gone.
func (r *Runner) shed(ctx context.Context, capacity int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	ss := make([]*served, 0, len(r.active))
	for _, s := range r.active {
		if s.leaving == nil {
			ss = append(ss, s)
		}
	}
	extra := len(ss) - capacity
	if extra <= 0 {
		return
	}
	slices.SortFunc(ss, func(a, b *served) int { return b.view.since.Compare(a.view.since) })
	for _, s := range ss[:extra] {
		close(s.handover)
		s.leaving = time.AfterFunc(r.e.cfg.LockTTL, s.cancel)
	}
	r.e.log.LogAttrs(ctx, slog.LevelInfo, "rscsync tenants handed over for balance", slog.Int("tenants", extra), slog.Int("share", capacity))
}

// ownedElsewhere returns the tenants of ts not served here whose lease
// another owner holds, with one LeaseOwners call (none on an error: every
// tenant is then tried).
func (r *Runner) ownedElsewhere(ctx context.Context, lo LeaseOwners, ts []Tenant) map[string]bool {
	r.mu.Lock()
	names := make([]string, 0, len(ts))
	for _, t := range ts {
		if _, busy := r.active[t.ID]; !busy {
			names = append(names, "tenant/"+t.ID)
		}
	}
	r.mu.Unlock()
	out := map[string]bool{}
	if len(names) == 0 {
		return out
	}
	owners, err := lo.LeaseOwners(ctx, names)
	if err != nil {
		r.e.log.LogAttrs(ctx, slog.LevelWarn, "rscsync lease owners not read", slog.String("error", err.Error()))
		return out
	}
	for name, o := range owners {
		if o != r.e.cfg.Owner {
			out[strings.TrimPrefix(name, "tenant/")] = true
		}
	}
	return out
}

// ErrTenantBusy is returned (wrapped, per tenant) by SyncOnce for a tenant
// it skipped because another owner holds the tenant's lease (Locker):
// another process serves it, or a crashed process's lease has not expired.
var ErrTenantBusy = errors.New("rscsync: tenant skipped: another owner holds its lease")

// served is a tenant Run is serving.
type served struct {
	tenant Tenant // the entry it was started with
	cancel context.CancelFunc
	wake   chan struct{} // buffered 1: wake-ups coalesce
	view   tenantView    // what Status shows of it

	// handover is closed when the tenant is handed over for balance, and
	// leaving (under Runner.mu) then cancels it if it has not stopped.
	handover chan struct{}
	leaving  *time.Timer
}

// poke wakes the tenant's loop without blocking.
func (s *served) poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// stopUnlisted stops the served tenants that ts no longer lists, or lists
// with another entry; the latter start again, with the new entry, once
// their loop has ended.
func (r *Runner) stopUnlisted(ctx context.Context, ts []Tenant) {
	listed := make(map[string]Tenant, len(ts))
	for _, t := range ts {
		listed[t.ID] = t
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for id, s := range r.active {
		t, ok := listed[id]
		if ok && t == s.tenant {
			continue
		}
		reason := "no longer listed"
		if ok {
			reason = "entry changed"
		}
		r.e.log.LogAttrs(ctx, slog.LevelInfo, "rscsync tenant stopped", slog.String("tenant", id), slog.String("reason", reason))
		s.cancel()
	}
}

// broadcast passes each signal of the Store's Waker to every served
// tenant's loop, until ctx ends.
func (r *Runner) broadcast(ctx context.Context, wake <-chan struct{}) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-wake:
		}
		r.Wake("")
	}
}

// lock takes the tenant's lease up front when the Store is a Locker (serve
// then renews and finally releases it).
func (r *Runner) lock(ctx context.Context, tenant string) (ok bool, err error) {
	lk, isLocker := r.e.p.Locker, r.e.p.Locker != nil
	if !isLocker {
		return true, nil
	}
	return lk.TryLock(ctx, "tenant/"+tenant, r.e.cfg.Owner, r.e.cfg.LockTTL)
}

// serve runs one tenant until ctx ends or its lease is lost; renew says
// whether it renews its lease itself (renewLeases does otherwise). A value
// on s.wake starts the next round at once, claiming the outbox and the
// notification queue.
func (r *Runner) serve(ctx context.Context, s *served, renew bool) {
	t := &s.tenant
	ctx, cancel := r.holdLease(ctx, t.ID, renew)
	defer cancel()
	if ctx.Err() != nil {
		return
	}
	ctx = withHandover(ctx, s.handover)
	e := r.e
	eventDriven := e.p.TenantWaker != nil
	if e.p.Waker != nil {
		eventDriven = true
	}
	// A Store that wakes the tenant when a resync or an offboarding is
	// requested lets the loop look for them on wake-ups and the safety timer.
	notifies := e.p.Notifier != nil
	notifies = notifies && eventDriven
	var st pullState
	offEvery := e.cfg.TenantRefresh
	if notifies {
		st.resyncEvery = e.cfg.IdleInterval
		offEvery = e.cfg.IdleInterval
	}
	// quiet starts high: a tenant whose first round finds nothing is idle
	// at once; the short waits are for the rounds after work was found.
	failures, quiet := 0, 20
	wake := s.wake
	checked := time.Now()
	claim := true // the first round looks at everything
	woken := false
	var claimAt time.Time
	for {
		// An offboarding recorded meanwhile stops the tenant (Offboarder).
		if time.Since(checked) >= offEvery || (woken && notifies) {
			checked = time.Now()
			if off, err := e.offboarding(ctx, t.ID); err == nil && off {
				e.log.LogAttrs(ctx, slog.LevelInfo, "rscsync tenant stopped", slog.String("tenant", t.ID), slog.String("reason", "offboarded"))
				return
			}
		}
		if !time.Now().Before(claimAt) {
			claim = true
		}
		next, n, err := r.step(ctx, t, &st, false, claim)
		if ctx.Err() != nil {
			return
		}
		if errors.Is(err, errHandedOver) {
			e.log.LogAttrs(ctx, slog.LevelInfo, "rscsync tenant stopped", slog.String("tenant", t.ID), slog.String("reason", "handed over for balance"))
			return
		}
		s.view.publish(&st, err)
		if claim && err == nil {
			if n > 0 {
				quiet = 0
			} else {
				quiet++
			}
			claimAt = time.Now().Add(e.claimWait(eventDriven, quiet))
		}
		// After an error or a pause the next round looks at everything.
		claim, woken = err != nil, false
		var wait time.Duration
		var pe *pauseError
		switch {
		case errors.As(err, &pe):
			failures = 0
			wait = time.Until(pe.until)
			e.log.LogAttrs(ctx, slog.LevelWarn, "rscsync tenant paused", slog.String("tenant", t.ID),
				slog.Time("until", pe.until), slog.String("reason", pe.err.Error()))
			wake = nil // no retry loop while paused: sleep to the reset
		case err != nil:
			failures++
			wait = backoff(failures, e.cfg.MaxBackoff)
			e.log.LogAttrs(ctx, slog.LevelWarn, "rscsync tenant error", slog.String("tenant", t.ID),
				slog.String("error", err.Error()), slog.Duration("wait", wait))
		default:
			failures = 0
			now := time.Now()
			at := soonest(now, next, claimAt, checked.Add(offEvery), st.resyncCheck, e.tasks.next(t.ID))
			if !e.cfg.Reconcile.Disabled {
				at = soonest(now, at, st.reconcileNext)
			}
			if at.IsZero() {
				at = now.Add(e.cfg.IdleInterval)
			}
			wait = at.Sub(now)
		}
		timer := time.NewTimer(max(wait, 0))
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case <-s.handover:
			timer.Stop()
			e.log.LogAttrs(ctx, slog.LevelInfo, "rscsync tenant stopped", slog.String("tenant", t.ID), slog.String("reason", "handed over for balance"))
			return
		case <-timer.C:
		case <-wake:
			timer.Stop()
			claim, woken = true, true
			if notifies {
				st.resyncCheck = time.Time{} // a resync may have been requested
			}
		}
		if pe != nil {
			wake = s.wake
		}
	}
}

// claimWait is how long a tenant waits before it claims its outbox and
// notification queue again without a wake-up, after quiet rounds in a row
// that found nothing: PushInterval without a Store that wakes it on
// changes; otherwise PushInterval after a round that found work, then eight
// times longer after every empty round, up to IdleInterval.
// The IdleInterval wait is shortened by up to a quarter at random, so that
// tenants started together do not all look at once.
func (e *engine) claimWait(eventDriven bool, quiet int) time.Duration {
	d := e.cfg.PushInterval
	if !eventDriven || quiet == 0 {
		return d
	}
	for range min(quiet, 20) {
		d *= 8
		if d >= e.cfg.IdleInterval {
			return e.cfg.IdleInterval - rand.N(e.cfg.IdleInterval/4+1)
		}
	}
	return d
}

// soonest returns the earliest of ts that is after now (zero if none).
func soonest(now time.Time, ts ...time.Time) time.Time {
	var at time.Time
	for _, t := range ts {
		if t.After(now) && (at.IsZero() || t.Before(at)) {
			at = t
		}
	}
	return at
}

// holdLease returns a context that ends when the tenant's lease (if the
// Store is a Locker) is lost, and, with renew, keeps the lease renewed
// meanwhile. Its cancel function releases the lease.
func (r *Runner) holdLease(ctx context.Context, tenant string, renew bool) (context.Context, context.CancelFunc) {
	lk, ok := r.e.p.Locker, r.e.p.Locker != nil
	if !ok {
		return context.WithCancel(ctx)
	}
	ctx, cancel := context.WithCancel(ctx)
	name, owner := "tenant/"+tenant, r.e.cfg.Owner
	done := make(chan struct{})
	if !renew {
		close(done)
	} else {
		go func() {
			defer close(done)
			r.renewLease(ctx, cancel, lk, tenant)
		}()
	}
	return ctx, func() {
		cancel()
		<-done
		// Release with a fresh context: ctx has ended by now.
		uctx, ucancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer ucancel()
		_ = lk.Unlock(uctx, name, owner)
	}
}

// step does one round of a tenant's work: with claim, the queued
// notifications (One-Click Exports do not wait for anything else); the
// backfill until it is complete (which handles new notifications between
// pages too); the requested resyncs; with claim, push; the reconcile's page
// when due, and the due pollers. It returns when the next poller is due
// (zero: pollers disabled) and the notifications and intents it claimed.
func (r *Runner) step(ctx context.Context, t *Tenant, st *pullState, force, claim bool) (time.Time, int, error) {
	en := r.en
	claimed := 0
	if claim {
		n, err := en.pull.notificationRounds(ctx, t)
		claimed += n
		if err != nil {
			return time.Time{}, claimed, err
		}
	}
	if !st.backfilled {
		if err := en.backfill.backfill(ctx, t); err != nil {
			return time.Time{}, claimed, err
		}
		st.backfilled = true
	}
	if err := en.backfill.resync(ctx, t, st, force); err != nil {
		return time.Time{}, claimed, err
	}
	if claim {
		n, err := en.push.drain(ctx, t)
		claimed += n
		if err != nil {
			return time.Time{}, claimed, err
		}
	}
	if err := en.push.followJobTasks(ctx, t); err != nil {
		return time.Time{}, claimed, err
	}
	if err := en.backfill.reconcile(ctx, t, st); err != nil {
		return time.Time{}, claimed, err
	}
	if r.e.cfg.Pull.Disabled {
		return time.Time{}, claimed, nil
	}
	next, err := en.pull.pollDue(ctx, t, st, force)
	return next, claimed, err
}

// SyncOnce does one pass for every tenant, for hosts that drive the engines
// from cron (a tenant being offboarded is skipped): the backfill to
// completion, every queued notification, the requested resyncs, the outbox
// until nothing is due, the reconcile's page when due, and one round of
// every poller. Tenants run concurrently (Concurrency); a tenant whose
// lease another process holds is skipped, with a log line and an error
// matching ErrTenantBusy among the ones returned (after a crash a
// process's own lease holds for up to Config.LockTTL). It returns the tenants' errors joined; a daily quota
// shows as an error matching rsc.ErrDailyQuota.
//
// The job tasks LinkedIn has not finished when a job is sent are followed in
// the Runner's memory, by later passes of the same Runner: a cron host that
// builds a new Runner for every pass sees only the failures LinkedIn reports
// at once (keep one Runner between passes to see the others).
func (r *Runner) SyncOnce(ctx context.Context) error {
	ts, err := r.tenants.Tenants(ctx)
	if err != nil {
		return fmt.Errorf("rscsync: tenants: %w", err)
	}
	sem := make(chan struct{}, r.e.cfg.Concurrency)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var errs []error
	for i := range ts {
		t := ts[i]
		if err := t.validate(); err != nil {
			errs = append(errs, err)
			continue
		}
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			if err := r.once(ctx, &t); err != nil {
				mu.Lock()
				errs = append(errs, fmt.Errorf("tenant %s: %w", t.ID, err))
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

func (r *Runner) once(ctx context.Context, t *Tenant) error {
	if off, err := r.e.offboarding(ctx, t.ID); err != nil {
		return err
	} else if off {
		r.e.log.LogAttrs(ctx, slog.LevelInfo, "rscsync tenant skipped: offboarded", slog.String("tenant", t.ID))
		return nil
	}
	if lk, ok := r.e.p.Locker, r.e.p.Locker != nil; ok {
		held, err := lk.TryLock(ctx, "tenant/"+t.ID, r.e.cfg.Owner, r.e.cfg.LockTTL)
		if err != nil {
			return err
		}
		if !held {
			r.e.log.LogAttrs(ctx, slog.LevelWarn, "rscsync tenant skipped: another owner holds its lease",
				slog.String("tenant", t.ID), slog.String("owner", r.e.cfg.Owner), slog.Duration("lease_ttl", r.e.cfg.LockTTL))
			return ErrTenantBusy
		}
	}
	ctx, release := r.holdLease(ctx, t.ID, true)
	defer release()
	var st pullState
	_, _, err := r.step(ctx, t, &st, true, true)
	return err
}
