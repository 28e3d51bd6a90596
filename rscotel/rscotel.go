package rscotel

import (
	"context"
	"errors"
	"sync"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// ScopeName is the instrumentation scope of the Meter rscotel uses.
const ScopeName = "github.com/rsckit/rsckit/rscotel"

// Metrics is an rscsync.Metrics that exports the latest Status it was
// given as OpenTelemetry gauges. It is safe for concurrent use.
type Metrics struct {
	mu     sync.Mutex
	last   rscsync.Status
	seen   bool
	reg    metric.Registration
	gauges gauges
}

// gauges are the instruments, by name.
type gauges struct {
	tenants, capacity, unserved, lease                    metric.Int64ObservableGauge
	depth, parked, bfDone, bfTotal, bfComplete, tenantErr metric.Int64ObservableGauge
	quotaUsed, quotaLimit, quotaBlocked, pollFails        metric.Int64ObservableGauge
	oldestAge, pollAge, pollInterval                      metric.Float64ObservableGauge
}

// New returns a Metrics whose instruments are created on mp's Meter named
// ScopeName. Call Close to unregister them when the Runner is gone.
func New(mp metric.MeterProvider) (*Metrics, error) {
	if mp == nil {
		return nil, errors.New("rscotel: New needs a MeterProvider")
	}
	mt := mp.Meter(ScopeName)
	m := &Metrics{}
	g := &m.gauges
	var errs []error
	i64 := func(name, unit, desc string) metric.Int64ObservableGauge {
		ins, err := mt.Int64ObservableGauge(name, metric.WithUnit(unit), metric.WithDescription(desc))
		errs = append(errs, err)
		return ins
	}
	f64 := func(name, desc string) metric.Float64ObservableGauge {
		ins, err := mt.Float64ObservableGauge(name, metric.WithUnit("s"), metric.WithDescription(desc))
		errs = append(errs, err)
		return ins
	}
	g.tenants = i64("rsc.runner.tenants", "{tenant}", "Listed tenants by their state in this process.")
	g.capacity = i64("rsc.runner.capacity", "{tenant}", "Most tenants this process serves at once (Concurrency).")
	g.unserved = i64("rsc.runner.unserved", "{tenant}", "Tenants nobody is known to serve because of this process.")
	g.lease = i64("rsc.tenant.lease", "1", "1 for each tenant whose lease this process holds.")
	g.depth = i64("rsc.outbox.depth", "{intent}", "Intents waiting in the tenant's outbox.")
	g.parked = i64("rsc.parked", "{record}", "Records parked, waiting for a correction.")
	g.bfDone = i64("rsc.backfill.done", "{record}", "Records backfilled so far.")
	g.bfTotal = i64("rsc.backfill.total", "{record}", "Records to backfill, when the Store counts them.")
	g.bfComplete = i64("rsc.backfill.complete", "1", "1 once every backfill stream of the tenant is complete.")
	g.tenantErr = i64("rsc.tenant.error", "1", "1 when the tenant's last round failed.")
	g.quotaUsed = i64("rsc.quota.used", "{request}", "Requests counted today (UTC) in a quota group.")
	g.quotaLimit = i64("rsc.quota.limit", "{request}", "The quota group's local daily limit (0: none).")
	g.quotaBlocked = i64("rsc.quota.blocked", "1", "1 while LinkedIn reports the group's daily quota used up.")
	g.pollFails = i64("rsc.poll.failures", "{round}", "The poller's failed rounds in a row.")
	g.oldestAge = f64("rsc.outbox.oldest_age", "Age of the oldest waiting intent (0: none).")
	g.pollAge = f64("rsc.poll.age", "Time since the poller's last successful round.")
	g.pollInterval = f64("rsc.poll.interval", "The poller's current wait between rounds.")
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	reg, err := mt.RegisterCallback(m.collect, g.tenants, g.capacity, g.unserved, g.lease, g.depth, g.parked,
		g.bfDone, g.bfTotal, g.bfComplete, g.tenantErr, g.quotaUsed, g.quotaLimit, g.quotaBlocked, g.pollFails,
		g.oldestAge, g.pollAge, g.pollInterval)
	if err != nil {
		return nil, err
	}
	m.reg = reg
	return m, nil
}

// Observe implements rscsync.Metrics: it keeps s for the next collection.
func (m *Metrics) Observe(_ context.Context, s rscsync.Status) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.last, m.seen = s, true
}

