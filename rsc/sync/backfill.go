package rscsync

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"
)

// backfillStream names a resource's backfill stream.
func backfillStream(tenant string, r Resource) StreamID {
	return StreamID{Tenant: tenant, Name: "backfill/" + string(r)}
}

// backfill sends every record of every resource of t, each from its
// checkpoint, in the waves of backfillWaves: the resources of a wave at
// once, a wave after the one before it is complete. It returns nil once all
// are complete. A stop at any point resumes from the last checkpoints: the
// pages in flight are sent again, nothing else. Every
// notificationsDuringBackfill one of the streams handles the queued
// notifications between two of its pages.
func (e *engine) backfill(ctx context.Context, t *Tenant) error {
	gate := &notifyGate{last: time.Now()}
	for _, wave := range backfillWaves(e.p.resources()) {
		if err := e.backfillWave(ctx, t, wave, gate); err != nil {
			return err
		}
	}
	return nil
}

// backfillWaves groups rs (in backfillOrder) into waves whose resources
// depend only on earlier waves: LinkedIn needs jobs and candidates before
// applications, candidates before their notes, jobs before their ACLs,
// applications before their stages, notes, feedback and attachments, and
// ACLs before their assignees. Sending a wave's resources at once lets
// those that do not count against the records-per-minute quota (jobs,
// and on /rest application notes and interview feedback) go while the
// others wait for it, instead of after them.
func backfillWaves(rs []Resource) [][]Resource {
	wave := map[Resource]int{Jobs: 0, Candidates: 0, Applications: 1, CandidateNotes: 1, EntityACLs: 1,
		Stages: 2, ApplicationNotes: 2, InterviewFeedback: 2, ACLAssignees: 2, Attachments: 2}
	var waves [][]Resource
	for _, r := range rs {
		w := wave[r]
		for len(waves) <= w {
			waves = append(waves, nil)
		}
		waves[w] = append(waves[w], r)
	}
	return waves
}

// backfillWave runs the backfill of each resource of rs in a goroutine of
// its own and waits for all; the first error stops the others.
func (e *engine) backfillWave(ctx context.Context, t *Tenant, rs []Resource, gate *notifyGate) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make([]error, len(rs))
	var wg sync.WaitGroup
	for i, r := range rs {
		wg.Go(func() {
			errs[i] = e.backfillResource(ctx, t, r, gate)
			if errs[i] == nil && r == Jobs {
				// Read the jobs' tasks while the rest of the wave runs, not
				// hours later: a task is followed for taskFollowFor only.
				errs[i] = e.followJobTasks(ctx, t)
			}
			// A pause stops the others through the gate, at their next
			// page, each holding what its page has left; a handover stops
			// each at its next page by itself; any other error stops them
			// at once.
			var pe *pauseError
			if errs[i] != nil && !errors.As(errs[i], &pe) && !errors.Is(errs[i], errHandedOver) {
				cancel()
			}
		})
	}
	wg.Wait()
	// The error that stopped the wave, not the cancellations it caused.
	var first error
	for _, err := range errs {
		if err != nil && !errors.Is(err, context.Canceled) {
			return err
		}
		first = cmp.Or(first, err)
	}
	return first
}

// notifyGate is what the backfill streams of one tenant share: one at a
// time handles the queued notifications, every
// notificationsDuringBackfill, and reports progress; the first daily quota
// one of them meets pauses them all.
type notifyGate struct {
	mu       sync.Mutex // held while handling notifications
	last     time.Time  // when they were last handled
	progress sync.Mutex // Config.Progress is called by one stream at a time

	pmu   sync.Mutex
	pause *pauseError // the daily quota a stream met: no stream sends until the reset
}

// paused returns the pause a stream met, or nil (always nil for a nil
// gate: a page sent on its own).
func (g *notifyGate) paused() *pauseError {
	if g == nil {
		return nil
	}
	g.pmu.Lock()
	defer g.pmu.Unlock()
	return g.pause
}

// stop records the pause a stream met, for the others.
func (g *notifyGate) stop(pe *pauseError) {
	g.pmu.Lock()
	defer g.pmu.Unlock()
	if g.pause == nil {
		g.pause = pe
	}
}

// handle handles t's notifications if they are due and no other stream is
// handling them.
func (g *notifyGate) handle(ctx context.Context, e *engine, t *Tenant) error {
	if !g.mu.TryLock() {
		return nil
	}
	defer g.mu.Unlock()
	if time.Since(g.last) < notificationsDuringBackfill {
		return nil
	}
	if e.notify == nil {
		return nil
	}
	if err := e.notify(ctx, t); err != nil {
		return err
	}
	g.last = time.Now()
	return nil
}

