package console

import (
	"cmp"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/rsckit/rsckit/rscmock/internal/auth"
	"github.com/rsckit/rsckit/rscmock/internal/records"
	"github.com/rsckit/rsckit/rscmock/internal/restli"
	"github.com/rsckit/rsckit/rscmock/internal/sim"
	"github.com/rsckit/rsckit/rscmock/internal/wire"
)

// Mock serves the /_mock/ JSON API: the recruiter simulator and inspection
// for teams that do not write Go (no authentication; for local use only).
type Mock struct {
	// World is the recruiter simulator.
	World *sim.World
	// Limits bound the API's input.
	Limits MockLimits
	// Faults are the injected faults of /_mock/faults.
	Faults *sim.Faults
}

// MockLimits bound the /_mock/ API's input.
type MockLimits struct {
	// Body is the largest action body in bytes.
	Body int
	// Customers and Members bound how many the world may hold.
	Customers, Members int
	// List is the most URNs a list parameter may hold.
	List int
	// Seats and Domains bound a new customer's seats and validJsSdkDomains.
	Seats, Domains int
	// Faults bounds how many faults may be active; Fault bounds each.
	Faults int
	Fault  sim.FaultLimits
}

// Routes lists the /_mock/ endpoints in the order their index shows them.
func (m *Mock) Routes() []Route {
	return []Route{
		{Method: "GET", Path: "", Summary: "this list", Serve: m.index},
		{Method: "GET", Path: "customers", Summary: "every customer with credentials and seats", Serve: m.listCustomers},
		{Method: "POST", Path: "customers", Summary: "add a customer: {name, uniqueForeignId, organization, contract, clientId, clientSecret, seats, validJsSdkDomains}", Serve: m.addCustomer},
		{Method: "GET", Path: "members", Summary: "members (?q= words to search)", Serve: m.listMembers},
		{Method: "POST", Path: "members", Summary: "add or replace a member: {urn, firstName, lastName, headline, email, profileUrl, currentCompanyName, currentJobTitle}", Serve: m.addMember},
		{Method: "POST", Path: "seats", Summary: "add a seat: {contract, member} or {contract, holder: {member fields}}", Serve: m.addSeat},
		{Method: "GET", Path: "integrations", Summary: "integration states of a customer (?integrationContext=)", Serve: m.integrations},
		{Method: "POST", Path: "integrations/enable", Summary: "enable or disable: {integrationContext, integrationType, tenantType, enabled}", Serve: m.enable},
		{Method: "POST", Path: "integrations/request", Summary: "request integrations as the onboarding widget: {integrationContext, bundles}", Serve: m.request},
		{Method: "GET", Path: "jobs", Summary: "synced jobs (?integrationContext=)", Serve: m.jobs},
		{Method: "GET", Path: "candidates", Summary: "synced candidates with matches (?integrationContext=)", Serve: m.candidates},
		{Method: "GET", Path: "matches", Summary: "member matches of a candidate (?integrationContext=&atsCandidateId=)", Serve: m.matches},
		{Method: "POST", Path: "candidates/match", Summary: "link (member) or unlink (no member) a candidate: {integrationContext, atsCandidateId, member}", Serve: m.match},
		{Method: "GET", Path: "applications", Summary: "synced applications (?integrationContext=)", Serve: m.applications},
		{Method: "GET", Path: "inats", Summary: "In-ATS indicator of a member (?integrationContext=&member=&seat=)", Serve: m.inATS},
		{Method: "GET", Path: "pastApplicants", Summary: "past applicants among members (?integrationContext=&members=a,b)", Serve: m.pastApplicants},
		{Method: "GET", Path: "exportJobs", Summary: "jobs a seat may export to (?seat=)", Serve: m.exportJobs},
		{Method: "POST", Path: "exports", Summary: "One-Click Export: {seat, member, externalJobPostingId}", Serve: m.export},
		{Method: "POST", Path: "inmails", Summary: "send an InMail: {seat, member, subject, body}", Serve: m.inMail},
		{Method: "POST", Path: "inmails/reply", Summary: "member replies: {seat, member, body, shareContact}", Serve: m.reply},
		{Method: "POST", Path: "prospectNotes", Summary: "write a note: {seat, member, note, private}", Serve: m.note},
		{Method: "POST", Path: "purge", Summary: "member closes their profile: {member}", Serve: m.purge},
		{Method: "GET", Path: "conversationEvents", Summary: "InMails of a customer (?integrationContext=&member=)", Serve: m.conversationEvents},
		{Method: "GET", Path: "mailStubs", Summary: "stub profiles of a customer (?integrationContext=&member=)", Serve: m.mailStubs},
		{Method: "GET", Path: "notes", Summary: "prospect notes of a customer, private ones too (?integrationContext=&member=)", Serve: m.notes},
		{Method: "GET", Path: "deliveries", Summary: "notifications POSTed to callback URLs", Serve: m.deliveries},
		{Method: "GET", Path: "entity", Summary: "one stored entity (?kind=&ctx=&cand=...)", Serve: m.entity},
		{Method: "GET", Path: "faults", Summary: "active faults", Serve: m.faults},
		{Method: "POST", Path: "faults", Summary: "inject a fault: {op, status, latencyMs, drop, burst429, retryAfterSeconds, dailyExhausted, rate, count, afterCommit}", Serve: m.addFault},
		{Method: "POST", Path: "faults/clear", Summary: "remove every fault", Serve: m.clearFaults},
	}
}

