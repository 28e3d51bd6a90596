package rscmock

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rscmock/internal/records"
	"github.com/rsckit/rsckit/rscmock/internal/shapes"
)

// Customer is a customer of the ATS: its LinkedIn organization and Recruiter
// contract, the child application that acts for it, and its seats.
type Customer struct {
	Name         string    `json:"name"`
	Organization model.URN `json:"organization"`
	Contract     model.URN `json:"contract"`
	// Application is the child application's URN.
	Application  model.URN `json:"application"`
	ClientID     string    `json:"clientId"`
	ClientSecret string    `json:"clientSecret"`
	Seats        []Seat    `json:"seats"`
}

// CustomerSpec describes a customer to add. Zero fields get generated values.
type CustomerSpec struct {
	Name            string    `json:"name,omitempty"`
	UniqueForeignID string    `json:"uniqueForeignId,omitempty"`
	Organization    model.URN `json:"organization,omitempty"`
	Contract        model.URN `json:"contract,omitempty"`
	ClientID        string    `json:"clientId,omitempty"`
	ClientSecret    string    `json:"clientSecret,omitempty"`
	// Seats is the number of Recruiter seats to create, each held by a new
	// member: 0 to MaxSeatsPerCustomer.
	Seats int `json:"seats,omitempty"`
	// ValidJSSDKDomains are the pages allowed to embed the widgets
	// (e.g. "https://ats.example.com"); none means any page.
	ValidJSSDKDomains []string `json:"validJsSdkDomains,omitempty"`
}

// Member is a LinkedIn member.
type Member struct {
	URN                model.URN `json:"urn"`
	FirstName          string    `json:"firstName"`
	LastName           string    `json:"lastName"`
	Headline           string    `json:"headline"`
	Email              string    `json:"email"`
	ProfileURL         string    `json:"profileUrl"`
	CurrentCompanyName string    `json:"currentCompanyName"`
	CurrentJobTitle    string    `json:"currentJobTitle"`
}

// Name returns the member's first and last name.
func (m Member) Name() string { return strings.TrimSpace(m.FirstName + " " + m.LastName) }

// Seat is a Recruiter seat on a contract, held by a member.
type Seat struct {
	URN      model.URN `json:"urn"`
	Contract model.URN `json:"contract"`
	Holder   Member    `json:"holder"`
}

type noteState struct {
	note    shapes.ProspectNote
	private bool
}

type customerState struct {
	name          string
	org, contract model.URN
	app           *app
	seats         []Seat
	// The records LinkedIn serves to the ATS, in the fake's own shapes.
	inmails     []shapes.ConversationEvent
	stubs       []shapes.MailStub
	notes       []noteState
	exports     map[string][]shapes.ExportedCandidate
	statusReqs  map[string][]map[string]string
	purged      []shapes.PurgedExportedCandidate
	exported    map[model.URN][]string // member -> export request ids
	exportCount map[string]int         // seat + month
	requested   map[model.IntegrationType]bool
}

func (c *customerState) public() Customer {
	return Customer{Name: c.name, Organization: c.org, Contract: c.contract, Application: model.URN(c.app.URN),
		ClientID: c.app.ClientID, ClientSecret: c.app.Secret, Seats: append([]Seat{}, c.seats...)}
}

func newCustomerState(name string, a *app) *customerState {
	return &customerState{name: name, org: model.URN(a.Org), contract: model.URN(a.Contract), app: a,
		exports: map[string][]shapes.ExportedCandidate{}, statusReqs: map[string][]map[string]string{},
		exported: map[model.URN][]string{}, exportCount: map[string]int{}, requested: map[model.IntegrationType]bool{}}
}

// bindCustomer makes sure a child application bound to an organization or
// contract has a customer. Must hold s.mu.
func (s *Server) bindCustomer(a *app) {
	var c *customerState
	for _, u := range []model.URN{model.URN(a.Org), model.URN(a.Contract)} {
		if u != "" && s.byContext[u] != nil {
			c = s.byContext[u]
		}
	}
	if c == nil {
		c = newCustomerState(a.Name, a)
		s.customers = append(s.customers, c)
	}
	c.org, c.contract = model.URN(a.Org), model.URN(a.Contract)
	for _, u := range []model.URN{model.URN(a.Org), model.URN(a.Contract)} {
		if u != "" {
			s.byContext[u] = c
		}
	}
}

// newChildApp registers a child application. Must hold s.mu.
func (s *Server) newChildApp(clientID, secret string) *app {
	n := s.next("app")
	if clientID == "" {
		clientID = fmt.Sprintf("child-%d-%s", n, s.randHex(8))
	}
	if secret == "" {
		secret = s.randHex(32)
	}
	a := &app{ClientID: clientID, Secret: secret, URN: string(model.DeveloperApplicationURN(fmt.Sprint(1000 + n)))}
	s.auth.Add(a)
	return a
}

