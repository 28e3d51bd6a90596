// Package rsc is a Go client for LinkedIn Recruiter System Connect (RSC),
// the APIs an applicant tracking system (ATS) uses to show its jobs,
// candidates and applications inside LinkedIn Recruiter and to receive
// One-Click Exports, InMails and notes back.
//
// # Clients
//
// A PartnerClient authenticates as the partner's parent application and
// provisions one child application per customer:
//
//	p, _ := rsc.NewPartnerClient(rsc.WithClientCredentials(parentID, parentSecret))
//	app, _, err := p.ProvisionCustomer(ctx, model.ProvisionedApplication{
//		UniqueForeignID: "acme-1", Name: "My ATS - Acme", Description: "Acme"})
//	// store app.Credentials (the SDK never persists secrets)
//
// A Client authenticates as one customer's child application; everything
// else goes through it:
//
//	c, _ := rsc.NewClient(rsc.WithClientCredentials(app.Credentials.ClientID,
//		app.Credentials.ClientSecret.Reveal()))
//	results, err := c.Candidates.BatchUpdate(ctx, candidates)
//
// Multi-tenant hosts build one Client per customer and share one
// *http.Transport between them with WithTransport; each Client keeps its own
// token and its own quotas. Constructors make no network call.
//
// # Batches and results
//
// LinkedIn's sync endpoints are upserts keyed by the ATS's own ids, at most
// 100 records per call (MaxBatchSize). Batch methods validate every record
// first (a *model.ValidationError names the record and field, before any
// request), then return one Result per record: a record LinkedIn rejected
// carries its own *APIError, while the method's error is reserved for a
// request that failed as a whole.
//
// Resumes (Attachments) go at most 10 per call, their content streamed from
// Attachment.Open and never held in memory. Jobs are submitted as
// asynchronous tasks; PlanJob says which operation brings LinkedIn to the
// job the ATS has, and DeleteDone, AlreadyClosed, AuthFailure and
// RequestUnknown say what LinkedIn's refusals mean. Finders that select by
// time take one half-open Window.
//
// # Quotas, retries and errors
//
// The client counts LinkedIn's documented quotas itself (QuotaGroup,
// DefaultRateLimits): records per minute for the sync resources and requests
// per UTC day per group. A used-up daily quota returns *QuotaError until
// 00:00 UTC without sending anything; a per-minute wait that cannot finish
// before the context's deadline returns *LocalThrottleError. Retries
// (RetryPolicy) repeat only what is safe for its Rest.li method, honour
// Retry-After and stop when the context ends. Errors from LinkedIn are
// *APIError and match ErrNotFound, ErrUnauthorized, ErrForbidden,
// ErrConflict, ErrRateLimited, ErrInvalidRequest or ErrServer through
// errors.Is.
//
// # Protocols
//
// By default every resource LinkedIn has versioned goes to /rest, with
// Rest.li 2.0 keys and the LinkedIn-Version header (DefaultAPIVersion,
// WithAPIVersion); the others (entity ACLs, InMails, mail stubs, prospect
// notes, provisioning) stay on /v2 with Rest.li 1.0 keys
// (ids[0].atsEntityAclId=...). WithVersionedEndpoints(false) keeps
// everything on /v2. URLs over 8 KB or queries over 4
// KB are sent with Rest.li query tunneling.
//
// # LinkedIn to ATS
//
// NotificationHandler receives pushes at a customer's CALLBACK_URL;
// Exports.Get, Integrations.FindByRequest and Evaluations.Get (Hiring
// Assistant) fetch what they point to.
// Seats, InMails, MailStubs and ProspectNotes are finders with All
// iterators. WebhookHandler, ChallengeResponse and VerifySignature serve
// Developer Portal webhooks.
//
// Secrets never appear in this package's errors, logs or String output.
package rsc
