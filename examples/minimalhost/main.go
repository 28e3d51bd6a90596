// Command minimalhost is a complete minimal ATS host in one file: the ATS
// side of rsckit implemented from scratch (no memstore, no database), run
// against an in-process fake LinkedIn (rscmock).
//
//	go run ./examples/minimalhost -once   # one sync pass, a live change, exit
//	go run ./examples/minimalhost         # run the engines until Ctrl-C
//
// What a host implements is rscsync.Store: its records (RecordReader), the
// queue of changes to push and notifications to fetch (Queue), resumable checkpoints
// (CheckpointStore), the data LinkedIn sends back (Applier) and the records
// LinkedIn refused (Parker). Here they are maps behind one mutex; a real
// host keeps them in its database, writing a record and its outbox intent
// in one transaction, as AddRecord does here under the mutex. The file's
// test runs rsc/sync/storetest against this host.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rscmock"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Args[1:], os.Stdout)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "minimalhost:", err)
		os.Exit(1)
	}
}

// host is the ATS: its records and what the engines keep, in memory.
type host struct {
	now func() time.Time

	mu          sync.Mutex
	records     map[string]map[rscsync.Resource]map[rscsync.Ref]model.Record
	intents     []*intent            // the queue, both lanes, in Seq order; completed ones are removed
	noted       map[string]time.Time // tenant/notification id -> when done (zero: queued)
	seq, leases int64
	checkpoints map[rscsync.StreamID]rscsync.Checkpoint
	pulled      map[string]map[string]any            // tenant -> LinkedIn key -> item
	parked      map[string]map[string]rscsync.Parked // tenant -> resource/parent/id
}

// intent is a queue row: the item, its lease, and when it is due.
type intent struct {
	it         rscsync.Item
	leaseUntil time.Time
	due        time.Time
}

var _ rscsync.Store = (*host)(nil)

func newHost(now func() time.Time) *host {
	return &host{now: now, records: map[string]map[rscsync.Resource]map[rscsync.Ref]model.Record{},
		checkpoints: map[rscsync.StreamID]rscsync.Checkpoint{}, pulled: map[string]map[string]any{}, parked: map[string]map[string]rscsync.Parked{},
		noted: map[string]time.Time{}}
}

// AddRecord is the host's write path: it stores (or replaces) a record and
// records an upsert intent, atomically.
func (h *host) AddRecord(_ context.Context, tenant string, r rscsync.Resource, rec rscsync.Record) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.records[tenant] == nil {
		h.records[tenant] = map[rscsync.Resource]map[rscsync.Ref]model.Record{}
	}
	if h.records[tenant][r] == nil {
		h.records[tenant][r] = map[rscsync.Ref]model.Record{}
	}
	h.records[tenant][r][rec.Ref] = rec.Value
	h.record(tenant, r, rec.Ref, rscsync.OpUpsert)
	return nil
}

// RemoveRecord deletes a record and records a delete intent, atomically.
func (h *host) RemoveRecord(_ context.Context, tenant string, r rscsync.Resource, ref rscsync.Ref) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.records[tenant][r], ref)
	h.record(tenant, r, ref, rscsync.OpDelete)
	return nil
}

// record appends an outbox intent. Must hold h.mu.
func (h *host) record(tenant string, r rscsync.Resource, ref rscsync.Ref, op rscsync.Op) {
	h.add(rscsync.IntentItem(tenant, r, ref, op))
}

// add appends an item to the queue. Must hold h.mu.
func (h *host) add(it rscsync.Item) {
	h.seq++
	now := h.now()
	it.Seq, it.Lease, it.Attempts = h.seq, "", 0
	if it.Lane == rscsync.LaneOutbox {
		it.ID = strconv.FormatInt(h.seq, 10)
	}
	if it.CreatedAt.IsZero() {
		it.CreatedAt = now
	}
	h.intents = append(h.intents, &intent{due: now, it: it})
}

