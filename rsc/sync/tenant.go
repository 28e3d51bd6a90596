package rscsync

import (
	"context"
	"fmt"

	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
)

// Tenant is one customer of the ATS, as LinkedIn knows it.
type Tenant struct {
	// ID is the host's id of the customer; it scopes every Store call.
	ID string
	// Client calls LinkedIn as the customer's child application. It carries
	// the application's quotas, so give each tenant its own Client.
	Client *rsc.Client
	// Organization is the customer's integrationContext (urn:li:organization:...).
	Organization model.URN
	// Contract is the Recruiter contract (urn:li:contract:...) whose seats,
	// InMails, notes and stubs are pulled; zero skips those pulls.
	Contract model.URN
}

func (t *Tenant) validate() error {
	if t.ID == "" || t.Client == nil {
		return fmt.Errorf("rscsync: tenant %q needs an ID and a Client", t.ID)
	}
	if !t.Organization.IsType(model.URNTypeOrganization) {
		return fmt.Errorf("rscsync: tenant %q: Organization must be an organization URN, got %q", t.ID, t.Organization)
	}
	if !t.Contract.IsZero() && !t.Contract.IsType(model.URNTypeContract) {
		return fmt.Errorf("rscsync: tenant %q: Contract must be a contract URN, got %q", t.ID, t.Contract)
	}
	return nil
}

// TenantSource lists the tenants to run. The Runner asks again every
// TenantRefresh, so customers that onboard later are picked up, and stops
// those no longer listed. A tenant whose entry differs from the one it was
// started with (compared with ==, so the *rsc.Client pointer counts) is
// restarted: return the same Client for a tenant on every call (keep them
// in a map by tenant ID) and a new one only when its credentials changed.
// A source that built new Clients on every call would restart every
// tenant every TenantRefresh.
type TenantSource interface {
	Tenants(ctx context.Context) ([]Tenant, error)
}

// Tenants is a fixed TenantSource.
type Tenants []Tenant

// Tenants returns ts.
func (ts Tenants) Tenants(context.Context) ([]Tenant, error) { return ts, nil }

// The LinkedIn keys of a record, from its Ref and the tenant.

func (t *Tenant) candidateKey(ref Ref) model.CandidateKey {
	return model.CandidateKey{IntegrationContext: t.Organization, ATSCandidateID: ref.ID}
}

func (t *Tenant) applicationKey(id string) model.ApplicationKey {
	return model.ApplicationKey{IntegrationContext: t.Organization, ATSJobApplicationID: id}
}

func (t *Tenant) candidateNoteKey(ref Ref) model.CandidateNoteKey {
	return model.CandidateNoteKey{Candidate: t.candidateKey(Ref{ID: ref.Parent}), NoteID: ref.ID}
}

func (t *Tenant) applicationNoteKey(ref Ref) model.ApplicationNoteKey {
	return model.ApplicationNoteKey{Application: t.applicationKey(ref.Parent), NoteID: ref.ID}
}

func (t *Tenant) stageKey(ref Ref) model.StageKey {
	return model.StageKey{Application: t.applicationKey(ref.Parent), StageID: ref.ID}
}

func (t *Tenant) attachmentKey(ref Ref) model.AttachmentKey {
	return model.AttachmentKey{Application: t.applicationKey(ref.Parent), AttachmentID: ref.ID}
}

func (t *Tenant) feedbackKey(ref Ref) model.InterviewFeedbackKey {
	return model.InterviewFeedbackKey{Application: t.applicationKey(ref.Parent), FeedbackID: ref.ID}
}

func (t *Tenant) entityACLKey(ref Ref) model.EntityACLKey {
	return model.EntityACLKey{IntegrationContext: t.Organization, ATSEntityACLID: ref.ID, ATSEntityID: ref.Parent, ATSEntityType: model.EntityTypeJobPosting}
}

func (t *Tenant) aclAssigneeKey(ref Ref) model.ACLAssigneeKey {
	return model.ACLAssigneeKey{IntegrationContext: t.Organization, ATSEntityACLID: ref.ID, Assignee: model.URN(ref.Parent), ATSEntityType: model.EntityTypeJobPosting}
}
