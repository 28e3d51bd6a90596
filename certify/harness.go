package certify

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
)

// Harness is what an ATS vendor implements over their own ATS for the kit:
// the few things a certification demo does on the ATS's side. The kit plays
// LinkedIn (rscmock) and the recruiter; the Harness plays the ATS and runs
// the vendor's own integration.
//
// Every method must honour ctx: the kit gives each rule a deadline and
// reports a call that outlives it as a timeout naming what it waited for.
// Methods may be called for several tenants, one rule at a time per tenant.
type Harness interface {
	// Connect onboards a customer instance as the ATS's admin does once per
	// customer: keep its credentials, name the RSC integrations at LinkedIn
	// (rsc.IntegrationsService.Enable), register the CALLBACK_URL served by
	// Callbacks, and set the viewer configurations the ATS's ACL policy
	// calls for. The kit then enables the integrations as the customer's
	// Recruiter admin.
	Connect(ctx context.Context, in Instance) error
	// Apply writes changes to the ATS of tenant as its users would, in
	// order, each with whatever the ATS records to sync it (an outbox row).
	// A change with History set is data the customer had before the
	// integration: it is stored without being queued, for the historical
	// sync to send.
	Apply(ctx context.Context, tenant string, changes ...Change) error
	// Sync runs the vendor's integration for tenant until it has nothing
	// left to do now: the historical sync, pending changes, notifications
	// LinkedIn pushed, one round of pulls (rscsync.Runner.SyncOnce).
	Sync(ctx context.Context, tenant string) error
	// Received reports what the ATS holds from LinkedIn for tenant.
	Received(ctx context.Context, tenant string) (Received, error)
	// Callbacks is the ATS's HTTP handler for LinkedIn's push
	// notifications: the kit delivers every POST to a CALLBACK_URL the
	// ATS registered to it, whatever the URL's host.
	Callbacks() http.Handler
}

// AvailabilityChooser is an optional Harness ability. An ATS that does not
// let its customers choose between public and private jobs says so, and
// RSC-102 then checks that it posts every job PRIVATE_TO_ATS_INTEGRATION,
// as LinkedIn asks. Without it the kit assumes the ATS offers the choice
// and honours Job.Public.
type AvailabilityChooser interface {
	OffersAvailabilityChoice() bool
}

// Instance is one customer instance (one Recruiter contract) the kit
// provisions at the fake LinkedIn: a child application with a unique
// foreign id, and the organization and contract the onboarding widget
// would have told the ATS.
type Instance struct {
	// Tenant is the ATS's id of the customer instance; it scopes Apply,
	// Sync and Received.
	Tenant string
	// Name is the customer's name (for the integrations' names).
	Name string
	// Organization is the customer's integrationContext.
	Organization model.URN
	// Contract is the customer's Recruiter contract.
	Contract model.URN
	// Application is the child application's URN; UniqueForeignID the
	// foreign id it was provisioned under.
	Application     model.URN
	UniqueForeignID string
	// ClientID and ClientSecret are the child application's credentials.
	ClientID     string
	ClientSecret model.Secret
	// Options point an rsc client at the fake LinkedIn (base URL, token
	// URL, the kit's transport); NewClient adds the credentials.
	Options []rsc.Option
}

// NewClient returns an rsc.Client acting as the instance's child
// application against the fake LinkedIn; extra options go last.
func (in Instance) NewClient(extra ...rsc.Option) (*rsc.Client, error) {
	opts := append(append([]rsc.Option{}, in.Options...), rsc.WithClientCredentials(in.ClientID, in.ClientSecret.Reveal()))
	return rsc.NewClient(append(opts, extra...)...)
}

// String describes the instance without its secret.
func (in Instance) String() string {
	return fmt.Sprintf("%s (%s, %s, application %s)", in.Tenant, in.Organization, in.Contract, in.Application)
}

// Change is one write to the ATS: a record put (created or changed) or,
// with Delete, removed. Deleting a candidate or an application deletes
// what the ATS keeps under it, as the ATS's own delete does.
type Change struct {
	Record Record
	Delete bool
	// History marks data the customer had before the integration (no
	// outbox row: the historical sync sends it). Only for puts.
	History bool
}

// Put returns a change that creates or updates r.
func Put(r Record) Change { return Change{Record: r} }

