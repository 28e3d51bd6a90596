package rscotel_test

import (
	"context"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/rsckit/rsckit/rsc"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rscotel"
)

// collect reads every gauge of r as name -> attribute string -> value.
func collect(t *testing.T, r *sdkmetric.ManualReader) map[string]map[string]float64 {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := r.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]float64{}
	for _, sm := range rm.ScopeMetrics {
		if sm.Scope.Name != rscotel.ScopeName {
			t.Errorf("scope %q, want %q", sm.Scope.Name, rscotel.ScopeName)
		}
		for _, m := range sm.Metrics {
			pts := map[string]float64{}
			switch d := m.Data.(type) {
			case metricdata.Gauge[int64]:
				for _, p := range d.DataPoints {
					pts[attrString(p.Attributes)] = float64(p.Value)
				}
			case metricdata.Gauge[float64]:
				for _, p := range d.DataPoints {
					pts[attrString(p.Attributes)] = p.Value
				}
			default:
				t.Errorf("%s: %T, want a gauge", m.Name, m.Data)
			}
			out[m.Name] = pts
		}
	}
	return out
}

func attrString(s attribute.Set) string {
	var out string
	for _, kv := range s.ToSlice() { // sorted by key
		if out != "" {
			out += ","
		}
		out += string(kv.Key) + "=" + kv.Value.String()
	}
	return out
}

func status(at time.Time) rscsync.Status {
	return rscsync.Status{
		Owner: "p1", At: at, Listed: 4, Served: 2, Capacity: 8, Unserved: []string{"d"},
		Tenants: []rscsync.TenantStatus{
			{Tenant: "a", State: rscsync.StateServed, BackfillComplete: true,
				Backlog:  &rscsync.Backlog{Intents: 3, Oldest: at.Add(-90 * time.Second), Parked: 1},
				Backfill: []rscsync.Progress{{Tenant: "a", Resource: rscsync.Candidates, Done: 40, Total: 50}},
				Quota:    []rsc.QuotaUse{{Group: "prospect", Used: 120, Limit: 1000, BlockedUntil: at.Add(time.Hour)}},
				Polls:    []rscsync.PollStatus{{Poller: rscsync.PollInMails, Age: 30 * time.Second, Interval: 5 * time.Minute, Failures: 2}},
			},
			{Tenant: "b", State: rscsync.StateServed, Backlog: &rscsync.Backlog{}, LastError: "boom"},
			{Tenant: "c", State: rscsync.StateElsewhere},
			{Tenant: "d", State: rscsync.StateFull},
		},
	}
}

func TestMetricsExportTheLatestStatus(t *testing.T) {
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	defer func() { _ = mp.Shutdown(context.Background()) }()
	m, err := rscotel.New(mp)
	if err != nil {
		t.Fatal(err)
	}
	if got := collect(t, reader); len(got) != 0 {
		t.Errorf("before the first Status: %v, want nothing", got)
	}

	at := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	m.Observe(context.Background(), status(at))
	got := collect(t, reader)
	want := map[string]map[string]float64{
		"rsc.runner.capacity": {"owner=p1": 8},
		"rsc.runner.unserved": {"owner=p1": 1},
		"rsc.runner.tenants": {"owner=p1,state=served": 2, "owner=p1,state=elsewhere": 1, "owner=p1,state=full": 1,
			"owner=p1,state=invalid": 0, "owner=p1,state=offboarded": 0, "owner=p1,state=waiting": 0, "owner=p1,state=error": 0},
		"rsc.tenant.lease":      {"owner=p1,tenant=a": 1, "owner=p1,tenant=b": 1},
		"rsc.outbox.depth":      {"owner=p1,tenant=a": 3, "owner=p1,tenant=b": 0},
		"rsc.outbox.oldest_age": {"owner=p1,tenant=a": 90, "owner=p1,tenant=b": 0},
		"rsc.parked":            {"owner=p1,tenant=a": 1, "owner=p1,tenant=b": 0},
		"rsc.backfill.done":     {"owner=p1,resource=candidates,tenant=a": 40},
		"rsc.backfill.total":    {"owner=p1,resource=candidates,tenant=a": 50},
		"rsc.backfill.complete": {"owner=p1,tenant=a": 1, "owner=p1,tenant=b": 0},
		"rsc.tenant.error":      {"owner=p1,tenant=a": 0, "owner=p1,tenant=b": 1},
		"rsc.quota.used":        {"group=prospect,owner=p1,tenant=a": 120},
		"rsc.quota.limit":       {"group=prospect,owner=p1,tenant=a": 1000},
		"rsc.quota.blocked":     {"group=prospect,owner=p1,tenant=a": 1},
		"rsc.poll.age":          {"owner=p1,poller=inmails,tenant=a": 30},
		"rsc.poll.interval":     {"owner=p1,poller=inmails,tenant=a": 300},
		"rsc.poll.failures":     {"owner=p1,poller=inmails,tenant=a": 2},
	}
	for name, pts := range want {
		for attrs, v := range pts {
			if g, ok := got[name][attrs]; !ok || g != v {
				t.Errorf("%s{%s} = %v (present %v), want %v", name, attrs, g, ok, v)
			}
		}
		if len(got[name]) != len(pts) {
			t.Errorf("%s has %d points %v, want %d", name, len(got[name]), got[name], len(pts))
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("unexpected instrument %s: %v", name, got[name])
		}
	}

	// A later Status replaces the earlier: tenant a moved elsewhere, and
	// its series are gone.
	s := status(at.Add(time.Minute))
	s.Tenants[0].State = rscsync.StateElsewhere
	m.Observe(context.Background(), s)
	got = collect(t, reader)
	if _, ok := got["rsc.tenant.lease"]["owner=p1,tenant=a"]; ok {
		t.Errorf("tenant a handed over but still reported as leased here: %v", got["rsc.tenant.lease"])
	}
	if v := got["rsc.runner.tenants"]["owner=p1,state=elsewhere"]; v != 2 {
		t.Errorf("elsewhere = %v, want 2", v)
	}

	// After Close nothing is reported.
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	if got := collect(t, reader); len(got) != 0 {
		t.Errorf("after Close: %v, want nothing", got)
	}
}

func TestNewNeedsAMeterProvider(t *testing.T) {
	if _, err := rscotel.New(nil); err == nil {
		t.Error("New(nil) succeeded")
	}
}
