package rscsync

import (
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"time"
)

// Config tunes a Runner. The zero value of every field means its default.
type Config struct {
	// Concurrency bounds the tenants this process serves at once (default 8).
	// A tenant keeps its slot while it runs, so set it at least to the number
	// of tenants a process should serve; others wait (or run elsewhere).
	Concurrency int
	// Owner names this process in Locker leases (default host-pid-random).
	Owner string
	// LockTTL is how long a tenant lease lasts without renewal (default 30s;
	// 10s when the Store is a LeaseRenewer, whose renewals cost one call per
	// process); it is renewed every LockTTL/5. A process stops serving a
	// tenant whose lease it could not confirm for 2/5 LockTTL (its database
	// gone, say), so it has stopped 3/5 LockTTL before another may take
	// the lease: the margin for clock skew between processes when the
	// Store keeps leases on its callers' clocks. A process that dies loses its
	// tenants after at most LockTTL; with a LeaseOwners Store the others
	// look for free tenants every LockTTL/4, so they are served again within
	// 1.25 × LockTTL (12.5 s by default).
	LockTTL time.Duration
	// TenantRefresh is how often the TenantSource is asked again (default 1m).
	TenantRefresh time.Duration
	// PushInterval is how often the outbox is polled when the Store has no
	// Waker or TenantWaker (default 1s); with one, see IdleInterval.
	PushInterval time.Duration
	// IdleInterval is how often a served tenant with nothing to do looks at
	// its outbox and notification queue when the Store wakes it on changes
	// (a TenantWaker, a Waker, or the host's calls to Runner.Wake): a safety
	// timer for a missed wake-up (default 5m). After a round that found work
	// the tenant looks again after PushInterval, then ever less often up to
	// IdleInterval, so intents released for a retry are not left waiting.
	IdleInterval time.Duration
	// Lease is how long claimed intents and notifications stay leased (default 1m).
	Lease time.Duration
	// PageSize is the records per backfill page and batch, at most 100 (default 100).
	PageSize int
	// MaxBackoff caps the per-key and per-tenant backoff (default 5m).
	MaxBackoff time.Duration
	// Pull configures the LinkedIn-to-ATS pollers.
	Pull PullConfig
	// Reconcile configures drift repair: a slow pass that sends every record
	// again, within a share of the daily quota.
	Reconcile ReconcileConfig
	// Progress, when set, receives backfill progress after every page.
	Progress func(Progress)
	// Intake, when set, turns One-Click Exports, mail stubs, InMails, notes
	// and purged profiles into ATS changes, which the Applier receives with
	// the pulled data they come from (Batch.ATSChanges) and stores in the
	// same transaction.
	Intake *Intake
	// Metrics, when set, receives the Runner's Status every MetricsInterval
	// while Run runs (an exporter's hook).
	Metrics Metrics
	// MetricsInterval is how often Metrics is called (default 1m).
	MetricsInterval time.Duration
	// PushLatency, when set, is called for every intent LinkedIn accepted with
	// the time from the intent's CreatedAt to the acceptance (for metrics).
	PushLatency func(time.Duration)
	// Logger receives the engines' logs (default: discard). Backfill pages
	// log at Debug, finished resources at Info, pauses and lease losses at Warn.
	Logger *slog.Logger
}

func (c Config) withDefaults() Config {
	if c.Concurrency <= 0 {
		c.Concurrency = 8
	}
	if c.Owner == "" {
		host, _ := os.Hostname()
		c.Owner = fmt.Sprintf("%s-%d-%08x", host, os.Getpid(), rand.Uint32())
	}
	if c.LockTTL <= 0 {
		c.LockTTL = 30 * time.Second
	}
	if c.TenantRefresh <= 0 {
		c.TenantRefresh = time.Minute
	}
	if c.PushInterval <= 0 {
		c.PushInterval = time.Second
	}
	if c.MetricsInterval <= 0 {
		c.MetricsInterval = time.Minute
	}
	if c.IdleInterval <= 0 {
		c.IdleInterval = 5 * time.Minute
	}
	if c.Lease <= 0 {
		c.Lease = time.Minute
	}
	if c.PageSize <= 0 || c.PageSize > 100 {
		c.PageSize = 100
	}
	if c.MaxBackoff <= 0 {
		c.MaxBackoff = 5 * time.Minute
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	c.Pull = c.Pull.withDefaults()
	c.Reconcile = c.Reconcile.withDefaults()
	return c
}

// backoff is exponential from one second, capped, with equal jitter.
func backoff(attempt int, maxWait time.Duration) time.Duration {
	d := time.Second << min(max(attempt, 0), 20)
	if d > maxWait {
		d = maxWait
	}
	half := d / 2
	return half + rand.N(half+1)
}