// Enqueue implements rscsync.Queue: a notification whose id the tenant has
// (queued, or done within rscsync.NotificationRetention) is ignored.
func (h *host) Enqueue(ctx context.Context, items ...rscsync.Item) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	now := h.now()
	for k, at := range h.noted {
		if !at.IsZero() && now.Sub(at) > rscsync.NotificationRetention {
			delete(h.noted, k)
		}
	}
	for _, it := range items {
		if it.Lane == rscsync.LaneNotifications {
			k := it.Tenant + "/" + it.ID
			if _, ok := h.noted[k]; ok {
				continue
			}
			h.noted[k] = time.Time{}
		}
		h.add(it)
	}
	return nil
}

// cursor encodes a ref so that cursors sort like refs: (Parent, ID).
func cursor(ref rscsync.Ref) string { return strconv.Itoa(len(ref.Parent)) + ":" + ref.Parent + ref.ID }

func parseCursor(c string) (rscsync.Ref, error) {
	n, rest, _ := strings.Cut(c, ":")
	l, err := strconv.Atoi(n)
	if err != nil || l < 0 || l > len(rest) {
		return rscsync.Ref{}, fmt.Errorf("invalid cursor %q", c)
	}
	return rscsync.Ref{Parent: rest[:l], ID: rest[l:]}, nil
}

