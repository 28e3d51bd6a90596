package memstore

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// itemState is one item of a tenant's lane.
type itemState struct {
	it     rscsync.Item // it.Lease mirrors lease.token for the claimer
	lease  lease
	done   bool
	doneAt time.Time
}

// laneState is one lane of a tenant's queue: the outbox and the
// notifications are kept alike, but for the notifications' de-duplication.
type laneState struct {
	items []*itemState          // in Seq order; done ones compacted lazily
	byID  map[string]*itemState // pending ones, and done notifications within the retention
	dead  int                   // done ones still in items
	done  []*itemState          // done notifications in completion order
}

// lane returns the tenant's lane l, creating it. s.mu must be held.
func (t *tenantState) lane(l rscsync.Lane) *laneState {
	q := t.lanes[l]
	if q == nil {
		q = &laneState{byID: map[string]*itemState{}}
		t.lanes[l] = q
	}
	return q
}

// finish marks in done: an intent is forgotten, a notification's id kept
// (without its body) until rscsync.NotificationRetention has passed.
func (q *laneState) finish(in *itemState, now time.Time) {
	in.done, in.doneAt = true, now
	in.it.Lease = ""
	if in.it.Lane == rscsync.LaneNotifications {
		in.it.Notification = model.Notification{ID: in.it.ID}
		q.done = append(q.done, in)
	} else {
		delete(q.byID, in.it.ID)
	}
	q.dead++
	if q.dead > 32 && q.dead > len(q.items)/2 {
		q.items = slices.DeleteFunc(q.items, func(x *itemState) bool { return x.done })
		q.dead = 0
	}
}

// forgetDone drops the done notifications completed more than
// rscsync.NotificationRetention before now. Amortised O(1) per item.
func (q *laneState) forgetDone(now time.Time) {
	n := 0
	for n < len(q.done) && now.Sub(q.done[n].doneAt) > rscsync.NotificationRetention {
		delete(q.byID, q.done[n].it.ID)
		n++
	}
	if n > 0 {
		q.done = slices.Delete(q.done, 0, n)
	}
}

// pending returns the items of the lane not done yet, in Seq order.
func (q *laneState) pending() []rscsync.Item {
	if q == nil {
		return nil
	}
	var out []rscsync.Item
	for _, in := range q.items {
		if !in.done {
			out = append(out, in.it)
		}
	}
	return out
}

// add enqueues it (Lane and Tenant set). s.mu must be held. It reports
// false for a notification whose id the tenant already has.
func (s *Store) add(it rscsync.Item) bool {
	q := s.tenant(it.Tenant).lane(it.Lane)
	now := s.now()
	if it.Lane == rscsync.LaneNotifications {
		q.forgetDone(now)
		if _, ok := q.byID[it.ID]; ok {
			return false
		}
		it.Notification.Raw = slices.Clone(it.Notification.Raw)
	}
	s.seq++
	it.Seq, it.Lease, it.Attempts = s.seq, "", 0
	if it.Lane == rscsync.LaneOutbox {
		it.ID = strconv.FormatInt(s.seq, 10)
	}
	if it.CreatedAt.IsZero() {
		it.CreatedAt = now
	}
	in := &itemState{it: it, lease: lease{due: now}}
	q.items = append(q.items, in)
	q.byID[it.ID] = in
	return true
}

// addIntent records a new outbox intent. s.mu must be held.
func (s *Store) addIntent(tenant string, r rscsync.Resource, ref rscsync.Ref, op rscsync.Op) {
	it := rscsync.IntentItem(tenant, r, ref, op)
	it.CreatedAt = s.now()
	s.add(it)
}

// Enqueue implements rscsync.Queue. Items are due at once. A notification
// id the tenant already has, queued or done within
// rscsync.NotificationRetention, is ignored (done ones older than that are
// forgotten here); an outbox item gets a new ID and Seq. An item without a
// tenant, of an unknown lane, or a notification without an id is an error
// (and nothing is enqueued).
func (s *Store) Enqueue(ctx context.Context, items ...rscsync.Item) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("memstore: enqueue: %w", err)
	}
	for _, it := range items {
		if err := checkItem(it); err != nil {
			return fmt.Errorf("memstore: enqueue: %w", err)
		}
	}
	s.mu.Lock()
	var woken []string
	for _, it := range items {
		if s.add(it) {
			woken = append(woken, it.Tenant)
		}
	}
	s.mu.Unlock()
	for _, t := range woken {
		s.signal(t)
	}
	return nil
}