// Delete returns a change that removes r (only its ids are read).
func Delete(r Record) Change { return Change{Record: r, Delete: true} }

// History returns a change that stores r as pre-integration data.
func History(r Record) Change { return Change{Record: r, History: true} }

// Record is one of the ATS records the kit writes: Job, Candidate,
// Application, Stage, CandidateNote, ApplicationNote, Feedback, ACLMember
// or Link.
type Record interface {
	// Describe names the record for evidence, e.g. "candidate C1".
	Describe() string
}

// Job is a requisition. Public chooses the availability the customer
// picked (PUBLIC; otherwise PRIVATE_TO_ATS_INTEGRATION).
type Job struct {
	ID, Title, Description, Location string
	Listed                           time.Time
	Closed                           bool
	Public                           bool
}

// Candidate is a person in the ATS.
type Candidate struct {
	ID, FirstName, LastName, Email, Title string
	Created, Modified                     time.Time
}

// Application is a candidate's application to a job.
type Application struct {
	ID, CandidateID, JobID string
	Created                time.Time
}

// Stage is one step of an application's workflow.
type Stage struct {
	ID, ApplicationID, Name string
	At                      time.Time
}

// CandidateNote is a note on a candidate.
type CandidateNote struct {
	ID, CandidateID, Text string
	At                    time.Time
}

// ApplicationNote is a note on an application.
type ApplicationNote struct {
	ID, ApplicationID, Text string
	At                      time.Time
}

// Feedback is interview feedback on an application.
type Feedback struct {
	ID, ApplicationID, Text string
	At                      time.Time
}

// ACLMember puts a Recruiter user (the person URN of a seat holder) on a
// job's access list ACLID (a hiring team); Delete takes them off.
type ACLMember struct {
	JobID, ACLID string
	Member       model.URN
}

// Link is what the ATS's page does when a user links a candidate to a
// LinkedIn member in the profile widget (its data-onlink callback): the
// ATS stores the person URN and sends it as manualMatchedMember.
type Link struct {
	CandidateID string
	Member      model.URN
}

// Describe implements Record.
func (r Job) Describe() string { return "job " + r.ID }

// Describe implements Record.
func (r Candidate) Describe() string { return "candidate " + r.ID }

// Describe implements Record.
func (r Application) Describe() string { return "application " + r.ID }

// Describe implements Record.
func (r Stage) Describe() string { return "stage " + r.ID + " of application " + r.ApplicationID }

// Describe implements Record.
func (r CandidateNote) Describe() string { return "note " + r.ID + " of candidate " + r.CandidateID }

// Describe implements Record.
func (r ApplicationNote) Describe() string {
	return "note " + r.ID + " of application " + r.ApplicationID
}

// Describe implements Record.
func (r Feedback) Describe() string {
	return "interview feedback " + r.ID + " of application " + r.ApplicationID
}

// Describe implements Record.
func (r ACLMember) Describe() string {
	return fmt.Sprintf("%s on access list %s of job %s", r.Member, r.ACLID, r.JobID)
}

// Describe implements Record.
func (r Link) Describe() string {
	return fmt.Sprintf("link of candidate %s to %s", r.CandidateID, r.Member)
}

// Received is what the ATS holds from LinkedIn for a tenant.
type Received struct {
	// Exports are the hiring processes One-Click Exports created: one per
	// (member, job), on the ATS candidate the export landed on.
	Exports []Export
	// Links maps ATS candidate ids to the LinkedIn member (person URN) the
	// ATS stored for them.
	Links map[string]model.URN
	// Integrations are the integration states the ATS pulled (what its
	// admin page shows).
	Integrations []model.Integration
	// HistoricalSync is where the historical sync stands, as the customer
	// sees it.
	HistoricalSync SyncProgress
	// InMails, Stubs and Notes count what else the ATS received.
	InMails, Stubs, Notes int
}

// Export is one One-Click Export as the ATS stored it.
type Export struct {
	Member      model.URN
	JobID       string
	CandidateID string
	// Source is the source (and tags) the ATS recorded on the hiring
	// process; LinkedIn asks that it says LinkedIn.
	Source string
}

// SyncProgress is the historical sync's progress as the ATS shows it.
type SyncProgress struct {
	Done, Total int64
	Complete    bool
	// ShownAs says where the customer sees it, e.g. "admin page: LinkedIn
	// sync complete (1,234 records)".
	ShownAs string
}
