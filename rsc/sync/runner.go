package rscsync

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// engine holds what every engine of a Runner shares.
type engine struct {
	store Store
	cfg   Config
	log   *slog.Logger
	tasks jobTasks // LinkedIn job tasks still in progress
}

// Runner runs the engines for many tenants: for each, the backfill until it
// is complete, then push (outbox), pull (pollers) and the slow reconcile
// (Config.Reconcile) continuously, and the resyncs RequestResync asks for.
// Notifications (One-Click Exports) are handled throughout, between
// backfill pages too. Several processes may run a Runner on one Store when it is a
// Locker: each tenant is served by the process holding its lease, so a child
// application's quota is spent by one sender at a time.
type Runner struct {
	e       *engine
	tenants TenantSource
}

// NewRunner returns a Runner over store for the tenants of src.
func NewRunner(store Store, src TenantSource, cfg Config) (*Runner, error) {
	if store == nil || src == nil {
		return nil, errors.New("rscsync: NewRunner needs a Store and a TenantSource")
	}
	cfg = cfg.withDefaults()
	return &Runner{e: &engine{store: store, cfg: cfg, log: cfg.Logger}, tenants: src}, nil
}

// Intake returns the Config's Intake (nil when none), e.g. to Match a new
// applicant.
func (r *Runner) Intake() *Intake { return r.e.cfg.Intake }

// Run serves the tenants until ctx ends, then returns once every goroutine
// it started has ended. It returns nil after a cancellation, or the
// TenantSource's error if it fails on the first call.
//
// The TenantSource is asked again every TenantRefresh (and whenever a
// tenant's loop ends): a tenant it no longer lists is stopped and its lease
// released, and a tenant whose entry changed (a new Client after rotated
// credentials, another Organization or Contract) is restarted with the new
// entry. When the Store is a Waker, every tenant's loop is woken by its
// signal, since the signal does not say which tenant changed. A tenant
// whose offboarding is recorded (Offboarder) is not started, and a served
// one stops within TenantRefresh.
func (r *Runner) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	defer wg.Wait()
	// Whatever ends Run (a cancellation, or the TenantSource failing at
	// first) ends its goroutines: cancel runs before wg.Wait.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var mu sync.Mutex
	active := map[string]*served{}
	freed := make(chan struct{}, 1)
	refresh := time.NewTicker(r.e.cfg.TenantRefresh)
	defer refresh.Stop()
	if w, ok := r.e.store.(Waker); ok {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.broadcast(ctx, w.Wake(), &mu, active)
		}()
	}
	first := true
	for {
		ts, err := r.tenants.Tenants(ctx)
		switch {
		case err != nil && first && ctx.Err() == nil:
			return fmt.Errorf("rscsync: tenants: %w", err)
		case err != nil:
			r.e.log.LogAttrs(ctx, slog.LevelWarn, "rscsync tenants", slog.String("error", err.Error()))
		}
		if err == nil {
			r.stopUnlisted(ctx, ts, &mu, active)
		}
		first = false
		for i := range ts {
			t := ts[i]
			mu.Lock()
			_, busy := active[t.ID]
			full := len(active) >= r.e.cfg.Concurrency
			mu.Unlock()
			if busy || full {
				continue
			}
			if err := t.validate(); err != nil {
				r.e.log.LogAttrs(ctx, slog.LevelWarn, "rscsync tenant skipped", slog.String("error", err.Error()))
				continue
			}
			if off, err := r.e.offboarding(ctx, t.ID); err != nil || off {
				if err != nil {
					r.e.log.LogAttrs(ctx, slog.LevelWarn, "rscsync tenant skipped: offboarding state not read", slog.String("tenant", t.ID), slog.String("error", err.Error()))
				} else {
					r.e.log.LogAttrs(ctx, slog.LevelDebug, "rscsync tenant skipped: offboarded", slog.String("tenant", t.ID))
				}
				continue
			}
			release, ok, err := r.lock(ctx, t.ID)
			if err != nil {
				r.e.log.LogAttrs(ctx, slog.LevelWarn, "rscsync tenant lease not taken", slog.String("tenant", t.ID), slog.String("error", err.Error()))
				continue
			}
			if !ok {
				// Normal with several processes: retried every TenantRefresh.
				r.e.log.LogAttrs(ctx, slog.LevelDebug, "rscsync tenant served elsewhere: another owner holds its lease", slog.String("tenant", t.ID))
				continue
			}
			tctx, cancel := context.WithCancel(ctx)
			s := &served{tenant: t, cancel: cancel, wake: make(chan struct{}, 1)}
			mu.Lock()
			active[t.ID] = s
			mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer func() {
					cancel()
					mu.Lock()
					delete(active, t.ID)
					mu.Unlock()
					select {
					case freed <- struct{}{}:
					default:
					}
				}()
				defer release()
				r.serve(tctx, &s.tenant, s.wake)
			}()
		}
		select {
		case <-ctx.Done():
			return nil
		case <-refresh.C:
		case <-freed:
		}
	}
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
}

