package memstore_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rsc/sync/memstore"
)

// A host seeds existing records for the backfill, then records a change
// and its outbox intent together; the push engine claims and completes it.
func Example() {
	ctx := context.Background()
	s := memstore.New()
	candidate := func(id, name string) rscsync.Record {
		return rscsync.Record{Ref: rscsync.Ref{ID: id}, Value: model.Candidate{FirstName: name}}
	}
	s.Seed("acme", rscsync.Candidates, candidate("10", "Ada"), candidate("9", "Grace"))
	s.Put("acme", rscsync.Candidates, candidate("11", "Edsger"))

	recs, _, _ := s.ScanRecords(ctx, "acme", rscsync.Candidates, "", 100)
	for _, r := range recs {
		fmt.Println("record", r.Ref.ID, r.Value.(model.Candidate).FirstName)
	}
	intents, _ := s.Claim(ctx, "acme", rscsync.LaneOutbox, 10, time.Minute)
	for _, in := range intents {
		fmt.Println("intent", in.Seq, in.Op, in.Resource, in.Ref.ID)
	}
	err := s.Complete(ctx, intents, rscsync.Outcome{})
	fmt.Println("complete:", err, "pending:", len(s.Intents("acme")))
	// Output:
	// record 9 Grace
	// record 10 Ada
	// record 11 Edsger
	// intent 1 upsert candidates 11
	// complete: <nil> pending: 0
}

// The pull engine applies a page and its checkpoint together; a replay of
// the same page is refused as stale and changes nothing.
func ExampleStore_Apply() {
	ctx := context.Background()
	s := memstore.New()
	b := rscsync.Batch{
		Stream:  rscsync.StreamID{Tenant: "acme", Name: "pull/seats"},
		Next:    rscsync.Checkpoint{Cursor: "page-2"},
		Changes: []rscsync.Pulled{rscsync.SeatChange{Seat: model.Seat{ID: "1", Active: true}}, rscsync.SeatChange{Seat: model.Seat{ID: "2"}}},
	}
	fmt.Println(s.Apply(ctx, b))
	err := s.Apply(ctx, b)
	fmt.Println(errors.Is(err, rscsync.ErrStaleCheckpoint))
	cp := s.Checkpoints()[b.Stream]
	fmt.Println(len(s.Pulled("acme").Seats), cp.Cursor, cp.Version)
	// Output:
	// <nil>
	// true
	// 2 page-2 1
}
