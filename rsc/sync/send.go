package rscsync

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
)

// verdict classifies what happened to one record sent to LinkedIn.
type verdict int

const (
	accepted  verdict = iota // LinkedIn took it
	rejected                 // will not succeed as it is: park it
	transient                // may succeed later: retry with backoff
	held                     // stopped by a daily quota: send it after the reset
)

// sent is the outcome of one record.
type sent struct {
	ref     Ref
	verdict verdict
	status  int
	reason  string
	retryIn time.Duration // LinkedIn's Retry-After, if any
	// task is the LinkedIn task of an accepted job: the engine follows it
	// (jobTasks) and parks the job if it fails.
	task model.URN
	// op is the operation a job was sent with; afterCreate marks the CLOSE
	// that follows the CREATE of a closed job of the history.
	op          model.JobPostingOperation
	afterCreate bool
	tries       int // earlier CLOSEs of this job of the history that LinkedIn took before its CREATE
}

// pauseError stops a tenant's sending until a time: LinkedIn's (or the
// client's) daily quota is used up until 00:00 UTC.
type pauseError struct {
	until time.Time
	err   error
}

func (e *pauseError) Error() string {
	return fmt.Sprintf("rscsync: paused until %s: %v", e.until.UTC().Format(time.RFC3339), e.err)
}
func (e *pauseError) Unwrap() error { return e.err }

// classifyCall turns the error of a whole batch call into a verdict for all
// its records, or a tenant-level error (context ended, daily quota, bad
// credentials or permissions), which stops the tenant.
func classifyCall(ctx context.Context, err error) (verdict, time.Duration, error) {
	if ctx.Err() != nil {
		return 0, 0, ctx.Err()
	}
	var qe *rsc.QuotaError
	if errors.As(err, &qe) {
		return 0, 0, &pauseError{until: qe.ResetAt, err: err}
	}
	var ve *model.ValidationError
	if errors.As(err, &ve) {
		return rejected, 0, nil // the engine validates first; a leftover is a programming error
	}
	var ae *rsc.APIError
	if errors.As(err, &ae) {
		switch {
		case rsc.AuthFailure(err):
			return 0, 0, err // credentials or enablement: no record will pass
		case ae.Temporary():
			return transient, ae.RetryAfter, nil
		default:
			return rejected, 0, nil
		}
	}
	var lt *rsc.LocalThrottleError
	if errors.As(err, &lt) {
		return transient, 0, nil
	}
	return transient, 0, nil // network
}

// classifyRecord turns one record's error into a verdict.
func classifyRecord(err error) (verdict, int, string) {
	if err == nil {
		return accepted, 0, ""
	}
	var ae *rsc.APIError
	if errors.As(err, &ae) {
		if ae.Temporary() {
			return transient, ae.StatusCode, ae.Error()
		}
		return rejected, ae.StatusCode, ae.Error()
	}
	return transient, 0, err.Error()
}

// prepare fills the LinkedIn key of each record's value and validates it.
// Valid records come back as T values aligned with refs; the others as
// rejected verdicts.
func prepare[T model.Validator](recs []Record, fill func(T, Ref) T) (vals []T, refs []Ref, bad []sent) {
	for _, rec := range recs {
		v, ok := rec.Value.(T)
		if !ok {
			var zero T
			bad = append(bad, sent{ref: rec.Ref, verdict: rejected, reason: fmt.Sprintf("the store returned %T, want %T", rec.Value, zero)})
			continue
		}
		v = fill(v, rec.Ref)
		if err := v.Validate(); err != nil {
			bad = append(bad, sent{ref: rec.Ref, verdict: rejected, reason: err.Error()})
			continue
		}
		vals = append(vals, v)
		refs = append(refs, rec.Ref)
	}
	return vals, refs, bad
}

