package rsc

import (
	"fmt"
)

// Client calls LinkedIn's RSC APIs for one customer: it authenticates as that
// customer's child application (see PartnerClient.ProvisionCustomer) and
// counts that application's quotas. Build one Client per customer; share one
// *http.Transport between them with WithTransport.
//
// A Client is immutable and safe for concurrent use. Its services are fields:
//
//	c.Candidates.BatchUpdate(ctx, candidates)
type Client struct {
	core *core

	// Integrations names and reads the customer's integrations (atsIntegrations).
	Integrations *IntegrationsService
	// Configurations sets integration configurations such as CALLBACK_URL.
	Configurations *ConfigurationsService
	// JobPostings syncs jobs (simpleJobPostings) and reads their tasks.
	JobPostings *JobPostingsService
	// Candidates syncs candidates, reads their member matches and attaches person URNs.
	Candidates *CandidatesService
	// CandidateNotes syncs notes on candidates.
	CandidateNotes *CandidateNotesService
	// Applications syncs job applications.
	Applications *ApplicationsService
	// ApplicationNotes syncs notes on applications.
	ApplicationNotes *ApplicationNotesService
	// Stages syncs the stage history of applications.
	Stages *StagesService
	// InterviewFeedback syncs interview feedback (scorecards) of applications.
	InterviewFeedback *InterviewFeedbackService
	// EntityACLs syncs which security groups may see a job.
	EntityACLs *EntityACLsService
	// ACLAssignees syncs which LinkedIn members belong to a security group.
	ACLAssignees *ACLAssigneesService
	// Exports reads One-Click Export results and purged exported profiles.
	Exports *ExportsService
	// Seats lists the Recruiter seats of a contract.
	Seats *SeatsService
	// InMails reads InMail history per seat (conversationEvents).
	InMails *InMailsService
	// MailStubs reads the stub profiles members shared in InMail replies.
	MailStubs *MailStubsService
	// ProspectNotes reads Recruiter notes on prospects.
	ProspectNotes *ProspectNotesService
	// Evaluations reads LinkedIn Hiring Assistant evaluations of applications.
	Evaluations *EvaluationsService
	// Attachments syncs the resumes of applications.
	Attachments *AttachmentsService
}

type service struct{ c *core }

// NewClient returns a Client for one customer's child application. It needs
// WithClientCredentials or WithTokenSource, and makes no network call.
func NewClient(opts ...Option) (*Client, error) {
	cfg := defaultConfig()
	if err := applyOptions(&cfg, opts); err != nil {
		return nil, err
	}
	co, err := newCore(cfg, nil, nil)
	if err != nil {
		return nil, err
	}
	return newClient(co), nil
}

func applyOptions(cfg *config, opts []Option) error {
	for _, o := range opts {
		if o == nil {
			return fmt.Errorf("rsc: nil Option")
		}
		if err := o.apply(cfg); err != nil {
			return err
		}
	}
	return nil
}

func newClient(co *core) *Client {
	s := service{co}
	return &Client{
		core:              co,
		Integrations:      (*IntegrationsService)(&s),
		Configurations:    (*ConfigurationsService)(&s),
		JobPostings:       (*JobPostingsService)(&s),
		Candidates:        (*CandidatesService)(&s),
		CandidateNotes:    (*CandidateNotesService)(&s),
		Applications:      (*ApplicationsService)(&s),
		ApplicationNotes:  (*ApplicationNotesService)(&s),
		Stages:            (*StagesService)(&s),
		InterviewFeedback: (*InterviewFeedbackService)(&s),
		EntityACLs:        (*EntityACLsService)(&s),
		ACLAssignees:      (*ACLAssigneesService)(&s),
		Exports:           (*ExportsService)(&s),
		Seats:             (*SeatsService)(&s),
		InMails:           (*InMailsService)(&s),
		Evaluations:       (*EvaluationsService)(&s),
		Attachments:       (*AttachmentsService)(&s),
		MailStubs:         (*MailStubsService)(&s),
		ProspectNotes:     (*ProspectNotesService)(&s),
	}
}

// Clone returns a Client with opts applied on top of c's configuration. The
// clone shares c's rate limits unless opts replace them (WithRateLimits), and
// c's cached token unless opts set how tokens are fetched
// (WithClientCredentials, WithTokenSource, WithTokenURL, WithTransport or
// WithHTTPClient, even with the values c already has).
func (c *Client) Clone(opts ...Option) (*Client, error) {
	co, err := c.core.clone(opts)
	if err != nil {
		return nil, err
	}
	return newClient(co), nil
}

func (c *core) clone(opts []Option) (*core, error) {
	cfg := c.cfg
	cfg.newTokens = false
	if err := applyOptions(&cfg, opts); err != nil {
		return nil, err
	}
	lim, tokens := c.lim, c.tokens
	if cfg.limits != c.cfg.limits { // a pointer: each WithRateLimits call makes a new one
		lim = nil
	}
	if cfg.newTokens {
		tokens = nil
	}
	return newCore(cfg, lim, tokens)
}

// String describes the client without its secret.
func (c *Client) String() string { return c.core.String() }

func (c *core) String() string {
	id := c.cfg.clientID
	if id == "" {
		id = "token source"
	}
	return fmt.Sprintf("rsc.Client{%s %s}", id, c.cfg.baseURL)
}

// GoString describes the client without its secret.
func (c *Client) GoString() string { return c.String() }