// API is the router of the endpoints.
func (m *Mock) API() JSONAPI { return JSONAPI{Prefix: "/_mock/", Routes: m.Routes()} }

// ServeHTTP serves /_mock/.
func (m *Mock) ServeHTTP(w http.ResponseWriter, r *http.Request) { m.API().ServeHTTP(w, r) }

// decode reads a JSON action body into v.
func (m *Mock) decode(r *http.Request, v any) *wire.Error { return DecodeJSON(r, v, m.Limits.Body) }

// MockStatus maps a recruiter simulator error to an HTTP status.
func MockStatus(err error) int {
	switch {
	case errors.Is(err, sim.ErrUnknownSeat), errors.Is(err, sim.ErrUnknownMember), errors.Is(err, sim.ErrUnknownContext), errors.Is(err, sim.ErrUnknownCandidate):
		return http.StatusNotFound
	case errors.Is(err, sim.ErrJobNotVisible):
		return http.StatusForbidden
	case errors.Is(err, sim.ErrNotEnabled), errors.Is(err, sim.ErrNoCallbackURL), errors.Is(err, sim.ErrNothingToPurge):
		return http.StatusConflict
	case errors.Is(err, sim.ErrExportQuota):
		return http.StatusTooManyRequests
	}
	return http.StatusBadRequest
}