// collect turns per-record results into outcomes. A daily quota that
// stopped some of the call's requests (one per parent on /v2) pauses the
// tenant like one that stopped them all: it returns the pause with the
// outcomes, the records the quota stopped marked held, so that what
// LinkedIn took is not sent again after the reset.
func collect[K comparable](ctx context.Context, refs []Ref, rs []rsc.Result[K], err error) ([]sent, error) {
	out := make([]sent, len(refs))
	if err != nil && len(rs) == 0 {
		v, wait, terr := classifyCall(ctx, err)
		if terr != nil {
			return nil, terr
		}
		for i, ref := range refs {
			out[i] = sent{ref: ref, verdict: v, reason: err.Error(), retryIn: wait}
		}
		return out, nil
	}
	var pause *pauseError
	for i, ref := range refs {
		var qe *rsc.QuotaError
		if errors.As(rs[i].Err, &qe) {
			if pause == nil {
				pause = &pauseError{until: qe.ResetAt, err: rs[i].Err}
			}
			out[i] = sent{ref: ref, verdict: held, reason: rs[i].Err.Error()}
			continue
		}
		v, st, reason := classifyRecord(rs[i].Err)
		if st == 0 {
			st = rs[i].Status
		}
		out[i] = sent{ref: ref, verdict: v, status: st, reason: reason}
	}
	if pause != nil {
		return out, pause
	}
	// Every request of the call failed: a quota or a cancelled context
	// stops the tenant as above.
	if err != nil {
		if _, _, terr := classifyCall(ctx, err); terr != nil {
			return nil, terr
		}
	}
	return out, nil
}

// upsertBatch sends up to rsc.MaxBatchSize records of one resource.
func (e *engine) upsertBatch(ctx context.Context, t *Tenant, r Resource, recs []Record) ([]sent, error) {
	c := t.Client
	switch r {
	case Jobs:
		return e.upsertJobs(ctx, t, recs)
	case Candidates:
		return upsertWith(ctx, recs, func(v model.Candidate, ref Ref) model.Candidate { v.Key = t.candidateKey(ref); return v }, c.Candidates.BatchUpdate)
	case Applications:
		return upsertWith(ctx, recs, func(v model.Application, ref Ref) model.Application { v.Key = t.applicationKey(ref.ID); return v }, c.Applications.BatchUpdate)
	case Stages:
		return upsertWith(ctx, recs, func(v model.ApplicationStage, ref Ref) model.ApplicationStage { v.Key = t.stageKey(ref); return v }, c.Stages.BatchUpdate)
	case CandidateNotes:
		return upsertWith(ctx, recs, func(v model.CandidateNote, ref Ref) model.CandidateNote { v.Key = t.candidateNoteKey(ref); return v }, c.CandidateNotes.BatchUpdate)
	case ApplicationNotes:
		return upsertWith(ctx, recs, func(v model.ApplicationNote, ref Ref) model.ApplicationNote {
			v.Key = t.applicationNoteKey(ref)
			return v
		}, c.ApplicationNotes.BatchUpdate)
	case InterviewFeedback:
		return upsertWith(ctx, recs, func(v model.InterviewFeedback, ref Ref) model.InterviewFeedback { v.Key = t.feedbackKey(ref); return v }, c.InterviewFeedback.BatchUpdate)
	case EntityACLs:
		return upsertWith(ctx, recs, func(v model.EntityACL, ref Ref) model.EntityACL { v.Key = t.entityACLKey(ref); return v }, c.EntityACLs.BatchUpdate)
	case ACLAssignees:
		return upsertWith(ctx, recs, func(v model.ACLAssignee, ref Ref) model.ACLAssignee { v.Key = t.aclAssigneeKey(ref); return v }, c.ACLAssignees.BatchUpdate)
	case Attachments:
		return inChunks(recs, rsc.MaxAttachmentsPerCall, func(recs []Record) ([]sent, error) {
			return upsertWith(ctx, recs, func(v model.Attachment, ref Ref) model.Attachment {
				v.Key = t.attachmentKey(ref)
				if v.Contract.IsZero() {
					v.Contract = t.Contract
				}
				return v
			}, c.Attachments.BatchUpdate)
		})
	}
	return nil, fmt.Errorf("rscsync: unknown resource %q", r)
}

// upsertJobs sends jobs through the Job Posting API: the host says what
// each job is (open or closed, public or private) and rsc.PlanJob chooses
// CREATE, UPDATE or CLOSE from what LinkedIn was last sent (the job
// ledger). A closed job of the history is created and closed at once.
func (e *engine) upsertJobs(ctx context.Context, t *Tenant, recs []Record) ([]sent, error) {
	vals, refs, bad := prepare(recs, func(j model.JobPosting, ref Ref) model.JobPosting {
		j.ExternalJobPostingID, j.IntegrationContext = ref.ID, t.Organization
		j.Operation = model.OperationCreate // chosen by rsc.PlanJob; set to validate
		return j
	})
	wants := make([]*model.JobPosting, len(vals))
	for i := range vals {
		wants[i] = &vals[i]
	}
	outs, err := e.sendJobPlans(ctx, t, refs, wants)
	if err != nil {
		return nil, err
	}
	return append(bad, outs...), nil
}

