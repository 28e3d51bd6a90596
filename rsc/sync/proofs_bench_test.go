package rscsync_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"runtime"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rsckit/rsckit/internal/atsgen"
	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/internal/restli"
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rsc/sync/memstore"
	"github.com/rsckit/rsckit/rscmock"
)

// The benchmarks of this file report the figures of DESIGN.md §5 with
// b.ReportMetric; run them with
//
//	go test -run '^$' -bench . -benchtime 1x ./rsc/sync/
//
// BENCHMARKS.md at the repository root has the latest figures.

// quotaPerMinute is LinkedIn's records-per-minute quota of one child
// application (and rscmock's default).
const quotaPerMinute = 10_000

// timeScale is how much faster than real time the mock's clock runs in
// BenchmarkBackfillThroughput: one scaled minute is six real seconds.
const timeScale = 10

// benchLatency is the delay rscmock adds to every API call (real time; a
// scaled 200 ms).
const benchLatency = 20 * time.Millisecond

// scaledClock is a mock clock that runs timeScale times faster than real
// time, starting on a minute boundary so the mock's fixed one-minute
// windows line up with the measurement.
type scaledClock struct {
	base, start time.Time
}

func newScaledClock() *scaledClock {
	now := time.Now()
	return &scaledClock{base: now.Truncate(time.Minute), start: now}
}

func (c *scaledClock) Now() time.Time {
	return c.base.Add(time.Since(c.start) * timeScale)
}

// scaledRecordsPerMinute is the client-side RecordsPerMinute (per real
// minute) that behaves, in scaled time, exactly like the default limit of
// quota records per minute: the limiter's burst is one batch (100) and it
// refills at RecordsPerMinute-100 per minute, so the default refills at
// quota-100 per scaled minute, i.e. timeScale*(quota-100) per real minute.
func scaledRecordsPerMinute(quota int) int {
	return timeScale*(quota-rsc.MaxBatchSize) + rsc.MaxBatchSize
}

// quotaMeter is a transport that counts, on the mock's clock, the records
// LinkedIn accepted in batch writes, and every 429 answer.
type quotaMeter struct {
	next  http.RoundTripper
	clock func() time.Time

	mu          sync.Mutex
	records     int64
	first, last time.Time
	perMinute   map[int64]int64 // records accepted per minute of the mock's clock
	violations  int64
	requests    int64
}

// ratio returns the records accepted per full minute of the mock's clock
// (the minutes strictly between the first and the last accepted write, so
// partial windows at either end do not count), divided by quota, and the
// number of full minutes. With no full minute it falls back to the records
// over the elapsed time.
func (m *quotaMeter) ratio(quota int) (float64, int) {
	firstMin, lastMin := m.first.Unix()/60, m.last.Unix()/60
	var sum int64
	full := 0
	for minute, n := range m.perMinute {
		if minute > firstMin && minute < lastMin {
			sum += n
			full++
		}
	}
	if full == 0 {
		return float64(m.records) / m.last.Sub(m.first).Minutes() / float64(quota), 0
	}
	return float64(sum) / float64(full) / float64(quota), full
}

func (m *quotaMeter) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Path == "/oauth/v2/accessToken" {
		return m.next.RoundTrip(r)
	}
	start := m.clock()
	resp, err := m.next.RoundTrip(r)
	if err != nil {
		return resp, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests++
	if resp.StatusCode == http.StatusTooManyRequests {
		m.violations++
	}
	// Jobs and the versioned interview feedback do not count against the
	// records-per-minute quota (LinkedIn documents none for them).
	if resp.StatusCode != http.StatusOK || r.Method == http.MethodGet || strings.Contains(r.URL.Path, "JobPostings") ||
		r.URL.Path == "/rest/applicationInterviewFeedbacks" {
		return resp, nil
	}
	body, rerr := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if rerr != nil {
		return resp, nil
	}
	var br struct {
		Results map[string]struct {
			Status int `json:"status"`
		} `json:"results"`
	}
	if json.Unmarshal(body, &br) != nil {
		return resp, nil
	}
	n := int64(0)
	for _, res := range br.Results {
		if res.Status < 300 {
			n++
		}
	}
	if n == 0 {
		return resp, nil
	}
	if m.first.IsZero() {
		m.first = start
	}
	m.records += n
	m.last = m.clock()
	if m.perMinute == nil {
		m.perMinute = map[int64]int64{}
	}
	m.perMinute[m.last.Unix()/60] += n
	return resp, nil
}

// throughputCase is one dataset of BenchmarkBackfillThroughput.
type throughputCase struct {
	name       string
	candidates int
	resources  []rscsync.Resource
	versioned  bool
}

