package memstore

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// LoadCheckpoint implements rscsync.CheckpointStore.
func (s *Store) LoadCheckpoint(ctx context.Context, id rscsync.StreamID) (rscsync.Checkpoint, error) {
	if err := ctx.Err(); err != nil {
		return rscsync.Checkpoint{}, fmt.Errorf("memstore: load checkpoint %s: %w", id, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.checkpoints[id], nil
}

// SaveCheckpoint implements rscsync.CheckpointStore: a compare-and-set on
// the version.
func (s *Store) SaveCheckpoint(ctx context.Context, id rscsync.StreamID, from, next rscsync.Checkpoint) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("memstore: save checkpoint %s: %w", id, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.casCheckpoint(id, from, next)
}

// casCheckpoint moves the checkpoint of id from from to next. s.mu must be
// held.
func (s *Store) casCheckpoint(id rscsync.StreamID, from, next rscsync.Checkpoint) error {
	if cur := s.checkpoints[id]; cur.Version != from.Version {
		return fmt.Errorf("memstore: checkpoint %s is at version %d, not %d: %w", id, cur.Version, from.Version, rscsync.ErrStaleCheckpoint)
	}
	next.Version = from.Version + 1
	s.checkpoints[id] = next
	return nil
}

// Checkpoints returns a copy of every stored checkpoint.
func (s *Store) Checkpoints() map[rscsync.StreamID]rscsync.Checkpoint {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.checkpoints)
}

// purgeKey identifies a purged exported profile.
type purgeKey struct {
	Member    model.URN
	RequestID string
}

// pulledState is the data the pull engine stored for one tenant, keyed by
// LinkedIn's ids.
type pulledState struct {
	seats        map[string]model.Seat
	inmails      map[string]model.ConversationEvent
	notes        map[string]model.ProspectNote
	stubs        map[string]model.MailStub
	purged       map[purgeKey]model.PurgedExportedCandidate
	integrations map[model.IntegrationKey]model.Integration
}

func newPulledState() pulledState {
	return pulledState{
		seats:        make(map[string]model.Seat),
		inmails:      make(map[string]model.ConversationEvent),
		notes:        make(map[string]model.ProspectNote),
		stubs:        make(map[string]model.MailStub),
		purged:       make(map[purgeKey]model.PurgedExportedCandidate),
		integrations: make(map[model.IntegrationKey]model.Integration),
	}
}

// PulledData is what the pull engine stored for a tenant, each list sorted
// by its key; a list with nothing in it is nil.
type PulledData struct {
	// Seats by ID (the URN when the ID is empty).
	Seats []model.Seat
	// InMails are the conversation events by ID.
	InMails []model.ConversationEvent
	// Notes are the active prospect notes by ID; an inactive one deletes.
	Notes []model.ProspectNote
	// Stubs are the mail stubs by ID.
	Stubs []model.MailStub
	// Purged are the purged exported profiles by Member, then RequestID.
	Purged []model.PurgedExportedCandidate
	// Integrations by key.
	Integrations []model.Integration
}

// seatKey is the id a seat is stored under.
func seatKey(x model.Seat) string {
	if x.ID != "" {
		return x.ID
	}
	return string(x.URN)
}

// normalizeChange returns c as a value of one of the pulled model types,
// dereferencing pointers, or an error for anything else.
func normalizeChange(c any) (any, error) {
	switch x := c.(type) {
	case model.Seat, model.ConversationEvent, model.ProspectNote, model.MailStub,
		model.PurgedExportedCandidate, model.Integration:
		return x, nil
	case *model.Seat:
		if x != nil {
			return *x, nil
		}
	case *model.ConversationEvent:
		if x != nil {
			return *x, nil
		}
	case *model.ProspectNote:
		if x != nil {
			return *x, nil
		}
	case *model.MailStub:
		if x != nil {
			return *x, nil
		}
	case *model.PurgedExportedCandidate:
		if x != nil {
			return *x, nil
		}
	case *model.Integration:
		if x != nil {
			return *x, nil
		}
	}
	return nil, fmt.Errorf("unsupported change type %T", c)
}

// apply upserts one normalized change.
func (p *pulledState) apply(c any) {
	switch x := c.(type) {
	case model.Seat:
		x.Raw = slices.Clone(x.Raw)
		p.seats[seatKey(x)] = x
	case model.ConversationEvent:
		x.Raw = slices.Clone(x.Raw)
		x.Recipients = slices.Clone(x.Recipients)
		p.inmails[x.ID] = x
	case model.ProspectNote:
		if !x.Active {
			delete(p.notes, x.ID)
			return
		}
		x.Raw = slices.Clone(x.Raw)
		p.notes[x.ID] = x
	case model.MailStub:
		x.Raw = slices.Clone(x.Raw)
		p.stubs[x.ID] = x
	case model.PurgedExportedCandidate:
		x.Raw = slices.Clone(x.Raw)
		p.purged[purgeKey{x.Member, x.RequestID}] = x
	case model.Integration:
		x.Raw = slices.Clone(x.Raw)
		p.integrations[x.Key] = x
	}
}

// Apply implements rscsync.Applier. Every change must be one of the pulled
// model types (a value or a non-nil pointer); otherwise Apply stores nothing
// and returns an error. Upserts are keyed by LinkedIn's ids: seat ID,
// conversation event ID, prospect note ID (an inactive note deletes), mail
// stub ID, purged profile Member and RequestID, integration key. The
// checkpoint compare-and-set and the upserts happen in one critical
// section: everything or nothing.
func (s *Store) Apply(ctx context.Context, b rscsync.Batch) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("memstore: apply %s: %w", b.Stream, err)
	}
	changes := make([]any, len(b.Changes))
	for i, c := range b.Changes {
		n, err := normalizeChange(c)
		if err != nil {
			return fmt.Errorf("memstore: apply %s: change %d: %w", b.Stream, i, err)
		}
		changes[i] = n
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.casCheckpoint(b.Stream, b.From, b.Next); err != nil {
		return fmt.Errorf("memstore: apply: %w", err)
	}
	p := &s.tenant(b.Stream.Tenant).pulled
	for _, c := range changes {
		p.apply(c)
	}
	return nil
}