func compareRefs(a, b rscsync.Ref) int {
	if c := strings.Compare(a.Parent, b.Parent); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

// ScanRecords implements rscsync.RecordReader: records in (Parent, ID)
// order after the cursor.
func (h *host) ScanRecords(ctx context.Context, tenant string, r rscsync.Resource, after string, limit int) ([]rscsync.Record, string, error) {
	if err := ctx.Err(); err != nil {
		return nil, after, err
	}
	if limit < 1 {
		return nil, after, fmt.Errorf("scan %s: limit %d is not positive", r, limit)
	}
	var from rscsync.Ref
	if after != "" {
		var err error
		if from, err = parseCursor(after); err != nil {
			return nil, after, err
		}
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	refs := slices.SortedFunc(func(yield func(rscsync.Ref) bool) {
		for ref := range h.records[tenant][r] {
			if (after == "" || compareRefs(ref, from) > 0) && !yield(ref) {
				return
			}
		}
	}, compareRefs)
	if len(refs) == 0 {
		return nil, after, nil
	}
	refs = refs[:min(limit, len(refs))]
	out := make([]rscsync.Record, len(refs))
	for i, ref := range refs {
		out[i] = rscsync.Record{Ref: ref, Value: h.records[tenant][r][ref]}
	}
	return out, cursor(refs[len(refs)-1]), nil
}

// LoadRecords implements rscsync.RecordReader.
func (h *host) LoadRecords(ctx context.Context, tenant string, r rscsync.Resource, refs []rscsync.Ref) ([]rscsync.Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []rscsync.Record
	seen := map[rscsync.Ref]bool{}
	for _, ref := range refs {
		if v, ok := h.records[tenant][r][ref]; ok && !seen[ref] {
			seen[ref] = true
			out = append(out, rscsync.Record{Ref: ref, Value: v})
		}
	}
	return out, nil
}

// Claim implements rscsync.Queue: due items of the lane without a live
// lease, in Seq order, each with a new lease token.
func (h *host) Claim(ctx context.Context, tenant string, lane rscsync.Lane, max int, lease time.Duration) ([]rscsync.Item, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if lease <= 0 {
		return nil, fmt.Errorf("claim: lease %v is not positive", lease)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	now := h.now()
	var out []rscsync.Item
	for _, in := range h.intents {
		if len(out) >= max {
			break
		}
		if in.it.Tenant != tenant || in.it.Lane != lane || now.Before(in.due) || (in.it.Lease != "" && now.Before(in.leaseUntil)) {
			continue
		}
		if in.it.Lease != "" { // an expired lease: this claim is another attempt
			in.it.Attempts++
		}
		h.leases++
		in.it.Lease, in.leaseUntil = "lease-"+strconv.FormatInt(h.leases, 10), now.Add(lease)
		out = append(out, in.it)
	}
	return out, nil
}

// Complete implements rscsync.Queue: removes the items, or releases them
// until o.RetryAt; an item whose lease is no longer the one presented is
// left alone and reported as rscsync.ErrLeaseLost.
func (h *host) Complete(ctx context.Context, intents []rscsync.Item, o rscsync.Outcome) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	var errs []error
	for _, p := range intents {
		i := slices.IndexFunc(h.intents, func(in *intent) bool {
			return in.it.ID == p.ID && in.it.Tenant == p.Tenant && in.it.Lane == p.Lane
		})
		if i < 0 || p.Lease == "" || h.intents[i].it.Lease != p.Lease {
			errs = append(errs, fmt.Errorf("complete intent %s: %w", p.ID, rscsync.ErrLeaseLost))
			continue
		}
		if o.RetryAt.IsZero() {
			h.intents = slices.Delete(h.intents, i, i+1)
			if p.Lane == rscsync.LaneNotifications {
				h.noted[p.Tenant+"/"+p.ID] = h.now()
			}
			continue
		}
		in := h.intents[i]
		in.it.Lease, in.due = "", o.RetryAt
		in.it.Attempts++
	}
	return errors.Join(errs...)
}

// LoadCheckpoint implements rscsync.CheckpointStore.
func (h *host) LoadCheckpoint(ctx context.Context, s rscsync.StreamID) (rscsync.Checkpoint, error) {
	if err := ctx.Err(); err != nil {
		return rscsync.Checkpoint{}, err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.checkpoints[s], nil
}

// SaveCheckpoint implements rscsync.CheckpointStore: a compare-and-set on
// the version.
func (h *host) SaveCheckpoint(ctx context.Context, s rscsync.StreamID, from, next rscsync.Checkpoint) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.cas(s, from, next)
}

// cas moves a checkpoint from from to next. Must hold h.mu.
func (h *host) cas(s rscsync.StreamID, from, next rscsync.Checkpoint) error {
	if cur := h.checkpoints[s]; cur.Version != from.Version {
		return fmt.Errorf("checkpoint %s is at version %d, not %d: %w", s, cur.Version, from.Version, rscsync.ErrStaleCheckpoint)
	}
	next.Version = from.Version + 1
	h.checkpoints[s] = next
	return nil
}

// Apply implements rscsync.Applier: the items (under the Kind and Key the
// engine computed) and the checkpoint move together, so a replayed batch
// changes nothing; a Deleted change (an inactive note) removes its item.
func (h *host) Apply(ctx context.Context, b rscsync.Batch) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if b.Stream.Name != "" {
		if err := h.cas(b.Stream, b.From, b.Next); err != nil {
			return err
		}
	}
	p := h.pulled[b.Stream.Tenant]
	if p == nil {
		p = map[string]any{}
		h.pulled[b.Stream.Tenant] = p
	}
	for _, c := range b.Changes {
		key := string(c.Kind()) + ":" + c.Key()
		if c.Deleted() {
			delete(p, key)
		} else {
			p[key] = c.Value()
		}
	}
	return nil
}

// Pulled returns what Apply stored for tenant, in key order.
func (h *host) Pulled(_ context.Context, tenant string) ([]any, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []any
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range h.pulled[tenant] {
			if !yield(k) {
				return
			}
		}
	}) {
		out = append(out, h.pulled[tenant][k])
	}
	return out, nil
}

func parkKey(r rscsync.Resource, ref rscsync.Ref) string {
	return string(r) + "\x00" + ref.Parent + "\x00" + ref.ID
}

