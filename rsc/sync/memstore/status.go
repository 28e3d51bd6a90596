package memstore

import (
	"context"
	"fmt"
	"strings"

	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// Compile-time checks of the status abilities.
var (
	_ rscsync.BacklogReader = (*Store)(nil)
	_ rscsync.LeaseOwners   = (*Store)(nil)
	_ rscsync.LeaseLister   = (*Store)(nil)
)

// Backlog implements rscsync.BacklogReader.
func (s *Store) Backlog(ctx context.Context, tenants []string) (map[string]rscsync.Backlog, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("memstore: backlog: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]rscsync.Backlog, len(tenants))
	for _, id := range tenants {
		t := s.tenants[id]
		if t == nil {
			continue
		}
		var b rscsync.Backlog
		for _, in := range t.lanes[rscsync.LaneOutbox].pending() {
			b.Intents++
			if b.Oldest.IsZero() || in.CreatedAt.Before(b.Oldest) {
				b.Oldest = in.CreatedAt
			}
		}
		b.Parked = len(t.parked)
		out[id] = b
	}
	return out, nil
}

// LeaseOwners implements rscsync.LeaseOwners on the Store's clock.
func (s *Store) LeaseOwners(ctx context.Context, names []string) (map[string]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("memstore: lease owners: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	out := map[string]string{}
	for _, n := range names {
		if l, ok := s.locks[n]; ok && now.Before(l.until) {
			out[n] = l.owner
		}
	}
	return out, nil
}

// ListLeases implements rscsync.LeaseLister on the Store's clock.
func (s *Store) ListLeases(ctx context.Context, prefix string) (map[string]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("memstore: list leases: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	out := map[string]string{}
	for n, l := range s.locks {
		if strings.HasPrefix(n, prefix) && now.Before(l.until) {
			out[n] = l.owner
		}
	}
	return out, nil
}
