package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

var applyTests = []test{
	{"StoresChangesAndCheckpoint", testApplyStores},
	{"ExportsAreIdempotent", testApplyExport},
	{"EvaluationsAreIdempotentAndReplace", testApplyEvaluation},
	{"ReplayIsIdempotent", testApplyReplay},
	{"UpsertsByLinkedInID", testApplyUpserts},
	{"CancelledContextStoresNothing", testApplyCancelled},
	{"StaleFromStoresNothing", testApplyStale},
	{"ConcurrentStreams", testApplyConcurrent},
}

// Pulled items the suite applies.

func seat(id string, active bool) model.Seat {
	return model.Seat{ID: id, URN: model.URN("urn:li:seat:" + id), Contract: "urn:li:contract:1", Member: model.URN("urn:li:person:m" + id), Active: active, State: "ACTIVE"}
}

func event(id string) model.ConversationEvent {
	return model.ConversationEvent{ID: id, Thread: "urn:li:thread:1", Author: "urn:li:person:a", Recipients: []model.URN{"urn:li:person:r"}, Subject: "Hello", Body: "Body " + id, CreatedAt: baseMillis}
}

func prospectNote(id string, active bool) model.ProspectNote {
	return model.ProspectNote{ID: id, Active: active, Contract: "urn:li:contract:1", Owner: "urn:li:seat:1", Member: "urn:li:person:p", Note: "note " + id, Created: baseMillis, LastModified: baseMillis}
}

func mailStub(id string) model.MailStub {
	return model.MailStub{ID: id, Owner: "urn:li:seat:1", Member: "urn:li:person:s" + model.URN(id), FirstName: "Stub", LastName: id, CreatedAt: baseMillis}
}

func purged(member, requestID string) model.PurgedExportedCandidate {
	return model.PurgedExportedCandidate{Member: model.URN("urn:li:person:" + member), RequestID: requestID, ExportType: "ONE_CLICK_EXPORT", PurgedAt: baseMillis}
}

func integration(org string, status string) model.Integration {
	return model.Integration{Key: model.IntegrationKey{
		IntegrationContext: model.URN("urn:li:organization:" + org),
		IntegrationType:    model.IntegrationTypeOneClickExport,
		TenantType:         model.TenantTypeRecruiter,
	}, IntegrationName: "Export " + org, Status: status}
}

// pulledKey returns the identity of a pulled item, as the suite compares
// it: kind and LinkedIn id.
func pulledKey(x any) (string, error) {
	switch v := x.(type) {
	case model.Seat:
		if v.ID == "" {
			return "seat:" + string(v.URN), nil
		}
		return "seat:" + v.ID, nil
	case model.ConversationEvent:
		return "inmail:" + v.ID, nil
	case model.ProspectNote:
		return "note:" + v.ID, nil
	case model.MailStub:
		return "stub:" + v.ID, nil
	case model.PurgedExportedCandidate:
		return "purged:" + string(v.Member) + "|" + v.RequestID, nil
	case model.Integration:
		return fmt.Sprintf("integration:%s|%s|%s", v.Key.IntegrationContext, v.Key.IntegrationType, v.Key.TenantType), nil
	case model.ExportedCandidate:
		return "export:" + v.Key(), nil
	case *model.Seat, *model.ConversationEvent, *model.ProspectNote, *model.MailStub,
		*model.PurgedExportedCandidate, *model.Integration, *model.ExportedCandidate:
		return pulledKey(derefAny(v))
	}
	return "", fmt.Errorf("unexpected pulled item of type %T", x)
}

func derefAny(x any) any {
	switch v := x.(type) {
	case *model.Seat:
		return *v
	case *model.ConversationEvent:
		return *v
	case *model.ProspectNote:
		return *v
	case *model.MailStub:
		return *v
	case *model.PurgedExportedCandidate:
		return *v
	case *model.Integration:
		return *v
	case *model.ExportedCandidate:
		return *v
	}
	return x
}

