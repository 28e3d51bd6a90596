package rscsync

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/rsckit/rsckit/rsc"
)

// The job ledger remembers, for each job, what LinkedIn last accepted
// (rsc.JobAtLinkedIn): it chooses CREATE, UPDATE or CLOSE, and keeps the
// real fields a job deleted in the ATS is closed with. It lives in the
// Store's checkpoints, one stream per job named jobLedgerPrefix+id, so
// every Store keeps it without a new method.
const jobLedgerPrefix = "linkedin/jobs/"

func jobLedgerStream(tenant, id string) StreamID {
	return StreamID{Tenant: tenant, Name: jobLedgerPrefix + id}
}

// loadJobLedger returns what LinkedIn last accepted for job id, or nil.
func loadJobLedger(ctx context.Context, cs CheckpointStore, tenant, id string) (*rsc.JobAtLinkedIn, error) {
	cp, err := cs.LoadCheckpoint(ctx, jobLedgerStream(tenant, id))
	if err != nil {
		return nil, fmt.Errorf("rscsync: load job ledger of %s: %w", id, err)
	}
	return rsc.UnmarshalJobAtLinkedIn(cp.Cursor)
}

// saveJobLedger records j (nil: LinkedIn does not have the job) for job
// id. The last writer wins: a stale checkpoint is reloaded and replaced.
func saveJobLedger(ctx context.Context, cs CheckpointStore, tenant, id string, j *rsc.JobAtLinkedIn) error {
	cur, err := rsc.MarshalJobAtLinkedIn(j)
	if err != nil {
		return err
	}
	s := jobLedgerStream(tenant, id)
	for attempt := 0; ; attempt++ {
		from, err := cs.LoadCheckpoint(ctx, s)
		if err != nil {
			return fmt.Errorf("rscsync: load job ledger of %s: %w", id, err)
		}
		next := Checkpoint{Cursor: cur, Done: from.Done + 1, UpdatedAt: time.Now()}
		err = cs.SaveCheckpoint(ctx, s, from, next)
		if err == nil || !errors.Is(err, ErrStaleCheckpoint) || attempt >= 3 {
			if err != nil {
				return fmt.Errorf("rscsync: save job ledger of %s: %w", id, err)
			}
			return nil
		}
	}
}