// BenchmarkBackfillThroughput backfills against rscmock with LinkedIn's
// records-per-minute quota in scaled time (the mock's clock runs ten times
// faster than real time, so 10,000 records per scaled minute are 10,000 per
// six real seconds), the client's limiter set to the scaled equivalent of
// its default, and 20 ms (a scaled 200 ms) of latency on every call. It
// reports quota-ratio (records LinkedIn accepted per full minute of the
// mock's clock, divided by the quota; target >= 0.95) and
// quota-violations (429 answers; no 429 is injected, so each one was
// caused by the SDK; target 0).
//
// Sub-benchmarks: jobs+candidates+applications on /v2 (the 2 M-record
// figure of DESIGN.md §5), every resource on the versioned /rest endpoints,
// and every resource on /v2, whose child resources (notes, stages,
// feedback) take one request per parent record. Jobs and the versioned
// interview feedback are sent but not counted: LinkedIn documents no
// records-per-minute quota for them.
func BenchmarkBackfillThroughput(b *testing.B) {
	cases := []throughputCase{
		{name: "jobs+candidates+applications/v2", candidates: 16_000, resources: []rscsync.Resource{rscsync.Jobs, rscsync.Candidates, rscsync.Applications}},
		{name: "all-resources/rest", candidates: 4_000, resources: rscsync.Resources(), versioned: true},
		{name: "all-resources/v2", candidates: 250, resources: rscsync.Resources()},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				ratio, violations := runThroughput(b, c)
				b.ReportMetric(ratio, "quota-ratio")
				b.ReportMetric(float64(violations), "quota-violations")
			}
		})
	}
}

func runThroughput(b *testing.B, c throughputCase) (ratio float64, violations int64) {
	b.Helper()
	clock := newScaledClock()
	srv := rscmock.NewServer(b, rscmock.WithClock(clock.Now), rscmock.WithTokenTTL(24*time.Hour),
		rscmock.WithRecordsPerMinute(quotaPerMinute))
	srv.InjectFault(rscmock.Fault{Latency: benchLatency})
	meter := &quotaMeter{next: http.DefaultTransport, clock: clock.Now}
	opts := []rsc.Option{rsc.WithTransport(meter),
		rsc.WithRateLimits(rsc.RateLimits{RecordsPerMinute: scaledRecordsPerMinute(quotaPerMinute)})}
	if c.versioned {
		opts = append(opts, rsc.WithVersionedEndpoints(true))
	}
	client := srv.Client(opts...)
	def := srv.Default()
	store := memstore.New()
	d := atsgen.Generate(11, c.candidates, genNow)
	want := 0
	for _, r := range c.resources {
		store.Seed(tenantID, r, d.Records[r]...)
		if r != rscsync.Jobs && (r != rscsync.InterviewFeedback || !c.versioned) {
			want += len(d.Records[r])
		}
	}
	runner, err := rscsync.NewRunner(store, rscsync.Tenants{{ID: tenantID, Client: client, Organization: def.Organization, Contract: def.Contract}},
		rscsync.Config{Pull: rscsync.PullConfig{Disabled: true}})
	if err != nil {
		b.Fatal(err)
	}
	if err := runner.SyncOnce(b.Context()); err != nil {
		b.Fatal(err)
	}
	if p := store.Parked(tenantID); len(p) > 0 {
		b.Fatalf("%d records parked, first %+v", len(p), p[0])
	}
	meter.mu.Lock()
	defer meter.mu.Unlock()
	if meter.records < int64(want) {
		b.Fatalf("LinkedIn accepted %d records, want %d", meter.records, want)
	}
	minutes := meter.last.Sub(meter.first).Minutes()
	ratio, full := meter.ratio(quotaPerMinute)
	b.Logf("%s: %d records in %.2f scaled minutes (%d requests, %d answered 429); %.0f records per full minute over %d full minutes",
		c.name, meter.records, minutes, meter.requests, meter.violations, ratio*quotaPerMinute, full)
	return ratio, meter.violations
}

// genStore is a rscsync.Store whose candidates are generated from the
// cursor, so a million of them never live in memory at once. Every other
// resource is empty, and nothing is ever queued.
type genStore struct {
	n   int
	mu  sync.Mutex
	cps map[rscsync.StreamID]rscsync.Checkpoint
	// parked counts the records the engine parked.
	parked atomic.Int64
}

var _ rscsync.Counter = (*genStore)(nil)

func genCandidateID(i int) string { return "C" + strconv.Itoa(1_000_000_000+i) }

func genCandidate(i int) model.Candidate {
	id := strconv.Itoa(i)
	first, last := atsFirst[i%len(atsFirst)], atsLast[(i/len(atsFirst))%len(atsLast)]
	return model.Candidate{
		FirstName: first, LastName: last,
		EmailAddresses:     []string{first + "." + last + "." + id + "@example.com"},
		PhoneNumbers:       []model.PhoneNumber{{Number: "+1 415 555 " + strconv.Itoa(1000+i%9000)}},
		CurrentCompanyName: "Analytical Engines Ltd", CurrentJobTitle: "Software Engineer",
		ATSCreatedAt: 1_700_000_000_000 + model.EpochMillis(i), ATSLastModifiedAt: 1_700_000_100_000 + model.EpochMillis(i),
		ExternalProfileURL: "https://ats.example.com/candidates/" + id,
	}
}