// AddCustomer adds a customer with its child application and seats. The
// organization and contract of spec should be new (POST /_mock/customers
// answers 409 otherwise). A spec over the limits (Seats outside [0,
// MaxSeatsPerCustomer], more than MaxDomains domains) is a programming error
// of the test and panics, before any state is touched.
func (s *Server) AddCustomer(spec CustomerSpec) Customer {
	if err := spec.check(); err != nil {
		panic("rscmock: AddCustomer: " + err.Error())
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addCustomerLocked(spec)
}

// addCustomerLocked is AddCustomer. Must hold s.mu.
func (s *Server) addCustomerLocked(spec CustomerSpec) Customer {
	n := s.next("customer")
	a := s.newChildApp(spec.ClientID, spec.ClientSecret)
	a.UniqueForeignID, a.Name, a.Desc = spec.UniqueForeignID, spec.Name, spec.Name
	if a.UniqueForeignID == "" {
		a.UniqueForeignID = fmt.Sprintf("customer-%d", n)
	}
	a.Domains = slices.Clone(spec.ValidJSSDKDomains)
	a.Org, a.Contract = string(spec.Organization), string(spec.Contract)
	return s.attachLocked(a, n, spec.Name, spec.Seats).public()
}

// attachLocked binds child application a to its organization and contract
// (generated from n when empty), names the customer and adds seats. Must
// hold s.mu.
func (s *Server) attachLocked(a *app, n int, name string, seats int) *customerState {
	free := func(mk func(string) model.URN, id int) model.URN {
		for s.byContext[mk(fmt.Sprint(id))] != nil {
			id += 1000
		}
		return mk(fmt.Sprint(id))
	}
	if a.Org == "" {
		a.Org = string(free(model.OrganizationURN, 1000+n))
	}
	if a.Contract == "" {
		a.Contract = string(free(model.ContractURN, 2000+n))
	}
	s.bindCustomer(a)
	c := s.byContext[model.URN(a.Org)]
	c.name = name
	for range seats {
		m := s.addMemberLocked(Member{})
		c.seats = append(c.seats, s.addSeatLocked(c, m))
	}
	return c
}

// Customers returns every customer.
func (s *Server) Customers() []Customer {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Customer, len(s.customers))
	for i, c := range s.customers {
		out[i] = c.public()
	}
	return out
}

var firstNames = []string{"Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "John", "Margaret", "Ken"}
var lastNames = []string{"Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Backus", "Hamilton", "Thompson"}

func (s *Server) addMemberLocked(m Member) Member {
	n := s.next("member")
	if m.URN == "" {
		m.URN = model.PersonURN(fmt.Sprintf("m%d%s", n, s.randHex(6)))
	}
	if m.FirstName == "" {
		m.FirstName = firstNames[(n-1)%len(firstNames)]
	}
	if m.LastName == "" {
		m.LastName = lastNames[((n-1)/len(firstNames)+n-1)%len(lastNames)]
	}
	if m.Email == "" {
		m.Email = fmt.Sprintf("%s.%s.%d@example.com", strings.ToLower(m.FirstName), strings.ToLower(m.LastName), n)
	}
	if m.ProfileURL == "" {
		m.ProfileURL = "https://www.linkedin.com/in/" + m.URN.ID()
	}
	if m.Headline == "" {
		m.Headline = "Engineer"
	}
	if _, ok := s.members[m.URN]; !ok {
		s.memberSeq = append(s.memberSeq, m.URN)
	}
	s.members[m.URN] = &m
	return m
}

// AddMember adds (or replaces) a LinkedIn member; zero fields get generated values.
func (s *Server) AddMember(m Member) Member {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addMemberLocked(m)
}

// Members returns every member, in the order added.
func (s *Server) Members() []Member {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Member, 0, len(s.memberSeq))
	for _, u := range s.memberSeq {
		out = append(out, *s.members[u])
	}
	return out
}

func (s *Server) addSeatLocked(c *customerState, holder Member) Seat {
	st := Seat{URN: model.SeatURN(fmt.Sprint(5000 + s.next("seat"))), Contract: c.contract, Holder: holder}
	s.seatCreated[st.URN] = s.now().UnixMilli()
	return st
}

// AddSeat adds a seat on contract held by holder: the member with holder.URN
// when one exists, otherwise holder added as a new member (zero fields get
// generated values).
func (s *Server) AddSeat(contract model.URN, holder Member) (Seat, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.byContext[contract]
	if c == nil || c.contract != contract {
		return Seat{}, fmt.Errorf("%w %s", ErrUnknownContext, contract)
	}
	if m := s.members[holder.URN]; holder.URN != "" && m != nil {
		holder = *m
	} else {
		holder = s.addMemberLocked(holder)
	}
	st := s.addSeatLocked(c, holder)
	c.seats = append(c.seats, st)
	return st, nil
}

func (s *Server) seatOwner(seat model.URN) (*customerState, Seat, bool) {
	for _, c := range s.customers {
		for _, st := range c.seats {
			if st.URN == seat {
				return c, st, true
			}
		}
	}
	return nil, Seat{}, false
}

