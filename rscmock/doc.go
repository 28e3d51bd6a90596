// Package rscmock is a fake LinkedIn Recruiter System Connect (RSC) that
// behaves like the real one, for tests and local development.
//
// It serves, on one base URL, the OAuth token endpoint
// (/oauth/v2/accessToken, client_credentials), every /v2 resource the rsc
// client calls with Rest.li 1.0 keys, and the versioned /rest resources with
// Rest.li 2.0 keys. Its Rest.li request parser is its own code, checked
// against LinkedIn's Rest.li test vectors, so an encoding bug of the client
// cannot hide by being wrong the same way on both sides.
//
// It is as strict about headers as LinkedIn documents: every /rest call
// needs LinkedIn-Version as YYYYMM or YYYYMM.NN (202603, 202508.02) and
// X-Restli-Protocol-Version: 2.0.0, and every /v2 or /rest call with a JSON
// body (provisioning included) needs Content-Type: application/json (a
// tunneled call, as a multipart/mixed part of that type), or it gets a 400 in
// LinkedIn's error shape ({"status", "message"}, plus "code":
// "VERSION_MISSING" or "INVALID_VERSION" for the version).
//
// State (applications, customers, synced entities, jobs, seats, members,
// InMails, notes, stubs, exports, purges) lives in memory behind one mutex;
// ids come from counters and a seeded generator, so a run is deterministic
// given WithSeed. Tokens expire (WithTokenTTL); quotas (requests per day,
// records per minute, exports per seat and month) follow a clock the caller
// controls (WithClock). Faults are injected per operation with InjectFault.
//
// In a test:
//
//	srv := rscmock.NewServer(t)
//	client := srv.Client(t)
//	res, err := client.Candidates.BatchUpdate(ctx, candidates)
//
// The recruiter side (AddCustomer, AddMember, AddSeat, SetIntegrationEnabled,
// RequestIntegrations, Export, SendInMail, ReplyInMail, AddProspectNote,
// Purge, SetManualMatch) and inspection (InATS, PastApplicants, ExportJobs,
// Integrations, Jobs, Candidates, Applications, CandidateMatches, InMails,
// MailStubs, ProspectNotes, Deliveries, Entity) are Go methods, JSON
// endpoints under /_mock/, and, for people, pages of the console at
// /_console/. The command rscmock/cmd/rscmock runs the server standalone for
// teams in any language.
//
// # The /_mock/ JSON API
//
// Every recruiter action and inspection is a JSON endpoint, so an ATS
// written in Python, Node or anything else can drive the fake from its tests
// with plain HTTP. There is no authentication: serve it on loopback only.
//
// Conventions:
//   - Actions take POST with a JSON object body; an empty body is {}. Unknown
//     fields are rejected (400), so a misspelt field does not pass silently.
//   - Inspection takes GET with query parameters. integrationContext names
//     the customer; organization (and, for a customer's lists, contract) are
//     accepted as aliases. Lists are repeated or comma-separated parameters.
//   - Any other method gets 405 with an Allow header; an unknown path 404.
//   - Every name is camelCase; URNs are strings ("urn:li:person:m1ab").
//   - Errors are {"status": 400, "message": "..."}: 400 bad input; 404 unknown
//     seat, member, contract, candidate or integration context; 403 the seat
//     may not see the job; 409 integration not enabled, ONE_CLICK_EXPORT
//     enabled before its CALLBACK_URL is configured, nothing to purge, or an
//     organization, contract or client id already taken; 429 monthly export
//     quota of the seat used up.
//   - Every count and size is bounded (limits.go): a body of at most
//     MaxMockBody bytes, 0 to MaxSeatsPerCustomer seats per customer, at most
//     MaxDomains validJsSdkDomains, MaxCustomers customers, MaxMembers
//     members, MaxFaults active faults, MaxListParam values in a list
//     parameter, fault counts up to MaxFaultCount, latencyMs up to
//     MaxFaultLatency and retryAfterSeconds up to MaxFaultRetryAfter. A
//     request over a limit answers 400 naming it and changes nothing.
//
// A session with curl and jq, B being the base_url the command printed:
//
//	B=http://127.0.0.1:8080
//	ORG=$(curl -s $B/_mock/customers | jq -r '.[0].organization')
//	SEAT=$(curl -s $B/_mock/customers | jq -r '.[0].seats[0].urn')
//	MEMBER=$(curl -s -X POST $B/_mock/members \
//	  -d '{"firstName":"Grace","lastName":"Hopper","email":"grace@example.com"}' | jq -r .urn)
//	# ...the ATS syncs jobs, candidates and its CALLBACK_URL through /v2 or /rest...
//	curl -s -X POST $B/_mock/integrations/enable \
//	  -d "{\"integrationContext\":\"$ORG\",\"integrationType\":\"ONE_CLICK_EXPORT\",\"enabled\":true}"
//	curl -s -X POST $B/_mock/exports \
//	  -d "{\"seat\":\"$SEAT\",\"member\":\"$MEMBER\",\"externalJobPostingId\":\"J1\"}"
//	# => {"requestId":"9000001","delivery":{...}}; the ATS now reads
//	#    GET /v2/exportedCandidates?q=request&requestId=9000001
//	curl -s "$B/_mock/inats?integrationContext=$ORG&member=$MEMBER"
//
// Objects in the answers:
//
//	Customer   {"name", "organization", "contract", "application", "clientId", "clientSecret", "seats": [Seat]}
//	Seat       {"urn", "contract", "holder": Member}
//	Member     {"urn", "firstName", "lastName", "headline", "email", "profileUrl", "currentCompanyName", "currentJobTitle"}
//	Delivery   {"url", "notification": {"id", "type", "expiresAt"}, "status", "error"}
//	Job        {"externalJobPostingId", "title", "location", "jobPosting", "closed"}
//	Indicator  {"candidates": [atsCandidateId], "applications": [atsJobApplicationId], "stages": [name], "notes": n, "feedback": n}
//	Integration {"integrationContext", "integrationType", "tenantType", "integrationName", "status", "onboardingStatus"}
//	Matches    {"integrationContext", "atsCandidateId", "matchedMembers": [urn], "manualMatchedMember"}
//	InMail events, mail stubs and prospect notes have the shape their /v2 finders serve.
//
// The endpoints (GET /_mock/ lists them too):
//
//	GET /_mock/
//	    The list of endpoints: {"endpoints": [{"method", "path", "summary"}]}.
//	GET /_mock/customers
//	    Every customer: [Customer].
//	POST /_mock/customers
//	    Adds a customer with its child application: {"name", "uniqueForeignId",
//	    "organization", "contract", "clientId", "clientSecret", "seats": 3,
//	    "validJsSdkDomains": ["https://ats.example.com"]}, every field optional.
//	    Answers 201 Customer.
//	GET /_mock/members?q=grace
//	    Members whose name, email, headline, company, title or URN holds every
//	    word of q (all without q): [Member].
//	POST /_mock/members
//	    Adds (or, with an existing "urn", replaces) a member: Member fields,
//	    missing ones generated. Answers 201 Member.
//	POST /_mock/seats
//	    Adds a seat: {"contract", "member": urn} for an existing member, or
//	    {"contract", "holder": {Member fields}} for a new one. Answers 201 Seat.
//	GET /_mock/integrations?integrationContext=
//	    The customer's RSC integrations: [Integration]; onboardingStatus is
//	    NOT_REQUESTED, REQUESTED, PARTNER_READY (the partner set its name) or
//	    ENABLED.
//	POST /_mock/integrations/enable
//	    The Recruiter admin switches an integration: {"integrationContext",
//	    "integrationType", "tenantType" (default RECRUITER), "enabled": true}.
//	    POSTs INTEGRATION_STATUS_CHANGE to the CALLBACK_URL (readable with
//	    atsIntegrations?q=request&requestId=) and answers the Delivery.
//	    Enabling ONE_CLICK_EXPORT answers 409 until the ATS has configured
//	    its CALLBACK_URL, which LinkedIn makes mandatory.
//	POST /_mock/integrations/request
//	    The customer clicks Request in the onboarding widget:
//	    {"integrationContext", "bundles": ["RECRUITER_SYSTEM_CONNECT_COMPANY",
//	    "RECRUITER_SYSTEM_CONNECT_CONTRACT"]} (both when absent). Answers the
//	    data-onintegrate payload: [{"integrationContext", "integrationType",
//	    "onboardingStatus": "REQUESTED", "tenantType": "RECRUITER"}].
//	GET /_mock/jobs?integrationContext=
//	    Synced jobs, open or closed: [Job].
//	GET /_mock/candidates?integrationContext=
//	    Synced candidates: their stored fields plus "integrationContext",
//	    "atsCandidateId" and LinkedIn's "matchedMembers".
//	GET /_mock/matches?integrationContext=&atsCandidateId=
//	    One candidate's Matches (as a batch get of atsCandidates returns them).
//	POST /_mock/candidates/match
//	    Links a candidate as the profile widget does: {"integrationContext",
//	    "atsCandidateId", "member": urn}; without "member" it unlinks. Answers
//	    Matches.
//	GET /_mock/applications?integrationContext=
//	    Synced applications: stored fields plus "integrationContext" and
//	    "atsJobApplicationId".
//	GET /_mock/inats?integrationContext=&member=&seat=
//	    The In-ATS indicator Recruiter shows for a member: Indicator. With seat,
//	    only the applications the seat may see (APPLICATION_VIEWERS or ACLs).
//	GET /_mock/pastApplicants?integrationContext=&members=urn1,urn2
//	    Which members of a search have applied: {"count", "members": [urn]}.
//	GET /_mock/exportJobs?seat=
//	    The jobs in the seat's "Export to ATS" drop-down (ACLs or
//	    JOB_POSTING_VIEWERS): [Job].
//	POST /_mock/exports
//	    One-Click Export: {"seat", "member", "externalJobPostingId"}. Checks
//	    ONE_CLICK_EXPORT is enabled, the seat sees the job and the monthly
//	    quota; POSTs EXPORT_CANDIDATE_PROFILE to the CALLBACK_URL. Answers
//	    {"requestId", "delivery": Delivery}; the export is then served at
//	    exportedCandidates?q=request&requestId=.
//	POST /_mock/inmails
//	    The seat sends an InMail: {"seat", "member", "subject", "body"}.
//	    Answers the event as conversationEvents serves it.
//	POST /_mock/inmails/reply
//	    The member replies: {"seat", "member", "body", "shareContact": true};
//	    sharing contact details creates a mail stub. Answers {"event", "stub"}
//	    (stub null without shareContact).
//	POST /_mock/prospectNotes
//	    The seat writes a note: {"seat", "member", "note", "private": false}
//	    ("body" is accepted for "note"). Private notes are not served by
//	    prospectNotes. Answers the note.
//	POST /_mock/purge
//	    The member closes their profile: {"member"}. Every customer that
//	    exported them finds it in atsPurgedExportedCandidates. Answers
//	    {"member", "status": "purged"}; 409 if never exported.
//	GET /_mock/conversationEvents?integrationContext=&member=
//	    The customer's InMail events (the member's only, with member).
//	GET /_mock/mailStubs?integrationContext=&member=
//	    The customer's mail stubs.
//	GET /_mock/notes?integrationContext=&member=
//	    The customer's prospect notes, private ones included.
//	GET /_mock/deliveries
//	    Every notification POSTed so far: [Delivery].
//	GET /_mock/entity?kind=candidate&ctx=urn:li:organization:1001&cand=C1
//	    One stored entity as the ATS sent it. Kinds and key fields: candidate
//	    (ctx, cand), candidateNote (ctx, cand, note), application (ctx, app),
//	    applicationNote (ctx, app, note), stage (ctx, app, stage), feedback
//	    (ctx, app, fb), acl (ctx, acl, entity, etype), assignee (ctx, acl,
//	    assignee, etype), integration (ctx, itype, tenant), configuration (ctx,
//	    itype, tenant, name).
//	GET /_mock/faults
//	    The faults injected since the last clear.
//	POST /_mock/faults
//	    Injects a fault: {"op": "BATCH_UPDATE /v2/atsCandidates" (all calls
//	    when absent), "status": 503, "latencyMs": 200, "drop": true,
//	    "burst429": 3, "retryAfterSeconds": 1, "dailyExhausted": true,
//	    "rate": 0.1, "count": 5}. Answers 201 with the faults.
//	POST /_mock/faults/clear
//	    Removes every fault.
//
// # Attacks
//
// Attacks tried against the fake, what it does, and the test that proves it:
//
//	attack                                         | what the fake does                                     | test
//	-----------------------------------------------+--------------------------------------------------------+------------------------------
//	POST /_mock/customers {"seats":1000000000}     | 400 naming MaxSeatsPerCustomer, before taking the lock | TestAttackMockCounts
//	POST /_mock/customers {"seats":-1}             | 400 naming MaxSeatsPerCustomer (was accepted silently) | TestAttackMockCounts
//	faults with huge or negative count, burst429,  | 400 naming the limit                                   | TestAttackMockCounts
//	  latencyMs, retryAfterSeconds                 |                                                        |
//	a /_mock/ body over 1 MiB                      | 400 naming MaxMockBody (was truncated, then misread)   | TestAttackMockCounts
//	many POSTs of customers, members, seats, faults| 400 once MaxCustomers, MaxMembers or MaxFaults is held | TestAttackMockTotals
//	AddCustomer(CustomerSpec{Seats: 1e9}) in Go    | panics before touching state (a test's own mistake)    | TestAddCustomerPanicsOverLimits
//
// # The console
//
// /_console/ shows, without reading any docs, what LinkedIn Recruiter would
// show: the tenants with their organization, contract and integration states
// (each with Enable/Disable buttons, as the Recruiter admin); per tenant the
// synced jobs (with the seats that may export to each), candidates (with
// LinkedIn's and the manual match) and applications (with stages); a member
// search with its past applicants; a member page with the In-ATS indicator
// as a chosen seat sees it (applications, stages, notes, feedback); and a
// seat page with its export job list. Forms export a member to a job, send an
// InMail, reply with or without contact details, add a (private) prospect
// note, purge an exported profile and add members. Each calls the same Go
// method as /_mock/, then redirects back with a message (an error, e.g.
// enabling ONE_CLICK_EXPORT without a CALLBACK_URL, shows as one). The
// tenant page shows the child application's demo credentials, marked as fake.
//
// # Widget stand-ins
//
// /xdoor/scripts/in.js (also /_widgets/in.js) stands in for LinkedIn's
// in.js: an ATS page that embeds the widgets exactly as LinkedIn documents,
// with the script's host pointed at the mock, gets the profile widget
// (IN/HcmWidget, at /_widgets/profile) and the onboarding widget
// (IN/ATSIntegrationWidget, at /_widgets/onboarding) in iframes. The API key
// is the child application's client id; an unknown key, or a page whose
// Origin or Referer host is not in the application's validJsSdkDomains (when
// it lists any), shows MsgUnauthorizedDomain.
//
// The profile widget shows the candidate's member (manualMatchedMember
// first, else LinkedIn's match by email or profile URL), their InMails and
// notes; a search links another member (setting manualMatchedMember) and
// Unlink removes the match, after which the page's data-onlink or
// data-onunlink function is called with the person URN. The onboarding
// widget shows the contract and integration states; Request calls the page's
// data-onintegrate function with the requested integrations, and
// Enable/Disable act as the Recruiter admin. /_widgets/demo is an ATS page
// that embeds both, for a first look or a browser test.
package rscmock