// stopUnlisted stops the served tenants that ts no longer lists, or lists
// with another entry; the latter start again, with the new entry, once
// their loop has ended.
func (r *Runner) stopUnlisted(ctx context.Context, ts []Tenant, mu *sync.Mutex, active map[string]*served) {
	listed := make(map[string]Tenant, len(ts))
	for _, t := range ts {
		listed[t.ID] = t
	}
	mu.Lock()
	defer mu.Unlock()
	for id, s := range active {
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
func (r *Runner) broadcast(ctx context.Context, wake <-chan struct{}, mu *sync.Mutex, active map[string]*served) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-wake:
		}
		mu.Lock()
		for _, s := range active {
			select {
			case s.wake <- struct{}{}:
			default:
			}
		}
		mu.Unlock()
	}
}

// lock takes the tenant's lease up front when the Store is a Locker (serve
// then renews and finally releases it).
func (r *Runner) lock(ctx context.Context, tenant string) (release func(), ok bool, err error) {
	lk, isLocker := r.e.store.(Locker)
	if !isLocker {
		return func() {}, true, nil
	}
	held, err := lk.TryLock(ctx, "tenant/"+tenant, r.e.cfg.Owner, r.e.cfg.LockTTL)
	if err != nil || !held {
		return nil, false, err
	}
	return func() {}, true, nil
}

// serve runs one tenant until ctx ends or its lease is lost. A value on
// wakeup starts the next round at once.
func (r *Runner) serve(ctx context.Context, t *Tenant, wakeup <-chan struct{}) {
	ctx, cancel := r.holdLease(ctx, t.ID)
	defer cancel()
	if ctx.Err() != nil {
		return
	}
	e := r.e
	var st pullState
	failures := 0
	wake := wakeup
	checked := time.Now()
	for {
		// An offboarding recorded meanwhile stops the tenant (Offboarder).
		if time.Since(checked) >= e.cfg.TenantRefresh {
			checked = time.Now()
			if off, err := e.offboarding(ctx, t.ID); err == nil && off {
				e.log.LogAttrs(ctx, slog.LevelInfo, "rscsync tenant stopped", slog.String("tenant", t.ID), slog.String("reason", "offboarded"))
				return
			}
		}
		next, err := r.step(ctx, t, &st, false)
		if ctx.Err() != nil {
			return
		}
		wait := time.Until(next)
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
			wait = min(wait, e.cfg.PushInterval)
		}
		timer := time.NewTimer(max(wait, 0))
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case <-timer.C:
		case <-wake:
			timer.Stop()
		}
		if pe != nil {
			wake = wakeup
		}
	}
}

// holdLease returns a context that ends when the tenant's lease (if the
// Store is a Locker) is lost, and keeps the lease renewed meanwhile.
func (r *Runner) holdLease(ctx context.Context, tenant string) (context.Context, context.CancelFunc) {
	lk, ok := r.e.store.(Locker)
	if !ok {
		return context.WithCancel(ctx)
	}
	ctx, cancel := context.WithCancel(ctx)
	name, owner, ttl := "tenant/"+tenant, r.e.cfg.Owner, r.e.cfg.LockTTL
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(ttl / 3)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			held, err := lk.TryLock(ctx, name, owner, ttl)
			if ctx.Err() != nil {
				return
			}
			if err != nil || !held {
				r.e.log.LogAttrs(ctx, slog.LevelWarn, "rscsync tenant lease lost", slog.String("tenant", tenant))
				cancel()
				return
			}
		}
	}()
	return ctx, func() {
		cancel()
		<-done
		// Release with a fresh context: ctx has ended by now.
		uctx, ucancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer ucancel()
		_ = lk.Unlock(uctx, name, owner)
	}
}

// step does one round of a tenant's work: the queued notifications (One-
// Click Exports do not wait for anything else), the backfill while
// incomplete (which handles new notifications between pages too), the
// requested resyncs, push, the reconcile's page when due, and the due
// pollers. It returns when the next poller is due.
func (r *Runner) step(ctx context.Context, t *Tenant, st *pullState, force bool) (time.Time, error) {
	e := r.e
	if err := e.handleNotifications(ctx, t); err != nil {
		return time.Time{}, err
	}
	if err := e.backfill(ctx, t); err != nil {
		return time.Time{}, err
	}
	if err := e.resync(ctx, t, st, force); err != nil {
		return time.Time{}, err
	}
	if err := e.drain(ctx, t); err != nil {
		return time.Time{}, err
	}
	if err := e.followJobTasks(ctx, t); err != nil {
		return time.Time{}, err
	}
	if err := e.reconcile(ctx, t, st); err != nil {
		return time.Time{}, err
	}
	if e.cfg.Pull.Disabled {
		return time.Now().Add(e.cfg.PushInterval), nil
	}
	return e.pollDue(ctx, t, st, force)
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
	if lk, ok := r.e.store.(Locker); ok {
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
	ctx, release := r.holdLease(ctx, t.ID)
	defer release()
	var st pullState
	_, err := r.step(ctx, t, &st, true)
	return err
}
