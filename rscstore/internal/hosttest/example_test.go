package hosttest_test

import (
	"context"
	"fmt"

	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rscstore/internal/hosttest"
)

// The host keeps what the vendor's tables would: records, and pulled data
// keyed by the Kind and Key the engine computed (a replay changes nothing;
// a Deleted change, here an inactive note, deletes).
func Example() {
	ctx := context.Background()
	h := hosttest.New()
	h.Put("acme", rscsync.Jobs, rscsync.Record{Ref: rscsync.Ref{ID: "J1"}, Value: model.JobPosting{Title: "Engineer"}})
	n, _ := h.CountRecords(ctx, "acme", rscsync.Jobs)
	b := rscsync.Batch{Stream: rscsync.StreamID{Tenant: "acme", Name: "pull/notes"}, Changes: []rscsync.Pulled{
		rscsync.NoteChange{Note: model.ProspectNote{ID: "n1", Active: true}},
		rscsync.NoteChange{Note: model.ProspectNote{ID: "n1", Active: true}},
		rscsync.NoteChange{Note: model.ProspectNote{ID: "n2", Active: false}},
	}}
	_ = h.ApplyPulled(ctx, b)
	pulled, _ := h.Pulled(ctx, "acme")
	fmt.Println(n, len(pulled))
	// Output: 1 1
}