// MockFail answers err with MockStatus's status.
func MockFail(w http.ResponseWriter, err error) {
	wire.WriteError(w, wire.Errorf(MockStatus(err), "%v", err))
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
		wire.WriteError(w, wire.Errorf(http.StatusBadRequest, "integrationContext (or organization) is required"))
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

// Seat is a seat as /_mock/ answers it.
type Seat struct {
	URN      string     `json:"urn"`
	Contract string     `json:"contract"`
	Holder   sim.Member `json:"holder"`
}

// Customer is a customer as /_mock/ answers it, with its fake credentials.
type Customer struct {
	Name         string `json:"name"`
	Organization string `json:"organization"`
	Contract     string `json:"contract"`
	Application  string `json:"application"`
	ClientID     string `json:"clientId"`
	ClientSecret string `json:"clientSecret"`
	Seats        []Seat `json:"seats"`
}

// SeatOf is st as /_mock/ answers it.
func SeatOf(st sim.Seat) Seat { return Seat{URN: st.URN, Contract: st.Contract, Holder: st.Holder} }

// CustomerOf is c as /_mock/ answers it. Must hold the world's lock.
func CustomerOf(c *sim.Customer) Customer {
	out := Customer{Name: c.Name, Organization: c.Org, Contract: c.Contract, Application: c.App.URN,
		ClientID: c.App.ClientID, ClientSecret: c.App.Secret, Seats: make([]Seat, len(c.Seats))}
	for i, st := range c.Seats {
		out.Seats[i] = SeatOf(st)
	}
	return out
}

// Indicator is the In-ATS indicator's summary as /_mock/inats answers it.
type Indicator struct {
	Candidates   []string `json:"candidates"`
	Applications []string `json:"applications"`
	Stages       []string `json:"stages"`
	Notes        int      `json:"notes"`
	Feedback     int      `json:"feedback"`
}

// Summary sums up d: the ids of its candidates and applications, their
// stages, and counts of notes and feedback.
func Summary(d sim.Indicator) Indicator {
	ind := Indicator{Candidates: []string{}, Applications: []string{}, Stages: []string{}}
	for _, c := range d.Candidates {
		ind.Candidates = append(ind.Candidates, c.ID)
		ind.Notes += len(c.Notes)
	}
	for _, a := range d.Applications {
		ind.Applications = append(ind.Applications, a.ID)
		ind.Stages = append(ind.Stages, a.Stages...)
		ind.Notes += len(a.Notes)
		ind.Feedback += len(a.Feedback)
	}
	return ind
}

func (m *Mock) index(w http.ResponseWriter, _ *http.Request) {
	m.API().Index(w, map[string]any{"console": "/_console/", "widgetDemo": "/_widgets/demo"})
}

func (m *Mock) listCustomers(w http.ResponseWriter, _ *http.Request) {
	m.World.Lock()
	out := []Customer{}
	for _, c := range m.World.R.Customers() {
		out = append(out, CustomerOf(c))
	}
	m.World.Unlock()
	wire.WriteJSON(w, http.StatusOK, out)
}

func (m *Mock) listMembers(w http.ResponseWriter, r *http.Request) {
	m.World.Lock()
	out := m.World.R.SearchMembers(r.URL.Query().Get("q"))
	m.World.Unlock()
	wire.WriteJSON(w, http.StatusOK, out)
}

func (m *Mock) addMember(w http.ResponseWriter, r *http.Request) {
	var in sim.Member
	if e := m.decode(r, &in); e != nil {
		wire.WriteError(w, e)
		return
	}
	if in.URN != "" && !sim.IsType(in.URN, "person") {
		MockFail(w, sim.ErrNotPerson)
		return
	}
	m.World.Lock()
	var full error
	if _, ok := m.World.R.Member(in.URN); in.URN == "" || !ok {
		full = m.World.RoomLocked(0, 1, m.Limits.Customers, m.Limits.Members)
	}
	var out sim.Member
	if full == nil {
		out = m.World.R.AddMember(in)
	}
	m.World.Unlock()
	if full != nil {
		wire.WriteError(w, wire.Errorf(http.StatusBadRequest, "%v", full))
		return
	}
	wire.WriteJSON(w, http.StatusCreated, out)
}

func (m *Mock) addSeat(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Contract string     `json:"contract"`
		Member   string     `json:"member"`
		Holder   sim.Member `json:"holder"`
	}
	if e := m.decode(r, &in); e != nil {
		wire.WriteError(w, e)
		return
	}
	holder := in.Holder
	m.World.Lock()
	var full error
	if in.Member != "" {
		mem, ok := m.World.R.Member(in.Member)
		if !ok {
			full = sim.ErrUnknownMember
		}
		holder = mem
	} else {
		full = m.World.RoomLocked(0, 1, m.Limits.Customers, m.Limits.Members)
	}
	m.World.Unlock()
	switch {
	case errors.Is(full, sim.ErrUnknownMember):
		MockFail(w, full)
		return
	case full != nil:
		wire.WriteError(w, wire.Errorf(http.StatusBadRequest, "%v", full))
		return
	}
	st, err := m.World.AddSeat(in.Contract, holder)
	if err != nil {
		MockFail(w, err)
		return
	}
	wire.WriteJSON(w, http.StatusCreated, SeatOf(st))
}

