package rscsync

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
)

// How the engine follows LinkedIn's job tasks. Assumption: LinkedIn says a
// task typically completes within 5 minutes; one still IN_PROGRESS after
// taskFollowFor is given up (the job stays counted as sent).
const (
	taskFollowFor = 30 * time.Minute
	taskPollMin   = 5 * time.Second
	taskPollMax   = time.Minute
)

// jobTasks follows the tasks of jobs that LinkedIn accepted (202): each
// tenant's round reads the due ones (a new task at the end of the round
// that sent its job, then backing off), and a FAILED task parks its job
// with LinkedIn's errorMessage. They live in the Runner's memory, not in the Store: a
// restart forgets the tasks in flight, and those jobs stay counted as sent.
type jobTasks struct {
	mu      sync.Mutex
	pending map[string]map[model.URN]*followedTask // by tenant
	byRef   map[string]map[Ref]model.URN           // the task followed for each job, by tenant
}

type followedTask struct {
	ref         Ref
	op          model.JobPostingOperation
	afterCreate bool
	tries       int
	since       time.Time
	next        time.Time
	wait        time.Duration
}

// follow keeps the tasks of the accepted jobs among outs. Only a job's
// latest send counts: a newer send of a job (accepted, rejected or with a
// task done at once) stops following its older tasks.
func (j *jobTasks) follow(tenant string, outs []sent, now time.Time) {
	j.mu.Lock()
	defer j.mu.Unlock()
	for _, o := range outs {
		if id, ok := j.byRef[tenant][o.ref]; ok {
			j.drop(tenant, id)
		}
		if o.verdict != accepted || o.task.IsZero() {
			continue
		}
		if j.pending == nil {
			j.pending = map[string]map[model.URN]*followedTask{}
			j.byRef = map[string]map[Ref]model.URN{}
		}
		if j.pending[tenant] == nil {
			j.pending[tenant] = map[model.URN]*followedTask{}
			j.byRef[tenant] = map[Ref]model.URN{}
		}
		j.byRef[tenant][o.ref] = o.task
		j.pending[tenant][o.task] = &followedTask{ref: o.ref, op: o.op, afterCreate: o.afterCreate, tries: o.tries, since: now, next: now, wait: taskPollMin / 2}
	}
}

// drop stops following task. j.mu must be held.
func (j *jobTasks) drop(tenant string, task model.URN) {
	if f, ok := j.pending[tenant][task]; ok {
		delete(j.pending[tenant], task)
		delete(j.byRef[tenant], f.ref)
	}
}

// due returns up to rsc.MaxBatchSize of tenant's tasks due at now, and
// drops (returning them as expired) those followed for longer than
// taskFollowFor.
func (j *jobTasks) due(tenant string, now time.Time) (due []model.URN, expired []Ref) {
	j.mu.Lock()
	defer j.mu.Unlock()
	for id, f := range j.pending[tenant] {
		switch {
		case now.Sub(f.since) > taskFollowFor:
			expired = append(expired, f.ref)
			j.drop(tenant, id)
		case !now.Before(f.next) && len(due) < rsc.MaxBatchSize:
			due = append(due, id)
		}
	}
	return due, expired
}

// next returns when tenant's earliest followed task is due (zero: none).
func (j *jobTasks) next(tenant string) time.Time {
	j.mu.Lock()
	defer j.mu.Unlock()
	var at time.Time
	for _, f := range j.pending[tenant] {
		if at.IsZero() || f.next.Before(at) {
			at = f.next
		}
	}
	return at
}

// settle ends following task (done) or backs it off (still running, or
// not read); it returns the task as followed.
func (j *jobTasks) settle(tenant string, task model.URN, done bool, now time.Time) (followedTask, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	f, ok := j.pending[tenant][task]
	if !ok {
		return followedTask{}, false
	}
	if done {
		j.drop(tenant, task)
		return *f, true
	}
	f.wait = min(2*f.wait, taskPollMax)
	f.next = now.Add(f.wait)
	return *f, true
}

// followJobTasks reads all of t's due job tasks, up to rsc.MaxBatchSize a
// request, and parks the jobs whose task failed. Only a quota or a
// cancelled context is an error.
func (e *engine) followJobTasks(ctx context.Context, t *Tenant) error {
	for {
		now := time.Now()
		due, expired := e.tasks.due(t.ID, now)
		for _, ref := range expired {
			e.log.LogAttrs(ctx, slog.LevelWarn, "rscsync job task still in progress, no longer followed", slog.String("tenant", t.ID),
				slog.String("job", ref.ID), slog.Duration("after", taskFollowFor))
		}
		if len(due) == 0 {
			return nil
		}
		if err := e.readJobTasks(ctx, t, due, now); err != nil {
			return err
		}
	}
}