// matchedMembers returns the members LinkedIn matches to a synced candidate:
// same email address or same LinkedIn profile URL. Must hold s.mu.
func (s *Server) matchedMembers(e *entity) []model.URN {
	var c model.Candidate
	decodeBody(e, &c)
	out := []model.URN{}
	for _, u := range s.memberSeq {
		m := s.members[u]
		hit := c.LinkedInProfileURL != "" && strings.TrimSuffix(c.LinkedInProfileURL, "/") == strings.TrimSuffix(m.ProfileURL, "/")
		for _, em := range c.EmailAddresses {
			hit = hit || strings.EqualFold(em, m.Email)
		}
		if hit {
			out = append(out, u)
		}
	}
	return out
}

// matchesOf returns LinkedIn's matched members of a stored candidate
// body, for records' batch get (which holds no lock of the Server).
func (s *Server) matchesOf(body map[string]json.RawMessage) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []string{}
	for _, u := range s.matchedMembers(&entity{Body: body}) {
		out = append(out, string(u))
	}
	return out
}

// config returns a configuration value of the organization. Must hold s.mu.
func (s *Server) config(org model.URN, itype model.IntegrationType, name model.ConfigurationName) string {
	lk := rkey{"ctx": string(org), "itype": string(itype), "tenant": string(model.TenantTypeRecruiter), "name": string(name)}
	e, ok := s.st.Get(records.Configuration.Name, lk)
	if !ok {
		return ""
	}
	var v model.ConfigurationValue
	_ = json.Unmarshal(e.Body["configurationValue"], &v)
	return v.String
}

// SetIntegrationEnabled switches an integration on or off as the customer's
// admin would, and POSTs INTEGRATION_STATUS_CHANGE to the customer's
// CALLBACK_URL. The notification's id is served at atsIntegrations?q=request.
//
// As on LinkedIn, ONE_CLICK_EXPORT cannot be enabled before the partner has
// configured its CALLBACK_URL: the call then fails with ErrNoCallbackURL and
// changes nothing. Disabling, and the other integrations, need none.
func (s *Server) SetIntegrationEnabled(ctx context.Context, key model.IntegrationKey, enabled bool) (Delivery, error) {
	if key.TenantType == "" {
		key.TenantType = model.TenantTypeRecruiter
	}
	if err := key.Validate(); err != nil {
		return Delivery{}, fmt.Errorf("rscmock: %w", err)
	}
	s.mu.Lock()
	c := s.byContext[key.IntegrationContext]
	if c == nil {
		s.mu.Unlock()
		return Delivery{}, fmt.Errorf("%w %s", ErrUnknownContext, key.IntegrationContext)
	}
	lk := rkey{"ctx": string(key.IntegrationContext), "itype": string(key.IntegrationType), "tenant": string(key.TenantType)}
	if enabled && key.IntegrationType == model.IntegrationTypeOneClickExport && !s.hasCallbackURL(lk) {
		s.mu.Unlock()
		return Delivery{}, fmt.Errorf("%w (integration %s of %s)", ErrNoCallbackURL, key.IntegrationType, key.IntegrationContext)
	}
	status := "DISABLED"
	if enabled {
		status = "ENABLED"
	}
	_ = s.st.Update(records.Integration.Name, lk, 0, func(e *entity) (map[string]json.RawMessage, error) {
		body := map[string]json.RawMessage{}
		if e != nil {
			body = e.Body
		}
		body["status"] = json.RawMessage(`"` + status + `"`)
		return body, nil
	})
	id := fmt.Sprint(7000000 + s.next("statusRequest"))
	c.statusReqs[id] = append(c.statusReqs[id], map[string]string{"integrationContext": string(key.IntegrationContext),
		"integrationType": string(key.IntegrationType), "tenantType": string(key.TenantType), "status": status})
	cb := s.config(c.org, model.IntegrationTypeOneClickExport, model.ConfigCallbackURL)
	n := model.Notification{ID: id, Type: model.NotificationIntegrationStatusChange, ExpiresAt: model.Millis(s.now().Add(24 * 60 * 60e9))}
	s.mu.Unlock()
	return s.deliver(ctx, cb, n), nil
}

// hasCallbackURL reports whether the integration with logical key lk has a
// CALLBACK_URL configuration with a value.
func (s *Server) hasCallbackURL(lk rkey) bool { return s.rec.HasCallbackURL(lk) }

func (s *Server) integrationStatus(ctx model.URN, itype model.IntegrationType) string {
	lk := rkey{"ctx": string(ctx), "itype": string(itype), "tenant": string(model.TenantTypeRecruiter)}
	if e, ok := s.st.Get(records.Integration.Name, lk); ok {
		var st string
		_ = json.Unmarshal(e.Body["status"], &st)
		return st
	}
	return ""
}