// sendJobPlans brings LinkedIn's copy of each job of refs to wants (nil:
// the ATS deleted the job) with the steps rsc.PlanJob gives: the first
// step of every job in one BATCH_CREATE, then the second (the CLOSE of a
// closed job of the history) of those whose first was accepted. Each
// accepted step is written to the job ledger before the next is sent.
func (e *engine) sendJobPlans(ctx context.Context, t *Tenant, refs []Ref, wants []*model.JobPosting) ([]sent, error) {
	plans := make([][]model.JobPosting, len(refs))
	outs := make([]sent, len(refs))
	for i, ref := range refs {
		last, err := loadJobLedger(ctx, e.p.Checkpoints, t.ID, ref.ID)
		if err != nil {
			return nil, err
		}
		if wants[i] == nil && last == nil {
			e.log.LogAttrs(ctx, slog.LevelWarn, "rscsync deleted job not closed: no record of what LinkedIn was sent (never sent, or sent before the job ledger)",
				slog.String("tenant", t.ID), slog.String("job", ref.ID))
		}
		plans[i] = rsc.PlanJob(last, wants[i])
		outs[i] = sent{ref: ref, verdict: accepted} // nothing to send: LinkedIn is as the ATS wants it
	}
	for step := 0; step < 2; step++ {
		var idx []int
		var vals []model.JobPosting
		var rr []Ref
		for i := range refs {
			if len(plans[i]) > step && outs[i].verdict == accepted {
				idx, vals, rr = append(idx, i), append(vals, plans[i][step]), append(rr, refs[i])
			}
		}
		if len(vals) == 0 {
			break
		}
		res, err := submitJobs(ctx, t, vals, rr)
		if err != nil {
			return nil, err
		}
		for k, i := range idx {
			res[k].afterCreate = step > 0
			outs[i] = res[k]
			if res[k].verdict == accepted {
				sentJob := rsc.JobSent(vals[k])
				if err := saveJobLedger(ctx, e.p.Checkpoints, t.ID, refs[i].ID, &sentJob); err != nil {
					return nil, err
				}
			}
		}
	}
	return outs, nil
}

// submitJobs sends one BATCH_CREATE of jobs and classifies each. LinkedIn
// answers an accepted job with 202 and a task it processes later: the
// task's URN is kept on the job's outcome.
func submitJobs(ctx context.Context, t *Tenant, vals []model.JobPosting, refs []Ref) ([]sent, error) {
	if len(vals) == 0 {
		return nil, nil
	}
	rs, err := t.Client.JobPostings.BatchCreate(ctx, vals)
	results := make([]rsc.Result[string], len(rs))
	for i, r := range rs {
		results[i] = rsc.Result[string]{Key: r.ExternalJobPostingID, Status: r.Status, Err: r.Err}
		if vals[i].Operation == model.OperationClose && rsc.AlreadyClosed(r.Err) {
			results[i].Err = nil // LinkedIn does not have it open: as the ATS wants
		}
	}
	outs, err := collect(ctx, refs, results, err)
	if err == nil && len(rs) == len(outs) {
		for i, r := range rs {
			outs[i].op = vals[i].Operation
			if outs[i].verdict == accepted && r.Err == nil {
				outs[i].task = r.Task
			}
		}
	}
	return outs, err
}

// taskFailure is the park reason of a job whose task failed.
func taskFailure(task model.JobPostingTask) string {
	msg := task.ErrorMessage
	if msg == "" {
		msg = "no errorMessage"
	}
	return fmt.Sprintf("LinkedIn's job task %s FAILED: %s", task.ID, msg)
}

// stopsTenant returns err if it stops the tenant (a quota, a cancelled
// context), else nil.
func stopsTenant(ctx context.Context, err error) error {
	_, _, terr := classifyCall(ctx, err)
	var pe *pauseError
	if terr != nil && (errors.As(terr, &pe) || ctx.Err() != nil) {
		return terr
	}
	return nil
}

