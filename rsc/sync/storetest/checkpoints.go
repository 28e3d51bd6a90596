package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

var checkpointTests = []test{
	{"ZeroWhenNew", testCheckpointZero},
	{"CompareAndSet", testCheckpointCAS},
	{"StaleFromChangesNothing", testCheckpointStale},
	{"ConcurrentCompareAndSet", testCheckpointConcurrent},
	{"StreamsIndependent", testCheckpointStreams},
}

// at is a fixed instant at second precision, so any database keeps it.
func at(sec int) time.Time {
	return time.Date(2025, 3, 1, 12, 0, sec, 0, time.UTC)
}

func (e *env) load(t *testing.T, s rscsync.StreamID) rscsync.Checkpoint {
	t.Helper()
	c, err := e.cps.LoadCheckpoint(e.ctx, s)
	if err != nil {
		t.Fatalf("LoadCheckpoint(%s): %v", s, err)
	}
	return c
}

func (e *env) save(t *testing.T, s rscsync.StreamID, from, next rscsync.Checkpoint) {
	t.Helper()
	if err := e.cps.SaveCheckpoint(e.ctx, s, from, next); err != nil {
		t.Fatalf("SaveCheckpoint(%s, from version %d): %v", s, from.Version, err)
	}
}

// wantCheckpoint compares the stored checkpoint of s with want.
func (e *env) wantCheckpoint(t *testing.T, s rscsync.StreamID, want rscsync.Checkpoint, why string) {
	t.Helper()
	if diff := cmp.Diff(want, e.load(t, s), timeEqual); diff != "" {
		t.Errorf("%s: checkpoint of %s (-want +got):\n%s", why, s, diff)
	}
}

func testCheckpointZero(t *testing.T, e *env) {
	for _, s := range []rscsync.StreamID{
		{Tenant: tenantA, Name: "backfill/candidates"},
		{Tenant: "tenant-none", Name: "pull/seats"},
	} {
		if got := e.load(t, s); got != (rscsync.Checkpoint{}) {
			t.Errorf("LoadCheckpoint(%s) of a new stream = %+v, want the zero Checkpoint", s, got)
		}
	}
}

func testCheckpointCAS(t *testing.T, e *env) {
	s := rscsync.StreamID{Tenant: tenantA, Name: "backfill/candidates"}
	c1 := rscsync.Checkpoint{Cursor: "c-100", Done: 100, UpdatedAt: at(1), Version: 77}
	e.save(t, s, rscsync.Checkpoint{}, c1)
	c1.Version = 1 // the store sets it, whatever next says
	e.wantCheckpoint(t, s, c1, "first save")
	c2 := rscsync.Checkpoint{Cursor: "c-200", Done: 200, Complete: true, UpdatedAt: at(2)}
	e.save(t, s, c1, c2)
	c2.Version = 2
	e.wantCheckpoint(t, s, c2, "second save")
}

func testCheckpointStale(t *testing.T, e *env) {
	s := rscsync.StreamID{Tenant: tenantA, Name: "pull/inmails/urn:li:seat:1"}
	c1 := rscsync.Checkpoint{Cursor: "1700000000000", Done: 3, UpdatedAt: at(1)}
	e.save(t, s, rscsync.Checkpoint{}, c1)
	c1.Version = 1
	for _, from := range []rscsync.Checkpoint{{}, {Version: 2}, {Version: 5, Cursor: "c-100"}} {
		err := e.cps.SaveCheckpoint(e.ctx, s, from, rscsync.Checkpoint{Cursor: "lost", UpdatedAt: at(9)})
		if !errors.Is(err, rscsync.ErrStaleCheckpoint) {
			t.Errorf("SaveCheckpoint from version %d when the store has 1: err = %v, want ErrStaleCheckpoint", from.Version, err)
		}
	}
	e.wantCheckpoint(t, s, c1, "after stale saves")
}

// testCheckpointConcurrent runs rounds in which 8 workers load the
// checkpoint and then, released together, all compare-and-set from it.
func testCheckpointConcurrent(t *testing.T, e *env) {
	const workers, rounds = 8, 20
	s := rscsync.StreamID{Tenant: tenantA, Name: "backfill/jobs"}
	for round := range rounds {
		var (
			mu     sync.Mutex
			won    []string
			loaded sync.WaitGroup
			wg     sync.WaitGroup
			gate   = make(chan struct{})
		)
		loaded.Add(workers)
		for w := range workers {
			wg.Go(func() {
				cur, err := e.cps.LoadCheckpoint(e.ctx, s)
				loaded.Done()
				if err != nil {
					t.Errorf("LoadCheckpoint: %v", err)
					return
				}
				if cur.Version != int64(round) {
					t.Errorf("round %d: loaded version %d", round, cur.Version)
				}
				<-gate
				cursor := fmt.Sprintf("w%d-r%d", w, round)
				err = e.cps.SaveCheckpoint(e.ctx, s, cur, rscsync.Checkpoint{Cursor: cursor, Done: cur.Done + 1})
				switch {
				case err == nil:
					mu.Lock()
					won = append(won, cursor)
					mu.Unlock()
				case !errors.Is(err, rscsync.ErrStaleCheckpoint):
					t.Errorf("SaveCheckpoint: %v", err)
				}
			})
		}
		loaded.Wait()
		close(gate)
		wg.Wait()
		if len(won) != 1 {
			t.Fatalf("round %d: %d of %d concurrent compare-and-sets from version %d won %v, want exactly 1", round, len(won), workers, round, won)
		}
		want := rscsync.Checkpoint{Cursor: won[0], Done: int64(round + 1), Version: int64(round + 1)}
		e.wantCheckpoint(t, s, want, fmt.Sprintf("round %d", round))
	}
}

func testCheckpointStreams(t *testing.T, e *env) {
	a := rscsync.StreamID{Tenant: tenantA, Name: "backfill/candidates"}
	b := rscsync.StreamID{Tenant: tenantA, Name: "backfill/jobs"}
	c := rscsync.StreamID{Tenant: tenantB, Name: "backfill/candidates"}
	e.save(t, a, rscsync.Checkpoint{}, rscsync.Checkpoint{Cursor: "a1"})
	e.save(t, a, rscsync.Checkpoint{Version: 1}, rscsync.Checkpoint{Cursor: "a2"})
	e.save(t, c, rscsync.Checkpoint{}, rscsync.Checkpoint{Cursor: "c1"})
	if err := e.cps.SaveCheckpoint(e.ctx, b, rscsync.Checkpoint{Version: 2}, rscsync.Checkpoint{Cursor: "b?"}); !errors.Is(err, rscsync.ErrStaleCheckpoint) {
		t.Errorf("SaveCheckpoint of a new stream from version 2: err = %v, want ErrStaleCheckpoint", err)
	}
	e.wantCheckpoint(t, a, rscsync.Checkpoint{Cursor: "a2", Version: 2}, "stream a")
	e.wantCheckpoint(t, b, rscsync.Checkpoint{}, "stream b")
	e.wantCheckpoint(t, c, rscsync.Checkpoint{Cursor: "c1", Version: 1}, "stream c")
}
