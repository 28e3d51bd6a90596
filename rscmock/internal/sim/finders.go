package sim

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/rsckit/rsckit/rscmock/internal/auth"
	"github.com/rsckit/rsckit/rscmock/internal/restli"
	"github.com/rsckit/rsckit/rscmock/internal/shapes"
	"github.com/rsckit/rsckit/rscmock/internal/wire"
)

// The finders LinkedIn serves from the recruiter state. Each answers a
// request of application a with query q as wire.Page does: a status, the
// body, or an error.

// Own checks that child application a may touch integration context ctx
// (its customer's organization or contract). An application provisioned
// through the API is bound to the first organization and contract it uses.
func (r *Recruiter) Own(a *auth.App, ctx string) *wire.Error {
	switch {
	case ctx == "":
		return wire.Errorf(http.StatusBadRequest, "integrationContext is required")
	case ctx == a.Org || ctx == a.Contract:
		return nil
	case IsType(ctx, "organization") && a.Org == "" && r.byContext[ctx] == nil:
		a.Org = ctx
		r.Bind(a)
		return nil
	case IsType(ctx, "contract") && a.Contract == "" && r.byContext[ctx] == nil:
		a.Contract = ctx
		r.Bind(a)
		return nil
	}
	return wire.Errorf(http.StatusForbidden, "Not enough permissions to access integrationContext %s", ctx)
}

// span is a finder's time window: two epoch-millisecond parameters, either
// of which may be absent.
type span struct {
	from, to       int64
	hasFrom, hasTo bool
}

// readSpan reads the window of parameters from and to of q.
func readSpan(q restli.Query, from, to string) (span, *wire.Error) {
	var sp span
	var e *wire.Error
	if sp.from, sp.hasFrom, e = wire.Millis(q, from); e != nil {
		return sp, e
	}
	sp.to, sp.hasTo, e = wire.Millis(q, to)
	return sp, e
}

// holds reports whether t is in [from, to).
func (sp span) holds(t int64) bool { return (!sp.hasFrom || t >= sp.from) && (!sp.hasTo || t < sp.to) }

// holdsAfter reports whether t is in (from, to]: prospectNotes' cutoffDate
// and beforeDate.
func (sp span) holdsAfter(t int64) bool {
	return (!sp.hasFrom || t > sp.from) && (!sp.hasTo || t <= sp.to)
}

// FindIntegrationsByRequest is atsIntegrations?q=request&requestId=.
func (r *Recruiter) FindIntegrationsByRequest(q restli.Query, a *auth.App) (int, any, *wire.Error) {
	if q.Get("q") != "request" || q.Get("requestId") == "" {
		return 0, nil, wire.Errorf(http.StatusBadRequest, "finder request needs requestId")
	}
	var els []map[string]string
	if c := r.CustomerOf(a); c != nil {
		els = c.StatusReqs[q.Get("requestId")]
	}
	return wire.Page(q, els, 10, false)
}

// FindExports is exportedCandidates?q=request&requestId=.
func (r *Recruiter) FindExports(q restli.Query, a *auth.App) (int, any, *wire.Error) {
	if q.Get("q") != "request" || q.Get("requestId") == "" {
		return 0, nil, wire.Errorf(http.StatusBadRequest, "finder request needs requestId")
	}
	var els []shapes.ExportedCandidate
	if c := r.CustomerOf(a); c != nil {
		els = c.Exports[q.Get("requestId")]
	}
	return wire.Page(q, els, 10, false)
}

// FindPurged is atsPurgedExportedCandidates?q=criteria.
func (r *Recruiter) FindPurged(q restli.Query, a *auth.App) (int, any, *wire.Error) {
	if q.Get("q") != "criteria" {
		return 0, nil, wire.Errorf(http.StatusBadRequest, "unknown finder %q", q.Get("q"))
	}
	sp, e := readSpan(q, "timeRange.start", "timeRange.end")
	if e != nil {
		return 0, nil, e
	}
	et := q.Get("exportType")
	var els []shapes.PurgedExportedCandidate
	if c := r.CustomerOf(a); c != nil {
		for _, p := range c.Purged {
			if sp.holds(p.PurgedAt) && (et == "" || et == p.ExportType) {
				els = append(els, p)
			}
		}
	}
	return wire.Page(q, els, 100, false)
}

// FindSeats is seatsV2?q=attributes, in the /rest shape with rest.
func (r *Recruiter) FindSeats(q restli.Query, a *auth.App, rest bool) (int, any, *wire.Error) {
	if q.Get("q") != "attributes" {
		return 0, nil, wire.Errorf(http.StatusBadRequest, "unknown finder %q", q.Get("q"))
	}
	els, e := r.seatElements(q, a, rest)
	if e != nil {
		return 0, nil, e
	}
	return wire.Page(q, els, 10, true)
}

// FindSeatsByAttributes is the legacy seat finder LinkedIn's Postman
// collection still calls (linkedin-to-ats.md §7.1):
// GET /v2/seats?q=seatsByAttributes&fields=id&active=true&count=100&start=0&contracts=...
// Its test script reads elements[].id. Assumption: the elements have the
// /v2/seatsV2 shape; active=false answers no seat (every seat of the fake is
// active); start is optional as in any Rest.li finder.
func (r *Recruiter) FindSeatsByAttributes(q restli.Query, a *auth.App) (int, any, *wire.Error) {
	if q.Get("q") != "seatsByAttributes" {
		return 0, nil, wire.Errorf(http.StatusBadRequest, "unknown finder %q", q.Get("q"))
	}
	active := true
	if v := q.Get("active"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return 0, nil, wire.Errorf(http.StatusBadRequest, "Invalid query parameter active %q: want true or false", v)
		}
		active = b
	}
	els, e := r.seatElements(q, a, false)
	if e != nil {
		return 0, nil, e
	}
	if !active {
		els = nil
	}
	return wire.Page(q, projectFields(q, els), 10, false)
}