// Close unregisters the instruments' callback; the Metrics reports
// nothing afterwards.
func (m *Metrics) Close() error {
	return m.reg.Unregister()
}

// states are the tenant states reported by rsc.runner.tenants, each every
// time (0 when no tenant is in it), so that a state emptied shows as 0.
var states = []string{rscsync.StateServed, rscsync.StateElsewhere, rscsync.StateFull, rscsync.StateInvalid,
	rscsync.StateOffboarded, rscsync.StateWaiting, rscsync.StateError}

// collect reports the latest Status; nothing before the first.
func (m *Metrics) collect(_ context.Context, o metric.Observer) error {
	m.mu.Lock()
	s, seen := m.last, m.seen
	m.mu.Unlock()
	if !seen {
		return nil
	}
	g := &m.gauges
	owner := attribute.String("owner", s.Owner)
	with := func(kv ...attribute.KeyValue) metric.MeasurementOption {
		return metric.WithAttributes(append([]attribute.KeyValue{owner}, kv...)...)
	}
	o.ObserveInt64(g.capacity, int64(s.Capacity), with())
	o.ObserveInt64(g.unserved, int64(len(s.Unserved)), with())
	byState := map[string]int64{}
	for _, ts := range s.Tenants {
		byState[ts.State]++
	}
	for _, st := range states {
		o.ObserveInt64(g.tenants, byState[st], with(attribute.String("state", st)))
	}
	for _, ts := range s.Tenants {
		if ts.State != rscsync.StateServed {
			continue
		}
		tenant := attribute.String("tenant", ts.Tenant)
		o.ObserveInt64(g.lease, 1, with(tenant))
		o.ObserveInt64(g.bfComplete, b2i(ts.BackfillComplete), with(tenant))
		o.ObserveInt64(g.tenantErr, b2i(ts.LastError != ""), with(tenant))
		if b := ts.Backlog; b != nil {
			o.ObserveInt64(g.depth, int64(b.Intents), with(tenant))
			o.ObserveInt64(g.parked, int64(b.Parked), with(tenant))
			age := 0.0
			if !b.Oldest.IsZero() && s.At.After(b.Oldest) {
				age = s.At.Sub(b.Oldest).Seconds()
			}
			o.ObserveFloat64(g.oldestAge, age, with(tenant))
		}
		for _, p := range ts.Backfill {
			res := attribute.String("resource", string(p.Resource))
			o.ObserveInt64(g.bfDone, p.Done, with(tenant, res))
			if p.Total > 0 {
				o.ObserveInt64(g.bfTotal, p.Total, with(tenant, res))
			}
		}
		for _, q := range ts.Quota {
			grp := attribute.String("group", string(q.Group))
			o.ObserveInt64(g.quotaUsed, int64(q.Used), with(tenant, grp))
			o.ObserveInt64(g.quotaLimit, int64(max(q.Limit, 0)), with(tenant, grp))
			o.ObserveInt64(g.quotaBlocked, b2i(q.BlockedUntil.After(s.At)), with(tenant, grp))
		}
		for _, p := range ts.Polls {
			pl := attribute.String("poller", string(p.Poller))
			o.ObserveFloat64(g.pollAge, p.Age.Seconds(), with(tenant, pl))
			o.ObserveFloat64(g.pollInterval, p.Interval.Seconds(), with(tenant, pl))
			o.ObserveInt64(g.pollFails, int64(p.Failures), with(tenant, pl))
		}
	}
	return nil
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

var _ rscsync.Metrics = (*Metrics)(nil)