// Job is a synced job as Recruiter lists it for export.
type Job struct {
	ExternalJobPostingID string    `json:"externalJobPostingId"`
	Title                string    `json:"title"`
	Location             string    `json:"location,omitempty"`
	JobPosting           model.URN `json:"jobPosting"`
	// Closed is set for a job closed by the ATS (never listed for export).
	Closed bool `json:"closed"`
}

func jobOf(ext string, js *jobState) Job {
	return Job{ExternalJobPostingID: ext, Title: js.title, Location: js.location, JobPosting: js.urn, Closed: js.closed}
}

// jobVisible reports whether the seat's holder may see an open job of org. Must hold s.mu.
func (s *Server) jobVisible(org model.URN, holder model.URN, extID string) bool {
	if s.config(org, model.IntegrationTypeOneClickExport, model.ConfigJobPostingViewers) == model.AllProductUsers {
		return true
	}
	for _, acl := range s.sortedEntities(records.ACL.Name, func(k rkey) bool { return k["ctx"] == string(org) && k["entity"] == extID }) {
		if len(s.sortedEntities(records.Assignee.Name, func(k rkey) bool {
			return k["ctx"] == string(org) && k["acl"] == acl.Key["acl"] && k["assignee"] == string(holder)
		})) > 0 {
			return true
		}
	}
	return false
}

func (s *Server) exportJobsLocked(seat model.URN) []Job {
	c, st, ok := s.seatOwner(seat)
	if !ok {
		return nil
	}
	out := []Job{}
	for k, js := range s.jobs {
		org, ext, _ := strings.Cut(k, "\x00")
		if model.URN(org) != c.org || js.closed || !s.jobVisible(c.org, st.Holder.URN, ext) {
			continue
		}
		out = append(out, jobOf(ext, js))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ExternalJobPostingID < out[j].ExternalJobPostingID })
	return out
}

// ExportJobs returns the open jobs a seat may export to: jobs with an ACL
// the seat's holder is assigned to, or every job when JOB_POSTING_VIEWERS is
// ALL_PRODUCT_USERS.
func (s *Server) ExportJobs(seat model.URN) []Job {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.exportJobsLocked(seat)
}

// Errors of the recruiter simulator.
var (
	ErrExportQuota    = errors.New("rscmock: monthly export quota of the seat is used up")
	ErrJobNotVisible  = errors.New("rscmock: the seat may not see this job")
	ErrNotEnabled     = errors.New("rscmock: ONE_CLICK_EXPORT is not enabled")
	ErrNoCallbackURL  = errors.New("rscmock: CALLBACK_URL is mandatory before enabling ONE_CLICK_EXPORT; configure it first")
	ErrUnknownSeat    = errors.New("rscmock: unknown seat")
	ErrUnknownMember  = errors.New("rscmock: unknown member")
	ErrNothingToPurge = errors.New("rscmock: member was never exported")
)

// Export exports member to job externalJobPostingID as seat (One-Click
// Export): it checks the job is visible to the seat and the seat's monthly
// quota, stores the export, and POSTs EXPORT_CANDIDATE_PROFILE to the
// customer's CALLBACK_URL. It returns the request id.
func (s *Server) Export(ctx context.Context, seat, member model.URN, externalJobPostingID string) (string, Delivery, error) {
	s.mu.Lock()
	c, st, ok := s.seatOwner(seat)
	if !ok {
		s.mu.Unlock()
		return "", Delivery{}, ErrUnknownSeat
	}
	m := s.members[member]
	if m == nil {
		s.mu.Unlock()
		return "", Delivery{}, ErrUnknownMember
	}
	if s.integrationStatus(c.org, model.IntegrationTypeOneClickExport) != "ENABLED" {
		s.mu.Unlock()
		return "", Delivery{}, ErrNotEnabled
	}
	if !slices.ContainsFunc(s.exportJobsLocked(seat), func(j Job) bool { return j.ExternalJobPostingID == externalJobPostingID }) {
		s.mu.Unlock()
		return "", Delivery{}, ErrJobNotVisible
	}
	month := string(seat) + s.now().UTC().Format("2006-01")
	if s.cfg.exportsPerSeat > 0 && c.exportCount[month] >= s.cfg.exportsPerSeat {
		s.mu.Unlock()
		return "", Delivery{}, ErrExportQuota
	}
	c.exportCount[month]++
	id := fmt.Sprint(9000000 + s.next("export"))
	c.exports[id] = append(c.exports[id], shapes.ExportedCandidate{
		IntegrationContext: string(c.org), ExternalJobPostingID: externalJobPostingID, ExportedAt: s.now().UnixMilli(),
		Candidate: shapes.StubProfile{Member: string(m.URN), FirstName: m.FirstName, LastName: m.LastName, Headline: m.Headline,
			CurrentCompanyName: m.CurrentCompanyName, CurrentJobTitle: m.CurrentJobTitle, ProfileURL: m.ProfileURL},
		Exporter: &shapes.Exporter{Seat: string(seat), Person: string(st.Holder.URN), FirstName: st.Holder.FirstName,
			LastName: st.Holder.LastName, Email: st.Holder.Email},
	})
	c.exported[member] = append(c.exported[member], id)
	cb := s.config(c.org, model.IntegrationTypeOneClickExport, model.ConfigCallbackURL)
	n := model.Notification{ID: id, Type: model.NotificationExportCandidateProfile, ExpiresAt: model.Millis(s.now().Add(24 * 60 * 60e9))}
	s.mu.Unlock()
	return id, s.deliver(ctx, cb, n), nil
}

