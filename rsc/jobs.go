package rsc

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/rsckit/rsckit/rsc/internal/restli"
	"github.com/rsckit/rsckit/rsc/model"
)

// JobPostingsService syncs jobs through LinkedIn's asynchronous Job Posting
// API (simpleJobPostings). See
// https://learn.microsoft.com/en-us/linkedin/talent/middleware-platform/sync-jobs
type JobPostingsService service

// JobPostingResult is the outcome of one job of a BatchCreate.
type JobPostingResult struct {
	// ExternalJobPostingID is the job's ATS id.
	ExternalJobPostingID string
	// Task is the urn:li:simpleJobPostingTask to poll with BatchGetTasks; set
	// when LinkedIn accepted the job for processing (status 202).
	Task model.URN
	// Status is the per-job status LinkedIn reported.
	Status int
	// Err is the per-job error (e.g. a 422 naming the field), or nil.
	Err error
}

// BatchCreate submits up to 100 jobs. LinkedIn's job API takes creates,
// updates, renewals and closes alike as BATCH_CREATE: each job's Operation
// field says which. LinkedIn processes them asynchronously (usually within 5
// minutes); poll BatchGetTasks with the returned task URNs.
//
// A BATCH_CREATE is not retried after a server error, since LinkedIn may have
// queued it; it is retried after a 429 or a connection that never opened.
//
// rsc:operation BATCH_CREATE /v2/simpleJobPostings
func (s *JobPostingsService) BatchCreate(ctx context.Context, jobs []model.JobPosting, opts ...RequestOption) ([]JobPostingResult, error) {
	ids, err := validateBatch("jobPostings", jobs, func(j model.JobPosting) string { return j.ExternalJobPostingID })
	if err != nil {
		return nil, err
	}
	if len(jobs) == 0 {
		return nil, nil
	}
	bodies, err := encodeBodies(jobs, nil)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString(`{"elements":[`)
	b.Write(bytes.Join(bodies, []byte{','}))
	b.WriteString(`]}`)
	fr := jobPostingsFinder.on(s.c)
	req := &request{op: "BATCH_CREATE", method: http.MethodPost, path: fr.path, protocol: fr.protocol, versioned: fr.versioned,
		quota: fr.quota, restliMeth: restli.MethodBatchCreate, body: b.Bytes()}
	var resp restli.CreateResponse
	if _, err := s.c.do(ctx, req, &resp, opts...); err != nil {
		return nil, err
	}
	out := make([]JobPostingResult, len(jobs))
	for i, id := range ids {
		out[i] = JobPostingResult{ExternalJobPostingID: id}
		if i >= len(resp.Elements) {
			out[i].Err = &APIError{StatusCode: http.StatusBadGateway, Method: req.method, Operation: req.operation(),
				Message: "LinkedIn's answer has no element for this job"}
			continue
		}
		el := resp.Elements[i]
		out[i].Status = el.Status
		if el.Error != nil || el.Status >= 400 {
			e := &APIError{StatusCode: el.Status, Method: req.method, Operation: req.operation()}
			if el.Error != nil {
				e.ServiceErrorCode, e.Code, e.Message = el.Error.ServiceErrorCode, el.Error.Code, el.Error.Message
				e.redact()
				if e.StatusCode == 0 {
					e.StatusCode = el.Error.Status
				}
			}
			out[i].Err = e
			continue
		}
		var id string
		if json.Unmarshal(el.ID, &id) == nil {
			out[i].Task = model.URN(id)
		}
	}
	return out, nil
}

// BatchGetTasks reads the status of up to 100 job posting tasks
// (IN_PROGRESS, SUCCEEDED, FAILED with an errorMessage, PROCESSED).
//
// rsc:operation BATCH_GET /v2/simpleJobPostingTasks
func (s *JobPostingsService) BatchGetTasks(ctx context.Context, tasks []model.URN, opts ...RequestOption) ([]Entry[model.URN, model.JobPostingTask], error) {
	if err := checkBatch("tasks", tasks); err != nil {
		return nil, err
	}
	for i, t := range tasks {
		if !t.IsType(model.URNTypeSimpleJobPostingTask) {
			return nil, &model.ValidationError{Errors: []model.FieldError{{Path: fmt.Sprintf("tasks[%d]", i),
				Message: "must be a urn:li:simpleJobPostingTask URN, got " + strings.TrimSpace(string(t))}}}
		}
	}
	return batchGet(ctx, s.c, jobTasksEndpoint, tasks, batchGetCall, func(k model.URN, raw json.RawMessage) (model.JobPostingTask, error) {
		t, err := decodeJSON[model.JobPostingTask](raw)
		if t.ID.IsZero() {
			t.ID = k
		}
		return t, err
	}, opts)
}
