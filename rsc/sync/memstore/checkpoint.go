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

// pulledState is the data the pull engine stored for one tenant, keyed by
// LinkedIn's ids.
type pulledState struct {
	seats        map[string]model.Seat
	inmails      map[string]model.ConversationEvent
	notes        map[string]model.ProspectNote
	stubs        map[string]model.MailStub
	purged       map[string]model.PurgedExportedCandidate
	integrations map[string]model.Integration
}

func newPulledState() pulledState {
	return pulledState{
		seats:        make(map[string]model.Seat),
		inmails:      make(map[string]model.ConversationEvent),
		notes:        make(map[string]model.ProspectNote),
		stubs:        make(map[string]model.MailStub),
		purged:       make(map[string]model.PurgedExportedCandidate),
		integrations: make(map[string]model.Integration),
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

// apply stores one change under its Kind and Key (the engine computed
// both, and whether it deletes).
func (t *tenantState) apply(c rscsync.Pulled) {
	p, key := &t.pulled, c.Key()
	switch x := c.(type) {
	case rscsync.SeatChange:
		v := x.Seat
		v.Raw = slices.Clone(v.Raw)
		p.seats[key] = v
	case rscsync.InMailChange:
		v := x.Event
		v.Raw = slices.Clone(v.Raw)
		v.Recipients = slices.Clone(v.Recipients)
		p.inmails[key] = v
	case rscsync.NoteChange:
		if c.Deleted() {
			delete(p.notes, key)
			return
		}
		v := x.Note
		v.Raw = slices.Clone(v.Raw)
		p.notes[key] = v
	case rscsync.StubChange:
		v := x.Stub
		v.Raw = slices.Clone(v.Raw)
		p.stubs[key] = v
	case rscsync.PurgeChange:
		v := x.Purged
		v.Raw = slices.Clone(v.Raw)
		p.purged[key] = v
	case rscsync.IntegrationChange:
		v := x.Integration
		v.Raw = slices.Clone(v.Raw)
		p.integrations[key] = v
	case rscsync.ExportChange:
		if _, ok := t.exports[key]; !ok { // the first export of a Key is kept
			v := x.Export
			v.Raw = slices.Clone(v.Raw)
			t.exports[key] = v
		}
	case rscsync.EvaluationChange:
		v := x.Evaluation
		v.Raw = slices.Clone(v.Raw)
		t.evals[key] = v
	}
}

// Apply implements rscsync.Applier. Each change is stored under its Kind
// and Key (an inactive prospect note deletes; the first export of a Key is
// kept, a later evaluation of a Key replaces the earlier), the checkpoint
// moved (unless b.Stream.Name is empty) and b.ATSChanges applied to the
// ATS made with NewATS (an error without one), with the records and
// intents they create, all in one critical section: everything or nothing.
func (s *Store) Apply(ctx context.Context, b rscsync.Batch) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("memstore: apply %s: %w", b.Stream, err)
	}
	for i, c := range b.Changes {
		if c == nil {
			return fmt.Errorf("memstore: apply %s: change %d is nil", b.Stream, i)
		}
	}
	var a *ATS
	if len(b.ATSChanges) > 0 {
		s.mu.Lock()
		a = s.ats
		s.mu.Unlock()
		if a == nil {
			return fmt.Errorf("memstore: apply %s: %d ATS changes and no ATS (NewATS)", b.Stream, len(b.ATSChanges))
		}
		a.mu.Lock() // the ATS's lock comes before the Store's
		defer a.mu.Unlock()
	}
	s.mu.Lock()
	if b.Stream.Name != "" {
		if err := s.casCheckpoint(b.Stream, b.From, b.Next); err != nil {
			s.mu.Unlock()
			return fmt.Errorf("memstore: apply: %w", err)
		}
	}
	tenant := b.Stream.Tenant
	t := s.tenant(tenant)
	for _, c := range b.Changes {
		t.apply(c)
	}
	intents := false
	for _, ch := range b.ATSChanges {
		recs, apps := a.apply(tenant, ch)
		for _, rec := range recs {
			t.table(rscsync.Candidates).put(rec)
			s.addIntent(tenant, rscsync.Candidates, rec.Ref, rscsync.OpUpsert)
		}
		for _, rec := range apps {
			t.table(rscsync.Applications).put(rec)
			s.addIntent(tenant, rscsync.Applications, rec.Ref, rscsync.OpUpsert)
		}
		intents = intents || len(recs)+len(apps) > 0
	}
	s.mu.Unlock()
	if intents {
		s.signal(tenant)
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
		Seats:        sortedValues(p.seats, strings.Compare),
		InMails:      sortedValues(p.inmails, strings.Compare),
		Notes:        sortedValues(p.notes, strings.Compare),
		Stubs:        sortedValues(p.stubs, strings.Compare),
		Purged:       sortedValues(p.purged, strings.Compare),
		Integrations: sortedValues(p.integrations, strings.Compare),
	}
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