// readJobTasks reads the tasks due and settles each: done (parking the job
// of a FAILED one) or backed off (still running, or not read). Every due
// task is settled, so followJobTasks's loop ends.
func (e *engine) readJobTasks(ctx context.Context, t *Tenant, due []model.URN, now time.Time) error {
	entries, err := t.Client.JobPostings.BatchGetTasks(ctx, due)
	if err != nil && len(entries) == 0 {
		for _, id := range due {
			e.tasks.settle(t.ID, id, false, now)
		}
		if terr := stopsTenant(ctx, err); terr != nil {
			return terr
		}
		e.log.LogAttrs(ctx, slog.LevelWarn, "rscsync job tasks not read", slog.String("tenant", t.ID), slog.String("error", err.Error()))
		return nil
	}
	read := map[model.URN]bool{}
	var parked []Parked
	for _, en := range entries {
		done := en.Err == nil && en.Value.Status.Done()
		read[en.Key] = true
		f, ok := e.tasks.settle(t.ID, en.Key, done, now)
		if !ok || !done || en.Value.Status != model.TaskFailed {
			continue
		}
		p, err := e.jobTaskFailed(ctx, t, f, en.Value, now)
		if err != nil {
			return err
		}
		if p != nil {
			parked = append(parked, *p)
		}
	}
	for _, id := range due {
		if !read[id] {
			e.tasks.settle(t.ID, id, false, now)
		}
	}
	if len(parked) == 0 {
		return nil
	}
	if err := e.p.Parker.Park(ctx, parked); err != nil {
		return err
	}
	e.log.LogAttrs(ctx, slog.LevelWarn, "rscsync records parked", slog.String("tenant", t.ID), slog.String("stream", string(Jobs)),
		slog.Int("records", len(parked)), slog.String("first", parked[0].Reason))
	return nil
}

// jobTaskFailed settles the job of a FAILED task: LinkedIn's rules
// (rsc.TaskAlreadyClosed) say whether the failure leaves the job as the
// ATS wants it, and the job ledger learns what LinkedIn has now. It
// returns the job to park, or nil.
//
// Assumption: a FAILED CREATE or UPDATE leaves LinkedIn without the job
// (the task's message does not say), so the next send of the job is a
// CREATE; a FAILED CLOSE leaves the job as it was.
func (e *engine) jobTaskFailed(ctx context.Context, t *Tenant, f followedTask, task model.JobPostingTask, now time.Time) (*Parked, error) {
	reason := taskFailure(task)
	switch {
	case f.op == model.OperationClose && rsc.TaskAlreadyClosed(task) && !f.afterCreate:
		return nil, nil // LinkedIn does not have it open: as the ATS wants
	case f.op == model.OperationClose && f.afterCreate && rsc.TaskAlreadyClosed(task) && f.tries < closeRetries:
		// LinkedIn processes tasks asynchronously and may have taken the
		// CLOSE before the CREATE it follows: send the CLOSE again.
		resent, err := e.closeAgain(ctx, t, f, now)
		if err != nil || resent {
			return nil, err
		}
		reason = "the CLOSE of a closed job of the history could not be sent again: " + reason
		fallthrough
	case f.op == model.OperationClose && f.afterCreate:
		// The CLOSE of a job of the history fails when its CREATE did.
		reason = fmt.Sprintf("LinkedIn did not create the closed job before closing it (%d tries): %s", f.tries+1, reason)
		fallthrough
	case f.op == model.OperationCreate || f.op == model.OperationUpdate:
		if err := saveJobLedger(ctx, e.p.Checkpoints, t.ID, f.ref.ID, nil); err != nil {
			return nil, err
		}
	}
	return &Parked{Tenant: t.ID, Resource: Jobs, Ref: f.ref, Reason: reason, At: now}, nil
}

// closeRetries bounds the CLOSEs sent again for one job of the history
// whose CREATE LinkedIn had not processed yet.
const closeRetries = 3

// closeAgain sends the CLOSE of f's job again, with the fields the job
// ledger holds, and follows its task. It reports false when there is
// nothing to send or LinkedIn refused it; only a quota or a cancelled
// context is an error.
func (e *engine) closeAgain(ctx context.Context, t *Tenant, f followedTask, now time.Time) (bool, error) {
	last, err := loadJobLedger(ctx, e.p.Checkpoints, t.ID, f.ref.ID)
	if err != nil || last == nil {
		return false, err
	}
	v := last.Posting
	v.Operation, v.State = model.OperationClose, ""
	outs, err := submitJobs(ctx, t, []model.JobPosting{v}, []Ref{f.ref})
	if err != nil {
		return false, err
	}
	if len(outs) != 1 || outs[0].verdict != accepted || outs[0].task.IsZero() {
		return false, nil
	}
	o := outs[0]
	o.afterCreate, o.tries = true, f.tries+1
	e.log.LogAttrs(ctx, slog.LevelInfo, "rscsync job closed again: LinkedIn took its CLOSE before its CREATE", slog.String("tenant", t.ID),
		slog.String("job", f.ref.ID), slog.Int("try", o.tries))
	e.tasks.follow(t.ID, []sent{o}, now.Add(taskPollMin)) // not read again in this round
	return true, nil
}
