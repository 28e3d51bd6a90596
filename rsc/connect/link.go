package connect

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// Errors of Linker.Apply, returned wrapped; nothing changes when one is
// returned.
var (
	// ErrUnknownCandidate: the tenant has no such candidate.
	ErrUnknownCandidate = errors.New("candidate does not belong to the tenant")
	// ErrNotLinked: an unlink names a member the candidate is not manually
	// linked to (never linked, or linked to another member). An algorithmic
	// match LinkedIn made itself is not a manual link either.
	ErrNotLinked = errors.New("candidate is not linked to this member")
)

// LinkAction is what the profile widget reported.
type LinkAction string

// Link actions: the data-onlink and data-onunlink callbacks.
const (
	ActionLink   LinkAction = "link"
	ActionUnlink LinkAction = "unlink"
)

// LinkCallback is what the ATS page posts when the profile widget calls its
// data-onlink or data-onunlink function.
type LinkCallback struct {
	Action         LinkAction
	ATSCandidateID string
	// IntegrationContext is the widget's data-integration-context, if the
	// page sent it; it must then be the tenant's organization.
	IntegrationContext model.URN
	// Person is the member the widget linked or unlinked.
	Person model.URN
}

// ParseLinkCallback reads the body the ATS page posts from its
// data-onlink/data-onunlink functions. The page defines this shape, e.g.
//
//	function link(member)   { post({action: "link",   atsCandidateId: "C1", member: member}); }
//	function unlink(member) { post({action: "unlink", atsCandidateId: "C1", member: member}); }
//
// i.e. {"action", "atsCandidateId", "integrationContext" (optional),
// "member"}, where "member" is the widget's callback argument as is.
//
// Assumption: LinkedIn's 2020 sample names the argument personUrn, so it is
// read as a person URN string; an object holding the URN under "personUrn",
// "person", "member", "memberUrn", "urn", "entityUrn" or "id" is accepted
// too. Anything that is not urn:li:person:{id} is refused.
func ParseLinkCallback(body []byte) (LinkCallback, error) {
	if len(body) > MaxCallbackBytes {
		return LinkCallback{}, malformed("body of %d bytes exceeds %d", len(body), MaxCallbackBytes)
	}
	var w struct {
		Action             string          `json:"action"`
		ATSCandidateID     string          `json:"atsCandidateId"`
		IntegrationContext string          `json:"integrationContext"`
		Member             json.RawMessage `json:"member"`
	}
	if t := bytes.TrimSpace(body); len(t) == 0 || t[0] != '{' || json.Unmarshal(t, &w) != nil {
		return LinkCallback{}, malformed("expected a JSON object {action, atsCandidateId, member}")
	}
	cb := LinkCallback{Action: LinkAction(w.Action), ATSCandidateID: w.ATSCandidateID}
	if cb.Action != ActionLink && cb.Action != ActionUnlink {
		return LinkCallback{}, malformed("action must be %q or %q", ActionLink, ActionUnlink)
	}
	if err := (model.CandidateKey{IntegrationContext: model.OrganizationURN("1"), ATSCandidateID: cb.ATSCandidateID}).Validate(); err != nil {
		return LinkCallback{}, malformed("atsCandidateId is missing or not a valid ATS id")
	}
	if w.IntegrationContext != "" {
		u := model.URN(w.IntegrationContext)
		if !u.IsType(model.URNTypeOrganization) {
			return LinkCallback{}, malformed("integrationContext must be an organization URN")
		}
		cb.IntegrationContext = u
	}
	p, ok := memberURN(w.Member)
	if !ok {
		return LinkCallback{}, malformed("member must be a person URN (urn:li:person:{id})")
	}
	cb.Person = p
	return cb, nil
}