// seatElements answers the seats of the contracts parameter in the /v2
// shape {"id", "contract", "member", "active", "state", "created": {"time"}}
// or, with rest, the /rest/seatsV2 shape of the 2026-03 rename
// (ats-to-linkedin.md §3.14: id -> seatId; created.time -> createdAt.actor +
// createdAt.time). Assumption: the other field names (contract, member,
// active, state) are unpublished; the actor is the seat's contract, as the
// fake has no Recruiter admin who assigned the seat.
func (r *Recruiter) seatElements(q restli.Query, a *auth.App, rest bool) ([]map[string]any, *wire.Error) {
	contracts := q.List("contracts")
	if len(contracts) == 0 {
		return nil, wire.Errorf(http.StatusBadRequest, "contracts is required")
	}
	states := q.List("states")
	els := []map[string]any{}
	for _, ct := range contracts {
		if e := r.Own(a, ct); e != nil {
			return nil, e
		}
		c := r.byContext[ct]
		if c == nil {
			continue
		}
		for _, st := range c.Seats {
			if len(states) > 0 && !slices.Contains(states, "ACTIVE") {
				continue
			}
			id := any(ID(st.URN))
			if n, err := strconv.ParseInt(ID(st.URN), 10, 64); err == nil {
				id = n
			}
			el := map[string]any{"contract": st.Contract, "member": st.Holder.URN, "active": true, "state": "ACTIVE"}
			created := st.Created
			if rest {
				el["seatId"] = id
				el["createdAt"] = map[string]any{"actor": st.Contract, "time": created}
			} else {
				el["id"] = id
				el["created"] = map[string]any{"time": created}
			}
			els = append(els, el)
		}
	}
	return els, nil
}

// projectFields keeps, with a fields=a,b parameter, only those top-level
// fields of each element (Rest.li projection).
func projectFields(q restli.Query, els []map[string]any) []map[string]any {
	f := q.List("fields")
	if len(f) == 0 {
		return els
	}
	out := make([]map[string]any, len(els))
	for i, el := range els {
		out[i] = map[string]any{}
		for k, v := range el {
			if slices.Contains(f, k) {
				out[i][k] = v
			}
		}
	}
	return out
}

// FindInMails is conversationEvents?q=criteria&viewer=<seat>.
func (r *Recruiter) FindInMails(q restli.Query, a *auth.App) (int, any, *wire.Error) {
	if q.Get("q") != "criteria" {
		return 0, nil, wire.Errorf(http.StatusBadRequest, "unknown finder %q", q.Get("q"))
	}
	viewer := q.Get("viewer")
	if viewer == "" {
		return 0, nil, wire.Errorf(http.StatusBadRequest, "viewer is required")
	}
	c, _, ok := r.SeatOwner(viewer)
	if !ok || (c.Contract != a.Contract && c.Org != a.Org) {
		return 0, nil, wire.Errorf(http.StatusForbidden, "Not enough permissions to access seat %s", viewer)
	}
	sp, e := readSpan(q, "timeRange.start", "timeRange.end")
	if e != nil {
		return 0, nil, e
	}
	var els []shapes.ConversationEvent
	for _, ev := range c.InMails {
		if (ev.Author == viewer || slices.Contains(ev.Recipients, viewer)) && sp.holds(ev.CreatedAt) {
			els = append(els, ev)
		}
	}
	return wire.Page(q, els, 50, false)
}

// contractFinder checks a finder by contract and returns the contract's
// customer (nil when none) and the owners filter.
func (r *Recruiter) contractFinder(q restli.Query, a *auth.App, finder string) (*Customer, []string, *wire.Error) {
	if q.Get("q") != finder {
		return nil, nil, wire.Errorf(http.StatusBadRequest, "unknown finder %q", q.Get("q"))
	}
	ct := q.Get("contract")
	if ct == "" {
		return nil, nil, wire.Errorf(http.StatusBadRequest, "contract is required")
	}
	if e := r.Own(a, ct); e != nil {
		return nil, nil, e
	}
	return r.byContext[ct], q.List("owners"), nil
}

// FindMailStubs is mailStubs?q=contract&contract=.
func (r *Recruiter) FindMailStubs(q restli.Query, a *auth.App) (int, any, *wire.Error) {
	c, owners, e := r.contractFinder(q, a, "contract")
	if e != nil {
		return 0, nil, e
	}
	sp, e := readSpan(q, "createdDateStart", "createdDateEnd")
	if e != nil {
		return 0, nil, e
	}
	var els []shapes.MailStub
	if c != nil {
		for _, st := range c.Stubs {
			if in(owners, st.Owner) && sp.holds(st.CreatedAt) {
				els = append(els, st)
			}
		}
	}
	return wire.Page(q, els, 50, false)
}

// FindProspectNotes is prospectNotes?q=criteria&contract=.
func (r *Recruiter) FindProspectNotes(q restli.Query, a *auth.App) (int, any, *wire.Error) {
	c, owners, e := r.contractFinder(q, a, "criteria")
	if e != nil {
		return 0, nil, e
	}
	sp, e := readSpan(q, "cutoffDate", "beforeDate")
	if e != nil {
		return 0, nil, e
	}
	var els []shapes.ProspectNote
	if c != nil {
		for _, n := range c.Notes {
			if !n.Private && in(owners, n.Note.Owner) && sp.holdsAfter(n.Note.LastModified) {
				els = append(els, n.Note)
			}
		}
	}
	return wire.Page(q, els, 100, false)
}
