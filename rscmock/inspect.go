package rscmock

import (
	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rscmock/internal/records"
	"github.com/rsckit/rsckit/rscmock/internal/sim"
)

// More errors of the recruiter simulator.
var (
	ErrUnknownContext   = sim.ErrUnknownContext
	ErrUnknownCandidate = sim.ErrUnknownCandidate
	ErrNotPerson        = sim.ErrNotPerson
)

// Bundles of the onboarding widget's data-supported-bundled-integration-types
// that belong to Recruiter System Connect.
const (
	// BundleCompany requests the organization-level integrations
	// (ONE_CLICK_EXPORT, IN_ATS_INDICATOR, PROFILE_PLUGIN).
	BundleCompany = "RECRUITER_SYSTEM_CONNECT_COMPANY"
	// BundleContract requests the contract-level CSA_API integration.
	BundleContract = "RECRUITER_SYSTEM_CONNECT_CONTRACT"
)

// Onboarding states of an integration, as the mock's onboarding widget and
// console label them.
//
// Assumption: LinkedIn documents only "REQUESTED" (in the data-onintegrate
// payload); the other names are the mock's own for the steps its docs
// describe ("Partner ready", "Enabled").
const (
	OnboardingNotRequested = "NOT_REQUESTED"
	OnboardingRequested    = "REQUESTED"
	OnboardingPartnerReady = "PARTNER_READY"
	OnboardingEnabled      = "ENABLED"
)

// IntegrationState is one integration of a customer as Recruiter's admin
// settings and the onboarding widget show it.
type IntegrationState struct {
	IntegrationContext model.URN             `json:"integrationContext"`
	IntegrationType    model.IntegrationType `json:"integrationType"`
	TenantType         model.TenantType      `json:"tenantType"`
	// IntegrationName is the name the partner set (empty until it did).
	IntegrationName string `json:"integrationName,omitempty"`
	// Status is what atsIntegrations answers: ENABLED, DISABLED, or empty
	// when LinkedIn has no record of the integration yet.
	Status string `json:"status,omitempty"`
	// OnboardingStatus is NOT_REQUESTED, REQUESTED, PARTNER_READY (the
	// partner named it) or ENABLED.
	OnboardingStatus string `json:"onboardingStatus"`
}

// IntegrationRequest is one element of the array the onboarding widget passes
// to the page's data-onintegrate callback.
type IntegrationRequest struct {
	IntegrationContext model.URN             `json:"integrationContext"`
	IntegrationType    model.IntegrationType `json:"integrationType"`
	OnboardingStatus   string                `json:"onboardingStatus"`
	TenantType         model.TenantType      `json:"tenantType"`
}

// Customer returns the customer whose organization or contract is ctx.
func (s *Server) Customer(ctx model.URN) (Customer, bool) {
	s.world.Lock()
	defer s.world.Unlock()
	if c := s.world.R.Customer(string(ctx)); c != nil {
		return publicCustomer(c), true
	}
	return Customer{}, false
}

// Member returns the member with URN u.
func (s *Server) Member(u model.URN) (Member, bool) {
	s.world.Lock()
	defer s.world.Unlock()
	if m, ok := s.world.R.Member(string(u)); ok {
		return publicMember(m), true
	}
	return Member{}, false
}

// SearchMembers returns the members whose name, email, headline, company,
// title or URN contains every word of query (case-insensitive), in the order
// added. An empty query returns every member.
func (s *Server) SearchMembers(query string) []Member {
	s.world.Lock()
	defer s.world.Unlock()
	return convertAll(s.world.R.SearchMembers(query), publicMember)
}

// Jobs returns the jobs synced for organization org, open or closed, by
// externalJobPostingId.
func (s *Server) Jobs(org model.URN) []Job {
	s.world.Lock()
	defer s.world.Unlock()
	return convertAll(s.jobs.List(string(org)), jobOf)
}

// Applications returns the applications synced for integration context ctx,
// by ATS id.
func (s *Server) Applications(ctx model.URN) []model.Application {
	s.world.Lock()
	defer s.world.Unlock()
	out := []model.Application{}
	for _, e := range s.st.Sorted(records.Application.Name, func(k rkey) bool { return k["ctx"] == string(ctx) }) {
		var a model.Application
		decodeBody(e, &a)
		a.Key = appKey(e.Key)
		out = append(out, a)
	}
	return out
}

