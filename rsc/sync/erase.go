package rscsync

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync/atomic"

	"github.com/rsckit/rsckit/rsc"
)

// Erasure names a candidate the ATS erased (a GDPR request to the ATS) and
// the records LinkedIn holds under it. The host lists them before it
// removes them from its Store, since afterwards nothing can find them.
type Erasure struct {
	// CandidateID is the candidate's ATS id.
	CandidateID string
	// Applications are the ids of its applications; LinkedIn deletes their
	// notes, stages and interview feedback with them.
	Applications []string
	// Notes are the ids of its candidate notes.
	Notes []string
	// Attachments are its applications' attachments (Ref{ID: attachment id,
	// Parent: application id}), when the Store serves Attachments.
	Attachments []Ref
}

// ErasureReport says what an erasure did.
type ErasureReport struct {
	// Deleted counts the records deleted at LinkedIn per resource (404
	// counts: LinkedIn did not have it).
	Deleted map[Resource]int
	// IntentsDropped counts the pending upsert intents removed from the
	// outbox; -1 when the Store is not an IntentDropper.
	IntentsDropped int
	// Requests is the requests to LinkedIn the erasure sent.
	Requests int64
}

// EraseCandidate deletes a candidate the ATS erased, and everything under
// it, at LinkedIn now, in the order LinkedIn's certification checks:
// attachments, applications (LinkedIn deletes their notes, stages and
// feedback with them: RSC-504), the candidate's notes, then the candidate
// (RSC-501, RSC-502). It is idempotent: calling it again (after a crash)
// sends the same deletes, answered 404, which count as done.
//
// Remove the records from the Store first: a record the Store still holds
// makes the call fail with ErrStillStored before anything is sent, since
// the next push or reconcile would send it back. When the Store is an
// IntentDropper, the records' pending upsert intents are dropped (they
// could only send the same deletes again). Delete intents are kept: they
// are the durable guarantee against a push round in flight that loaded a
// record before the host removed it, and cost one request each.
//
// For an erasure that must survive a crash of the host, record delete
// intents for the records instead (or as well): the push engine deletes
// children before parents.
func (o *Offboarder) EraseCandidate(ctx context.Context, t Tenant, er Erasure) (rep ErasureReport, err error) {
	e := o.r.e
	rep = ErasureReport{Deleted: map[Resource]int{}, IntentsDropped: -1}
	if err := t.validate(); err != nil {
		return rep, err
	}
	if er.CandidateID == "" {
		return rep, errors.New("rscsync: EraseCandidate: empty candidate id")
	}
	type part struct {
		r    Resource
		refs []Ref
	}
	apps := make([]Ref, len(er.Applications))
	for i, id := range er.Applications {
		apps[i] = Ref{ID: id}
	}
	notes := make([]Ref, len(er.Notes))
	for i, id := range er.Notes {
		notes[i] = Ref{ID: id, Parent: er.CandidateID}
	}
	plan := []part{{Attachments, er.Attachments}, {Applications, apps}, {CandidateNotes, notes}, {Candidates, []Ref{{ID: er.CandidateID}}}}
	for _, p := range plan {
		if len(p.refs) == 0 || (p.r == Attachments && !slices.Contains(e.p.resources(), Attachments)) {
			continue
		}
		for _, ref := range p.refs {
			if ref.ID == "" {
				return rep, fmt.Errorf("rscsync: EraseCandidate %s: an empty %s id", er.CandidateID, p.r)
			}
		}
		var still []Record
		still, err = e.p.Records.LoadRecords(ctx, t.ID, p.r, p.refs)
		if err != nil {
			return rep, fmt.Errorf("rscsync: EraseCandidate %s: load %s: %w", er.CandidateID, p.r, err)
		}
		if len(still) > 0 {
			return rep, fmt.Errorf("rscsync: EraseCandidate %s: %s %s: %w", er.CandidateID, p.r, still[0].Ref.ID, ErrStillStored)
		}
	}
	n := new(atomic.Int64)
	cctx := rsc.WithRequestCount(ctx, n)
	defer func() { rep.Requests = n.Load() }()
	for _, p := range plan {
		if len(p.refs) == 0 {
			continue
		}
		deleted, failed, err := o.deleteRefs(cctx, &t, p.r, p.refs)
		rep.Deleted[p.r] += deleted
		if err != nil {
			return rep, err
		}
		if failed > 0 {
			return rep, fmt.Errorf("rscsync: EraseCandidate %s: LinkedIn refused to delete %d %s (parked with the reason)", er.CandidateID, failed, p.r)
		}
	}
	if d := e.p.Dropper; d != nil {
		rep.IntentsDropped = 0
		for _, p := range plan {
			if len(p.refs) == 0 {
				continue
			}
			k, err := d.DropIntents(ctx, t.ID, p.r, p.refs, OpUpsert)
			if err != nil {
				return rep, fmt.Errorf("rscsync: EraseCandidate %s: drop intents: %w", er.CandidateID, err)
			}
			rep.IntentsDropped += k
		}
	}
	e.log.LogAttrs(ctx, slog.LevelInfo, "rscsync candidate erased at LinkedIn", slog.String("tenant", t.ID), slog.String("candidate", er.CandidateID))
	return rep, nil
}
