package rscsync

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"
)

// claimMax is how many intents one push round claims.
const claimMax = 500

// pushRound claims a tenant's due intents, coalesces them per record, loads
// each record's current state and sends it: an existing record is upserted,
// a missing one deleted (so the outbox only has to say which record
// changed). It returns the number of intents it handled; 0 means the outbox
// had nothing due.
func (e *engine) pushRound(ctx context.Context, t *Tenant) (int, error) {
	intents, err := e.p.Queue.Claim(ctx, t.ID, LaneOutbox, claimMax, e.cfg.Lease)
	if err != nil {
		return 0, fmt.Errorf("rscsync: claim: %w", err)
	}
	if len(intents) == 0 {
		return 0, nil
	}
	type key struct {
		r   Resource
		ref Ref
	}
	groups := map[key][]Item{}
	var order []key
	for _, in := range intents {
		k := key{in.Resource, in.Ref}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], in)
	}
	// Per resource: the refs to look at.
	byRes := map[Resource][]Ref{}
	for _, k := range order {
		if !k.r.Valid() {
			if err := e.complete(ctx, groups[k], Outcome{Error: "unknown resource " + string(k.r)}); err != nil {
				return 0, err
			}
			continue
		}
		byRes[k.r] = append(byRes[k.r], k.ref)
	}
	type job struct {
		r      Resource
		recs   []Record // upserts
		delete []Ref
	}
	var upserts, deletes []job
	for _, r := range e.p.resources() {
		refs := byRes[r]
		if len(refs) == 0 {
			continue
		}
		recs, err := e.p.Records.LoadRecords(ctx, t.ID, r, refs)
		if err != nil {
			return 0, fmt.Errorf("rscsync: load %s: %w", r, err)
		}
		found := make(map[Ref]bool, len(recs))
		for _, rec := range recs {
			found[rec.Ref] = true
		}
		var gone []Ref
		for _, ref := range refs {
			if !found[ref] {
				gone = append(gone, ref)
			}
		}
		if len(recs) > 0 {
			upserts = append(upserts, job{r: r, recs: recs})
		}
		if len(gone) > 0 {
			deletes = append(deletes, job{r: r, delete: gone})
		}
	}
	// Parents before children for upserts; children before parents for deletes.
	slices.Reverse(deletes)
	// Each batch is settled as soon as LinkedIn answers it, so a stop (or a
	// crash) repeats at most the batch in flight.
	settled := map[key]bool{}
	var stop error
	settle := func(r Resource, outs []sent, upserted bool) error {
		now := time.Now()
		if r == Jobs {
			e.tasks.follow(t.ID, outs, now)
		}
		var done []Item
		var okRefs []Ref
		var parked []Parked
		for _, o := range outs {
			k := key{r, o.ref}
			ins := groups[k]
			settled[k] = true
			switch o.verdict {
			case accepted:
				done = append(done, ins...)
				okRefs = append(okRefs, o.ref)
				e.observeLatency(ins, now)
			case rejected:
				parked = append(parked, Parked{Tenant: t.ID, Resource: r, Ref: o.ref, Status: o.status, Reason: o.reason, At: now})
				if err := e.complete(ctx, ins, Outcome{Error: o.reason}); err != nil {
					return err
				}
			default:
				wait := max(o.retryIn, backoff(ins[0].Attempts, e.cfg.MaxBackoff))
				if err := e.complete(ctx, ins, Outcome{RetryAt: now.Add(wait), Error: o.reason}); err != nil {
					return err
				}
			}
		}
		if len(done) > 0 {
			if err := e.complete(ctx, done, Outcome{}); err != nil {
				return err
			}
		}
		if len(parked) > 0 {
			if err := e.p.Parker.Park(ctx, parked); err != nil {
				return fmt.Errorf("rscsync: park: %w", err)
			}
			e.log.LogAttrs(ctx, slog.LevelWarn, "rscsync records parked", slog.String("tenant", t.ID),
				slog.Int("records", len(parked)), slog.String("first", parked[0].Reason))
		}
		if len(okRefs) > 0 {
			if err := e.p.Parker.Unpark(ctx, t.ID, r, okRefs); err != nil {
				return fmt.Errorf("rscsync: unpark: %w", err)
			}
			if r == Candidates && upserted {
				return e.linkMatches(ctx, t, okRefs)
			}
		}
		return nil
	}
	run := func(j job) error {
		for start := 0; start < max(len(j.recs), len(j.delete)); start += e.cfg.PageSize {
			var outs []sent
			var err error
			if j.recs != nil {
				outs, err = e.upsertBatch(ctx, t, j.r, j.recs[start:min(start+e.cfg.PageSize, len(j.recs))])
			} else {
				outs, err = e.deleteBatch(ctx, t, j.r, j.delete[start:min(start+e.cfg.PageSize, len(j.delete))])
			}
			if err != nil {
				stop = err
				return nil
			}
			if err := settle(j.r, outs, j.recs != nil); err != nil {
				return err
			}
		}
		return nil
	}
	for _, j := range append(upserts, deletes...) {
		if stop != nil {
			break
		}
		if err := run(j); err != nil {
			return 0, err
		}
	}
	// What was not sent (a stop) goes back to the outbox.
	if stop != nil && ctx.Err() == nil {
		retryAt := time.Now()
		var pe *pauseError
		for _, k := range order {
			if settled[k] || !k.r.Valid() {
				continue
			}
			ins := groups[k]
			at := retryAt.Add(backoff(ins[0].Attempts, e.cfg.MaxBackoff))
			if errors.As(stop, &pe) {
				at = pe.until
			}
			if err := e.complete(ctx, ins, Outcome{RetryAt: at, Error: errString(stop)}); err != nil {
				return 0, err
			}
		}
	}
	if stop != nil {
		return len(intents), stop
	}
	return len(intents), nil
}

// complete ends intents; a lost lease means another worker has them now.
func (e *engine) complete(ctx context.Context, ins []Item, o Outcome) error {
	err := e.p.Queue.Complete(ctx, ins, o)
	if errors.Is(err, ErrLeaseLost) {
		e.log.LogAttrs(ctx, slog.LevelWarn, "rscsync intent lease lost", slog.String("intent", ins[0].ID))
		return nil
	}
	if err != nil {
		return fmt.Errorf("rscsync: complete: %w", err)
	}
	return nil
}

// observeLatency reports change-to-acceptance latency to the hook.
func (e *engine) observeLatency(ins []Item, now time.Time) {
	if e.cfg.PushLatency == nil {
		return
	}
	for _, in := range ins {
		if !in.CreatedAt.IsZero() {
			e.cfg.PushLatency(now.Sub(in.CreatedAt))
		}
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// drain runs push rounds until the outbox has nothing due, and returns the
// intents it handled.
func (e *engine) drain(ctx context.Context, t *Tenant) (int, error) {
	total := 0
	for {
		if err := handingOver(ctx); err != nil {
			return total, err
		}
		n, err := e.pushRound(ctx, t)
		total += n
		if err != nil || n == 0 {
			return total, err
		}
	}
}
