package rscmock

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rscmock/internal/console"
	"github.com/rsckit/rsckit/rscmock/internal/records"
	"github.com/rsckit/rsckit/rscmock/internal/sim"
)

// The /_mock/ JSON API: the recruiter simulator and inspection for teams that
// do not write Go. doc.go documents every endpoint; TestMockAPIDocumented
// keeps that list and mockRoutes in step.

// mockRoutes lists the /_mock/ endpoints.
func (s *Server) mockRoutes() []console.Route {
	return []console.Route{
		{Method: "GET", Path: "", Summary: "this list", Serve: s.mockIndex},
		{Method: "GET", Path: "customers", Summary: "every customer with credentials and seats", Serve: s.mockListCustomers},
		{Method: "POST", Path: "customers", Summary: "add a customer: {name, uniqueForeignId, organization, contract, clientId, clientSecret, seats, validJsSdkDomains}", Serve: s.mockAddCustomer},
		{Method: "GET", Path: "members", Summary: "members (?q= words to search)", Serve: s.mockListMembers},
		{Method: "POST", Path: "members", Summary: "add or replace a member: {urn, firstName, lastName, headline, email, profileUrl, currentCompanyName, currentJobTitle}", Serve: s.mockAddMember},
		{Method: "POST", Path: "seats", Summary: "add a seat: {contract, member} or {contract, holder: {member fields}}", Serve: s.mockAddSeat},
		{Method: "GET", Path: "integrations", Summary: "integration states of a customer (?integrationContext=)", Serve: s.mockIntegrations},
		{Method: "POST", Path: "integrations/enable", Summary: "enable or disable: {integrationContext, integrationType, tenantType, enabled}", Serve: s.mockEnable},
		{Method: "POST", Path: "integrations/request", Summary: "request integrations as the onboarding widget: {integrationContext, bundles}", Serve: s.mockRequest},
		{Method: "GET", Path: "jobs", Summary: "synced jobs (?integrationContext=)", Serve: s.mockJobs},
		{Method: "GET", Path: "candidates", Summary: "synced candidates with matches (?integrationContext=)", Serve: s.mockCandidates},
		{Method: "GET", Path: "matches", Summary: "member matches of a candidate (?integrationContext=&atsCandidateId=)", Serve: s.mockMatches},
		{Method: "POST", Path: "candidates/match", Summary: "link (member) or unlink (no member) a candidate: {integrationContext, atsCandidateId, member}", Serve: s.mockMatch},
		{Method: "GET", Path: "applications", Summary: "synced applications (?integrationContext=)", Serve: s.mockApplications},
		{Method: "GET", Path: "inats", Summary: "In-ATS indicator of a member (?integrationContext=&member=&seat=)", Serve: s.mockInATS},
		{Method: "GET", Path: "pastApplicants", Summary: "past applicants among members (?integrationContext=&members=a,b)", Serve: s.mockPastApplicants},
		{Method: "GET", Path: "exportJobs", Summary: "jobs a seat may export to (?seat=)", Serve: s.mockExportJobs},
		{Method: "POST", Path: "exports", Summary: "One-Click Export: {seat, member, externalJobPostingId}", Serve: s.mockExport},
		{Method: "POST", Path: "inmails", Summary: "send an InMail: {seat, member, subject, body}", Serve: s.mockInMail},
		{Method: "POST", Path: "inmails/reply", Summary: "member replies: {seat, member, body, shareContact}", Serve: s.mockReply},
		{Method: "POST", Path: "prospectNotes", Summary: "write a note: {seat, member, note, private}", Serve: s.mockNote},
		{Method: "POST", Path: "purge", Summary: "member closes their profile: {member}", Serve: s.mockPurge},
		{Method: "GET", Path: "conversationEvents", Summary: "InMails of a customer (?integrationContext=&member=)", Serve: s.mockConversationEvents},
		{Method: "GET", Path: "mailStubs", Summary: "stub profiles of a customer (?integrationContext=&member=)", Serve: s.mockMailStubs},
		{Method: "GET", Path: "notes", Summary: "prospect notes of a customer, private ones too (?integrationContext=&member=)", Serve: s.mockNotes},
		{Method: "GET", Path: "deliveries", Summary: "notifications POSTed to callback URLs", Serve: s.mockDeliveries},
		{Method: "GET", Path: "entity", Summary: "one stored entity (?kind=&ctx=&cand=...)", Serve: s.mockEntity},
		{Method: "GET", Path: "faults", Summary: "active faults", Serve: s.mockFaults},
		{Method: "POST", Path: "faults", Summary: "inject a fault: {op, status, latencyMs, drop, burst429, retryAfterSeconds, dailyExhausted, rate, count, afterCommit}", Serve: s.mockAddFault},
		{Method: "POST", Path: "faults/clear", Summary: "remove every fault", Serve: s.mockClearFaults},
	}
}