func (m *Mock) integrations(w http.ResponseWriter, r *http.Request) {
	ctx, ok := requireContext(w, r)
	if !ok {
		return
	}
	m.World.Lock()
	c, err := m.World.CustomerLocked(ctx)
	var out []sim.IntegrationState
	if err == nil {
		out = m.World.IntegrationsLocked(c)
	}
	m.World.Unlock()
	if err != nil {
		MockFail(w, err)
		return
	}
	wire.WriteJSON(w, http.StatusOK, out)
}

func (m *Mock) enable(w http.ResponseWriter, r *http.Request) {
	var in struct {
		IntegrationContext string `json:"integrationContext"`
		Organization       string `json:"organization"`
		IntegrationType    string `json:"integrationType"`
		TenantType         string `json:"tenantType"`
		Enabled            *bool  `json:"enabled"`
	}
	if e := m.decode(r, &in); e != nil {
		wire.WriteError(w, e)
		return
	}
	if in.Enabled == nil {
		wire.WriteError(w, wire.Errorf(http.StatusBadRequest, `"enabled" (true or false) is required`))
		return
	}
	ictx, tenant := cmp.Or(in.IntegrationContext, in.Organization), cmp.Or(in.TenantType, sim.TenantRecruiter)
	if err := sim.CheckIntegrationKey(ictx, in.IntegrationType, tenant); err != nil {
		wire.WriteError(w, wire.Errorf(http.StatusBadRequest, "rscmock: %v", err))
		return
	}
	d, err := m.World.SetIntegrationEnabled(r.Context(), ictx, in.IntegrationType, tenant, *in.Enabled)
	if err != nil {
		MockFail(w, err)
		return
	}
	wire.WriteJSON(w, http.StatusOK, d)
}

func (m *Mock) request(w http.ResponseWriter, r *http.Request) {
	var in struct {
		IntegrationContext string   `json:"integrationContext"`
		Organization       string   `json:"organization"`
		Bundles            []string `json:"bundles"`
	}
	if e := m.decode(r, &in); e != nil {
		wire.WriteError(w, e)
		return
	}
	m.World.Lock()
	c, err := m.World.CustomerLocked(cmp.Or(in.IntegrationContext, in.Organization))
	var out []sim.IntegrationRequest
	if err == nil {
		out = sim.RequestLocked(c, in.Bundles)
	}
	m.World.Unlock()
	if err != nil {
		MockFail(w, err)
		return
	}
	wire.WriteJSON(w, http.StatusOK, out)
}

func (m *Mock) jobs(w http.ResponseWriter, r *http.Request) {
	if ctx, ok := requireContext(w, r); ok {
		m.World.Lock()
		jobs := jobViews(m.World.Synced.Jobs.List(ctx))
		m.World.Unlock()
		wire.WriteJSON(w, http.StatusOK, jobs)
	}
}

// entityViews returns the stored bodies of a kind in integration context ctx,
// each with its key fields (wire name -> logical name) and, for candidates,
// LinkedIn's matches.
func (m *Mock) entityViews(kind, ctx string, keyFields [][2]string) []map[string]any {
	m.World.Lock()
	defer m.World.Unlock()
	out := []map[string]any{}
	for _, e := range m.World.Synced.Store.Sorted(kind, inOrg(ctx)) {
		v := map[string]any{}
		for k, raw := range e.Body {
			v[k] = raw
		}
		for _, f := range keyFields {
			v[f[0]] = e.Key[f[1]]
		}
		if kind == records.Candidate.Name {
			v["matchedMembers"] = m.World.Synced.MatchedMembers(e)
		}
		out = append(out, v)
	}
	return out
}

func (m *Mock) candidates(w http.ResponseWriter, r *http.Request) {
	if ctx, ok := requireContext(w, r); ok {
		wire.WriteJSON(w, http.StatusOK, m.entityViews(records.Candidate.Name, ctx, [][2]string{{"integrationContext", "ctx"}, {"atsCandidateId", "cand"}}))
	}
}

