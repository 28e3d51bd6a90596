package rscotel_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rsc/sync/memstore"
	"github.com/rsckit/rsckit/rscmock"
	"github.com/rsckit/rsckit/rscotel"
)

// A Runner reports its tenants to OpenTelemetry: here a ManualReader
// collects, once the tenant's backfill is complete, whose lease this
// process holds and the backfill's state. A host would use its exporter's
// reader (OTLP, Prometheus) instead.
func Example() {
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	defer func() { _ = mp.Shutdown(context.Background()) }()
	metrics, err := rscotel.New(mp)
	if err != nil {
		panic(err)
	}
	defer metrics.Close()

	li := rscmock.New()
	li.SetBaseURL("http://linkedin.test")
	cust := li.Default()
	client, err := rsc.NewClient(
		rsc.WithClientCredentials(cust.ClientID, cust.ClientSecret),
		rsc.WithBaseURL(li.URL()), rsc.WithTokenURL(li.TokenURL()),
		rsc.WithTransport(handlerTransport{li.Handler()}))
	if err != nil {
		panic(err)
	}
	mem := memstore.New()
	created := model.Millis(time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC))
	mem.Put("acme", rscsync.Candidates, rscsync.Record{Ref: rscsync.Ref{ID: "C1"}, Value: model.Candidate{
		FirstName: "Ada", LastName: "Lovelace", EmailAddresses: []string{"ada@example.com"},
		ATSCreatedAt: created, ATSLastModifiedAt: created, ExternalProfileURL: "https://ats.example.com/c/C1"}})
	runner, err := rscsync.NewRunner(mem, rscsync.Tenants{{ID: "acme", Client: client, Organization: cust.Organization}},
		rscsync.Config{Owner: "worker-1", Metrics: metrics, MetricsInterval: 20 * time.Millisecond,
			Pull: rscsync.PullConfig{Disabled: true}})
	if err != nil {
		panic(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- runner.Run(ctx) }()

	// Collect until the exported backfill state says complete.
	gauge := func(rm metricdata.ResourceMetrics, name string) (out []string) {
		for _, sm := range rm.ScopeMetrics {
			for _, m := range sm.Metrics {
				if g, ok := m.Data.(metricdata.Gauge[int64]); ok && m.Name == name {
					for _, p := range g.DataPoints {
						tenant, _ := p.Attributes.Value("tenant")
						owner, _ := p.Attributes.Value("owner")
						out = append(out, fmt.Sprintf("%s{tenant=%s, owner=%s} %d", name, tenant.AsString(), owner.AsString(), p.Value))
					}
				}
			}
		}
		return out
	}
	var rm metricdata.ResourceMetrics
	for range 500 {
		if err := reader.Collect(ctx, &rm); err != nil {
			panic(err)
		}
		if c := gauge(rm, "rsc.backfill.complete"); len(c) == 1 && c[0][len(c[0])-1] == '1' {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		panic(err)
	}
	fmt.Println(gauge(rm, "rsc.tenant.lease")[0])
	fmt.Println(gauge(rm, "rsc.backfill.complete")[0])
	fmt.Println(gauge(rm, "rsc.outbox.depth")[0])
	// Output:
	// rsc.tenant.lease{tenant=acme, owner=worker-1} 1
	// rsc.backfill.complete{tenant=acme, owner=worker-1} 1
	// rsc.outbox.depth{tenant=acme, owner=worker-1} 0
}

// handlerTransport serves requests with an http.Handler in memory.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	w := httptest.NewRecorder()
	t.h.ServeHTTP(w, r)
	return w.Result(), nil
}