// CandidateMatches returns the member matches of a synced candidate as a
// batch get of atsCandidates answers them: LinkedIn's matches (same email or
// profile URL) and the manualMatchedMember.
func (s *Server) CandidateMatches(key model.CandidateKey) (model.CandidateMatches, bool) {
	s.world.Lock()
	defer s.world.Unlock()
	e, ok := s.st.Get(records.Candidate.Name, candRKey(key))
	if !ok {
		return model.CandidateMatches{}, false
	}
	c := sim.CandidateOf(e.Body)
	return model.CandidateMatches{Key: key, MatchedMembers: urns(s.world.Synced.MatchedMembers(e)), ManualMatchedMember: model.URN(c.ManualMatchedMember)}, true
}

// SetManualMatch sets the manualMatchedMember of a synced candidate, as a
// link in LinkedIn's profile widget does; an empty member removes it.
func (s *Server) SetManualMatch(key model.CandidateKey, member model.URN) error {
	if member != "" && !member.IsType(model.URNTypePerson) {
		return ErrNotPerson
	}
	s.world.Lock()
	defer s.world.Unlock()
	return s.world.SetManualMatchLocked(candRKey(key), string(member))
}

// Integrations returns the RSC integrations of the customer of ctx (its
// organization or contract) and any other integration stored for them.
func (s *Server) Integrations(ctx model.URN) ([]IntegrationState, error) {
	s.world.Lock()
	defer s.world.Unlock()
	c, err := s.world.CustomerLocked(string(ctx))
	if err != nil {
		return nil, err
	}
	return convertAll(s.world.IntegrationsLocked(c), publicIntegration), nil
}

// publicIntegration converts an integration state for the typed Go API.
func publicIntegration(is sim.IntegrationState) IntegrationState {
	return IntegrationState{IntegrationContext: model.URN(is.IntegrationContext), IntegrationType: model.IntegrationType(is.IntegrationType),
		TenantType: model.TenantType(is.TenantType), IntegrationName: is.IntegrationName, Status: is.Status, OnboardingStatus: is.OnboardingStatus}
}

// publicRequest converts a data-onintegrate element for the typed Go API.
func publicRequest(r sim.IntegrationRequest) IntegrationRequest {
	return IntegrationRequest{IntegrationContext: model.URN(r.IntegrationContext), IntegrationType: model.IntegrationType(r.IntegrationType),
		OnboardingStatus: r.OnboardingStatus, TenantType: model.TenantType(r.TenantType)}
}

// RequestIntegrations records that the customer of ctx requested the
// integrations of bundles (BundleCompany, BundleContract; both when none;
// other bundles are not RSC and are ignored), as the Request button of the
// onboarding widget does, and returns the data-onintegrate payload.
func (s *Server) RequestIntegrations(ctx model.URN, bundles ...string) ([]IntegrationRequest, error) {
	s.world.Lock()
	defer s.world.Unlock()
	c, err := s.world.CustomerLocked(string(ctx))
	if err != nil {
		return nil, err
	}
	return convertAll(sim.RequestLocked(c, bundles), publicRequest), nil
}

// InMails returns the InMail events between the seats of the customer of ctx
// and member (every member when empty), oldest first.
func (s *Server) InMails(ctx, member model.URN) ([]model.ConversationEvent, error) {
	evs, err := s.world.InMails(string(ctx), string(member))
	return convertAll(evs, inmailModel), err
}

// MailStubs returns the stub profiles of members of the customer of ctx who
// shared their contact details (member's only, when not empty).
func (s *Server) MailStubs(ctx, member model.URN) ([]model.MailStub, error) {
	stubs, err := s.world.MailStubs(string(ctx), string(member))
	return convertAll(stubs, stubModel), err
}

// ProspectNotes returns every prospect note of the customer of ctx about
// member (every member when empty), private ones included (Visibility
// "PRIVATE"; prospectNotes does not serve those).
func (s *Server) ProspectNotes(ctx, member model.URN) ([]model.ProspectNote, error) {
	notes, err := s.world.ProspectNotes(string(ctx), string(member))
	return convertAll(notes, noteModel), err
}