func (m *Mock) applications(w http.ResponseWriter, r *http.Request) {
	if ctx, ok := requireContext(w, r); ok {
		wire.WriteJSON(w, http.StatusOK, m.entityViews(records.Application.Name, ctx, [][2]string{{"integrationContext", "ctx"}, {"atsJobApplicationId", "app"}}))
	}
}

// matchesView is a candidate's matches with its key, for JSON; false when
// no candidate of ctx has that ATS id.
func (m *Mock) matchesView(ctx, cand string) (map[string]any, bool) {
	m.World.Lock()
	defer m.World.Unlock()
	e, ok := m.World.Synced.Store.Get(records.Candidate.Name, restli.Key{"ctx": ctx, "cand": cand})
	if !ok {
		return nil, false
	}
	return map[string]any{"integrationContext": ctx, "atsCandidateId": cand,
		"matchedMembers": m.World.Synced.MatchedMembers(e), "manualMatchedMember": sim.CandidateOf(e.Body).ManualMatchedMember}, true
}

func (m *Mock) matches(w http.ResponseWriter, r *http.Request) {
	ctx, ok := requireContext(w, r)
	if !ok {
		return
	}
	v, found := m.matchesView(ctx, r.URL.Query().Get("atsCandidateId"))
	if !found {
		MockFail(w, sim.ErrUnknownCandidate)
		return
	}
	wire.WriteJSON(w, http.StatusOK, v)
}

func (m *Mock) match(w http.ResponseWriter, r *http.Request) {
	var in struct {
		IntegrationContext string `json:"integrationContext"`
		ATSCandidateID     string `json:"atsCandidateId"`
		Member             string `json:"member"`
	}
	if e := m.decode(r, &in); e != nil {
		wire.WriteError(w, e)
		return
	}
	if in.Member != "" && !sim.IsType(in.Member, "person") {
		MockFail(w, sim.ErrNotPerson)
		return
	}
	m.World.Lock()
	err := m.World.SetManualMatchLocked(restli.Key{"ctx": in.IntegrationContext, "cand": in.ATSCandidateID}, in.Member)
	m.World.Unlock()
	if err != nil {
		MockFail(w, err)
		return
	}
	v, _ := m.matchesView(in.IntegrationContext, in.ATSCandidateID)
	wire.WriteJSON(w, http.StatusOK, v)
}

// indicator is the In-ATS indicator of member for ctx, as seat sees it.
func (m *Mock) indicator(ctx, member, seat string) sim.Indicator {
	m.World.Lock()
	defer m.World.Unlock()
	return m.World.Synced.InATS(ctx, member, seat)
}

