package rscsync_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rsckit/rsckit/rsc"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rsc/sync/memstore"
	"github.com/rsckit/rsckit/rscmock"
)

// The fault proofs of issue 18: two processes on one Store must never send
// for one tenant at once, when one process's clock is 5 s ahead and when a
// process loses the database for 30 s and comes back.

// leaseTable is a lease table shared by the processes' views, kept on the
// clock of whoever calls (as a Store that takes "now" from its process
// does, e.g. memstore.WithClock or pgstore.WithClock): a view whose clock
// is ahead sees the others' leases expire early. Its semantics are
// memstore's.
type leaseTable struct {
	mu     sync.Mutex
	leases map[string]tableLease
}

type tableLease struct {
	owner string
	until time.Time
}

// faultView is one process's view of a Store shared with other processes:
// the data is one memstore, the leases one leaseTable read on the
// process's clock (real time + skew). Its faults: stall (every call blocks
// until the stall ends or the caller gives up, as when the database's
// network is gone) and stallLeases (lease calls only).
type faultView struct {
	*memstore.Store
	table       *leaseTable
	skew        time.Duration
	stall       atomic.Bool
	stallLeases atomic.Bool
	resumed     chan struct{} // closed and replaced when a stall ends
	mu          sync.Mutex
}

func newFaultView(mem *memstore.Store, table *leaseTable, skew time.Duration) *faultView {
	return &faultView{Store: mem, table: table, skew: skew, resumed: make(chan struct{})}
}

func (v *faultView) now() time.Time { return time.Now().Add(v.skew) }

// setStall starts or ends a stall of every call (leasesOnly: lease calls).
func (v *faultView) setStall(on, leasesOnly bool) {
	if leasesOnly {
		v.stallLeases.Store(on)
	} else {
		v.stall.Store(on)
	}
	if !on {
		v.mu.Lock()
		close(v.resumed)
		v.resumed = make(chan struct{})
		v.mu.Unlock()
	}
}

// gate blocks while the view is stalled (lease: the call is a lease call).
func (v *faultView) gate(ctx context.Context, lease bool) error {
	for v.stall.Load() || (lease && v.stallLeases.Load()) {
		v.mu.Lock()
		ch := v.resumed
		v.mu.Unlock()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-ch:
		}
	}
	return nil
}

func (v *faultView) TryLock(ctx context.Context, name, owner string, ttl time.Duration) (bool, error) {
	if err := v.gate(ctx, true); err != nil {
		return false, err
	}
	t := v.table
	t.mu.Lock()
	defer t.mu.Unlock()
	now := v.now()
	if l, ok := t.leases[name]; ok && l.owner != owner && now.Before(l.until) {
		return false, nil
	}
	t.leases[name] = tableLease{owner, now.Add(ttl)}
	return true, nil
}

func (v *faultView) RenewLocks(ctx context.Context, names []string, owner string, ttl time.Duration) ([]string, error) {
	if err := v.gate(ctx, true); err != nil {
		return nil, err
	}
	t := v.table
	t.mu.Lock()
	defer t.mu.Unlock()
	now := v.now()
	var held []string
	for _, n := range names {
		if l, ok := t.leases[n]; ok && l.owner == owner {
			t.leases[n] = tableLease{owner, now.Add(ttl)}
			held = append(held, n)
		}
	}
	return held, nil
}

func (v *faultView) Unlock(ctx context.Context, name, owner string) error {
	if err := v.gate(ctx, true); err != nil {
		return err
	}
	t := v.table
	t.mu.Lock()
	defer t.mu.Unlock()
	if l, ok := t.leases[name]; ok && l.owner == owner {
		delete(t.leases, name)
	}
	return nil
}

func (v *faultView) LeaseOwners(ctx context.Context, names []string) (map[string]string, error) {
	if err := v.gate(ctx, true); err != nil {
		return nil, err
	}
	t := v.table
	t.mu.Lock()
	defer t.mu.Unlock()
	now, out := v.now(), map[string]string{}
	for _, n := range names {
		if l, ok := t.leases[n]; ok && now.Before(l.until) {
			out[n] = l.owner
		}
	}
	return out, nil
}

func (v *faultView) ListLeases(ctx context.Context, prefix string) (map[string]string, error) {
	if err := v.gate(ctx, true); err != nil {
		return nil, err
	}
	t := v.table
	t.mu.Lock()
	defer t.mu.Unlock()
	now, out := v.now(), map[string]string{}
	for n, l := range t.leases {
		if strings.HasPrefix(n, prefix) && now.Before(l.until) {
			out[n] = l.owner
		}
	}
	return out, nil
}