// checkItem returns why it cannot be enqueued, or nil.
func checkItem(it rscsync.Item) error {
	switch {
	case it.Tenant == "":
		return errors.New("an item without a tenant")
	case it.Lane == rscsync.LaneNotifications && it.ID == "":
		return errors.New("a notification without an id")
	case it.Lane != rscsync.LaneNotifications && it.Lane != rscsync.LaneOutbox:
		return fmt.Errorf("unknown lane %q", it.Lane)
	}
	return nil
}

// Intents returns the pending outbox items of tenant (leased or not) in
// Seq order, each with its current lease and attempt count.
func (s *Store) Intents(tenant string) []rscsync.Item {
	return s.Items(tenant, rscsync.LaneOutbox)
}

// Notifications returns the notifications of tenant that are not done yet
// (leased or not), oldest first.
func (s *Store) Notifications(tenant string) []rscsync.Item {
	return s.Items(tenant, rscsync.LaneNotifications)
}

// Items returns the pending items of a tenant's lane (leased or not) in
// Seq order.
func (s *Store) Items(tenant string, lane rscsync.Lane) []rscsync.Item {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tenants[tenant]
	if t == nil || t.lanes[lane] == nil {
		return nil
	}
	return t.lanes[lane].pending()
}

// Claim implements rscsync.Queue. An item is claimable when it is not held
// by an unexpired lease and its due time (enqueueing, or the RetryAt of its
// last Complete) has come. Each claim gets a fresh lease token; Attempts is
// the number of earlier claims of the item. A max below 1 claims nothing; a
// lease below or equal to zero is an error.
func (s *Store) Claim(ctx context.Context, tenant string, lane rscsync.Lane, max int, lease time.Duration) ([]rscsync.Item, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("memstore: claim: %w", err)
	}
	if lease <= 0 {
		return nil, fmt.Errorf("memstore: claim: lease %v is not positive", lease)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tenants[tenant]
	if t == nil || t.lanes[lane] == nil || max < 1 {
		return nil, nil
	}
	now := s.now()
	var out []rscsync.Item
	for _, in := range t.lanes[lane].items {
		if len(out) == max {
			break
		}
		if in.done || !in.lease.claimable(now) {
			continue
		}
		in.it.Lease = s.newLease()
		in.it.Attempts = in.lease.take(in.it.Lease, now, lease)
		out = append(out, in.it)
	}
	return out, nil
}

// Complete implements rscsync.Queue. Each item is handled on its own: one
// whose lease is not the item's current lease (another claim took it, or it
// is already done) is left as it is and reported as rscsync.ErrLeaseLost;
// the others, including those whose lease expired without being taken
// over, are done (or, with o.RetryAt set, released until then; o.Error is
// not kept). A done notification's id stays known for
// rscsync.NotificationRetention, without its body. The returned error joins
// the failures of all items.
func (s *Store) Complete(ctx context.Context, items []rscsync.Item, o rscsync.Outcome) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("memstore: complete: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	var errs []error
	for _, p := range items {
		var q *laneState
		var in *itemState
		if t := s.tenants[p.Tenant]; t != nil {
			if q = t.lanes[p.Lane]; q != nil {
				in = q.byID[p.ID]
			}
		}
		if in == nil || in.done || !in.lease.holds(p.Lease) {
			errs = append(errs, fmt.Errorf("memstore: complete %s %s: %w", p.Lane, p.ID, rscsync.ErrLeaseLost))
			continue
		}
		in.it.Lease = ""
		in.lease.release(o.RetryAt)
		if o.RetryAt.IsZero() {
			q.finish(in, now)
		}
	}
	return errors.Join(errs...)
}

// DropIntents implements rscsync.IntentDropper: it removes the tenant's
// intents of r for refs with Op op that no unexpired lease holds.
func (s *Store) DropIntents(ctx context.Context, tenant string, r rscsync.Resource, refs []rscsync.Ref, op rscsync.Op) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, fmt.Errorf("memstore: drop intents: %w", err)
	}
	want := make(map[rscsync.Ref]bool, len(refs))
	for _, ref := range refs {
		want[ref] = true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tenants[tenant]
	if t == nil || t.lanes[rscsync.LaneOutbox] == nil {
		return 0, nil
	}
	q := t.lanes[rscsync.LaneOutbox]
	now := s.now()
	n := 0
	for _, in := range q.items {
		if in.done || in.it.Resource != r || in.it.Op != op || !want[in.it.Ref] || in.lease.held(now) {
			continue
		}
		q.finish(in, now)
		n++
	}
	return n, nil
}
