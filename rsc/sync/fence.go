package rscsync

import (
	"context"
	"log/slog"
	"time"
)

// Lease fencing. A process sends for a tenant only while it knows, on its
// own monotonic clock, that its lease on the tenant still holds: a lease
// renewed by a call that started at s lasts at least until s + LockTTL on
// the Store's clock. The process renews every LockTTL/5 and stops serving
// a tenant once its lease has not been confirmed for leaseFence
// (2/5 LockTTL) — a timer, not the end of a renewal call that may hang
// with the database — so it has stopped 3/5 LockTTL (6 s with the default
// 10 s) before another process can take the lease. That margin is what
// lets a Store that keeps leases on its callers' clocks (memstore or
// pgstore WithClock, a host's own store) tolerate a clock skew between
// processes of up to 3/5 LockTTL, and a process that loses the database
// stop well before its tenants move.

// renewEvery is how often leases are renewed.
func renewEvery(ttl time.Duration) time.Duration { return ttl / 5 }

// leaseFence is how long after the start of its last successful renewal
// a process stops serving a tenant.
func leaseFence(ttl time.Duration) time.Duration { return ttl * 2 / 5 }

// renewLeases renews the leases of every served tenant in one call every
// LockTTL/5 (again after LockTTL/20 when a call failed), until ctx ends. A
// tenant whose lease was lost stops; when no renewal succeeded for
// leaseFence every tenant stops, the calls' deadlines included, so a
// renewal that hangs with the database cannot keep them running.
func (r *Runner) renewLeases(ctx context.Context, lr LeaseRenewer) {
	ttl, owner := r.e.cfg.LockTTL, r.e.cfg.Owner
	every, fence := renewEvery(ttl), leaseFence(ttl)
	lastOK := time.Now()
	nextAt := lastOK.Add(every)
	timer := time.NewTimer(every)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		}
		r.mu.Lock()
		names := make([]string, 0, len(r.active))
		byName := make(map[string]*served, len(r.active))
		for id, s := range r.active {
			names = append(names, "tenant/"+id)
			byName["tenant/"+id] = s
		}
		r.mu.Unlock()
		now := time.Now()
		deadline := lastOK.Add(fence)
		switch {
		case len(names) == 0:
			lastOK, nextAt = now, now.Add(every)
		case !now.Before(deadline):
			r.fenceTenants(ctx, byName, now.Sub(lastOK), "")
			lastOK, nextAt = now, now.Add(every)
		case now.Before(nextAt):
			// Woken for the fence, which has not passed.
		default:
			cctx, cancel := context.WithDeadline(ctx, earliest(deadline, now.Add(every)))
			held, err := lr.RenewLocks(cctx, names, owner, ttl)
			cancel()
			if ctx.Err() != nil {
				return
			}
			if err != nil {
				if after := time.Now(); after.Before(deadline) {
					r.e.log.LogAttrs(ctx, slog.LevelWarn, "rscsync leases not renewed, retried", slog.Int("tenants", len(names)), slog.String("error", err.Error()))
					nextAt = after.Add(ttl / 20)
				} else {
					r.fenceTenants(ctx, byName, after.Sub(lastOK), err.Error())
					lastOK, nextAt = after, after.Add(every)
				}
				break
			}
			lastOK, nextAt = now, now.Add(every)
			kept := make(map[string]bool, len(held))
			for _, n := range held {
				kept[n] = true
			}
			for n, s := range byName {
				if !kept[n] {
					r.e.log.LogAttrs(ctx, slog.LevelWarn, "rscsync tenant lease lost", slog.String("tenant", s.tenant.ID))
					s.cancel()
				}
			}
		}
		timer.Reset(time.Until(earliest(nextAt, lastOK.Add(fence))))
	}
}

// fenceTenants stops every tenant of byName: their leases were not
// confirmed for since.
func (r *Runner) fenceTenants(ctx context.Context, byName map[string]*served, since time.Duration, errText string) {
	r.e.log.LogAttrs(ctx, slog.LevelWarn, "rscsync leases not renewed: every tenant stopped", slog.Int("tenants", len(byName)),
		slog.Duration("since_renewed", since), slog.String("error", errText))
	for _, s := range byName {
		s.cancel()
	}
}

// renewLease keeps one tenant's lease renewed (a Store that is a Locker
// but no LeaseRenewer) every LockTTL/5 until ctx ends, and calls stop when
// the lease is lost or could not be confirmed: a failed renewal, or one
// that did not answer before leaseFence since the last confirmed one.
func (r *Runner) renewLease(ctx context.Context, stop context.CancelFunc, lk Locker, tenant string) {
	name, owner, ttl := "tenant/"+tenant, r.e.cfg.Owner, r.e.cfg.LockTTL
	every, fence := renewEvery(ttl), leaseFence(ttl)
	lastOK := time.Now()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		start := time.Now()
		cctx, cancel := context.WithDeadline(ctx, lastOK.Add(fence))
		held, err := lk.TryLock(cctx, name, owner, ttl)
		cancel()
		if ctx.Err() != nil {
			return
		}
		if err != nil || !held {
			r.e.log.LogAttrs(ctx, slog.LevelWarn, "rscsync tenant lease lost", slog.String("tenant", tenant))
			stop()
			return
		}
		lastOK = start
	}
}

// earliest returns the earlier of a and b.
func earliest(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}