// Purge closes member's profile: every customer that exported the member
// finds it in atsPurgedExportedCandidates.
func (s *Server) Purge(member model.URN) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	found := false
	for _, c := range s.customers {
		for _, id := range c.exported[member] {
			found = true
			c.purged = append(c.purged, shapes.PurgedExportedCandidate{Member: string(member), RequestID: id, ExportType: "ONE_CLICK_EXPORT", PurgedAt: s.now().UnixMilli()})
		}
	}
	if !found {
		return ErrNothingToPurge
	}
	return nil
}

// SendInMail records an InMail from seat to member.
func (s *Server) SendInMail(seat, member model.URN, subject, body string) (model.ConversationEvent, error) {
	ev, err := s.sendInMail(seat, member, subject, body)
	return inmailModel(ev), err
}

// sendInMail is SendInMail, answering the event as conversationEvents serves it.
func (s *Server) sendInMail(seat, member model.URN, subject, body string) (shapes.ConversationEvent, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, _, ok := s.seatOwner(seat)
	if !ok {
		return shapes.ConversationEvent{}, ErrUnknownSeat
	}
	if s.members[member] == nil {
		return shapes.ConversationEvent{}, ErrUnknownMember
	}
	n := s.next("inmail")
	ev := shapes.ConversationEvent{ID: fmt.Sprint(n), Thread: string(model.NewURN("messagingThread", seat.ID()+"-"+member.ID())),
		Author: string(seat), Recipients: []string{string(member)},
		Content: shapes.Content{Mail: shapes.Mail{Subject: subject, Body: shapes.MailBody{Text: body}}}, CreatedAt: s.now().UnixMilli()}
	c.inmails = append(c.inmails, ev)
	return ev, nil
}

// ReplyInMail records member's reply to seat's InMail; with shareContact the
// member shares contact details, which creates a mail stub.
func (s *Server) ReplyInMail(seat, member model.URN, body string, shareContact bool) (model.ConversationEvent, *model.MailStub, error) {
	ev, stub, err := s.replyInMail(seat, member, body, shareContact)
	if stub == nil {
		return inmailModel(ev), nil, err
	}
	ms := stubModel(*stub)
	return inmailModel(ev), &ms, err
}

// replyInMail is ReplyInMail in the shapes conversationEvents and mailStubs
// serve.
func (s *Server) replyInMail(seat, member model.URN, body string, shareContact bool) (shapes.ConversationEvent, *shapes.MailStub, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, _, ok := s.seatOwner(seat)
	if !ok {
		return shapes.ConversationEvent{}, nil, ErrUnknownSeat
	}
	m := s.members[member]
	if m == nil {
		return shapes.ConversationEvent{}, nil, ErrUnknownMember
	}
	ev := shapes.ConversationEvent{ID: fmt.Sprint(s.next("inmail")), Thread: string(model.NewURN("messagingThread", seat.ID()+"-"+member.ID())),
		Author: string(member), Recipients: []string{string(seat)},
		Content: shapes.Content{Mail: shapes.Mail{Body: shapes.MailBody{Text: body}}}, CreatedAt: s.now().UnixMilli()}
	c.inmails = append(c.inmails, ev)
	if !shareContact {
		return ev, nil, nil
	}
	stub := shapes.MailStub{ID: fmt.Sprint(s.next("stub")), Owner: string(seat), Member: string(m.URN), FirstName: m.FirstName, LastName: m.LastName,
		EmailAddress: m.Email, PhoneNumber: "+1 555 0100", Headline: m.Headline, CurrentCompanyName: m.CurrentCompanyName,
		CurrentJobTitle: m.CurrentJobTitle, ProfileURL: m.ProfileURL, CreatedAt: s.now().UnixMilli()}
	c.stubs = append(c.stubs, stub)
	return ev, &stub, nil
}

// AddProspectNote records a Recruiter note by seat about member. Private
// notes are visible only in Recruiter, not through prospectNotes.
func (s *Server) AddProspectNote(seat, member model.URN, text string, private bool) (model.ProspectNote, error) {
	n, err := s.addProspectNote(seat, member, text, private)
	return noteModel(n), err
}