// mockAPI is the /_mock/ JSON API (no authentication; for local use only).
func (s *Server) mockAPI() console.JSONAPI {
	return console.JSONAPI{Prefix: "/_mock/", Routes: s.mockRoutes()}
}

// decodeMock reads a JSON action body into v (console.DecodeJSON).
func decodeMock(r *http.Request, v any) *apiError { return console.DecodeJSON(r, v, MaxMockBody) }

// mockStatus maps a recruiter simulator error to an HTTP status.
func mockStatus(err error) int {
	switch {
	case errors.Is(err, ErrUnknownSeat), errors.Is(err, ErrUnknownMember), errors.Is(err, ErrUnknownContext), errors.Is(err, ErrUnknownCandidate):
		return http.StatusNotFound
	case errors.Is(err, ErrJobNotVisible):
		return http.StatusForbidden
	case errors.Is(err, ErrNotEnabled), errors.Is(err, ErrNoCallbackURL), errors.Is(err, ErrNothingToPurge):
		return http.StatusConflict
	case errors.Is(err, ErrExportQuota):
		return http.StatusTooManyRequests
	}
	return http.StatusBadRequest
}

func mockFail(w http.ResponseWriter, err error) {
	writeError(w, errf(mockStatus(err), "%v", err))
}

// contextParam is the integrationContext query parameter, or its aliases
// organization and contract.
func contextParam(q url.Values) string {
	for _, k := range []string{"integrationContext", "organization", "contract"} {
		if v := q.Get(k); v != "" {
			return v
		}
	}
	return ""
}

// requireContext reads the integration context of an inspection request; it
// answers 400 and reports false when there is none.
func requireContext(w http.ResponseWriter, r *http.Request) (string, bool) {
	ctx := contextParam(r.URL.Query())
	if ctx == "" {
		writeError(w, errf(http.StatusBadRequest, "integrationContext (or organization) is required"))
		return "", false
	}
	return ctx, true
}