// The data calls, stalled with the database.

func (v *faultView) ScanRecords(ctx context.Context, tenant string, r rscsync.Resource, after string, limit int) ([]rscsync.Record, string, error) {
	if err := v.gate(ctx, false); err != nil {
		return nil, "", err
	}
	return v.Store.ScanRecords(ctx, tenant, r, after, limit)
}

func (v *faultView) LoadRecords(ctx context.Context, tenant string, r rscsync.Resource, refs []rscsync.Ref) ([]rscsync.Record, error) {
	if err := v.gate(ctx, false); err != nil {
		return nil, err
	}
	return v.Store.LoadRecords(ctx, tenant, r, refs)
}

func (v *faultView) Claim(ctx context.Context, tenant string, lane rscsync.Lane, max int, lease time.Duration) ([]rscsync.Item, error) {
	if err := v.gate(ctx, false); err != nil {
		return nil, err
	}
	return v.Store.Claim(ctx, tenant, lane, max, lease)
}

func (v *faultView) Complete(ctx context.Context, in []rscsync.Item, o rscsync.Outcome) error {
	if err := v.gate(ctx, false); err != nil {
		return err
	}
	return v.Store.Complete(ctx, in, o)
}

func (v *faultView) LoadCheckpoint(ctx context.Context, s rscsync.StreamID) (rscsync.Checkpoint, error) {
	if err := v.gate(ctx, false); err != nil {
		return rscsync.Checkpoint{}, err
	}
	return v.Store.LoadCheckpoint(ctx, s)
}

func (v *faultView) SaveCheckpoint(ctx context.Context, s rscsync.StreamID, from, next rscsync.Checkpoint) error {
	if err := v.gate(ctx, false); err != nil {
		return err
	}
	return v.Store.SaveCheckpoint(ctx, s, from, next)
}

// sharedStore is what a faultView offers; perTenantView hides its
// LeaseRenewer, so that each tenant renews its own lease (TryLock).
type sharedStore interface {
	rscsync.Store
	rscsync.Locker
	rscsync.LeaseOwners
	rscsync.LeaseLister
	rscsync.TenantWaker
}

type perTenantView struct{ sharedStore }

// sendLog records every request each process sends to LinkedIn, per
// tenant, and reports two processes sending for one tenant at once: a
// request sent while another process had one in flight for the tenant, or
// a process sending again less than interleave after another took the
// tenant over from it (the two sending turn about, each request on its
// own; a real handover back takes a lease expiry or a release, then a scan
// for free tenants, LockTTL/4).
type sendLog struct {
	cur      map[string]string    // tenant -> process that sent last
	prev     map[string]string    // tenant -> process that sent before cur
	switched map[string]time.Time // tenant -> when cur took over from prev
	mu       sync.Mutex
	inflight map[string]map[string]int // tenant -> process -> requests in flight
	sent     map[string]map[string]int // tenant -> process -> requests
	overlaps []string
	// firstAfter and lastEnd: per tenant and process, the first request
	// begun after mark and the end of the last request.
	mark       time.Time
	firstAfter map[string]map[string]time.Time
	lastEnd    map[string]map[string]time.Time
}

// interleave: see sendLog.
const interleave = time.Second

func newSendLog() *sendLog {
	return &sendLog{cur: map[string]string{}, prev: map[string]string{}, switched: map[string]time.Time{},
		inflight: map[string]map[string]int{}, sent: map[string]map[string]int{},
		firstAfter: map[string]map[string]time.Time{}, lastEnd: map[string]map[string]time.Time{}}
}

// markNow starts a new firstAfter record.
func (l *sendLog) markNow() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.mark, l.firstAfter = time.Now(), map[string]map[string]time.Time{}
}

// handover returns, for tenant, the end of from's last request and the
// start of to's first request since markNow.
func (l *sendLog) handover(tenant, from, to string) (lastEnd, first time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if e := l.lastEnd[tenant][from]; !e.IsZero() {
		lastEnd = e.Sub(l.mark)
	}
	if f := l.firstAfter[tenant][to]; !f.IsZero() {
		first = f.Sub(l.mark)
	}
	return lastEnd, first
}

