package rsc

import (
	"context"
	"encoding/json"

	"github.com/rsckit/rsckit/rsc/internal/restli"
	"github.com/rsckit/rsckit/rsc/model"
)

// CandidatesService syncs candidates (atsCandidates). See
// https://learn.microsoft.com/en-us/linkedin/talent/middleware-platform/sync-candidates
type CandidatesService service

// BatchUpdate creates or replaces up to 100 candidates (an upsert keyed by the
// ATS's candidate id: every field is replaced, omitted fields become null).
// Records are validated first; an invalid record fails the call before
// anything is sent. Safe to retry.
//
// rsc:operation BATCH_UPDATE /v2/atsCandidates
func (s *CandidatesService) BatchUpdate(ctx context.Context, candidates []model.Candidate, opts ...RequestOption) ([]Result[model.CandidateKey], error) {
	return upsert(ctx, s.c, candidatesEndpoint, "candidates", candidates, func(c model.Candidate) model.CandidateKey { return c.Key }, opts)
}

// BatchDelete deletes up to 100 candidates from LinkedIn; the In-ATS
// indicator stops showing them.
//
// rsc:operation BATCH_DELETE /v2/atsCandidates
func (s *CandidatesService) BatchDelete(ctx context.Context, keys []model.CandidateKey, opts ...RequestOption) ([]Result[model.CandidateKey], error) {
	return remove(ctx, s.c, candidatesEndpoint, "candidates", keys, opts)
}

// BatchGetMatches reads the LinkedIn members matched to up to 100 candidates:
// LinkedIn's own (algorithmic) matches and the manualMatchedMember the ATS
// attached.
//
// rsc:operation BATCH_GET /v2/atsCandidates
func (s *CandidatesService) BatchGetMatches(ctx context.Context, keys []model.CandidateKey, opts ...RequestOption) ([]Entry[model.CandidateKey, model.CandidateMatches], error) {
	if err := validateKeys("candidates", keys); err != nil {
		return nil, err
	}
	call := batchGetCall
	call.extraParams = func(q *restli.Query) { q.SetFields("matchedMembers", "manualMatchedMember") }
	return batchGet(ctx, s.c, candidatesEndpoint, keys, call, func(k model.CandidateKey, raw json.RawMessage) (model.CandidateMatches, error) {
		m, err := decodeJSON[model.CandidateMatches](raw)
		m.Key = k
		return m, err
	}, opts)
}

// PersonLink links an ATS candidate to a LinkedIn member.
type PersonLink struct {
	Candidate model.CandidateKey
	// Person is the member's person URN (urn:li:person:...), as One-Click
	// Export or the profile widget's link callback gave it.
	Person model.URN
}

// AttachPerson sets manualMatchedMember on up to 100 candidates, so Recruiter
// shows the exact member (after a One-Click Export, or a manual link in the
// profile widget).
//
// rsc:operation BATCH_PARTIAL_UPDATE /v2/atsCandidates
func (s *CandidatesService) AttachPerson(ctx context.Context, links []PersonLink, opts ...RequestOption) ([]Result[model.CandidateKey], error) {
	keys := make([]model.CandidateKey, len(links))
	patches := make([]restli.Patch, len(links))
	var verr model.ValidationError
	for i, l := range links {
		keys[i] = l.Candidate
		patches[i] = restli.Patch{Set: map[string]any{"manualMatchedMember": string(l.Person)}}
		if err := l.Candidate.Validate(); err != nil {
			verr.Errors = append(verr.Errors, prefixErrors("links", i, err)...)
		}
		if !l.Person.IsType(model.URNTypePerson) {
			verr.Errors = append(verr.Errors, model.FieldError{Path: pathAt("links", i, "person"), Record: l.Candidate.String(),
				Message: "must be a person URN (urn:li:person:{id})"})
		}
	}
	if len(verr.Errors) > 0 {
		return nil, &verr
	}
	if err := checkBatch("links", keys); err != nil {
		return nil, err
	}
	return patch(ctx, s.c, candidatesEndpoint, keys, patches, opts)
}

// DetachPerson removes manualMatchedMember from up to 100 candidates (the
// profile widget's "wrong profile?" unlink). Assumption: LinkedIn accepts the
// Rest.li patch {"$delete":["manualMatchedMember"]}; its docs do not show an
// unlink call.
//
// rsc:operation BATCH_PARTIAL_UPDATE /v2/atsCandidates
func (s *CandidatesService) DetachPerson(ctx context.Context, keys []model.CandidateKey, opts ...RequestOption) ([]Result[model.CandidateKey], error) {
	if err := validateKeys("candidates", keys); err != nil {
		return nil, err
	}
	patches := make([]restli.Patch, len(keys))
	for i := range keys {
		patches[i] = restli.Patch{Delete: []string{"manualMatchedMember"}}
	}
	return patch(ctx, s.c, candidatesEndpoint, keys, patches, opts)
}

// CandidateNotesService syncs notes on candidates. On /v2 the notes of each
// candidate are a sub-resource, so a batch spanning several candidates is sent
// as one request per candidate. See
// https://learn.microsoft.com/en-us/linkedin/talent/middleware-platform/sync-candidate-notes
type CandidateNotesService service

// BatchUpdate creates or replaces up to 100 candidate notes.
//
// rsc:operation BATCH_UPDATE /v2/atsCandidates/{key}/notes
func (s *CandidateNotesService) BatchUpdate(ctx context.Context, notes []model.CandidateNote, opts ...RequestOption) ([]Result[model.CandidateNoteKey], error) {
	return upsert(ctx, s.c, candidateNotesEndpoint, "candidateNotes", notes, func(n model.CandidateNote) model.CandidateNoteKey { return n.Key }, opts)
}

// BatchDelete deletes up to 100 candidate notes.
//
// rsc:operation BATCH_DELETE /v2/atsCandidates/{key}/notes
func (s *CandidateNotesService) BatchDelete(ctx context.Context, keys []model.CandidateNoteKey, opts ...RequestOption) ([]Result[model.CandidateNoteKey], error) {
	return remove(ctx, s.c, candidateNotesEndpoint, "candidateNotes", keys, opts)
}