var (
	atsFirst = []string{"Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Margaret", "Ken", "Frances", "Dennis", "Radia"}
	atsLast  = []string{"Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Hamilton", "Thompson", "Allen", "Ritchie"}
)

func (g *genStore) ScanRecords(_ context.Context, _ string, r rscsync.Resource, after string, limit int) ([]rscsync.Record, string, error) {
	if r != rscsync.Candidates {
		return nil, after, nil
	}
	i := 0
	if after != "" {
		var err error
		if i, err = strconv.Atoi(after); err != nil {
			return nil, after, err
		}
	}
	end := min(i+limit, g.n)
	if i >= end {
		return nil, after, nil
	}
	recs := make([]rscsync.Record, 0, end-i)
	for j := i; j < end; j++ {
		recs = append(recs, rscsync.Record{Ref: rscsync.Ref{ID: genCandidateID(j)}, Value: genCandidate(j)})
	}
	return recs, strconv.Itoa(end), nil
}

func (g *genStore) LoadRecords(context.Context, string, rscsync.Resource, []rscsync.Ref) ([]rscsync.Record, error) {
	return nil, nil
}

func (g *genStore) CountRecords(_ context.Context, _ string, r rscsync.Resource) (int64, error) {
	if r == rscsync.Candidates {
		return int64(g.n), nil
	}
	return 0, nil
}

func (g *genStore) Claim(context.Context, string, int, time.Duration) ([]rscsync.Intent, error) {
	return nil, nil
}

func (g *genStore) Complete(context.Context, []rscsync.Intent, rscsync.Outcome) error { return nil }

func (g *genStore) LoadCheckpoint(_ context.Context, s rscsync.StreamID) (rscsync.Checkpoint, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.cps[s], nil
}

func (g *genStore) SaveCheckpoint(_ context.Context, s rscsync.StreamID, from, next rscsync.Checkpoint) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.cps[s].Version != from.Version {
		return rscsync.ErrStaleCheckpoint
	}
	next.Version = from.Version + 1
	g.cps[s] = next
	return nil
}

func (g *genStore) Apply(context.Context, rscsync.Batch) error { return nil }

func (g *genStore) Park(_ context.Context, p []rscsync.Parked) error {
	g.parked.Add(int64(len(p)))
	return nil
}

func (g *genStore) Unpark(context.Context, string, rscsync.Resource, []rscsync.Ref) error { return nil }

// acceptAll is a fake LinkedIn that answers the token endpoint and every
// batch write with a 204 result per key, storing nothing. It counts the
// records it accepted.
type acceptAll struct{ records atomic.Int64 }

func (a *acceptAll) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	if r.URL.Path == "/oauth/v2/accessToken" {
		_, _ = io.WriteString(w, `{"access_token":"bench-token","expires_in":86400}`)
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	rawQuery := r.URL.RawQuery
	if r.Header.Get(restli.HeaderMethodOverride) != "" {
		if rawQuery, _, err = restli.Untunnel(r.Header.Get("Content-Type"), body); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
	}
	keys, err := restli.ParseIDs(restli.Protocol1, rawQuery)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var out bytes.Buffer
	out.WriteString(`{"results":{`)
	for i, k := range keys {
		if i > 0 {
			out.WriteByte(',')
		}
		ek, _ := json.Marshal(restli.EncodeEntityKey(restli.Protocol1, k))
		out.Write(ek)
		out.WriteString(`:{"status":204}`)
	}
	out.WriteString(`},"errors":{}}`)
	a.records.Add(int64(len(keys)))
	_, _ = w.Write(out.Bytes())
}

// heapSampler records the peak of the live heap (runtime/metrics
// /memory/classes/heap/objects:bytes: live objects and not yet swept
// garbage) every 10 ms until stopped.
type heapSampler struct {
	stop chan struct{}
	done chan struct{}
	peak uint64
}

func startHeapSampler() *heapSampler {
	h := &heapSampler{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(h.done)
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			h.peak = max(h.peak, s[0].Value.Uint64())
			select {
			case <-h.stop:
				return
			case <-t.C:
			}
		}
	}()
	return h
}

// Stop ends sampling and returns the peak in bytes.
func (h *heapSampler) Stop() uint64 {
	close(h.stop)
	<-h.done
	return h.peak
}

