package memstore

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/rsckit/rsckit/rsc/model"
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

// Exports returns the exported candidates Apply stored for tenant (the
// first of a Key is kept), ordered by Key.
func (s *Store) Exports(tenant string) []model.ExportedCandidate {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tenants[tenant]
	if t == nil {
		return nil
	}
	return sortedValues(t.exports, strings.Compare)
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