// memberURN reads a person URN given as a string or inside an object.
func memberURN(raw json.RawMessage) (model.URN, bool) {
	var s string
	if json.Unmarshal(raw, &s) != nil {
		var o map[string]json.RawMessage
		if json.Unmarshal(raw, &o) != nil {
			return "", false
		}
		for _, k := range []string{"personUrn", "person", "member", "memberUrn", "urn", "entityUrn", "id"} {
			if v, ok := o[k]; ok && json.Unmarshal(v, &s) == nil && s != "" {
				break
			}
		}
	}
	u := model.URN(s)
	if !u.IsType(model.URNTypePerson) || len(s) > 200 || strings.ContainsAny(u.ID(), ":,()") {
		return "", false
	}
	return u, true
}

// LinkStore is the host's record of manual links, candidate by candidate,
// so that a link made in the profile widget survives a refresh (RSC-304) and
// an unlink is honoured. Methods may be called concurrently for different
// candidates. Linker.Apply reads the link and then writes it: if two
// callbacks for one candidate can race, serialise them (for example with a
// row lock held across Apply).
type LinkStore interface {
	// HasCandidate reports whether the tenant has the candidate.
	HasCandidate(ctx context.Context, tenantID, atsCandidateID string) (bool, error)
	// ManualLink returns the member the candidate is manually linked to,
	// or the zero URN.
	ManualLink(ctx context.Context, tenantID, atsCandidateID string) (model.URN, error)
	// SetManualLink stores the candidate's manual link; the zero URN
	// removes it. The host typically also sets ManualMatchedMember on the
	// candidate it syncs next, so a full candidate update keeps the link.
	SetManualLink(ctx context.Context, tenantID, atsCandidateID string, person model.URN) error
}

// LinkResult is what a link or unlink did.
type LinkResult struct {
	Action    LinkAction
	Candidate model.CandidateKey
	Person    model.URN
	// Previous is the manual link before the call (zero if none).
	Previous model.URN
}

// Linker applies the profile widget's link and unlink callbacks: at
// LinkedIn (manualMatchedMember, through rsc's Candidates.AttachPerson and
// DetachPerson) and in the host's LinkStore.
type Linker struct {
	// Store records the manual links; required.
	Store LinkStore
}