// BenchmarkBackfillMemory streams 1,000,000 candidates from a Store that
// generates them by cursor, through the engine and the client, to a fake
// LinkedIn served in memory that accepts every record and keeps none. It
// reports peak-heap-MiB, the largest heap (live objects plus unswept
// garbage) seen in 10 ms samples during the run (target < 64).
func BenchmarkBackfillMemory(b *testing.B) {
	const n = 1_000_000
	for b.Loop() {
		fake := &acceptAll{}
		client, err := rsc.NewClient(rsc.WithBaseURL("http://linkedin.test"), rsc.WithTokenURL("http://linkedin.test/oauth/v2/accessToken"),
			rsc.WithClientCredentials("bench-id", "bench-secret"), rsc.WithTransport(handlerTransport{fake}),
			rsc.WithRateLimits(rsc.NoRateLimits()))
		if err != nil {
			b.Fatal(err)
		}
		store := &genStore{n: n, cps: map[rscsync.StreamID]rscsync.Checkpoint{}}
		runner, err := rscsync.NewRunner(store, rscsync.Tenants{{ID: tenantID, Client: client, Organization: model.OrganizationURN("1")}},
			rscsync.Config{Pull: rscsync.PullConfig{Disabled: true}})
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		start := time.Now()
		h := startHeapSampler()
		err = runner.SyncOnce(b.Context())
		peak := h.Stop()
		if err != nil {
			b.Fatal(err)
		}
		if got := fake.records.Load(); got != n || store.parked.Load() != 0 {
			b.Fatalf("LinkedIn accepted %d records (want %d), %d parked", got, n, store.parked.Load())
		}
		b.Logf("%d candidates in %v (%.0f records/s), peak heap %.1f MiB", n, time.Since(start).Round(time.Millisecond),
			n/time.Since(start).Seconds(), float64(peak)/(1<<20))
		b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
	}
}

// BenchmarkPushLatency backfills 200 candidates to rscmock (20 ms of latency
// per call), then changes one candidate every 20 ms for 10 seconds through
// the memstore outbox (Put: the record and its intent in one step) while a
// Runner runs, and reports push-p99-ms: the 99th percentile of
// Config.PushLatency, from the intent's creation to LinkedIn's acceptance
// (target < 2000). The load stays far below the quota, so no quota wait is
// included.
func BenchmarkPushLatency(b *testing.B) {
	const (
		changes = 500
		every   = 20 * time.Millisecond
	)
	for b.Loop() {
		srv := rscmock.NewServer(b)
		client := srv.Client()
		def := srv.Default()
		store := memstore.New()
		store.Seed(tenantID, rscsync.Candidates, atsgen.Generate(12, 200, genNow).Records[rscsync.Candidates]...)
		var mu sync.Mutex
		var lat []time.Duration
		runner, err := rscsync.NewRunner(store, rscsync.Tenants{{ID: tenantID, Client: client, Organization: def.Organization}},
			rscsync.Config{Pull: rscsync.PullConfig{Disabled: true}, PushLatency: func(d time.Duration) {
				mu.Lock()
				lat = append(lat, d)
				mu.Unlock()
			}})
		if err != nil {
			b.Fatal(err)
		}
		ctx, cancel := context.WithCancel(b.Context())
		done := make(chan error, 1)
		go func() { done <- runner.Run(ctx) }()
		deadline := time.Now().Add(time.Minute)
		for len(srv.Candidates(def.Organization)) < 200 {
			if time.Now().After(deadline) {
				b.Fatal("backfill did not finish")
			}
			time.Sleep(10 * time.Millisecond)
		}
		srv.InjectFault(rscmock.Fault{Latency: benchLatency})
		recs := store.Records(tenantID, rscsync.Candidates)
		tick := time.NewTicker(every)
		for i := range changes {
			<-tick.C
			rec := recs[i%len(recs)]
			v := rec.Value.(model.Candidate)
			v.CurrentJobTitle = "Title " + strconv.Itoa(i)
			store.Put(tenantID, rscsync.Candidates, rscsync.Record{Ref: rec.Ref, Value: v})
		}
		tick.Stop()
		deadline = time.Now().Add(time.Minute)
		for {
			mu.Lock()
			n := len(lat)
			mu.Unlock()
			if n >= changes && len(store.Intents(tenantID)) == 0 {
				break
			}
			if time.Now().After(deadline) {
				b.Fatalf("%d of %d changes accepted after a minute", n, changes)
			}
			time.Sleep(10 * time.Millisecond)
		}
		cancel()
		if err := <-done; err != nil {
			b.Fatal(err)
		}
		mu.Lock()
		slices.Sort(lat)
		p50, p99, worst := lat[len(lat)/2], lat[len(lat)*99/100], lat[len(lat)-1]
		mu.Unlock()
		b.Logf("%d changes: p50 %v, p99 %v, max %v", changes, p50, p99, worst)
		b.ReportMetric(float64(p99)/float64(time.Millisecond), "push-p99-ms")
	}
}
