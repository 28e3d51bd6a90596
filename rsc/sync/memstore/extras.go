package memstore

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// lockState is a lease on a named partition.
type lockState struct {
	owner string
	until time.Time
}

// TryLock implements rscsync.Locker on the Store's clock: a lease is held
// while the clock is before its expiry.
func (s *Store) TryLock(ctx context.Context, name, owner string, ttl time.Duration) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, fmt.Errorf("memstore: lock %s: %w", name, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	if l, ok := s.locks[name]; ok && l.owner != owner && now.Before(l.until) {
		return false, nil
	}
	s.locks[name] = lockState{owner: owner, until: now.Add(ttl)}
	return true, nil
}

// RenewLocks implements rscsync.LeaseRenewer on the Store's clock: it
// extends owner's leases among names, expired ones too unless another owner
// took them, and returns the names renewed.
func (s *Store) RenewLocks(ctx context.Context, names []string, owner string, ttl time.Duration) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("memstore: renew locks: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	var held []string
	for _, name := range names {
		if l, ok := s.locks[name]; ok && l.owner == owner {
			s.locks[name] = lockState{owner: owner, until: now.Add(ttl)}
			held = append(held, name)
		}
	}
	return held, nil
}

// Unlock implements rscsync.Locker.
func (s *Store) Unlock(ctx context.Context, name, owner string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("memstore: unlock %s: %w", name, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if l, ok := s.locks[name]; ok && l.owner == owner {
		delete(s.locks, name)
	}
	return nil
}

// noteState is one queued notification.
type noteState struct {
	q      rscsync.QueuedNotification // q.Lease mirrors lease.token for the claimer
	lease  lease
	done   bool
	doneAt time.Time
}

// forgetDone drops the done notifications of t completed more than
// rscsync.NotificationRetention before now. Amortised O(1) per notification.
func (t *tenantState) forgetDone(now time.Time) {
	n := 0
	for n < len(t.doneQ) && now.Sub(t.doneQ[n].doneAt) > rscsync.NotificationRetention {
		delete(t.notes, t.doneQ[n].q.Notification.ID)
		n++
	}
	if n > 0 {
		t.doneQ = slices.Delete(t.doneQ, 0, n)
	}
}

// Enqueue implements rscsync.NotificationQueue: a notification id the
// tenant already has, queued or done within rscsync.NotificationRetention,
// is ignored. It is due at once. Done notifications older than that are
// forgotten here.
func (s *Store) Enqueue(ctx context.Context, tenant string, n model.Notification, at time.Time) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("memstore: enqueue %s: %w", n.ID, err)
	}
	s.mu.Lock()
	t := s.tenant(tenant)
	t.forgetDone(s.now())
	if _, ok := t.notes[n.ID]; ok {
		s.mu.Unlock()
		return nil
	}
	n.Raw = slices.Clone(n.Raw)
	st := &noteState{
		q:     rscsync.QueuedNotification{Tenant: tenant, Notification: n, ReceivedAt: at},
		lease: lease{due: s.now()},
	}
	t.notes[n.ID] = st
	t.noteQ = append(t.noteQ, st)
	s.mu.Unlock()
	s.signal(tenant)
	return nil
}

// ClaimNotifications implements rscsync.NotificationQueue like Claim:
// oldest first, a fresh lease per claim, Attempts counting earlier claims.
func (s *Store) ClaimNotifications(ctx context.Context, tenant string, max int, lease time.Duration) ([]rscsync.QueuedNotification, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("memstore: claim notifications: %w", err)
	}
	if lease <= 0 {
		return nil, fmt.Errorf("memstore: claim notifications: lease %v is not positive", lease)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tenants[tenant]
	if t == nil || max < 1 {
		return nil, nil
	}
	now := s.now()
	var out []rscsync.QueuedNotification
	for _, n := range t.noteQ {
		if len(out) == max {
			break
		}
		if n.done || !n.lease.claimable(now) {
			continue
		}
		n.q.Lease = s.newLease()
		n.q.Attempts = n.lease.take(n.q.Lease, now, lease)
		out = append(out, n.q)
	}
	return out, nil
}

// CompleteNotification implements rscsync.NotificationQueue. A done
// notification's id stays known for rscsync.NotificationRetention, so a
// redelivery of it is ignored; its body and errText are not kept.
func (s *Store) CompleteNotification(ctx context.Context, q rscsync.QueuedNotification, retryAt time.Time, errText string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("memstore: complete notification %s: %w", q.Notification.ID, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var n *noteState
	t := s.tenants[q.Tenant]
	if t != nil {
		n = t.notes[q.Notification.ID]
	}
	if n == nil || n.done || !n.lease.holds(q.Lease) {
		return fmt.Errorf("memstore: complete notification %s: %w", q.Notification.ID, rscsync.ErrLeaseLost)
	}
	n.q.Lease = ""
	n.lease.release(retryAt)
	if !retryAt.IsZero() {
		return nil
	}
	n.done, n.doneAt = true, s.now()
	n.q.Notification = model.Notification{ID: n.q.Notification.ID}
	t.doneQ = append(t.doneQ, n)
	t.deadQ++
	if t.deadQ > 32 && t.deadQ > len(t.noteQ)/2 {
		t.noteQ = slices.DeleteFunc(t.noteQ, func(x *noteState) bool { return x.done })
		t.deadQ = 0
	}
	return nil
}

// Notifications returns the notifications of tenant that are not done yet
// (leased or not), oldest first.
func (s *Store) Notifications(tenant string) []rscsync.QueuedNotification {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tenants[tenant]
	if t == nil {
		return nil
	}
	var out []rscsync.QueuedNotification
	for _, n := range t.noteQ {
		if !n.done {
			out = append(out, n.q)
		}
	}
	return out
}

// ApplyExport implements rscsync.ExportSink: the first export of a Key
// (request id and member) is kept, later ones are ignored.
func (s *Store) ApplyExport(ctx context.Context, tenant string, e model.ExportedCandidate) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("memstore: apply export %s: %w", e.RequestID, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tenant(tenant)
	if _, ok := t.exports[e.Key()]; ok {
		return nil
	}
	e.Raw = slices.Clone(e.Raw)
	t.exports[e.Key()] = e
	return nil
}

// Exports returns the exported candidates of tenant ordered by RequestID.
func (s *Store) Exports(tenant string) []model.ExportedCandidate {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tenants[tenant]
	if t == nil {
		return nil
	}
	return sortedValues(t.exports, strings.Compare)
}

// ApplyEvaluation implements rscsync.EvaluationSink: the latest evaluation
// of a Key (request id and application) replaces an earlier one.
func (s *Store) ApplyEvaluation(ctx context.Context, tenant string, e model.ApplicationEvaluation) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("memstore: apply evaluation %s: %w", e.RequestID, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e.Raw = slices.Clone(e.Raw)
	s.tenant(tenant).evals[e.Key()] = e
	return nil
}

// Evaluations returns the Hiring Assistant evaluations of tenant ordered by
// Key.
func (s *Store) Evaluations(tenant string) []model.ApplicationEvaluation {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tenants[tenant]
	if t == nil {
		return nil
	}
	return sortedValues(t.evals, strings.Compare)
}

// ServesAttachments implements rscsync.AttachmentSource: the Store keeps
// the Attachments resource like any other (model.Attachment values).
func (s *Store) ServesAttachments() bool { return true }