// report passes p to the host's Progress callback, if any.
func (g *notifyGate) report(e *engine, p Progress) {
	if e.cfg.Progress == nil {
		return
	}
	g.progress.Lock()
	defer g.progress.Unlock()
	e.cfg.Progress(p)
}

func (e *engine) backfillResource(ctx context.Context, t *Tenant, r Resource, gate *notifyGate) error {
	return e.sendAll(ctx, t, r, backfillStream(t.ID, r), "backfill", gate)
}

// sendAll sends every record of resource r of t from the checkpoint of
// stream s until the scan is complete: the backfill, and a requested resync
// (what names the pass in logs). gate is shared with the streams sent at
// the same time.
func (e *engine) sendAll(ctx context.Context, t *Tenant, r Resource, s StreamID, what string, gate *notifyGate) error {
	cp, err := e.p.Checkpoints.LoadCheckpoint(ctx, s)
	if err != nil {
		return fmt.Errorf("rscsync: load checkpoint %s: %w", s, err)
	}
	if cp.Complete {
		return nil
	}
	var total int64
	if c := e.p.Counter; c != nil {
		if total, err = c.CountRecords(ctx, t.ID, r); err != nil {
			return fmt.Errorf("rscsync: count %s: %w", s, err)
		}
	}
	m := &meter{}
	for {
		if pe := gate.paused(); pe != nil {
			return pe // another stream met the daily quota
		}
		if err := handingOver(ctx); err != nil {
			return err // after the last page's checkpoint
		}
		// A page a pause interrupted goes on with what it had left, if the
		// stream is still where the page started.
		recs, last, n := e.held.take(s, cp)
		if recs == nil {
			if recs, last, err = e.p.Records.ScanRecords(ctx, t.ID, r, cp.Cursor, e.cfg.PageSize); err != nil {
				return fmt.Errorf("rscsync: scan %s: %w", s, err)
			}
			n = len(recs)
		}
		next := cp
		next.UpdatedAt = time.Now()
		if n == 0 {
			next.Complete = true
		} else if len(recs) > 0 {
			if rest, err := e.sendPage(ctx, t, r, recs, gate); err != nil {
				var pe *pauseError
				if errors.As(err, &pe) {
					e.held.keep(s, cp, rest, last, n)
					gate.stop(pe)
				}
				return err
			}
		}
		if n > 0 {
			next.Cursor, next.Done = last, cp.Done+int64(n)
		}
		if err := e.p.Checkpoints.SaveCheckpoint(ctx, s, cp, next); err != nil {
			if errors.Is(err, ErrStaleCheckpoint) {
				// Another process moved the stream: continue from where it is.
				if cp, err = e.p.Checkpoints.LoadCheckpoint(ctx, s); err != nil {
					return fmt.Errorf("rscsync: load checkpoint %s: %w", s, err)
				}
				if cp.Complete {
					return nil
				}
				continue
			}
			return fmt.Errorf("rscsync: save checkpoint %s: %w", s, err)
		}
		next.Version = cp.Version + 1
		cp = next
		p := m.progress(Progress{Tenant: t.ID, Resource: r, Done: cp.Done, Total: max(total, cp.Done), Complete: cp.Complete}, time.Now())
		if what == "backfill" {
			gate.report(e, p)
		}
		if cp.Complete {
			e.log.LogAttrs(ctx, slog.LevelInfo, "rscsync "+what+" complete", slog.String("tenant", t.ID),
				slog.String("stream", string(r)), slog.Int64("records", cp.Done))
			return nil
		}
		e.log.LogAttrs(ctx, slog.LevelDebug, "rscsync "+what+" page", slog.String("tenant", t.ID), slog.String("stream", string(r)),
			slog.Int64("done", p.Done), slog.Int64("total", p.Total), slog.Float64("rate", p.Rate), slog.Duration("eta", p.ETA))
		// A backfill may take hours; exports that arrived meanwhile are
		// fetched between pages rather than after it.
		if err := gate.handle(ctx, e, t); err != nil {
			return err
		}
		// The tasks of the jobs just sent are read as the jobs go, so the
		// tasks followed are those LinkedIn is still processing, not every
		// job of the history.
		if r == Jobs {
			if err := e.followJobTasks(ctx, t); err != nil {
				return err
			}
		}
	}
}

// notificationsDuringBackfill is how often a backfill stops between pages
// to handle the notifications queued meanwhile.
const notificationsDuringBackfill = 10 * time.Second

// maxPageAttempts bounds the retries of a page's transient failures before
// the backfill gives up for now (the tenant loop retries it later).
const maxPageAttempts = 6