func (l *sendLog) begin(proc, tenant, what string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.inflight[tenant] == nil {
		l.inflight[tenant], l.sent[tenant] = map[string]int{}, map[string]int{}
	}
	for p, n := range l.inflight[tenant] {
		if p != proc && n > 0 {
			l.overlaps = append(l.overlaps, fmt.Sprintf("%s: %s sent %s while %s had %d request(s) in flight",
				time.Now().Format("15:04:05.000"), proc, what, p, n))
		}
	}
	if c := l.cur[tenant]; c != "" && c != proc {
		if l.prev[tenant] == proc && time.Since(l.switched[tenant]) < interleave {
			l.overlaps = append(l.overlaps, fmt.Sprintf("%s: %s sent %s %v after %s took the tenant over from it",
				time.Now().Format("15:04:05.000"), proc, what, time.Since(l.switched[tenant]), c))
		}
		l.prev[tenant], l.switched[tenant] = c, time.Now()
	}
	l.cur[tenant] = proc
	l.inflight[tenant][proc]++
	l.sent[tenant][proc]++
	if l.firstAfter[tenant] == nil {
		l.firstAfter[tenant] = map[string]time.Time{}
	}
	if _, ok := l.firstAfter[tenant][proc]; !ok && !l.mark.IsZero() {
		l.firstAfter[tenant][proc] = time.Now()
	}
}

func (l *sendLog) end(proc, tenant string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.inflight[tenant][proc]--
	if l.lastEnd[tenant] == nil {
		l.lastEnd[tenant] = map[string]time.Time{}
	}
	l.lastEnd[tenant][proc] = time.Now()
}

// count returns the requests proc sent for tenant so far.
func (l *sendLog) count(proc, tenant string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.sent[tenant][proc]
}

func (l *sendLog) check(t *testing.T) {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	for i, o := range l.overlaps {
		if i == 10 {
			t.Errorf("... and %d more", len(l.overlaps)-10)
			break
		}
		t.Errorf("two processes sending for one tenant at once: %s", o)
	}
}

// recording is one process's transport for one tenant.
type recording struct {
	log          *sendLog
	proc, tenant string
	next         http.RoundTripper
}

func (r *recording) RoundTrip(req *http.Request) (*http.Response, error) {
	r.log.begin(r.proc, r.tenant, req.Method+" "+req.URL.Path)
	defer r.log.end(r.proc, r.tenant)
	return r.next.RoundTrip(req)
}

// fleetProc is one process: a Runner on its view of the shared Store.
type fleetProc struct {
	name   string
	view   *faultView
	runner *rscsync.Runner
	stop   func()
}

// fencingFleet is n tenants on one memstore and one rscmock (every
// request takes 50 ms) and the processes started on them.
type fencingFleet struct {
	srv     *rscmock.Server
	mem     *memstore.Store
	table   *leaseTable
	log     *sendLog
	tenants []rscmock.Customer
	ids     []string
}

func newFencingFleet(t *testing.T, n int) *fencingFleet {
	f := &fencingFleet{srv: rscmock.New(rscmock.WithRecordsPerMinute(0)), mem: memstore.New(),
		table: &leaseTable{leases: map[string]tableLease{}}, log: newSendLog()}
	f.srv.SetBaseURL("http://rscmock.test")
	f.srv.InjectFault(rscmock.Fault{Latency: 50 * time.Millisecond})
	for i := range n {
		f.tenants = append(f.tenants, f.srv.AddCustomer(rscmock.CustomerSpec{Name: fmt.Sprintf("Customer %d", i)}))
		f.ids = append(f.ids, fmt.Sprintf("t%d", i))
	}
	return f
}

// start runs a process named name whose clock is skew ahead; perTenant
// hides the Store's LeaseRenewer.
func (f *fencingFleet) start(t *testing.T, name string, skew time.Duration, perTenant bool) *fleetProc {
	t.Helper()
	p := &fleetProc{name: name, view: newFaultView(f.mem, f.table, skew)}
	var ts rscsync.Tenants
	for i, c := range f.tenants {
		cl, err := rsc.NewClient(rsc.WithBaseURL(f.srv.URL()), rsc.WithTokenURL(f.srv.TokenURL()),
			rsc.WithClientCredentials(c.ClientID, c.ClientSecret),
			rsc.WithTransport(&recording{log: f.log, proc: name, tenant: f.ids[i], next: handlerTransport{f.srv.Handler()}}),
			rsc.WithRateLimits(rsc.NoRateLimits()), fastRetries(), v2Exports())
		if err != nil {
			t.Fatal(err)
		}
		ts = append(ts, rscsync.Tenant{ID: f.ids[i], Client: cl, Organization: c.Organization})
	}
	var store rscsync.Store = p.view
	if perTenant {
		store = perTenantView{p.view}
	}
	r, err := rscsync.NewRunner(store, ts, rscsync.Config{Owner: name, Concurrency: len(ts), LockTTL: 10 * time.Second,
		TenantRefresh: 5 * time.Second, Pull: rscsync.PullConfig{Disabled: true}})
	if err != nil {
		t.Fatal(err)
	}
	p.runner = r
	p.stop = runFor(t, r)
	return p
}