// listParam returns a repeated or comma-separated query parameter.
func listParam(q url.Values, name string) []string {
	var out []string
	for _, v := range q[name] {
		for p := range strings.SplitSeq(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

func (s *Server) mockIndex(w http.ResponseWriter, _ *http.Request) {
	s.mockAPI().Index(w, map[string]any{"console": "/_console/", "widgetDemo": "/_widgets/demo"})
}

func (s *Server) mockListCustomers(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, s.Customers())
}

func (s *Server) mockAddCustomer(w http.ResponseWriter, r *http.Request) {
	var in CustomerSpec
	if e := decodeMock(r, &in); e != nil {
		writeError(w, e)
		return
	}
	if err := in.check(); err != nil {
		writeError(w, errf(http.StatusBadRequest, "%v", err))
		return
	}
	if err := checkApplicationURLs(in.ValidJSSDKDomains, nil); err != nil {
		writeError(w, errf(http.StatusBadRequest, "%v", err))
		return
	}
	for _, u := range []struct {
		urn, typ string
	}{{string(in.Organization), "organization"}, {string(in.Contract), "contract"}} {
		if u.urn != "" && !sim.IsType(u.urn, u.typ) {
			writeError(w, errf(http.StatusBadRequest, "%s is not a %s URN", u.urn, u.typ))
			return
		}
	}
	s.world.Lock()
	var taken string
	switch {
	case in.Organization != "" && s.world.R.Customer(string(in.Organization)) != nil:
		taken = string(in.Organization)
	case in.Contract != "" && s.world.R.Customer(string(in.Contract)) != nil:
		taken = string(in.Contract)
	case in.ClientID != "" && s.auth.App(in.ClientID) != nil:
		taken = "client id " + in.ClientID
	}
	full := s.world.RoomLocked(1, in.Seats, MaxCustomers, MaxMembers)
	var c Customer
	if taken == "" && full == nil {
		c = s.addCustomerLocked(in)
	}
	s.world.Unlock()
	if taken != "" {
		writeError(w, errf(http.StatusConflict, "%s is already taken", taken))
		return
	}
	if full != nil {
		writeError(w, errf(http.StatusBadRequest, "%v", full))
		return
	}
	writeJSON(w, http.StatusCreated, c)
}

func (s *Server) mockListMembers(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.SearchMembers(r.URL.Query().Get("q")))
}

func (s *Server) mockAddMember(w http.ResponseWriter, r *http.Request) {
	var in Member
	if e := decodeMock(r, &in); e != nil {
		writeError(w, e)
		return
	}
	if in.URN != "" && !sim.IsType(string(in.URN), "person") {
		mockFail(w, ErrNotPerson)
		return
	}
	s.world.Lock()
	var full error
	if _, ok := s.world.R.Member(string(in.URN)); in.URN == "" || !ok {
		full = s.world.RoomLocked(0, 1, MaxCustomers, MaxMembers)
	}
	var m Member
	if full == nil {
		m = publicMember(s.world.R.AddMember(simMember(in)))
	}
	s.world.Unlock()
	if full != nil {
		writeError(w, errf(http.StatusBadRequest, "%v", full))
		return
	}
	writeJSON(w, http.StatusCreated, m)
}

func (s *Server) mockAddSeat(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Contract string `json:"contract"`
		Member   string `json:"member"`
		Holder   Member `json:"holder"`
	}
	if e := decodeMock(r, &in); e != nil {
		writeError(w, e)
		return
	}
	holder := simMember(in.Holder)
	if in.Member != "" {
		s.world.Lock()
		m, ok := s.world.R.Member(in.Member)
		s.world.Unlock()
		if !ok {
			mockFail(w, ErrUnknownMember)
			return
		}
		holder = m
	} else {
		s.world.Lock()
		full := s.world.RoomLocked(0, 1, MaxCustomers, MaxMembers)
		s.world.Unlock()
		if full != nil {
			writeError(w, errf(http.StatusBadRequest, "%v", full))
			return
		}
	}
	st, err := s.world.AddSeat(in.Contract, holder)
	if err != nil {
		mockFail(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, publicSeat(st))
}

func (s *Server) mockIntegrations(w http.ResponseWriter, r *http.Request) {
	ctx, ok := requireContext(w, r)
	if !ok {
		return
	}
	out, err := s.Integrations(model.URN(ctx))
	if err != nil {
		mockFail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) mockEnable(w http.ResponseWriter, r *http.Request) {
	var in struct {
		IntegrationContext string `json:"integrationContext"`
		Organization       string `json:"organization"`
		IntegrationType    string `json:"integrationType"`
		TenantType         string `json:"tenantType"`
		Enabled            *bool  `json:"enabled"`
	}
	if e := decodeMock(r, &in); e != nil {
		writeError(w, e)
		return
	}
	if in.Enabled == nil {
		writeError(w, errf(http.StatusBadRequest, `"enabled" (true or false) is required`))
		return
	}
	ictx, tenant := cmp.Or(in.IntegrationContext, in.Organization), cmp.Or(in.TenantType, sim.TenantRecruiter)
	if err := sim.CheckIntegrationKey(ictx, in.IntegrationType, tenant); err != nil {
		writeError(w, errf(http.StatusBadRequest, "rscmock: %v", err))
		return
	}
	d, err := s.world.SetIntegrationEnabled(r.Context(), ictx, in.IntegrationType, tenant, *in.Enabled)
	if err != nil {
		mockFail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

func (s *Server) mockRequest(w http.ResponseWriter, r *http.Request) {
	var in struct {
		IntegrationContext string   `json:"integrationContext"`
		Organization       string   `json:"organization"`
		Bundles            []string `json:"bundles"`
	}
	if e := decodeMock(r, &in); e != nil {
		writeError(w, e)
		return
	}
	out, err := s.RequestIntegrations(model.URN(cmp.Or(in.IntegrationContext, in.Organization)), in.Bundles...)
	if err != nil {
		mockFail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) mockJobs(w http.ResponseWriter, r *http.Request) {
	if ctx, ok := requireContext(w, r); ok {
		writeJSON(w, http.StatusOK, s.Jobs(model.URN(ctx)))
	}
}

// entityViews returns the stored bodies of a kind in integration context ctx,
// each with its key fields (wire name -> logical name) and, for candidates,
// LinkedIn's matches.
func (s *Server) entityViews(kind, ctx string, keyFields [][2]string) []map[string]any {
	s.world.Lock()
	defer s.world.Unlock()
	out := []map[string]any{}
	for _, e := range s.sortedEntities(kind, func(k rkey) bool { return k["ctx"] == ctx }) {
		v := map[string]any{}
		for k, raw := range e.Body {
			v[k] = raw
		}
		for _, f := range keyFields {
			v[f[0]] = e.Key[f[1]]
		}
		if kind == records.Candidate.Name {
			v["matchedMembers"] = s.world.Synced.MatchedMembers(e)
		}
		out = append(out, v)
	}
	return out
}

func (s *Server) mockCandidates(w http.ResponseWriter, r *http.Request) {
	if ctx, ok := requireContext(w, r); ok {
		writeJSON(w, http.StatusOK, s.entityViews(records.Candidate.Name, ctx, [][2]string{{"integrationContext", "ctx"}, {"atsCandidateId", "cand"}}))
	}
}

func (s *Server) mockApplications(w http.ResponseWriter, r *http.Request) {
	if ctx, ok := requireContext(w, r); ok {
		writeJSON(w, http.StatusOK, s.entityViews(records.Application.Name, ctx, [][2]string{{"integrationContext", "ctx"}, {"atsJobApplicationId", "app"}}))
	}
}

// matchesView is a candidate's matches with its key, for JSON; false when
// no candidate of ctx has that ATS id.
func (s *Server) matchesView(ctx, cand string) (map[string]any, bool) {
	s.world.Lock()
	defer s.world.Unlock()
	e, ok := s.st.Get(records.Candidate.Name, rkey{"ctx": ctx, "cand": cand})
	if !ok {
		return nil, false
	}
	return map[string]any{"integrationContext": ctx, "atsCandidateId": cand,
		"matchedMembers": s.world.Synced.MatchedMembers(e), "manualMatchedMember": sim.CandidateOf(e.Body).ManualMatchedMember}, true
}

func (s *Server) mockMatches(w http.ResponseWriter, r *http.Request) {
	ctx, ok := requireContext(w, r)
	if !ok {
		return
	}
	m, found := s.matchesView(ctx, r.URL.Query().Get("atsCandidateId"))
	if !found {
		mockFail(w, ErrUnknownCandidate)
		return
	}
	writeJSON(w, http.StatusOK, m)
}

func (s *Server) mockMatch(w http.ResponseWriter, r *http.Request) {
	var in struct {
		IntegrationContext string `json:"integrationContext"`
		ATSCandidateID     string `json:"atsCandidateId"`
		Member             string `json:"member"`
	}
	if e := decodeMock(r, &in); e != nil {
		writeError(w, e)
		return
	}
	if in.Member != "" && !sim.IsType(in.Member, "person") {
		mockFail(w, ErrNotPerson)
		return
	}
	s.world.Lock()
	err := s.world.SetManualMatchLocked(rkey{"ctx": in.IntegrationContext, "cand": in.ATSCandidateID}, in.Member)
	s.world.Unlock()
	if err != nil {
		mockFail(w, err)
		return
	}
	m, _ := s.matchesView(in.IntegrationContext, in.ATSCandidateID)
	writeJSON(w, http.StatusOK, m)
}

func (s *Server) mockInATS(w http.ResponseWriter, r *http.Request) {
	ctx, ok := requireContext(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	writeJSON(w, http.StatusOK, s.inATS(ctx, q.Get("member"), q.Get("seat")))
}

func (s *Server) mockPastApplicants(w http.ResponseWriter, r *http.Request) {
	ctx, ok := requireContext(w, r)
	if !ok {
		return
	}
	past := []string{}
	members := listParam(r.URL.Query(), "members")
	if len(members) > MaxListParam {
		writeError(w, errf(http.StatusBadRequest, "members holds at most %d URNs (MaxListParam), got %d", MaxListParam, len(members)))
		return
	}
	for _, m := range members {
		if len(s.inATS(ctx, m, "").Applications) > 0 {
			past = append(past, m)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"count": len(past), "members": past})
}

func (s *Server) mockExportJobs(w http.ResponseWriter, r *http.Request) {
	seat := r.URL.Query().Get("seat")
	s.world.Lock()
	_, _, known := s.world.R.SeatOwner(seat)
	jobs := convertAll(s.world.Synced.ExportJobs(seat), jobOf)
	s.world.Unlock()
	if !known {
		mockFail(w, ErrUnknownSeat)
		return
	}
	writeJSON(w, http.StatusOK, jobs)
}

// seatMember is the part of most action bodies that names a seat and a member.
type seatMember struct {
	Seat   string `json:"seat"`
	Member string `json:"member"`
}

func (s *Server) mockExport(w http.ResponseWriter, r *http.Request) {
	var in struct {
		seatMember
		ExternalJobPostingID string `json:"externalJobPostingId"`
	}
	if e := decodeMock(r, &in); e != nil {
		writeError(w, e)
		return
	}
	id, d, err := s.world.Export(r.Context(), in.Seat, in.Member, in.ExternalJobPostingID)
	if err != nil {
		mockFail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"requestId": id, "delivery": d})
}

func (s *Server) mockInMail(w http.ResponseWriter, r *http.Request) {
	var in struct {
		seatMember
		Subject string `json:"subject"`
		Body    string `json:"body"`
	}
	if e := decodeMock(r, &in); e != nil {
		writeError(w, e)
		return
	}
	ev, err := s.world.SendInMail(in.Seat, in.Member, in.Subject, in.Body)
	if err != nil {
		mockFail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, ev)
}

func (s *Server) mockReply(w http.ResponseWriter, r *http.Request) {
	var in struct {
		seatMember
		Body         string `json:"body"`
		ShareContact bool   `json:"shareContact"`
	}
	if e := decodeMock(r, &in); e != nil {
		writeError(w, e)
		return
	}
	ev, stub, err := s.world.ReplyInMail(in.Seat, in.Member, in.Body, in.ShareContact)
	if err != nil {
		mockFail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"event": ev, "stub": stub})
}

func (s *Server) mockNote(w http.ResponseWriter, r *http.Request) {
	var in struct {
		seatMember
		Note    string `json:"note"`
		Body    string `json:"body"`
		Private bool   `json:"private"`
	}
	if e := decodeMock(r, &in); e != nil {
		writeError(w, e)
		return
	}
	s.world.Lock()
	_, ok := s.world.R.Member(in.Member)
	s.world.Unlock()
	if !ok {
		mockFail(w, ErrUnknownMember)
		return
	}
	n, err := s.world.AddProspectNote(in.Seat, in.Member, cmp.Or(in.Note, in.Body), in.Private)
	if err != nil {
		mockFail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, n)
}

func (s *Server) mockPurge(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Member string `json:"member"`
	}
	if e := decodeMock(r, &in); e != nil {
		writeError(w, e)
		return
	}
	err := s.world.Purge(in.Member)
	if err != nil {
		mockFail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"member": in.Member, "status": "purged"})
}

// customerList serves an inspection list of a customer.
func customerList[T any](w http.ResponseWriter, r *http.Request, list func(ctx, member string) ([]T, error)) {
	ctx, ok := requireContext(w, r)
	if !ok {
		return
	}
	out, err := list(ctx, r.URL.Query().Get("member"))
	if err != nil {
		mockFail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) mockConversationEvents(w http.ResponseWriter, r *http.Request) {
	customerList(w, r, s.world.InMails)
}

func (s *Server) mockMailStubs(w http.ResponseWriter, r *http.Request) {
	customerList(w, r, s.world.MailStubs)
}

func (s *Server) mockNotes(w http.ResponseWriter, r *http.Request) {
	customerList(w, r, s.world.ProspectNotes)
}

func (s *Server) mockDeliveries(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, s.Deliveries())
}

func (s *Server) mockEntity(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	kind := q.Get("kind")
	key := map[string]string{}
	for k := range q {
		if k != "kind" {
			key[k] = q.Get(k)
		}
	}
	b, ok := s.entityJSON(kind, key)
	if !ok {
		writeError(w, errf(http.StatusNotFound, "no %s entity with key %v", kind, key))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(b)
}

func (s *Server) mockFaults(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, s.Faults())
}

func (s *Server) mockAddFault(w http.ResponseWriter, r *http.Request) {
	var f Fault
	if e := decodeMock(r, &f); e != nil {
		writeError(w, e)
		return
	}
	if err := f.check(); err != nil {
		writeError(w, errf(http.StatusBadRequest, "invalid fault: %v", err))
		return
	}
	if !s.faults.AddAtMost(sim.Fault(f), MaxFaults) {
		writeError(w, errf(http.StatusBadRequest, "at most %d faults are active at once (MaxFaults); POST /_mock/faults/clear first", MaxFaults))
		return
	}
	writeJSON(w, http.StatusCreated, s.Faults())
}

func (s *Server) mockClearFaults(w http.ResponseWriter, r *http.Request) {
	s.ClearFaults()
	writeJSON(w, http.StatusOK, s.Faults())
}

// faultJSON is Fault on the wire, durations in whole units.
type faultJSON struct {
	Op                string  `json:"op,omitempty"`
	Status            int     `json:"status,omitempty"`
	LatencyMS         int64   `json:"latencyMs,omitempty"`
	Drop              bool    `json:"drop,omitempty"`
	Burst429          int     `json:"burst429,omitempty"`
	RetryAfterSeconds int64   `json:"retryAfterSeconds,omitempty"`
	DailyExhausted    bool    `json:"dailyExhausted,omitempty"`
	Rate              float64 `json:"rate,omitempty"`
	Count             int     `json:"count,omitempty"`
	AfterCommit       bool    `json:"afterCommit,omitempty"`
}

// MarshalJSON writes f as the /_mock/faults endpoints do: camelCase names,
// latencyMs and retryAfterSeconds.
func (f Fault) MarshalJSON() ([]byte, error) {
	return json.Marshal(faultJSON{Op: f.Op, Status: f.Status, LatencyMS: f.Latency.Milliseconds(), Drop: f.Drop, Burst429: f.Burst429,
		RetryAfterSeconds: int64(f.RetryAfter / time.Second), DailyExhausted: f.DailyExhausted, Rate: f.Rate, Count: f.Count, AfterCommit: f.AfterCommit})
}

// UnmarshalJSON reads the shape MarshalJSON writes; unknown fields are errors.
func (f *Fault) UnmarshalJSON(data []byte) error {
	var v faultJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		return err
	}
	*f = Fault{Op: v.Op, Status: v.Status, Latency: time.Duration(v.LatencyMS) * time.Millisecond, Drop: v.Drop, Burst429: v.Burst429,
		RetryAfter: time.Duration(v.RetryAfterSeconds) * time.Second, DailyExhausted: v.DailyExhausted, Rate: v.Rate, Count: v.Count, AfterCommit: v.AfterCommit}
	return nil
}
