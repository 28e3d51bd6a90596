package rscsync

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// backfillStream names a resource's backfill stream.
func backfillStream(tenant string, r Resource) StreamID {
	return StreamID{Tenant: tenant, Name: "backfill/" + string(r)}
}

// backfill sends every record of every resource of t, resource by resource
// in dependency order (Resources), each from its checkpoint. It returns nil once all are
// complete. A stop at any point resumes from the last checkpoint: the page
// in flight is sent again, nothing else. Every notificationsDuringBackfill
// it handles the queued notifications between two pages.
func (e *engine) backfill(ctx context.Context, t *Tenant) error {
	for _, r := range resourcesOf(e.store) {
		if err := e.backfillResource(ctx, t, r); err != nil {
			return err
		}
	}
	return nil
}

func (e *engine) backfillResource(ctx context.Context, t *Tenant, r Resource) error {
	return e.sendAll(ctx, t, r, backfillStream(t.ID, r), "backfill")
}

// sendAll sends every record of resource r of t from the checkpoint of
// stream s until the scan is complete: the backfill, and a requested resync
// (what names the pass in logs).
func (e *engine) sendAll(ctx context.Context, t *Tenant, r Resource, s StreamID, what string) error {
	cp, err := e.store.LoadCheckpoint(ctx, s)
	if err != nil {
		return fmt.Errorf("rscsync: load checkpoint %s: %w", s, err)
	}
	if cp.Complete {
		return nil
	}
	var total int64
	if c, ok := e.store.(Counter); ok {
		if total, err = c.CountRecords(ctx, t.ID, r); err != nil {
			return fmt.Errorf("rscsync: count %s: %w", s, err)
		}
	}
	m := &meter{}
	notified := time.Now()
	for {
		recs, last, err := e.store.ScanRecords(ctx, t.ID, r, cp.Cursor, e.cfg.PageSize)
		if err != nil {
			return fmt.Errorf("rscsync: scan %s: %w", s, err)
		}
		next := cp
		next.UpdatedAt = time.Now()
		if len(recs) == 0 {
			next.Complete = true
		} else {
			if err := e.sendPage(ctx, t, r, recs); err != nil {
				return err
			}
			next.Cursor, next.Done = last, cp.Done+int64(len(recs))
		}
		if err := e.store.SaveCheckpoint(ctx, s, cp, next); err != nil {
			if errors.Is(err, ErrStaleCheckpoint) {
				// Another process moved the stream: continue from where it is.
				if cp, err = e.store.LoadCheckpoint(ctx, s); err != nil {
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
		if e.cfg.Progress != nil && what == "backfill" {
			e.cfg.Progress(p)
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
		if time.Since(notified) >= notificationsDuringBackfill {
			if err := e.handleNotifications(ctx, t); err != nil {
				return err
			}
			notified = time.Now()
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
func (e *engine) sendPage(ctx context.Context, t *Tenant, r Resource, recs []Record) error {
	pending := recs
	for attempt := 0; ; attempt++ {
		outs, err := e.upsertBatch(ctx, t, r, pending)
		if err != nil {
			return err
		}
		retry, wait, err := e.settle(ctx, t, r, outs)
		if err != nil {
			return err
		}
		if len(retry) == 0 {
			return nil
		}
		if attempt+1 >= maxPageAttempts {
			return fmt.Errorf("rscsync: %s/%s: %d records still failing after %d attempts", t.ID, r, len(retry), maxPageAttempts)
		}
		byRef := make(map[Ref]Record, len(pending))
		for _, rec := range pending {
			byRef[rec.Ref] = rec
		}
		pending = pending[:0:0]
		for _, ref := range retry {
			pending = append(pending, byRef[ref])
		}
		if err := sleep(ctx, max(wait, backoff(attempt, e.cfg.MaxBackoff))); err != nil {
			return err
		}
	}
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
		}
	}
	if len(parked) > 0 {
		if err := e.store.Park(ctx, parked); err != nil {
			return nil, 0, fmt.Errorf("rscsync: park: %w", err)
		}
		e.log.LogAttrs(ctx, slog.LevelWarn, "rscsync records parked", slog.String("tenant", t.ID), slog.String("stream", string(r)),
			slog.Int("records", len(parked)), slog.String("first", parked[0].Reason))
	}
	if len(ok) > 0 {
		if err := e.store.Unpark(ctx, t.ID, r, ok); err != nil {
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