// changes records a change for every tenant every 100 ms until ctx ends,
// so that whoever serves a tenant keeps sending for it.
func (f *fencingFleet) changes(ctx context.Context) {
	for i := 0; ; i++ {
		for _, id := range f.ids {
			f.mem.Put(id, rscsync.Candidates, candidate(fmt.Sprintf("C%d", i%50)))
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// served returns the tenants p serves now.
func served(ctx context.Context, p *fleetProc) map[string]bool {
	out := map[string]bool{}
	for _, ts := range p.runner.Status(ctx).Tenants {
		if ts.State == rscsync.StateServed {
			out[ts.Tenant] = true
		}
	}
	return out
}

// cutOff runs the fault of the proofs on a fleet where a and b share the
// tenants and a change is recorded for every tenant every 100 ms: a's
// view stalls for 30 s (leasesOnly: only its lease calls), b must have
// taken and sent for every tenant a served, then a's view answers again
// for after; the recorder fails the test on any overlap.
func cutOff(t *testing.T, f *fencingFleet, a, b *fleetProc, leasesOnly bool, after time.Duration) {
	t.Helper()
	heldByA := served(t.Context(), a)
	if len(heldByA) == 0 || len(served(t.Context(), b)) == 0 {
		t.Fatalf("a serves %v, b %v: want the tenants shared", heldByA, served(t.Context(), b))
	}
	before := map[string]int{}
	for id := range heldByA {
		before[id] = f.log.count("b", id)
	}
	a.view.setStall(true, leasesOnly)
	f.log.markNow()
	time.Sleep(30 * time.Second)
	for id := range heldByA {
		if f.log.count("b", id) == before[id] {
			t.Errorf("b sent nothing for %s after a was cut off: the takeover was not exercised", id)
		}
		last, first := f.log.handover(id, "a", "b")
		t.Logf("%s: a's last request ended %v after the cut, b's first began %v after it", id, last, first)
	}
	a.view.setStall(false, leasesOnly) // a is back: its blocked calls return
	time.Sleep(after)
	b.stop()
	a.stop()
	f.log.check(t)
}

// TestClockSkewDoesNotOverlapSends: two processes on one Store whose
// leases are kept on the caller's clock, b's clock 5 s ahead of a's, so b
// sees a's leases expire 5 s early. Both keep sending (a change every
// 100 ms for every tenant, LinkedIn answering in 50 ms), b joins after a
// took every tenant (a hands half over), then a's lease renewals stall
// for 30 s (its data calls still answer) and b takes a's tenants. A
// recorder fails the test on two processes sending for one tenant at once
// (sendLog).
func TestClockSkewDoesNotOverlapSends(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		f := newFencingFleet(t, 6)
		ctx, stopChanges := context.WithCancel(t.Context())
		defer stopChanges()
		go f.changes(ctx)
		a := f.start(t, "a", 0, false)
		time.Sleep(20 * time.Second)
		b := f.start(t, "b", 5*time.Second, false)
		time.Sleep(40 * time.Second)
		synctest.Wait()
		cutOff(t, f, a, b, true, 30*time.Second)
	})
}

// TestDatabaseLossDoesNotOverlapSends: a process loses the database for
// 30 s (every Store call blocks, as when its network is gone) and comes
// back; meanwhile the other takes its tenants. At no moment do both send
// for one tenant, in particular not when a's blocked calls return. Run
// with the batch renewal (LeaseRenewer) and with each tenant renewing its
// own lease.
func TestDatabaseLossDoesNotOverlapSends(t *testing.T) {
	t.Parallel()
	for _, perTenant := range []bool{false, true} {
		t.Run(fmt.Sprintf("perTenant=%v", perTenant), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := newFencingFleet(t, 6)
				ctx, stopChanges := context.WithCancel(t.Context())
				defer stopChanges()
				go f.changes(ctx)
				a := f.start(t, "a", 0, perTenant)
				b := f.start(t, "b", 0, perTenant)
				time.Sleep(40 * time.Second)
				synctest.Wait()
				cutOff(t, f, a, b, false, time.Minute)
			})
		})
	}
}