// sendPage sends one page of records until each is accepted or parked.
// When a daily quota pauses the tenant (met here, or by another stream of
// gate, which may be nil) it returns the pause and the records not yet
// accepted or parked, to be sent after the reset.
func (e *engine) sendPage(ctx context.Context, t *Tenant, r Resource, recs []Record, gate *notifyGate) ([]Record, error) {
	pending := recs
	for attempt := 0; ; attempt++ {
		outs, err := e.upsertBatch(ctx, t, r, pending)
		var pe *pauseError
		if err != nil && !errors.As(err, &pe) {
			return nil, err
		}
		if outs == nil { // the whole call met the quota
			return pending, err
		}
		retry, wait, serr := e.settle(ctx, t, r, outs)
		if serr != nil {
			return nil, serr
		}
		pending = pick(pending, retry)
		if pe != nil {
			return pending, pe
		}
		if len(retry) == 0 {
			return nil, nil
		}
		if attempt+1 >= maxPageAttempts {
			return nil, fmt.Errorf("rscsync: %s/%s: %d records still failing after %d attempts", t.ID, r, len(retry), maxPageAttempts)
		}
		if err := sleep(ctx, max(wait, backoff(attempt, e.cfg.MaxBackoff))); err != nil {
			return nil, err
		}
		if pe := gate.paused(); pe != nil {
			return pending, pe
		}
	}
}

// pick returns the records of recs named by refs, in the order of refs.
func pick(recs []Record, refs []Ref) []Record {
	byRef := make(map[Ref]Record, len(recs))
	for _, rec := range recs {
		byRef[rec.Ref] = rec
	}
	out := make([]Record, 0, len(refs))
	for _, ref := range refs {
		out = append(out, byRef[ref])
	}
	return out
}

// heldPages keeps, per backfill stream, what a page a daily quota
// interrupted has left to send, so that after the reset the stream sends
// only that instead of the whole page again (on /v2 a page of child
// records is a request per parent). It is the engine's memory: a restart,
// or another process taking the tenant, sends the page again from the
// checkpoint, which LinkedIn's keyed upserts make harmless.
type heldPages struct {
	mu    sync.Mutex
	pages map[StreamID]heldPage
}

// heldPage is the rest of one page: the records still to send, and the
// cursor and size of the whole page for the checkpoint after it.
type heldPage struct {
	from Checkpoint // where the page started
	rest []Record
	last string
	n    int
}

// keep holds the rest of the page of stream s that started at from.
func (h *heldPages) keep(s StreamID, from Checkpoint, rest []Record, last string, n int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.pages == nil {
		h.pages = map[StreamID]heldPage{}
	}
	h.pages[s] = heldPage{from: from, rest: slices.Clone(rest), last: last, n: n}
}

// take returns (and forgets) the held rest of stream s if the stream is
// still at the checkpoint its page started from; rest is nil otherwise.
// The rest may be empty (everything was taken before the pause): the
// page is then done and only its checkpoint is saved.
func (h *heldPages) take(s StreamID, cp Checkpoint) (rest []Record, last string, n int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	p, ok := h.pages[s]
	if !ok {
		return nil, "", 0
	}
	delete(h.pages, s)
	if p.from.Version != cp.Version || p.from.Cursor != cp.Cursor {
		return nil, "", 0
	}
	if p.rest == nil {
		p.rest = []Record{}
	}
	return p.rest, p.last, p.n
}

// settle parks rejected records and unparks accepted ones, and returns the
// refs to retry with the longest wait LinkedIn asked for.
func (e *engine) settle(ctx context.Context, t *Tenant, r Resource, outs []sent) (retry []Ref, wait time.Duration, err error) {
	var parked []Parked
	var ok []Ref
	now := time.Now()
	if r == Jobs {
		e.tasks.follow(t.ID, outs, now)
	}
	for _, o := range outs {
		switch o.verdict {
		case accepted:
			ok = append(ok, o.ref)
		case rejected:
			parked = append(parked, Parked{Tenant: t.ID, Resource: r, Ref: o.ref, Status: o.status, Reason: o.reason, At: now})
		case transient:
			retry = append(retry, o.ref)
			wait = max(wait, o.retryIn)
		case held:
			retry = append(retry, o.ref) // after the reset
		}
	}
	if len(parked) > 0 {
		if err := e.p.Parker.Park(ctx, parked); err != nil {
			return nil, 0, fmt.Errorf("rscsync: park: %w", err)
		}
		e.log.LogAttrs(ctx, slog.LevelWarn, "rscsync records parked", slog.String("tenant", t.ID), slog.String("stream", string(r)),
			slog.Int("records", len(parked)), slog.String("first", parked[0].Reason))
	}
	if len(ok) > 0 {
		if err := e.p.Parker.Unpark(ctx, t.ID, r, ok); err != nil {
			return nil, 0, fmt.Errorf("rscsync: unpark: %w", err)
		}
		if r == Candidates {
			if err := e.linkMatches(ctx, t, ok); err != nil {
				return nil, 0, err
			}
		}
	}
	return retry, wait, nil
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