func (m *Mock) inATS(w http.ResponseWriter, r *http.Request) {
	ctx, ok := requireContext(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	wire.WriteJSON(w, http.StatusOK, Summary(m.indicator(ctx, q.Get("member"), q.Get("seat"))))
}

func (m *Mock) pastApplicants(w http.ResponseWriter, r *http.Request) {
	ctx, ok := requireContext(w, r)
	if !ok {
		return
	}
	past := []string{}
	members := listParam(r.URL.Query(), "members")
	if len(members) > m.Limits.List {
		wire.WriteError(w, wire.Errorf(http.StatusBadRequest, "members holds at most %d URNs (MaxListParam), got %d", m.Limits.List, len(members)))
		return
	}
	for _, u := range members {
		if len(m.indicator(ctx, u, "").Applications) > 0 {
			past = append(past, u)
		}
	}
	wire.WriteJSON(w, http.StatusOK, map[string]any{"count": len(past), "members": past})
}

func (m *Mock) exportJobs(w http.ResponseWriter, r *http.Request) {
	seat := r.URL.Query().Get("seat")
	m.World.Lock()
	_, _, known := m.World.R.SeatOwner(seat)
	jobs := jobViews(m.World.Synced.ExportJobs(seat))
	m.World.Unlock()
	if !known {
		MockFail(w, sim.ErrUnknownSeat)
		return
	}
	wire.WriteJSON(w, http.StatusOK, jobs)
}

// seatMember is the part of most action bodies that names a seat and a member.
type seatMember struct {
	Seat   string `json:"seat"`
	Member string `json:"member"`
}

func (m *Mock) export(w http.ResponseWriter, r *http.Request) {
	var in struct {
		seatMember
		ExternalJobPostingID string `json:"externalJobPostingId"`
	}
	if e := m.decode(r, &in); e != nil {
		wire.WriteError(w, e)
		return
	}
	id, d, err := m.World.Export(r.Context(), in.Seat, in.Member, in.ExternalJobPostingID)
	if err != nil {
		MockFail(w, err)
		return
	}
	wire.WriteJSON(w, http.StatusOK, map[string]any{"requestId": id, "delivery": d})
}

func (m *Mock) inMail(w http.ResponseWriter, r *http.Request) {
	var in struct {
		seatMember
		Subject string `json:"subject"`
		Body    string `json:"body"`
	}
	if e := m.decode(r, &in); e != nil {
		wire.WriteError(w, e)
		return
	}
	ev, err := m.World.SendInMail(in.Seat, in.Member, in.Subject, in.Body)
	if err != nil {
		MockFail(w, err)
		return
	}
	wire.WriteJSON(w, http.StatusOK, ev)
}

func (m *Mock) reply(w http.ResponseWriter, r *http.Request) {
	var in struct {
		seatMember
		Body         string `json:"body"`
		ShareContact bool   `json:"shareContact"`
	}
	if e := m.decode(r, &in); e != nil {
		wire.WriteError(w, e)
		return
	}
	ev, stub, err := m.World.ReplyInMail(in.Seat, in.Member, in.Body, in.ShareContact)
	if err != nil {
		MockFail(w, err)
		return
	}
	wire.WriteJSON(w, http.StatusOK, map[string]any{"event": ev, "stub": stub})
}

func (m *Mock) note(w http.ResponseWriter, r *http.Request) {
	var in struct {
		seatMember
		Note    string `json:"note"`
		Body    string `json:"body"`
		Private bool   `json:"private"`
	}
	if e := m.decode(r, &in); e != nil {
		wire.WriteError(w, e)
		return
	}
	m.World.Lock()
	_, ok := m.World.R.Member(in.Member)
	m.World.Unlock()
	if !ok {
		MockFail(w, sim.ErrUnknownMember)
		return
	}
	n, err := m.World.AddProspectNote(in.Seat, in.Member, cmp.Or(in.Note, in.Body), in.Private)
	if err != nil {
		MockFail(w, err)
		return
	}
	wire.WriteJSON(w, http.StatusOK, n)
}

func (m *Mock) purge(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Member string `json:"member"`
	}
	if e := m.decode(r, &in); e != nil {
		wire.WriteError(w, e)
		return
	}
	if err := m.World.Purge(in.Member); err != nil {
		MockFail(w, err)
		return
	}
	wire.WriteJSON(w, http.StatusOK, map[string]any{"member": in.Member, "status": "purged"})
}

// customerList serves an inspection list of a customer.
func customerList[T any](w http.ResponseWriter, r *http.Request, list func(ctx, member string) ([]T, error)) {
	ctx, ok := requireContext(w, r)
	if !ok {
		return
	}
	out, err := list(ctx, r.URL.Query().Get("member"))
	if err != nil {
		MockFail(w, err)
		return
	}
	wire.WriteJSON(w, http.StatusOK, out)
}

func (m *Mock) conversationEvents(w http.ResponseWriter, r *http.Request) {
	customerList(w, r, m.World.InMails)
}

func (m *Mock) mailStubs(w http.ResponseWriter, r *http.Request) {
	customerList(w, r, m.World.MailStubs)
}

func (m *Mock) notes(w http.ResponseWriter, r *http.Request) {
	customerList(w, r, m.World.ProspectNotes)
}

