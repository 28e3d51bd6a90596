package rscsync_test

import (
	"strings"
	"testing"

	"github.com/rsckit/rsckit/internal/atsgen"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rsc/sync/memstore"
)

// Each engine runs alone over values that are only the interfaces it
// takes: a method it does not need is not there to be called.
func TestEnginesRunAlone(t *testing.T) {
	e := newEnv(t, nil)
	d := atsgen.Generate(5, 40, genNow)
	e.seed(d)
	s := e.store
	cfg := rscsync.Config{}

	bf, err := rscsync.NewBackfill(struct{ rscsync.RecordReader }{s}, struct{ rscsync.CheckpointStore }{s}, struct{ rscsync.Parker }{s}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := bf.Run(t.Context(), e.tenant); err != nil {
		t.Fatal(err)
	}
	e.assertLinkedInEqualsStore(t)

	// A change after the backfill goes through the outbox: Push alone.
	rec := s.Records(tenantID, rscsync.Candidates)[0]
	s.Put(tenantID, rscsync.Candidates, rec)
	push, err := rscsync.NewPush(struct{ rscsync.RecordReader }{s}, struct{ rscsync.Queue }{s}, struct{ rscsync.Parker }{s},
		struct{ rscsync.CheckpointStore }{s}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	n, err := push.Drain(t.Context(), e.tenant)
	if err != nil || n != 1 {
		t.Fatalf("Drain = %d, %v; want 1 intent", n, err)
	}
	if left := s.Intents(tenantID); len(left) != 0 {
		t.Errorf("%d intents left after Drain", len(left))
	}

	pull, err := rscsync.NewPull(struct{ rscsync.CheckpointStore }{s}, struct{ rscsync.Queue }{s}, struct{ rscsync.Applier }{s}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := pull.Poll(t.Context(), e.tenant); err != nil {
		t.Fatal(err)
	}
	if n, err := pull.Notifications(t.Context(), e.tenant); err != nil || n != 0 {
		t.Errorf("Notifications = %d, %v; want none queued", n, err)
	}
	// The pollers kept their checkpoints.
	cp, err := s.LoadCheckpoint(t.Context(), rscsync.StreamID{Tenant: tenantID, Name: "pull/integrations"})
	if err != nil || cp.Version == 0 {
		t.Errorf("pull/integrations checkpoint %+v, %v: the poller did not run", cp, err)
	}
}

// An engine refuses missing parts, and an Intake without an Applier for
// its match links, instead of failing on first use.
func TestEnginesRefuseMissingParts(t *testing.T) {
	s := memstore.New()
	in := rscsync.NewIntake(memstore.NewATS(s, "US", ""), "US", nil)
	for name, err := range map[string]error{
		"backfill nil":    second(rscsync.NewBackfill(s, nil, s, rscsync.Config{})),
		"push nil":        second(rscsync.NewPush(s, s, nil, s, rscsync.Config{})),
		"pull nil":        second(rscsync.NewPull(s, nil, s, rscsync.Config{})),
		"backfill intake": second(rscsync.NewBackfill(s, s, s, rscsync.Config{Intake: in})),
		"push intake":     second(rscsync.NewPush(s, s, s, s, rscsync.Config{Intake: in})),
	} {
		if err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := rscsync.NewPush(s, s, s, s, rscsync.Config{Intake: in}, rscsync.WithApplier(s)); err != nil {
		t.Errorf("push with intake and applier: %v", err)
	} else if err := second(rscsync.NewPush(s, s, s, s, rscsync.Config{Intake: in})); !strings.Contains(err.Error(), "WithApplier") {
		t.Errorf("error %q does not say what is missing", err)
	}
}

func second[T any](_ T, err error) error { return err }
