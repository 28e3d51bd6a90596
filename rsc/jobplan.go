package rsc

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/rsckit/rsckit/rsc/model"
)

// This file holds LinkedIn's rules for the life of a job: which operation
// (CREATE, UPDATE, CLOSE) brings LinkedIn to the job the ATS has, and which
// refusals mean LinkedIn already is where the caller wants it. The engines
// of rsc/sync keep a JobAtLinkedIn per job and ask PlanJob what to send.

// JobAtLinkedIn is what LinkedIn was last sent for one job (and accepted):
// the memory that chooses between CREATE, UPDATE and CLOSE, and that keeps
// a job's last real fields so that a job the ATS deletes can be closed
// with them. LinkedIn's required-fields page forbids made-up values.
type JobAtLinkedIn struct {
	// Posting is the job as last sent, with its real fields.
	Posting model.JobPosting `json:"posting"`
	// Closed reports that the last job sent closed it.
	Closed bool `json:"closed"`
}

// JobClosed reports whether the host says j is closed (State CLOSED). An
// empty State or LISTED is an open job.
func JobClosed(j model.JobPosting) bool { return j.State == model.JobStateClosed }

// PlanJob returns the jobs to send, in this order, to bring LinkedIn from
// last (nil: LinkedIn never accepted the job) to want (nil: the ATS
// deleted it). Each has its Operation chosen and State cleared (LinkedIn's
// release notes say not to send state; it is derived from the operation):
//
//   - an open job LinkedIn does not have open: CREATE (a reopened job too);
//   - an open job LinkedIn has open: UPDATE;
//   - a closed job LinkedIn never had (a job of the history): CREATE, then
//     CLOSE, both with its real fields, so recruiters never see it open;
//   - a closed job LinkedIn has open: CLOSE with its current fields;
//   - a deleted job LinkedIn has open: CLOSE with the last fields sent;
//   - a closed or deleted job LinkedIn has closed, or never had: nothing.
//
// The CLOSE of a job of the history is sent right after its CREATE; LinkedIn
// runs tasks asynchronously, and when it takes the CLOSE first (its task
// fails with "does not exist", TaskAlreadyClosed) rsc/sync sends the CLOSE
// again. Assumption:
// a job LinkedIn has closed is listed again with CREATE (RENEW is for
// expired jobs, and UPDATE of a closed job is undocumented).
func PlanJob(last *JobAtLinkedIn, want *model.JobPosting) []model.JobPosting {
	op := func(j model.JobPosting, o model.JobPostingOperation) model.JobPosting {
		j.Operation, j.State = o, ""
		return j
	}
	open := last != nil && !last.Closed
	switch {
	case want == nil && open:
		return []model.JobPosting{op(last.Posting, model.OperationClose)}
	case want == nil:
		return nil
	case !JobClosed(*want) && open:
		return []model.JobPosting{op(*want, model.OperationUpdate)}
	case !JobClosed(*want):
		return []model.JobPosting{op(*want, model.OperationCreate)}
	case open:
		return []model.JobPosting{op(*want, model.OperationClose)}
	case last == nil:
		return []model.JobPosting{op(*want, model.OperationCreate), op(*want, model.OperationClose)}
	}
	return nil
}

// JobSent returns what LinkedIn has once it accepted sent.
func JobSent(sent model.JobPosting) JobAtLinkedIn {
	return JobAtLinkedIn{Posting: sent, Closed: sent.Operation == model.OperationClose}
}

// MarshalJobAtLinkedIn encodes j for a Store (a nil j as "").
func MarshalJobAtLinkedIn(j *JobAtLinkedIn) (string, error) {
	if j == nil {
		return "", nil
	}
	b, err := json.Marshal(j)
	return string(b), err
}

// UnmarshalJobAtLinkedIn decodes what MarshalJobAtLinkedIn wrote; "" is nil.
func UnmarshalJobAtLinkedIn(s string) (*JobAtLinkedIn, error) {
	if s == "" {
		return nil, nil
	}
	var j JobAtLinkedIn
	if err := json.Unmarshal([]byte(s), &j); err != nil {
		return nil, fmt.Errorf("rsc: a stored JobAtLinkedIn: %w", err)
	}
	return &j, nil
}

// jobNotOpen is LinkedIn's answer to closing a job it does not have open
// (the create-jobs page's error table, status 409).
const jobNotOpen = "Cannot close job which is already closed or does not exist"

// AlreadyClosed reports whether err, the per-job error of a CLOSE, says
// LinkedIn does not have the job open (409, or its "already closed or does
// not exist" message): LinkedIn is then as the ATS wants it.
func AlreadyClosed(err error) bool {
	var ae *APIError
	if !errors.As(err, &ae) {
		return false
	}
	return ae.StatusCode == http.StatusConflict || strings.Contains(ae.Message, jobNotOpen)
}

// TaskAlreadyClosed reports whether a FAILED task of a CLOSE failed because
// LinkedIn does not have the job open. Assumption: the 409's message comes
// as the task's errorMessage when LinkedIn finds it while processing.
func TaskAlreadyClosed(t model.JobPostingTask) bool {
	return t.Status == model.TaskFailed && strings.Contains(t.ErrorMessage, jobNotOpen)
}
