package rscsync_test

import (
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rsckit/rsckit/internal/atsgen"
	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rscmock"
)

// TestPushRoundLongerThanTheLease pushes candidate notes on /v2, where each
// parent is its own request, so one round of 20 notes at 50 ms a request
// takes a second while the intent lease is 300 ms. The intents were still
// this runner's (nobody claimed them after their lease ran out), so their
// completion must stand: each note is sent once and the outbox ends empty.
// (It used to be refused as a lost lease, and the next round sent the same
// notes again, for ever.)
func TestPushRoundLongerThanTheLease(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		e, _ := bubbleEnv(t, nil, rsc.WithVersionedEndpoints(false)) // one request per parent
		notes := e.countPath("/notes")
		d := atsgen.Generate(31, 20, genNow)
		e.store.Seed(tenantID, rscsync.Candidates, d.Records[rscsync.Candidates]...)
		r := e.runner(t, rscsync.Config{Lease: 300 * time.Millisecond, Pull: rscsync.PullConfig{Disabled: true}})
		if err := r.SyncOnce(t.Context()); err != nil {
			t.Fatal(err)
		}
		e.srv.InjectFault(rscmock.Fault{Latency: 50 * time.Millisecond})
		cands := e.store.Records(tenantID, rscsync.Candidates)
		for _, c := range cands {
			e.store.Put(tenantID, rscsync.CandidateNotes, rscsync.Record{
				Ref:   rscsync.Ref{ID: "N1", Parent: c.Ref.ID},
				Value: model.CandidateNote{Note: fmt.Sprintf("note on %s", c.Ref.ID), ATSCreatedAt: model.Millis(genNow)}})
		}
		if err := r.SyncOnce(t.Context()); err != nil {
			t.Fatal(err)
		}
		if got := notes.Load(); got != int64(len(cands)) {
			t.Errorf("%d note requests for %d notes (one per parent on /v2): intents were sent again", got, len(cands))
		}
		if left := e.store.Intents(tenantID); len(left) != 0 {
			t.Errorf("%d intents left in the outbox, first %+v", len(left), left[0])
		}
	})
}
