package rscsync_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rsc/sync/memstore"
)

// The parts of a Runner: here the engine's own state (queue, checkpoints,
// parked records, leases) from memstore, as an importable store module
// would give it, and what touches the ATS (its records, what LinkedIn
// sends) from the host.
func ExampleNewRunnerFrom() {
	state := memstore.New()
	p := rscsync.PartsOf(state)
	fmt.Println(p.Abilities())
	// The host's own RecordReader and Applier would go here; memstore
	// stands in for them.
	p.Records, p.Applier = state, state
	p.Waker = nil // wake-ups by tenant only
	if _, err := rscsync.NewRunnerFrom(p, rscsync.Tenants{}, rscsync.Config{}); err != nil {
		panic(err)
	}
	fmt.Println(p.Abilities())
	// Output:
	// [Locker LeaseRenewer LeaseOwners LeaseLister TenantWaker Waker Notifier Counter Dropper Backlog Attachments]
	// [Locker LeaseRenewer LeaseOwners LeaseLister TenantWaker Notifier Counter Dropper Backlog Attachments]
}

// lockerOnlyMisnamed is a store whose TryLock has the wrong signature: it
// is no Locker, which PartsOf's Abilities shows.
type lockerOnlyMisnamed struct{ *memstore.Store }

func (lockerOnlyMisnamed) TryLock(context.Context, string, string) (bool, error) { return false, nil }

func TestPartsRequiredAndAbilities(t *testing.T) {
	t.Parallel()
	s := memstore.New()
	for _, tc := range []struct {
		name string
		edit func(*rscsync.Parts)
		want string
	}{
		{"no records", func(p *rscsync.Parts) { p.Records = nil }, "Records"},
		{"no queue or applier", func(p *rscsync.Parts) { p.Queue, p.Applier = nil, nil }, "Queue, Applier"},
		{"renewer without locker", func(p *rscsync.Parts) { p.Locker = nil }, "need a Locker"},
	} {
		p := rscsync.PartsOf(s)
		tc.edit(&p)
		_, err := rscsync.NewRunnerFrom(p, rscsync.Tenants{}, rscsync.Config{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: NewRunnerFrom error %v, want one naming %q", tc.name, err, tc.want)
		}
	}
	// A method with the wrong signature hides an ability: Abilities says so.
	type bare struct{ rscsync.Store }
	p := rscsync.PartsOf(bare{lockerOnlyMisnamed{s}})
	if got := strings.Join(p.Abilities(), ","); got != "" {
		t.Errorf("Abilities of a bare Store with a misnamed TryLock = %q, want none", got)
	}
	if _, err := rscsync.NewOffboarderFrom(rscsync.Parts{}, rscsync.Config{}); err == nil {
		t.Error("NewOffboarderFrom with no parts returned no error")
	}
}

// notifyLog is a TenantNotifier that records whom it woke.
type notifyLog struct{ woke []string }

func (n *notifyLog) NotifyTenant(_ context.Context, tenant string) error {
	n.woke = append(n.woke, tenant)
	return nil
}

// Parts.RequestResync uses the abilities it is given, not the ones its
// CheckpointStore happens to have; RequestResync discovers them.
func TestPartsRequestResyncIsExplicit(t *testing.T) {
	ctx := t.Context()
	s := memstore.New()
	resyncList := func() string {
		cp, err := s.LoadCheckpoint(ctx, rscsync.StreamID{Tenant: "acme", Name: "resync"})
		if err != nil {
			t.Fatal(err)
		}
		return cp.Cursor
	}
	// A CheckpointStore that is also a TenantNotifier: not used unless said.
	both := struct {
		rscsync.CheckpointStore
		*notifyLog
	}{s, &notifyLog{}}
	if err := (rscsync.Parts{Checkpoints: both}).RequestResync(ctx, "acme", rscsync.Jobs); err != nil {
		t.Fatal(err)
	}
	if len(both.woke) != 0 {
		t.Errorf("Parts without a Notifier woke %v", both.woke)
	}
	n := &notifyLog{}
	if err := (rscsync.Parts{Checkpoints: s, Notifier: n}).RequestResync(ctx, "acme", rscsync.Candidates); err != nil {
		t.Fatal(err)
	}
	if len(n.woke) != 1 || n.woke[0] != "acme" {
		t.Errorf("Notifier woke %v, want [acme]", n.woke)
	}
	if got := resyncList(); got != "jobs,candidates" {
		t.Errorf("resync list %q", got)
	}
	// Every resource: Attachments only when the parts say so.
	if err := (rscsync.Parts{Checkpoints: s}).RequestResync(ctx, "acme"); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(resyncList(), string(rscsync.Attachments)) {
		t.Errorf("resync list %q has attachments, not served", resyncList())
	}
	if err := (rscsync.Parts{Checkpoints: s, Attachments: true}).RequestResync(ctx, "acme"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(resyncList(), string(rscsync.Attachments)) {
		t.Errorf("resync list %q lacks attachments", resyncList())
	}
	// The package function discovers them, as PartsOf does.
	if err := rscsync.RequestResync(ctx, both, "acme", rscsync.Jobs); err != nil {
		t.Fatal(err)
	}
	if len(both.woke) != 1 {
		t.Errorf("RequestResync over a TenantNotifier woke %v", both.woke)
	}
}