func (m *Mock) deliveries(w http.ResponseWriter, _ *http.Request) {
	out := append([]sim.Delivery{}, m.World.Outbox.List()...)
	wire.WriteJSON(w, http.StatusOK, out)
}

// entity answers the stored JSON body of any synced record of a kind by its
// logical key (ctx, cand, app, ...), as the query names them.
func (m *Mock) entity(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	kind := q.Get("kind")
	key := restli.Key{}
	for k := range q {
		if k != "kind" {
			key[k] = q.Get(k)
		}
	}
	m.World.Lock()
	e, ok := m.World.Synced.Store.Get(kind, key)
	var b []byte
	if ok {
		b, _ = json.Marshal(e.Body)
	}
	m.World.Unlock()
	if !ok {
		wire.WriteError(w, wire.Errorf(http.StatusNotFound, "no %s entity with key %v", kind, map[string]string(key)))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(b)
}

func (m *Mock) addCustomer(w http.ResponseWriter, r *http.Request) {
	var in sim.CustomerSpec
	if e := m.decode(r, &in); e != nil {
		wire.WriteError(w, e)
		return
	}
	if err := in.Check(m.Limits.Seats, m.Limits.Domains); err != nil {
		wire.WriteError(w, wire.Errorf(http.StatusBadRequest, "%v", err))
		return
	}
	if err := auth.CheckURLs(in.ValidJSSDKDomains, nil); err != nil {
		wire.WriteError(w, wire.Errorf(http.StatusBadRequest, "%v", err))
		return
	}
	for _, u := range []struct{ urn, typ string }{{in.Organization, "organization"}, {in.Contract, "contract"}} {
		if u.urn != "" && !sim.IsType(u.urn, u.typ) {
			wire.WriteError(w, wire.Errorf(http.StatusBadRequest, "%s is not a %s URN", u.urn, u.typ))
			return
		}
	}
	m.World.Lock()
	var taken string
	switch {
	case in.Organization != "" && m.World.R.Customer(in.Organization) != nil:
		taken = in.Organization
	case in.Contract != "" && m.World.R.Customer(in.Contract) != nil:
		taken = in.Contract
	case in.ClientID != "" && m.World.Auth.App(in.ClientID) != nil:
		taken = "client id " + in.ClientID
	}
	full := m.World.RoomLocked(1, in.Seats, m.Limits.Customers, m.Limits.Members)
	var c Customer
	if taken == "" && full == nil {
		c = CustomerOf(m.World.AddCustomerLocked(in))
	}
	m.World.Unlock()
	if taken != "" {
		wire.WriteError(w, wire.Errorf(http.StatusConflict, "%s is already taken", taken))
		return
	}
	if full != nil {
		wire.WriteError(w, wire.Errorf(http.StatusBadRequest, "%v", full))
		return
	}
	wire.WriteJSON(w, http.StatusCreated, c)
}

// faultList is the active faults, [] when none.
func (m *Mock) faultList() []sim.Fault { return append([]sim.Fault{}, m.Faults.List()...) }

func (m *Mock) faults(w http.ResponseWriter, _ *http.Request) {
	wire.WriteJSON(w, http.StatusOK, m.faultList())
}

func (m *Mock) addFault(w http.ResponseWriter, r *http.Request) {
	var f sim.Fault
	if e := m.decode(r, &f); e != nil {
		wire.WriteError(w, e)
		return
	}
	if err := f.Check(m.Limits.Fault); err != nil {
		wire.WriteError(w, wire.Errorf(http.StatusBadRequest, "invalid fault: %v", err))
		return
	}
	if !m.Faults.AddAtMost(f, m.Limits.Faults) {
		wire.WriteError(w, wire.Errorf(http.StatusBadRequest, "at most %d faults are active at once (MaxFaults); POST /_mock/faults/clear first", m.Limits.Faults))
		return
	}
	wire.WriteJSON(w, http.StatusCreated, m.faultList())
}

func (m *Mock) clearFaults(w http.ResponseWriter, _ *http.Request) {
	m.Faults.Clear()
	wire.WriteJSON(w, http.StatusOK, m.faultList())
}
