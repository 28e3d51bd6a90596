package pgstore_test

import (
	"testing"

	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// Regression (found by the certification kit, RSC-201): a job's State is
// not part of model.JobPosting's JSON, so the records table lost it and a
// closed job of the history was created open at LinkedIn, where recruiters
// could export to it.
func TestJobStateSurvivesTheRecordsTable(t *testing.T) {
	store := newStore(t, testPool(t))
	ctx := t.Context()
	for _, st := range []model.JobState{model.JobStateClosed, model.JobStateListed} {
		job := model.JobPosting{ExternalJobPostingID: "J-" + string(st), Title: "QA Lead", Description: "Lead the QA team.", State: st, Availability: model.AvailabilityPrivate}
		if _, err := store.SeedRecords(ctx, "t1", rscsync.Jobs, []rscsync.Record{{Ref: rscsync.Ref{ID: job.ExternalJobPostingID}, Value: job}}); err != nil {
			t.Fatal(err)
		}
		recs, err := store.LoadRecords(ctx, "t1", rscsync.Jobs, []rscsync.Ref{{ID: job.ExternalJobPostingID}})
		if err != nil || len(recs) != 1 {
			t.Fatalf("load: %v %v", recs, err)
		}
		if got := recs[0].Value.(model.JobPosting); got.State != st || got.Title != job.Title {
			t.Errorf("job stored as %s came back as %q (title %q)", st, got.State, got.Title)
		}
		scanned, _, err := store.ScanRecords(ctx, "t1", rscsync.Jobs, "", 10)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range scanned {
			if r.Ref.ID == job.ExternalJobPostingID && r.Value.(model.JobPosting).State != st {
				t.Errorf("scanned job %s has state %q, want %s", r.Ref.ID, r.Value.(model.JobPosting).State, st)
			}
		}
	}
}