// addProspectNote is AddProspectNote in the shape prospectNotes serves.
func (s *Server) addProspectNote(seat, member model.URN, text string, private bool) (shapes.ProspectNote, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, _, ok := s.seatOwner(seat)
	if !ok {
		return shapes.ProspectNote{}, ErrUnknownSeat
	}
	now := s.now().UnixMilli()
	vis := "CONTRACT"
	if private {
		vis = "PRIVATE"
	}
	n := shapes.ProspectNote{ID: int64(1323000000 + s.next("note")), Active: true, Contract: string(c.contract), Created: now, LastModified: now,
		Owner: string(seat), Member: string(member), Note: text, Visibility: vis}
	c.notes = append(c.notes, noteState{note: n, private: private})
	return n, nil
}

// Indicator is what Recruiter's In-ATS indicator shows for a member.
type Indicator struct {
	// Candidates are the ATS ids of candidates matched to the member (by
	// email, profile URL or manualMatchedMember).
	Candidates []string `json:"candidates"`
	// Applications are the ATS ids of their applications (those the seat may
	// see when InATS was given a seat).
	Applications []string `json:"applications"`
	// Stages are the stage names of those applications, in key order.
	Stages []string `json:"stages"`
	// Notes counts candidate and application notes.
	Notes int `json:"notes"`
	// Feedback counts interview feedback.
	Feedback int `json:"feedback"`
}

// indicatorDetail is the In-ATS indicator with the details the console shows.
type indicatorDetail struct {
	Candidates   []indicatorCandidate
	Applications []indicatorApplication
	// Hidden counts the applications the seat may not see.
	Hidden int
}

type indicatorCandidate struct {
	ID, Name, ProfileURL string
	Manual               bool
	Notes                []string
}

type indicatorApplication struct {
	ID, Candidate, JobID, JobName string
	Stages                        []string
	Notes                         []string
	Feedback                      []string
}