// Apply applies one callback for tenant t. It checks, before any change,
// that the callback is for t's organization (ErrForeignContext) and that t
// has the candidate (ErrUnknownCandidate); an unlink must name the member
// the candidate is manually linked to (ErrNotLinked). LinkedIn is updated
// first and the store second: if LinkedIn refuses, nothing is stored; if
// the store fails after LinkedIn accepted, the error says so and repeating
// the call is safe (both updates are idempotent).
func (l Linker) Apply(ctx context.Context, t rscsync.Tenant, cb LinkCallback) (LinkResult, error) {
	if l.Store == nil || t.Client == nil || t.ID == "" {
		return LinkResult{}, errors.New("connect: Linker needs a Store and a tenant with an ID and a Client")
	}
	if !t.Organization.IsType(model.URNTypeOrganization) {
		return LinkResult{}, fmt.Errorf("connect: tenant %q has no organization URN", t.ID)
	}
	if !cb.IntegrationContext.IsZero() && cb.IntegrationContext != t.Organization {
		return LinkResult{}, fmt.Errorf("connect: %s callback for %s, but tenant %q is %s: %w", cb.Action, cb.IntegrationContext, t.ID, t.Organization, ErrForeignContext)
	}
	if !cb.Person.IsType(model.URNTypePerson) {
		return LinkResult{}, malformed("member must be a person URN (urn:li:person:{id})")
	}
	key := model.CandidateKey{IntegrationContext: t.Organization, ATSCandidateID: cb.ATSCandidateID}
	if err := key.Validate(); err != nil {
		return LinkResult{}, fmt.Errorf("connect: %s: %w: %w", cb.Action, ErrMalformedCallback, err)
	}
	ok, err := l.Store.HasCandidate(ctx, t.ID, cb.ATSCandidateID)
	if err != nil {
		return LinkResult{}, fmt.Errorf("connect: look up candidate %q of tenant %q: %w", cb.ATSCandidateID, t.ID, err)
	}
	if !ok {
		return LinkResult{}, fmt.Errorf("connect: %s candidate %q: %w %q", cb.Action, cb.ATSCandidateID, ErrUnknownCandidate, t.ID)
	}
	prev, err := l.Store.ManualLink(ctx, t.ID, cb.ATSCandidateID)
	if err != nil {
		return LinkResult{}, fmt.Errorf("connect: read manual link of candidate %q: %w", cb.ATSCandidateID, err)
	}
	res := LinkResult{Action: cb.Action, Candidate: key, Person: cb.Person, Previous: prev}
	var rs []rsc.Result[model.CandidateKey]
	switch cb.Action {
	case ActionLink:
		rs, err = t.Client.Candidates.AttachPerson(ctx, []rsc.PersonLink{{Candidate: key, Person: cb.Person}})
	case ActionUnlink:
		if prev != cb.Person {
			return LinkResult{}, fmt.Errorf("connect: unlink %s from candidate %q: %w", cb.Person, cb.ATSCandidateID, ErrNotLinked)
		}
		rs, err = t.Client.Candidates.DetachPerson(ctx, []model.CandidateKey{key})
	default:
		return LinkResult{}, malformed("action must be %q or %q", ActionLink, ActionUnlink)
	}
	if err == nil && len(rs) == 1 {
		err = rs[0].Err
	}
	if err != nil {
		return LinkResult{}, fmt.Errorf("connect: %s candidate %q at LinkedIn: %w", cb.Action, cb.ATSCandidateID, err)
	}
	next := cb.Person
	if cb.Action == ActionUnlink {
		next = ""
	}
	if next != prev {
		if err := l.Store.SetManualLink(ctx, t.ID, cb.ATSCandidateID, next); err != nil {
			return LinkResult{}, fmt.Errorf("connect: %s candidate %q: LinkedIn is updated but storing the link failed (repeat the call): %w", cb.Action, cb.ATSCandidateID, err)
		}
	}
	return res, nil
}

// Handler serves the ATS page's POST of a link/unlink callback (see
// ParseLinkCallback). tenant resolves the request to the signed-in user's
// tenant; it is where the host authenticates the session and checks its
// CSRF token, and an error from it answers 403. Answers: 200 with
// {"action", "person"}; 400 for a malformed body; 403 for a foreign
// context; 404 for an unknown candidate; 409 for ErrNotLinked; 502 when
// LinkedIn or the store failed (the body then gives no internal detail:
// a host that wants it calls Apply itself). Error bodies are
// {"error": message}.
func (l Linker) Handler(tenant func(*http.Request) (rscsync.Tenant, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			writeJSON(w, http.StatusMethodNotAllowed, map[string]string{"error": "POST only"})
			return
		}
		t, err := tenant(r)
		if err != nil {
			writeJSON(w, http.StatusForbidden, map[string]string{"error": "forbidden"})
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, MaxCallbackBytes+1))
		if err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": "cannot read body"})
			return
		}
		cb, err := ParseLinkCallback(body)
		if err == nil {
			var res LinkResult
			if res, err = l.Apply(r.Context(), t, cb); err == nil {
				writeJSON(w, http.StatusOK, map[string]string{"action": string(res.Action), "person": string(res.Person)})
				return
			}
		}
		status, msg := http.StatusBadGateway, "LinkedIn or the link store failed; nothing was changed unless LinkedIn already was, so try again"
		switch {
		case errors.Is(err, ErrMalformedCallback):
			status = http.StatusBadRequest
		case errors.Is(err, ErrForeignContext):
			status = http.StatusForbidden
		case errors.Is(err, ErrUnknownCandidate):
			status = http.StatusNotFound
		case errors.Is(err, ErrNotLinked):
			status = http.StatusConflict
		}
		if status != http.StatusBadGateway {
			msg = err.Error()
		}
		writeJSON(w, status, map[string]string{"error": msg})
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
