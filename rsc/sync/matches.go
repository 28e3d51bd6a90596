package rscsync

import (
	"context"
	"log/slog"

	"github.com/rsckit/rsckit/rsc/model"
)

// linkMatches reads LinkedIn's matches of the candidates just accepted and
// passes the Intake's links (Intake.Matches) to the Applier, so that a candidate LinkedIn
// matched by email gets its member's InMails and notes. It costs one
// request per batch of candidates. Only a cancelled context is an error:
// when the matches cannot be read (a quota included, which the next send
// meets anyway) or the Applier fails them, they are skipped for now
// and logged.
//
// Assumption: LinkedIn matches synchronously enough for the match to show
// right after the candidate is accepted; a match that appears later is
// picked up the next time the candidate is sent.
func (e *engine) linkMatches(ctx context.Context, t *Tenant, refs []Ref) error {
	if e.cfg.Intake == nil || len(refs) == 0 {
		return nil
	}
	keys := make([]model.CandidateKey, len(refs))
	for i, ref := range refs {
		keys[i] = t.candidateKey(ref)
	}
	entries, err := t.Client.Candidates.BatchGetMatches(ctx, keys)
	if err != nil && len(entries) == 0 {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		e.log.LogAttrs(ctx, slog.LevelWarn, "rscsync candidate matches not read", slog.String("tenant", t.ID), slog.String("error", err.Error()))
		return nil
	}
	ms := make([]model.CandidateMatches, 0, len(entries))
	for _, en := range entries {
		if en.Err == nil {
			m := en.Value
			m.Key = en.Key
			ms = append(ms, m)
		}
	}
	links := e.cfg.Intake.Matches(ms)
	if len(links) == 0 {
		return nil
	}
	if err := e.p.Applier.Apply(ctx, Batch{Stream: StreamID{Tenant: t.ID}, ATSChanges: links}); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		// The candidates reached LinkedIn; the link is a bonus that must not
		// fail (and so repeat) their page. It is tried again the next time
		// a candidate is sent.
		e.log.LogAttrs(ctx, slog.LevelWarn, "rscsync candidate matches not linked", slog.String("tenant", t.ID), slog.String("error", err.Error()))
	}
	return nil
}
