package rscmock

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rscmock/internal/console"
	"github.com/rsckit/rsckit/rscmock/internal/records"
	"github.com/rsckit/rsckit/rscmock/internal/sim"
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

// customerState is a customer as the recruiter simulator holds it.
type customerState = sim.Customer

// publicCustomer converts a customer for the typed Go API.
func publicCustomer(c *customerState) Customer {
	out := Customer{Name: c.Name, Organization: model.URN(c.Org), Contract: model.URN(c.Contract), Application: model.URN(c.App.URN),
		ClientID: c.App.ClientID, ClientSecret: c.App.Secret, Seats: make([]Seat, len(c.Seats))}
	for i, st := range c.Seats {
		out.Seats[i] = publicSeat(st)
	}
	return out
}

// publicMember and simMember convert a member between the typed Go API
// and the simulator.
func publicMember(m sim.Member) Member {
	return Member{URN: model.URN(m.URN), FirstName: m.FirstName, LastName: m.LastName, Headline: m.Headline, Email: m.Email,
		ProfileURL: m.ProfileURL, CurrentCompanyName: m.CurrentCompanyName, CurrentJobTitle: m.CurrentJobTitle}
}

func simMember(m Member) sim.Member {
	return sim.Member{URN: string(m.URN), FirstName: m.FirstName, LastName: m.LastName, Headline: m.Headline, Email: m.Email,
		ProfileURL: m.ProfileURL, CurrentCompanyName: m.CurrentCompanyName, CurrentJobTitle: m.CurrentJobTitle}
}

// publicSeat converts a seat for the typed Go API.
func publicSeat(st sim.Seat) Seat {
	return Seat{URN: model.URN(st.URN), Contract: model.URN(st.Contract), Holder: publicMember(st.Holder)}
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
	s.world.Lock()
	defer s.world.Unlock()
	return publicCustomer(s.world.AddCustomerLocked(simSpec(spec)))
}

// simSpec converts a customer spec for the simulator.
func simSpec(spec CustomerSpec) sim.CustomerSpec {
	return sim.CustomerSpec{Name: spec.Name, UniqueForeignID: spec.UniqueForeignID, Organization: string(spec.Organization),
		Contract: string(spec.Contract), ClientID: spec.ClientID, ClientSecret: spec.ClientSecret, Seats: spec.Seats,
		ValidJSSDKDomains: spec.ValidJSSDKDomains}
}

// Customers returns every customer.
func (s *Server) Customers() []Customer {
	s.world.Lock()
	defer s.world.Unlock()
	out := []Customer{}
	for _, c := range s.world.R.Customers() {
		out = append(out, publicCustomer(c))
	}
	return out
}

// AddMember adds (or replaces) a LinkedIn member; zero fields get generated values.
func (s *Server) AddMember(m Member) Member {
	s.world.Lock()
	defer s.world.Unlock()
	return publicMember(s.world.R.AddMember(simMember(m)))
}

// Members returns every member, in the order added.
func (s *Server) Members() []Member {
	s.world.Lock()
	defer s.world.Unlock()
	return convertAll(s.world.R.Members(), publicMember)
}

// AddSeat adds a seat on contract held by holder: the member with holder.URN
// when one exists, otherwise holder added as a new member (zero fields get
// generated values).
func (s *Server) AddSeat(contract model.URN, holder Member) (Seat, error) {
	st, err := s.world.AddSeat(string(contract), simMember(holder))
	if err != nil {
		return Seat{}, err
	}
	return publicSeat(st), nil
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
	d, err := s.world.SetIntegrationEnabled(ctx, string(key.IntegrationContext), string(key.IntegrationType), string(key.TenantType), enabled)
	return publicDelivery(d), err
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

func jobOf(j sim.Job) Job {
	return Job{ExternalJobPostingID: j.ExternalJobPostingID, Title: j.Title, Location: j.Location, JobPosting: model.URN(j.URN), Closed: j.Closed}
}

// ExportJobs returns the open jobs a seat may export to: jobs with an ACL
// the seat's holder is assigned to, or every job when JOB_POSTING_VIEWERS is
// ALL_PRODUCT_USERS.
func (s *Server) ExportJobs(seat model.URN) []Job {
	s.world.Lock()
	defer s.world.Unlock()
	return convertAll(s.world.Synced.ExportJobs(string(seat)), jobOf)
}

// Errors of the recruiter simulator.
var (
	ErrExportQuota    = sim.ErrExportQuota
	ErrJobNotVisible  = sim.ErrJobNotVisible
	ErrNotEnabled     = sim.ErrNotEnabled
	ErrNoCallbackURL  = sim.ErrNoCallbackURL
	ErrUnknownSeat    = sim.ErrUnknownSeat
	ErrUnknownMember  = sim.ErrUnknownMember
	ErrNothingToPurge = sim.ErrNothingToPurge
)

// Export exports member to job externalJobPostingID as seat (One-Click
// Export): it checks the job is visible to the seat and the seat's monthly
// quota, stores the export, and POSTs EXPORT_CANDIDATE_PROFILE to the
// customer's CALLBACK_URL. It returns the request id.
func (s *Server) Export(ctx context.Context, seat, member model.URN, externalJobPostingID string) (string, Delivery, error) {
	id, d, err := s.world.Export(ctx, string(seat), string(member), externalJobPostingID)
	return id, publicDelivery(d), err
}

// Purge closes member's profile: every customer that exported the member
// finds it in atsPurgedExportedCandidates.
func (s *Server) Purge(member model.URN) error {
	return s.world.Purge(string(member))
}

// SendInMail records an InMail from seat to member.
func (s *Server) SendInMail(seat, member model.URN, subject, body string) (model.ConversationEvent, error) {
	ev, err := s.world.SendInMail(string(seat), string(member), subject, body)
	return inmailModel(ev), err
}

// ReplyInMail records member's reply to seat's InMail; with shareContact the
// member shares contact details, which creates a mail stub.
func (s *Server) ReplyInMail(seat, member model.URN, body string, shareContact bool) (model.ConversationEvent, *model.MailStub, error) {
	ev, stub, err := s.world.ReplyInMail(string(seat), string(member), body, shareContact)
	if stub == nil {
		return inmailModel(ev), nil, err
	}
	ms := stubModel(*stub)
	return inmailModel(ev), &ms, err
}

// AddProspectNote records a Recruiter note by seat about member. Private
// notes are visible only in Recruiter, not through prospectNotes.
func (s *Server) AddProspectNote(seat, member model.URN, text string, private bool) (model.ProspectNote, error) {
	n, err := s.world.AddProspectNote(string(seat), string(member), text, private)
	return noteModel(n), err
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

// InATS returns the In-ATS indicator of member for organization org. When
// seat is not empty, applications are limited to what the seat may see
// (APPLICATION_VIEWERS=ALL_PRODUCT_USERS, or an ACL on the application's job).
func (s *Server) InATS(org, member, seat model.URN) Indicator {
	s.world.Lock()
	d := s.world.Synced.InATS(string(org), string(member), string(seat))
	s.world.Unlock()
	return Indicator(console.Summary(d))
}

// decodeBody decodes a stored entity's body into v: the typed Go API's
// conversion to rsc/model values, never used to answer a request.
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
	s.world.Lock()
	defer s.world.Unlock()
	out := []model.Candidate{}
	for _, e := range s.st.Sorted(records.Candidate.Name, func(k rkey) bool { return k["ctx"] == string(ctx) }) {
		var c model.Candidate
		decodeBody(e, &c)
		c.Key = candKey(e.Key)
		out = append(out, c)
	}
	return out
}
