package memstore

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// intentState is one pending outbox intent.
type intentState struct {
	it      rscsync.Intent // it.Lease mirrors lease.token for the claimer
	lease   lease
	removed bool
}

// addIntent records a new intent. s.mu must be held.
func (s *Store) addIntent(t *tenantState, tenant string, r rscsync.Resource, ref rscsync.Ref, op rscsync.Op) {
	s.seq++
	now := s.now()
	in := &intentState{
		it: rscsync.Intent{
			ID:        strconv.FormatInt(s.seq, 10),
			Seq:       s.seq,
			Tenant:    tenant,
			Resource:  r,
			Ref:       ref,
			Op:        op,
			CreatedAt: now,
		},
		lease: lease{due: now},
	}
	t.intents = append(t.intents, in)
	t.intentByID[in.it.ID] = in
}

// removeIntent drops in from t. s.mu must be held.
func (t *tenantState) removeIntent(in *intentState) {
	in.removed = true
	delete(t.intentByID, in.it.ID)
	t.deadIntent++
	if t.deadIntent > 32 && t.deadIntent > len(t.intents)/2 {
		t.intents = slices.DeleteFunc(t.intents, func(x *intentState) bool { return x.removed })
		t.deadIntent = 0
	}
}

// Intents returns the pending intents of tenant (leased or not) in Seq
// order, each with its current lease and attempt count.
func (s *Store) Intents(tenant string) []rscsync.Intent {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tenants[tenant]
	if t == nil {
		return nil
	}
	var out []rscsync.Intent
	for _, in := range t.intents {
		if !in.removed {
			out = append(out, in.it)
		}
	}
	return out
}

// Claim implements rscsync.Outbox. An intent is claimable when it is not
// held by an unexpired lease and its due time (creation, or the RetryAt of
// its last Complete) has come. Each claim gets a fresh lease token;
// Attempts is the number of earlier claims of the intent. A max below 1
// claims nothing; a lease below or equal to zero is an error.
func (s *Store) Claim(ctx context.Context, tenant string, max int, lease time.Duration) ([]rscsync.Intent, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("memstore: claim: %w", err)
	}
	if lease <= 0 {
		return nil, fmt.Errorf("memstore: claim: lease %v is not positive", lease)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tenants[tenant]
	if t == nil || max < 1 {
		return nil, nil
	}
	now := s.now()
	var out []rscsync.Intent
	for _, in := range t.intents {
		if len(out) == max {
			break
		}
		if in.removed || !in.lease.claimable(now) {
			continue
		}
		in.it.Lease = s.newLease()
		in.it.Attempts = in.lease.take(in.it.Lease, now, lease)
		out = append(out, in.it)
	}
	return out, nil
}

// Complete implements rscsync.Outbox. Each intent is handled on its own: one
// whose lease is not the intent's current lease (another claim took it, or
// the intent is already complete) is left as it is and reported as
// rscsync.ErrLeaseLost; the others, including those whose lease expired
// without being taken over, are removed (or, with o.RetryAt set, released
// until then; o.Error is not kept). The returned error joins the failures
// of all intents.
func (s *Store) Complete(ctx context.Context, intents []rscsync.Intent, o rscsync.Outcome) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("memstore: complete: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var errs []error
	for _, p := range intents {
		var in *intentState
		t := s.tenants[p.Tenant]
		if t != nil {
			in = t.intentByID[p.ID]
		}
		if in == nil || !in.lease.holds(p.Lease) {
			errs = append(errs, fmt.Errorf("memstore: complete intent %s: %w", p.ID, rscsync.ErrLeaseLost))
			continue
		}
		if o.RetryAt.IsZero() {
			t.removeIntent(in)
			continue
		}
		in.it.Lease = ""
		in.lease.release(o.RetryAt)
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
	if t == nil {
		return 0, nil
	}
	now := s.now()
	n := 0
	for _, in := range t.intents {
		if in.removed || in.it.Resource != r || in.it.Op != op || !want[in.it.Ref] || in.lease.held(now) {
			continue
		}
		t.removeIntent(in)
		n++
	}
	return n, nil
}