// sortedValues returns the values of m ordered by key, nil when empty.
func sortedValues[K comparable, V any](m map[K]V, compare func(a, b K) int) []V {
	if len(m) == 0 {
		return nil
	}
	keys := slices.SortedFunc(maps.Keys(m), compare)
	out := make([]V, len(keys))
	for i, k := range keys {
		out[i] = m[k]
	}
	return out
}

// Pulled returns the data the pull engine stored for tenant.
func (s *Store) Pulled(tenant string) PulledData {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tenants[tenant]
	if t == nil {
		return PulledData{}
	}
	p := &t.pulled
	return PulledData{
		Seats:   sortedValues(p.seats, strings.Compare),
		InMails: sortedValues(p.inmails, strings.Compare),
		Notes:   sortedValues(p.notes, strings.Compare),
		Stubs:   sortedValues(p.stubs, strings.Compare),
		Purged: sortedValues(p.purged, func(a, b purgeKey) int {
			return compareStrings(string(a.Member), string(b.Member), a.RequestID, b.RequestID)
		}),
		Integrations: sortedValues(p.integrations, func(a, b model.IntegrationKey) int {
			return compareStrings(string(a.IntegrationContext), string(b.IntegrationContext),
				string(a.IntegrationType), string(b.IntegrationType),
				string(a.TenantType), string(b.TenantType))
		}),
	}
}

// compareStrings compares pairs (a0, b0), (a1, b1), ... lexicographically.
func compareStrings(pairs ...string) int {
	for i := 0; i+1 < len(pairs); i += 2 {
		if c := strings.Compare(pairs[i], pairs[i+1]); c != 0 {
			return c
		}
	}
	return 0
}

// parkKey identifies the parked failure of one record.
type parkKey struct {
	resource rscsync.Resource
	ref      rscsync.Ref
}

// Park implements rscsync.Parker: a failure replaces an earlier one of the
// same (tenant, resource, ref).
func (s *Store) Park(ctx context.Context, p []rscsync.Parked) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("memstore: park: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, x := range p {
		s.tenant(x.Tenant).parked[parkKey{x.Resource, x.Ref}] = x
	}
	return nil
}

// Unpark implements rscsync.Parker; refs without a parked failure are
// ignored.
func (s *Store) Unpark(ctx context.Context, tenant string, r rscsync.Resource, refs []rscsync.Ref) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("memstore: unpark: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tenants[tenant]
	if t == nil {
		return nil
	}
	for _, ref := range refs {
		delete(t.parked, parkKey{r, ref})
	}
	return nil
}

// Parked returns the parked failures of tenant ordered by resource (in
// rscsync.Resources), then by record position.
func (s *Store) Parked(tenant string) []rscsync.Parked {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tenants[tenant]
	if t == nil {
		return nil
	}
	return sortedValues(t.parked, func(a, b parkKey) int {
		if c := compareResource(a.resource, b.resource); c != 0 {
			return c
		}
		return strings.Compare(PositionKey(a.ref), PositionKey(b.ref))
	})
}