// InATS returns the In-ATS indicator of member for organization org. When
// seat is not empty, applications are limited to what the seat may see
// (APPLICATION_VIEWERS=ALL_PRODUCT_USERS, or an ACL on the application's job).
func (s *Server) InATS(org, member, seat model.URN) Indicator {
	s.mu.Lock()
	d := s.inATSLocked(org, member, seat)
	s.mu.Unlock()
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

// inATSLocked computes the In-ATS indicator. Must hold s.mu.
func (s *Server) inATSLocked(org, member, seat model.URN) indicatorDetail {
	var d indicatorDetail
	var holder model.URN
	if seat != "" {
		_, st, _ := s.seatOwner(seat)
		holder = st.Holder.URN
	}
	allApps := s.config(org, model.IntegrationTypeInATSIndicator, model.ConfigApplicationViewers) == model.AllProductUsers
	inOrg := func(k rkey) bool { return k["ctx"] == string(org) }
	for _, e := range s.sortedEntities(records.Candidate.Name, inOrg) {
		var c model.Candidate
		decodeBody(e, &c)
		if c.ManualMatchedMember != member && !slices.Contains(s.matchedMembers(e), member) {
			continue
		}
		cand := e.Key["cand"]
		ic := indicatorCandidate{ID: cand, Name: strings.TrimSpace(c.FirstName + " " + c.LastName), ProfileURL: c.ExternalProfileURL,
			Manual: c.ManualMatchedMember == member}
		for _, n := range s.sortedEntities(records.CandidateNote.Name, func(k rkey) bool { return inOrg(k) && k["cand"] == cand }) {
			var v model.CandidateNote
			decodeBody(n, &v)
			ic.Notes = append(ic.Notes, v.Note)
		}
		d.Candidates = append(d.Candidates, ic)
		for _, a := range s.sortedEntities(records.Application.Name, inOrg) {
			var app model.Application
			decodeBody(a, &app)
			if app.ATSCandidateID != cand {
				continue
			}
			if seat != "" && !allApps && !s.jobVisible(org, holder, app.ATSJobPostingID) {
				d.Hidden++
				continue
			}
			id := a.Key["app"]
			ia := indicatorApplication{ID: id, Candidate: cand, JobID: app.ATSJobPostingID, JobName: app.ATSJobPostingName}
			ofApp := func(k rkey) bool { return inOrg(k) && k["app"] == id }
			for _, st := range s.sortedEntities(records.Stage.Name, ofApp) {
				var v model.ApplicationStage
				decodeBody(st, &v)
				ia.Stages = append(ia.Stages, v.Stage)
			}
			for _, n := range s.sortedEntities(records.ApplicationNote.Name, ofApp) {
				var v model.ApplicationNote
				decodeBody(n, &v)
				ia.Notes = append(ia.Notes, v.Note)
			}
			for _, f := range s.sortedEntities(records.Feedback.Name, ofApp) {
				var v model.InterviewFeedback
				decodeBody(f, &v)
				ia.Feedback = append(ia.Feedback, v.Feedback)
			}
			d.Applications = append(d.Applications, ia)
		}
	}
	return d
}

// decodeBody decodes a stored entity's body into v (model field names).
func decodeBody(e *entity, v any) {
	raw, _ := json.Marshal(e.Body)
	_ = json.Unmarshal(raw, v)
}

// PastApplicants counts the members that have at least one application in org.
func (s *Server) PastApplicants(org model.URN, members ...model.URN) int {
	n := 0
	for _, m := range members {
		if len(s.InATS(org, m, "").Applications) > 0 {
			n++
		}
	}
	return n
}

// Candidates returns the candidates synced for integration context ctx, by ATS id.
func (s *Server) Candidates(ctx model.URN) []model.Candidate {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []model.Candidate{}
	for _, e := range s.sortedEntities(records.Candidate.Name, func(k rkey) bool { return k["ctx"] == string(ctx) }) {
		var c model.Candidate
		decodeBody(e, &c)
		c.Key = candKey(e.Key)
		out = append(out, c)
	}
	return out
}

// entityJSON returns the stored JSON body of any synced entity of a kind
// ("candidate", "candidateNote", "application", "applicationNote", "stage",
// "feedback", "acl", "assignee", "integration", "configuration"), with the
// logical key fields given as name/value pairs (ctx, cand, app, note, ...),
// for GET /_mock/entity. Go callers use the typed Synced* methods.
func (s *Server) entityJSON(kind string, key map[string]string) (json.RawMessage, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.st.Get(kind, rkey(key))
	if !ok {
		return nil, false
	}
	b, _ := json.Marshal(e.Body)
	return b, true
}

// Finders served from the recruiter state.

func (s *Server) customerOf(m *mreq) *customerState {
	if c := s.byContext[model.URN(m.app.Org)]; c != nil {
		return c
	}
	return s.byContext[model.URN(m.app.Contract)]
}

func (s *Server) findIntegrationsByRequest(m *mreq) (int, any, *apiError) {
	if m.q.Get("q") != "request" || m.q.Get("requestId") == "" {
		return 0, nil, errf(http.StatusBadRequest, "finder request needs requestId")
	}
	var els []map[string]string
	if c := s.customerOf(m); c != nil {
		els = c.statusReqs[m.q.Get("requestId")]
	}
	return page(m, els, 10, false)
}

func (s *Server) findExports(m *mreq) (int, any, *apiError) {
	if m.q.Get("q") != "request" || m.q.Get("requestId") == "" {
		return 0, nil, errf(http.StatusBadRequest, "finder request needs requestId")
	}
	var els []shapes.ExportedCandidate
	if c := s.customerOf(m); c != nil {
		els = c.exports[m.q.Get("requestId")]
	}
	return page(m, els, 10, false)
}

func (s *Server) findPurged(m *mreq) (int, any, *apiError) {
	if m.q.Get("q") != "criteria" {
		return 0, nil, errf(http.StatusBadRequest, "unknown finder %q", m.q.Get("q"))
	}
	start, hasStart, e := millis(m.q, "timeRange.start")
	if e != nil {
		return 0, nil, e
	}
	end, hasEnd, e := millis(m.q, "timeRange.end")
	if e != nil {
		return 0, nil, e
	}
	et := m.q.Get("exportType")
	var els []shapes.PurgedExportedCandidate
	if c := s.customerOf(m); c != nil {
		for _, p := range c.purged {
			t := p.PurgedAt
			if (!hasStart || t >= start) && (!hasEnd || t < end) && (et == "" || et == p.ExportType) {
				els = append(els, p)
			}
		}
	}
	return page(m, els, 100, false)
}

func (s *Server) findSeats(m *mreq) (int, any, *apiError) {
	if m.q.Get("q") != "attributes" {
		return 0, nil, errf(http.StatusBadRequest, "unknown finder %q", m.q.Get("q"))
	}
	els, e := s.seatElements(m, m.rest)
	if e != nil {
		return 0, nil, e
	}
	return page(m, els, 10, true)
}

// findSeatsByAttributes is the legacy seat finder LinkedIn's Postman
// collection still calls (linkedin-to-ats.md §7.1):
// GET /v2/seats?q=seatsByAttributes&fields=id&active=true&count=100&start=0&contracts=...
// Its test script reads elements[].id. Assumption: the elements have the
// /v2/seatsV2 shape; active=false answers no seat (every seat of the fake is
// active); start is optional as in any Rest.li finder.
func (s *Server) findSeatsByAttributes(m *mreq) (int, any, *apiError) {
	if m.q.Get("q") != "seatsByAttributes" {
		return 0, nil, errf(http.StatusBadRequest, "unknown finder %q", m.q.Get("q"))
	}
	active := true
	if v := m.q.Get("active"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return 0, nil, errf(http.StatusBadRequest, "Invalid query parameter active %q: want true or false", v)
		}
		active = b
	}
	els, e := s.seatElements(m, false)
	if e != nil {
		return 0, nil, e
	}
	if !active {
		els = nil
	}
	return page(m, projectFields(m, els), 10, false)
}