// Park implements rscsync.Parker: the latest failure of a record replaces
// an earlier one.
func (h *host) Park(ctx context.Context, ps []rscsync.Parked) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, p := range ps {
		if h.parked[p.Tenant] == nil {
			h.parked[p.Tenant] = map[string]rscsync.Parked{}
		}
		h.parked[p.Tenant][parkKey(p.Resource, p.Ref)] = p
	}
	return nil
}

// Unpark implements rscsync.Parker.
func (h *host) Unpark(ctx context.Context, tenant string, r rscsync.Resource, refs []rscsync.Ref) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, ref := range refs {
		delete(h.parked[tenant], parkKey(r, ref))
	}
	return nil
}

// Parked returns the parked records of tenant.
func (h *host) Parked(_ context.Context, tenant string) ([]rscsync.Parked, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []rscsync.Parked
	for _, p := range h.parked[tenant] {
		out = append(out, p)
	}
	return out, nil
}

// The ATS's one customer and its data.
const tenantID = "acme"

func candidate(id, first, last, title string, at time.Time) rscsync.Record {
	ms := model.Millis(at)
	return rscsync.Record{Ref: rscsync.Ref{ID: id}, Value: model.Candidate{
		FirstName: first, LastName: last, CurrentJobTitle: title,
		EmailAddresses: []string{strings.ToLower(first) + "@example.com"}, ATSCreatedAt: ms, ATSLastModifiedAt: ms,
		ExternalProfileURL: "https://ats.example.com/candidates/" + id}}
}

// run is the command: -once syncs, makes a change, syncs again and prints
// what LinkedIn has; without it the engines run until ctx ends.
func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("minimalhost", flag.ContinueOnError)
	fs.SetOutput(out)
	once := fs.Bool("once", false, "sync once, make a change, sync again, print what LinkedIn has, and exit")
	if err := fs.Parse(args); err != nil {
		return err
	}

	// LinkedIn: the fake, in memory. Against LinkedIn, build the client with
	// rsc.NewClient(rsc.WithClientCredentials(id, secret)) of the
	// customer's child application instead.
	li := rscmock.New()
	defer li.Close()
	cust := li.Default()
	client := li.ClientFor(cust)

	h := newHost(time.Now)
	created := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	for _, c := range []rscsync.Record{candidate("C1", "Ada", "Lovelace", "Analyst", created), candidate("C2", "Alan", "Turing", "Engineer", created)} {
		if err := h.AddRecord(ctx, tenantID, rscsync.Candidates, c); err != nil {
			return err
		}
	}
	runner, err := rscsync.NewRunner(h, rscsync.Tenants{{ID: tenantID, Client: client, Organization: cust.Organization}},
		rscsync.Config{Owner: "minimalhost", Pull: rscsync.PullConfig{Disabled: true}})
	if err != nil {
		return err
	}
	if !*once {
		fmt.Fprintln(out, "Syncing tenant", tenantID, "until interrupted (Ctrl-C).")
		if err := runner.Run(ctx); err != nil && !errors.Is(err, context.Canceled) {
			return err
		}
		return nil
	}

	report := func(what string) {
		fmt.Fprintf(out, "%s:\n", what)
		for _, c := range li.Candidates(cust.Organization) {
			fmt.Fprintf(out, "  LinkedIn has %s %s %s, %s\n", c.Key.ATSCandidateID, c.FirstName, c.LastName, c.CurrentJobTitle)
		}
		h.mu.Lock()
		fmt.Fprintf(out, "  outbox: %d intents\n", len(h.intents))
		h.mu.Unlock()
	}
	if err := runner.SyncOnce(ctx); err != nil {
		return err
	}
	report("After the backfill")
	// A recruiter edits a candidate: the record and its intent are written
	// together; push sends it.
	if err := h.AddRecord(ctx, tenantID, rscsync.Candidates, candidate("C1", "Ada", "Lovelace", "Senior Analyst", created.Add(time.Hour))); err != nil {
		return err
	}
	if err := runner.SyncOnce(ctx); err != nil {
		return err
	}
	report("After an edit")
	return nil
}