// keys returns the sorted keys of items.
func keys(t *testing.T, items []any) []string {
	t.Helper()
	var out []string
	for _, x := range items {
		k, err := pulledKey(x)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// wantPulled compares the keys of what the host stored for tenant with the
// keys of want (duplicates included). Without Fixture.Pulled it does
// nothing.
func (e *env) wantPulled(t *testing.T, tenant string, want []any, why string) {
	t.Helper()
	if e.Pulled == nil {
		return
	}
	got, err := e.Pulled(e.ctx, tenant)
	if err != nil {
		t.Fatalf("Pulled(%s): %v", tenant, err)
	}
	if diff := cmp.Diff(keys(t, want), keys(t, got), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("%s: stored items of %s (-want +got):\n%s", why, tenant, diff)
	}
}

func (e *env) apply(t *testing.T, b rscsync.Batch) {
	t.Helper()
	if err := e.applier.Apply(e.ctx, b); err != nil {
		t.Fatalf("Apply(%s from version %d): %v", b.Stream, b.From.Version, err)
	}
}

// everyKind is one pulled item of each kind.
// pulled wraps pulled model values (or pointers to them) as the engine
// hands them to Apply.
func pulled(xs ...any) []rscsync.Pulled {
	out := make([]rscsync.Pulled, 0, len(xs))
	for _, x := range xs {
		p, ok := rscsync.PulledOf(x)
		if !ok {
			panic(fmt.Sprintf("storetest: %T is not a pulled type", x))
		}
		out = append(out, p)
	}
	return out
}

func everyKind() []any {
	return []any{
		seat("1", true), event("e1"), prospectNote("pn1", true), mailStub("m1"),
		purged("x", "r1"), integration("1", "ENABLED"),
	}
}

func testApplyStores(t *testing.T, e *env) {
	s := rscsync.StreamID{Tenant: tenantA, Name: "pull/seats"}
	next := rscsync.Checkpoint{Cursor: "1700000000000", Done: 6, UpdatedAt: at(1)}
	e.apply(t, rscsync.Batch{Stream: s, Next: next, Changes: pulled(everyKind()...)})
	next.Version = 1
	e.wantCheckpoint(t, s, next, "after Apply")
	e.wantPulled(t, tenantA, everyKind(), "after Apply")
	e.wantPulled(t, tenantB, nil, "other tenant")
	// Pointers are accepted like values.
	var ptrs []any
	for _, x := range []any{seat("2", true), event("e2")} {
		switch v := x.(type) {
		case model.Seat:
			ptrs = append(ptrs, &v)
		case model.ConversationEvent:
			ptrs = append(ptrs, &v)
		}
	}
	e.apply(t, rscsync.Batch{Stream: s, From: next, Next: rscsync.Checkpoint{Cursor: "1700000000001"}, Changes: pulled(ptrs...)})
	e.wantPulled(t, tenantA, append(everyKind(), seat("2", true), event("e2")), "after Apply of pointers")
}

func testApplyReplay(t *testing.T, e *env) {
	s := rscsync.StreamID{Tenant: tenantA, Name: "pull/inmails/urn:li:seat:1"}
	b := rscsync.Batch{Stream: s, Next: rscsync.Checkpoint{Cursor: "t1", Done: 6, UpdatedAt: at(1)}, Changes: pulled(everyKind()...)}
	e.apply(t, b)
	// The same batch again (a retry after a lost reply): stale, nothing changes.
	if err := e.applier.Apply(e.ctx, b); !errors.Is(err, rscsync.ErrStaleCheckpoint) {
		t.Fatalf("Apply of the same batch again: err = %v, want ErrStaleCheckpoint", err)
	}
	want := b.Next
	want.Version = 1
	e.wantCheckpoint(t, s, want, "after a replayed batch")
	e.wantPulled(t, tenantA, everyKind(), "after a replayed batch")
	// Replay from the reloaded checkpoint (the engine re-read the same page):
	// the data stays the same, the checkpoint moves on.
	cur := e.load(t, s)
	e.apply(t, rscsync.Batch{Stream: s, From: cur, Next: b.Next, Changes: pulled(everyKind()...)})
	want.Version = 2
	e.wantCheckpoint(t, s, want, "after a replay from the reloaded checkpoint")
	e.wantPulled(t, tenantA, everyKind(), "after a replay from the reloaded checkpoint")
}

func testApplyUpserts(t *testing.T, e *env) {
	s := rscsync.StreamID{Tenant: tenantA, Name: "pull/notes"}
	e.apply(t, rscsync.Batch{Stream: s, Next: rscsync.Checkpoint{Cursor: "1"}, Changes: pulled(
		seat("1", true), prospectNote("pn1", true), prospectNote("pn2", true),
		purged("x", "r1"), purged("x", "r2"), purged("y", "r1"), integration("1", "ENABLED"),
	)})
	e.apply(t, rscsync.Batch{Stream: s, From: rscsync.Checkpoint{Version: 1}, Next: rscsync.Checkpoint{Cursor: "2"}, Changes: pulled(
		seat("1", false), prospectNote("pn1", false), prospectNote("pn3", false),
		purged("x", "r1"), integration("1", "DISABLED"), integration("2", "ENABLED"),
	)})
	e.wantPulled(t, tenantA, []any{
		seat("1", false), prospectNote("pn2", true),
		purged("x", "r1"), purged("x", "r2"), purged("y", "r1"),
		integration("1", "DISABLED"), integration("2", "ENABLED"),
	}, "after updates and an inactive note")
}

func testApplyCancelled(t *testing.T, e *env) {
	s := rscsync.StreamID{Tenant: tenantA, Name: "pull/stubs"}
	ctx, cancel := context.WithCancel(e.ctx)
	cancel()
	err := e.applier.Apply(ctx, rscsync.Batch{Stream: s, Next: rscsync.Checkpoint{Cursor: "1"}, Changes: pulled(everyKind()...)})
	if err == nil {
		t.Fatal("Apply with a cancelled context returned nil")
	}
	if errors.Is(err, rscsync.ErrStaleCheckpoint) {
		t.Errorf("Apply with a cancelled context returned %v, want an error other than ErrStaleCheckpoint", err)
	}
	e.wantCheckpoint(t, s, rscsync.Checkpoint{}, "after a cancelled Apply")
	e.wantPulled(t, tenantA, nil, "after a cancelled Apply")
	// The engine replays the batch: it applies as if nothing happened.
	e.apply(t, rscsync.Batch{Stream: s, Next: rscsync.Checkpoint{Cursor: "1"}, Changes: pulled(everyKind()...)})
	e.wantCheckpoint(t, s, rscsync.Checkpoint{Cursor: "1", Version: 1}, "after the replay")
	e.wantPulled(t, tenantA, everyKind(), "after the replay")
}

func testApplyStale(t *testing.T, e *env) {
	s := rscsync.StreamID{Tenant: tenantA, Name: "pull/purged"}
	e.apply(t, rscsync.Batch{Stream: s, Next: rscsync.Checkpoint{Cursor: "1"}, Changes: pulled(seat("1", true))})
	// A second worker read the same page from the zero checkpoint and now
	// commits a page with more items: stale, and none of it is stored.
	err := e.applier.Apply(e.ctx, rscsync.Batch{Stream: s, Next: rscsync.Checkpoint{Cursor: "9"}, Changes: pulled(everyKind()...)})
	if !errors.Is(err, rscsync.ErrStaleCheckpoint) {
		t.Fatalf("Apply from a stale checkpoint: err = %v, want ErrStaleCheckpoint", err)
	}
	err = e.applier.Apply(e.ctx, rscsync.Batch{Stream: s, From: rscsync.Checkpoint{Version: 3}, Next: rscsync.Checkpoint{Cursor: "9"}, Changes: pulled(everyKind()...)})
	if !errors.Is(err, rscsync.ErrStaleCheckpoint) {
		t.Fatalf("Apply from a future version: err = %v, want ErrStaleCheckpoint", err)
	}
	e.wantCheckpoint(t, s, rscsync.Checkpoint{Cursor: "1", Version: 1}, "after stale Apply")
	e.wantPulled(t, tenantA, []any{seat("1", true)}, "after stale Apply")
}

func testApplyConcurrent(t *testing.T, e *env) {
	const streams, batches, perBatch = 8, 10, 3
	var wg sync.WaitGroup
	for i := range streams {
		tenant := []string{tenantA, tenantB}[i%2]
		s := rscsync.StreamID{Tenant: tenant, Name: fmt.Sprintf("pull/inmails/urn:li:seat:%d", i)}
		wg.Go(func() {
			var from rscsync.Checkpoint
			for j := range batches {
				var changes []any
				for k := range perBatch {
					changes = append(changes, event(fmt.Sprintf("s%d-b%d-%d", i, j, k)))
				}
				next := rscsync.Checkpoint{Cursor: fmt.Sprint(j + 1), Done: from.Done + perBatch}
				if err := e.applier.Apply(e.ctx, rscsync.Batch{Stream: s, From: from, Next: next, Changes: pulled(changes...)}); err != nil {
					t.Errorf("Apply(%s, batch %d): %v", s, j, err)
					return
				}
				next.Version = from.Version + 1
				from = next
			}
		})
	}
	wg.Wait()
	want := map[string][]any{}
	for i := range streams {
		tenant := []string{tenantA, tenantB}[i%2]
		s := rscsync.StreamID{Tenant: tenant, Name: fmt.Sprintf("pull/inmails/urn:li:seat:%d", i)}
		e.wantCheckpoint(t, s, rscsync.Checkpoint{Cursor: fmt.Sprint(batches), Done: batches * perBatch, Version: batches}, "after concurrent streams")
		for j := range batches {
			for k := range perBatch {
				want[tenant] = append(want[tenant], event(fmt.Sprintf("s%d-b%d-%d", i, j, k)))
			}
		}
	}
	for tenant, items := range want {
		e.wantPulled(t, tenant, items, "after concurrent streams")
	}
}