// seatElements answers the seats of the contracts parameter in the /v2
// shape {"id", "contract", "member", "active", "state", "created": {"time"}}
// or, with rest, the /rest/seatsV2 shape of the 2026-03 rename
// (ats-to-linkedin.md §3.14: id -> seatId; created.time -> createdAt.actor +
// createdAt.time). Assumption: the other field names (contract, member,
// active, state) are unpublished; the actor is the seat's contract, as the
// fake has no Recruiter admin who assigned the seat.
func (s *Server) seatElements(m *mreq, rest bool) ([]map[string]any, *apiError) {
	contracts := m.q.List("contracts")
	if len(contracts) == 0 {
		return nil, errf(http.StatusBadRequest, "contracts is required")
	}
	states := m.q.List("states")
	els := []map[string]any{}
	for _, ct := range contracts {
		if e := s.ownContext(m.app, model.URN(ct)); e != nil {
			return nil, e
		}
		c := s.byContext[model.URN(ct)]
		if c == nil {
			continue
		}
		for _, st := range c.seats {
			if len(states) > 0 && !slices.Contains(states, "ACTIVE") {
				continue
			}
			id := any(st.URN.ID())
			if n, err := strconv.ParseInt(st.URN.ID(), 10, 64); err == nil {
				id = n
			}
			el := map[string]any{"contract": st.Contract, "member": st.Holder.URN, "active": true, "state": "ACTIVE"}
			created := s.seatCreated[st.URN]
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
func projectFields(m *mreq, els []map[string]any) []map[string]any {
	f := m.q.List("fields")
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

func (s *Server) findInMails(m *mreq) (int, any, *apiError) {
	if m.q.Get("q") != "criteria" {
		return 0, nil, errf(http.StatusBadRequest, "unknown finder %q", m.q.Get("q"))
	}
	viewer := model.URN(m.q.Get("viewer"))
	if viewer == "" {
		return 0, nil, errf(http.StatusBadRequest, "viewer is required")
	}
	c, _, ok := s.seatOwner(viewer)
	if !ok || (string(c.contract) != m.app.Contract && string(c.org) != m.app.Org) {
		return 0, nil, errf(http.StatusForbidden, "Not enough permissions to access seat %s", viewer)
	}
	start, hasStart, e := millis(m.q, "timeRange.start")
	if e != nil {
		return 0, nil, e
	}
	end, hasEnd, e := millis(m.q, "timeRange.end")
	if e != nil {
		return 0, nil, e
	}
	var els []shapes.ConversationEvent
	for _, ev := range c.inmails {
		t := ev.CreatedAt
		if (ev.Author == string(viewer) || slices.Contains(ev.Recipients, string(viewer))) && (!hasStart || t >= start) && (!hasEnd || t < end) {
			els = append(els, ev)
		}
	}
	return page(m, els, 50, false)
}

func (s *Server) contractFinder(m *mreq, finder string) (*customerState, []string, *apiError) {
	if m.q.Get("q") != finder {
		return nil, nil, errf(http.StatusBadRequest, "unknown finder %q", m.q.Get("q"))
	}
	ct := model.URN(m.q.Get("contract"))
	if ct == "" {
		return nil, nil, errf(http.StatusBadRequest, "contract is required")
	}
	if e := s.ownContext(m.app, ct); e != nil {
		return nil, nil, e
	}
	return s.byContext[ct], m.q.List("owners"), nil
}

func (s *Server) findMailStubs(m *mreq) (int, any, *apiError) {
	c, owners, e := s.contractFinder(m, "contract")
	if e != nil {
		return 0, nil, e
	}
	start, hasStart, e := millis(m.q, "createdDateStart")
	if e != nil {
		return 0, nil, e
	}
	end, hasEnd, e := millis(m.q, "createdDateEnd")
	if e != nil {
		return 0, nil, e
	}
	var els []shapes.MailStub
	if c != nil {
		for _, st := range c.stubs {
			t := st.CreatedAt
			if (len(owners) == 0 || slices.Contains(owners, st.Owner)) && (!hasStart || t >= start) && (!hasEnd || t < end) {
				els = append(els, st)
			}
		}
	}
	return page(m, els, 50, false)
}

func (s *Server) findProspectNotes(m *mreq) (int, any, *apiError) {
	c, owners, e := s.contractFinder(m, "criteria")
	if e != nil {
		return 0, nil, e
	}
	after, hasAfter, e := millis(m.q, "cutoffDate")
	if e != nil {
		return 0, nil, e
	}
	before, hasBefore, e := millis(m.q, "beforeDate")
	if e != nil {
		return 0, nil, e
	}
	var els []shapes.ProspectNote
	if c != nil {
		for _, n := range c.notes {
			t := n.note.LastModified
			if !n.private && (len(owners) == 0 || slices.Contains(owners, n.note.Owner)) && (!hasAfter || t > after) && (!hasBefore || t <= before) {
				els = append(els, n.note)
			}
		}
	}
	return page(m, els, 100, false)
}