// closeJobs closes the jobs of refs, which the ATS deleted, with the last
// real fields LinkedIn was sent (the job ledger). A job LinkedIn has closed,
// or never had, needs nothing; a CLOSE LinkedIn refuses because it does not
// have the job open counts as done (rsc.AlreadyClosed).
func (e *engine) closeJobs(ctx context.Context, t *Tenant, refs []Ref) ([]sent, error) {
	return e.sendJobPlans(ctx, t, refs, make([]*model.JobPosting, len(refs)))
}

func upsertWith[T model.Validator, K comparable](ctx context.Context, recs []Record, fill func(T, Ref) T,
	call func(context.Context, []T, ...rsc.RequestOption) ([]rsc.Result[K], error)) ([]sent, error) {
	vals, refs, bad := prepare(recs, fill)
	if len(vals) == 0 {
		return bad, nil
	}
	rs, err := call(ctx, vals)
	out, err := collect(ctx, refs, rs, err)
	if out == nil && err != nil {
		return nil, err
	}
	return append(bad, out...), err // err: a pause, out: what LinkedIn answered before it
}

// deleteBatch deletes up to rsc.MaxBatchSize records of one resource. A
// job cannot be deleted at LinkedIn: it is closed instead.
func (e *engine) deleteBatch(ctx context.Context, t *Tenant, r Resource, refs []Ref) ([]sent, error) {
	c := t.Client
	switch r {
	case Jobs:
		return e.closeJobs(ctx, t, refs)
	case Candidates:
		return deleteWith(ctx, refs, t.candidateKey, c.Candidates.BatchDelete)
	case Applications:
		return deleteWith(ctx, refs, func(ref Ref) model.ApplicationKey { return t.applicationKey(ref.ID) }, c.Applications.BatchDelete)
	case Stages:
		return deleteWith(ctx, refs, t.stageKey, c.Stages.BatchDelete)
	case CandidateNotes:
		return deleteWith(ctx, refs, t.candidateNoteKey, c.CandidateNotes.BatchDelete)
	case ApplicationNotes:
		return deleteWith(ctx, refs, t.applicationNoteKey, c.ApplicationNotes.BatchDelete)
	case InterviewFeedback:
		return deleteWith(ctx, refs, t.feedbackKey, c.InterviewFeedback.BatchDelete)
	case EntityACLs:
		return deleteWith(ctx, refs, t.entityACLKey, c.EntityACLs.BatchDelete)
	case ACLAssignees:
		return deleteWith(ctx, refs, t.aclAssigneeKey, c.ACLAssignees.BatchDelete)
	case Attachments:
		return inChunks(refs, rsc.MaxAttachmentsPerCall, func(refs []Ref) ([]sent, error) {
			return deleteWith(ctx, refs, t.attachmentKey, c.Attachments.BatchDelete)
		})
	}
	return nil, fmt.Errorf("rscsync: unknown resource %q", r)
}

func deleteWith[K interface {
	comparable
	model.Validator
}](ctx context.Context, refs []Ref, key func(Ref) K, call func(context.Context, []K, ...rsc.RequestOption) ([]rsc.Result[K], error)) ([]sent, error) {
	var bad []sent
	var keys []K
	var good []Ref
	for _, ref := range refs {
		k := key(ref)
		if err := k.Validate(); err != nil {
			bad = append(bad, sent{ref: ref, verdict: rejected, reason: err.Error()})
			continue
		}
		keys, good = append(keys, k), append(good, ref)
	}
	if len(keys) == 0 {
		return bad, nil
	}
	rs, err := call(ctx, keys)
	out, err := collect(ctx, good, rs, err)
	if err != nil {
		return nil, err
	}
	// A record LinkedIn never had is deleted all the same.
	for i := range out {
		if out[i].verdict == rejected && i < len(rs) && rsc.DeleteDone(rs[i].Err) {
			out[i].verdict = accepted
		}
	}
	return append(bad, out...), nil
}

// inChunks sends items n at a time (LinkedIn takes at most 10 attachments
// a call) and joins the outcomes.
func inChunks[T any](items []T, n int, send func([]T) ([]sent, error)) ([]sent, error) {
	var out []sent
	for start := 0; start < len(items); start += n {
		outs, err := send(items[start:min(start+n, len(items))])
		if err != nil {
			return nil, err
		}
		out = append(out, outs...)
	}
	return out, nil
}
