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
