// Package rscmock is a fake LinkedIn Recruiter System Connect (RSC) that
// behaves like the real one, for tests and local development.
//
// It serves, on one base URL, the OAuth token endpoint
// (/oauth/v2/accessToken, client_credentials; and a member's sign-in,
// /oauth/v2/authorization with authorization_code and GET /v2/me, see
// Server.AuthorizationURL), every /v2 resource the rsc
// client calls with Rest.li 1.0 keys, and the versioned /rest resources with
// Rest.li 2.0 keys. Package rscmock is the front: the typed Go API, the
// console, the widgets, the /_mock/ JSON API and the helpers handing out an
// *rsc.Client. What the LinkedIn API answers is
// built by packages under rscmock/internal that import neither rsc nor
// rsc/model (TestInternalPackagesImportNeitherRscNorModel), so an encoding
// or validation bug of the client cannot hide by being wrong the same way
// on both sides:
//
//	internal/api      request dispatch and the route table, the resume upload
//	                  (hireMediaUrl) and the exported application evaluations
//	internal/restli   the Rest.li request parser (queries, keys, both protocols)
//	internal/spec     the schema of every resource, from LinkedIn's notes
//	internal/wire     error shapes, header checks, tunnelling, patches, paging
//	internal/records  the synced records: keys, checks, batch get/update/patch/delete
//	internal/state    the records and their write histories, sharded locks
//	internal/shapes   what LinkedIn serves to the ATS: exports, purges, InMails,
//	                  mail stubs, prospect notes, job tasks, pushed notifications
//	internal/auth     applications, client-credentials tokens, quotas, the member
//	                  sign-in (authorization code, /v2/me) and provisioning
//	internal/sim      the recruiter simulator: customers, members, seats, InMails,
//	                  stubs, notes, exports, purges and their finders; job postings
//	                  and tasks; ids; injected faults; the outbox of pushed
//	                  notifications; the recruiter's reads of synced records
//	                  (configurations, statuses, job visibility, In-ATS)
//	internal/console  the HTML pages' view layer: templates of the console and
//	                  the widgets, page frame, form checks, in.js; the router,
//	                  index and body decoding of the /_mock/ JSON API
//
// Job postings are kept as the ATS sent them (after the spec accepted
// them); job tasks, exports, purges, InMails, mail stubs and prospect
// notes are kept in internal/shapes' types and served as they are. The
// typed Go API (SendInMail, InMails, ProspectNotes, ...) returns rsc/model
// values built from them field by field, for Go callers only; a pushed
// notification is kept and written in its shape, and Deliveries converts
// it to a model.Notification for Go callers.
//
// The LinkedIn API's request handling does not go through rsc/model: the
// fake reads the synced records it acts on (candidates' emails and profile
// URLs for matching, applications, stages, notes, configurations) with its
// own field reads. rsc/model appears in this package only in the typed Go
// API (its parameters and results, converted field by field) and, not yet
// separated (issue 12 §1), in the console's and widgets' handlers and the
// /_mock/ JSON API's handlers, which are built on that typed API (their
// templates, page frame and the /_mock/ router are internal/console's).
//
// Beyond what the client calls it serves, from LinkedIn's notes alone:
// /rest/integrationConfigurations (the name field of its key tolerated
// under several names), /rest/exportedCandidates and
// /rest/atsPurgedExportedCandidates (each, like /v2/exportedCandidates,
// with a daily quota of its own, Options.ExportReadsPerDay),
// /rest/attachments (batch_update and batch_delete of resumes, at most 10
// per call), the /v2 resume upload (POST /v2/hireMediaUrl, a PUT of the
// file to the uploadUrl it answers, PUT /v2/atsApplications/{key}/resumes)
// and /rest/exportedApplicationEvaluations (or ...Evaluation, the request
// finder; AddApplicationEvaluation stands in for Hiring Assistant). Shapes
// LinkedIn has not published are marked Assumption where they are served.
//
// It judges what it receives with its own schema, rscmock/internal/spec,
// written from LinkedIn's API notes with the source of each rule and
// "Assumption:" where there is none; that package imports neither rsc nor
// rsc/model. TestCrossCheckModelAndSpec runs a corpus of good and bad
// records through both and fails naming the field wherever they disagree.
// One documented rule is not enforced: a job's listedAt "not in the
// future", as tests run the fake on synthetic clocks and rsc/model does not
// check it either.
//
// It is as strict about headers as LinkedIn documents: every /rest call
// needs LinkedIn-Version as YYYYMM or YYYYMM.NN (202603, 202508.02), and
// every /v2 or /rest call with a JSON body (provisioning included) needs
// Content-Type: application/json (a tunneled call, as a multipart/mixed part
// of that type), or it gets a 400 in LinkedIn's error shape ({"status",
// "message"}, plus "code": "VERSION_MISSING" or "INVALID_VERSION" for the
// version). X-RestLi-Protocol-Version: 2.0.0 selects Rest.li 2.0 on any
// path, /v2 included: keys in the answer's maps are then in 2.0 syntax and
// an error carries X-RestLi-Error-Response: true; without the header a
// request is Rest.li 1.0, on /rest too. A query parameter the resource does
// not declare, or one that does not parse, is a 400 naming it; record-typed
// parameters are read in either syntax (timeRange=(start:1,end:2) or
// timeRange.start=1&timeRange.end=2).
//
// # Where LinkedIn's docs and its own tools disagree
//
// LinkedIn's published tools send forms its docs do not describe; LinkedIn's
// servers accept them, so the fake accepts both, and the rsc client sends the
// documented form. Each row has a test in forms_test.go.
//
//	docs say                                      | LinkedIn's tool sends                                  | test
//	----------------------------------------------+--------------------------------------------------------+------------------------------------
//	seats: GET /v2/seatsV2?q=attributes           | Postman: GET /v2/seats?q=seatsByAttributes&fields=id&  | TestPostmanLegacySeatFinder
//	                                              |   active=true&count=100&start=0&contracts=...          |
//	Content-Type: application/json on bodies      | Postman: raw JSON bodies as text/plain (provisioned-   | TestPostmanTextPlainBodies
//	                                              |   Applications validJsSdkDomains, oauth2Authorized...) |
//	jobPostingOperationType is required           | Postman: job postings without it (a create)            | TestPostmanJobWithoutOperationType
//	/rest calls use X-RestLi-Protocol-Version 2.0 | Java SDK: /rest/simpleJobPostings and .../Tasks        | TestJavaSDKForms
//	                                              |   without it, 1.0 keys (ids=urn:li:simpleJob...)       |
//	LinkedIn-Version is for /rest                 | Java SDK: LinkedIn-Version and X-External-User on      | TestJavaSDKForms
//	                                              |   /v2/provisionedApplications                          |
//	/v2 calls are Rest.li 1.0                     | python client: X-RestLi-Protocol-Version: 2.0.0 on /v2 | TestPythonClientProtocol2OnV2
//	                                              |   (answers then carry 2.0 map keys)                    |
//	finder records as timeRange.start=...         | python client: timeRange=(start:1,end:2)               | TestRecordParamIn2Syntax
//
// State lives in memory. Synced records are in internal/state, spread over
// shards with a lock each, and their requests (batch get, update, partial
// update, delete) and the ACL finders run without the world's lock: they
// take it only for a moment to check the caller's integration contexts.
// Job postings and their tasks (sim.Jobs), the applications and access
// tokens (auth.Registry), each application's quota counters, the member
// sign-in's codes and tokens (auth.MemberFlow) and the injected faults
// (sim.Faults), the notifications delivered (sim.Outbox), the uploads and
// the evaluations (internal/api) have locks of their own. The recruiter
// simulator (customers, seats, members, InMails, notes, stubs, exports,
// purges, the id counters, the binding of applications to customers and
// the matches a widget user unlinked) is sim.World, behind a lock of its
// own that its actions take themselves; package rscmock holds no lock.
// Ids come from counters and seeded generators, so a run is deterministic
// given Options.Seed (the X-Li-Uuid request numbers follow arrival order).
// Tokens expire (Options.TokenTTL); quotas (requests per day, records per
// minute, exports per seat and month) follow a clock the caller controls
// (Options.Clock). Faults are injected per operation
// with InjectFault; Fault.AfterCommit keeps the write and loses the answer.
//
// New(Options{...}) is the one constructor. By default the fake does not
// listen: HTTPClient and Client reach it through an in-memory transport
// (no network, no goroutine, usable in a synctest bubble); Options.Listen
// serves it on a loopback port, Options.Listener on a listener of yours.
// The With* functions are shorthands for single Options fields. In a test:
//
//	srv := rscmock.NewServer(t) // New(Options{Listen: true}), closed when t ends
//	client := srv.Client()
//	res, err := client.Candidates.BatchUpdate(ctx, candidates)
//
// The recruiter side (AddCustomer, AddMember, AddSeat, SetIntegrationEnabled,
// RequestIntegrations, Export, SendInMail, ReplyInMail, AddProspectNote,
// Purge, SetManualMatch) and inspection (InATS, PastApplicants, ExportJobs,
// Integrations, Jobs, Candidates, Applications, CandidateMatches, InMails,
// MailStubs, ProspectNotes, Deliveries, and one Synced* method per synced
// resource with typed keys and write counts) are Go methods, JSON
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
// A session with curl and jq covers the whole flow: the ATS syncs a job, a
// candidate and its CALLBACK_URL with Rest.li-encoded keys, sets
// JOB_POSTING_VIEWERS; the Recruiter admin enables One-Click Export; a
// recruiter exports a member; the ATS fetches the export. Start the fake
// with "go run ./rscmock/cmd/rscmock -addr 127.0.0.1:8080
// -allow-loopback-callbacks" and run a receiver for pushes at CB. B is the
// base_url the command printed; ORG the organization_urn (1001 for the
// default customer). TestCurlSession in rscmock/cmd/rscmock runs these
// lines against the binary, so they cannot rot.
//
//	B=http://127.0.0.1:8080
//	CB=http://127.0.0.1:9000/linkedin
//	ORG=urn:li:organization:1001
//	ORG_ENC=urn%3Ali%3Aorganization%3A1001
//	CID=$(curl -sf $B/_mock/customers | jq -r '.[0].clientId')
//	SECRET=$(curl -sf $B/_mock/customers | jq -r '.[0].clientSecret')
//	SEAT=$(curl -sf $B/_mock/customers | jq -r '.[0].seats[0].urn')
//	TOKEN=$(curl -sf -X POST $B/oauth/v2/accessToken -d grant_type=client_credentials \
//	  -d client_id=$CID -d client_secret=$SECRET | jq -r .access_token)
//	# The ATS syncs a job (an asynchronous batch create) ...
//	curl -sf -X POST $B/v2/simpleJobPostings -H "Authorization: Bearer $TOKEN" \
//	  -H 'X-RestLi-Method: batch_create' -H 'Content-Type: application/json' \
//	  -d '{"elements":[{"integrationContext":"'$ORG'","externalJobPostingId":"J1",
//	  "jobPostingOperationType":"CREATE","title":"Software Engineer","listedAt":1700000000000,
//	  "description":"Build the integration between our ATS and LinkedIn Recruiter: job sync, candidates, One-Click Export.",
//	  "location":"San Francisco, CA","companyApplyUrl":"https://ats.example.com/jobs/J1",
//	  "availability":"PRIVATE_TO_ATS_INTEGRATION"}]}'
//	# ... a candidate, keyed by Rest.li 1.0 ids[0].field=value (brackets and URN encoded) ...
//	curl -sf -X PUT "$B/v2/atsCandidates?ids%5B0%5D.atsCandidateId=C1&ids%5B0%5D.dataProvider=ATS&ids%5B0%5D.integrationContext=$ORG_ENC" \
//	  -H "Authorization: Bearer $TOKEN" -H 'X-RestLi-Method: batch_update' -H 'Content-Type: application/json' \
//	  -d '{"entities":{"atsCandidateId=C1&dataProvider=ATS&integrationContext='$ORG_ENC'":{
//	  "atsCreatedAt":1700000000000,"atsLastModifiedAt":1700000000000,"firstName":"Grace","lastName":"Hopper",
//	  "emailAddresses":["grace@example.com"],"externalProfileUrl":"https://ats.example.com/c/C1",
//	  "addresses":[],"phoneNumbers":[]}}}'
//	# ... and the configurations of ONE_CLICK_EXPORT, keyed by the integration in the path.
//	CFG="$B/v2/atsIntegrations/integrationContext=$ORG_ENC&integrationType=ONE_CLICK_EXPORT&tenantType=RECRUITER&dataProvider=ATS/configurations"
//	curl -sf -X PUT "$CFG?ids=CALLBACK_URL" -H "Authorization: Bearer $TOKEN" \
//	  -H 'X-RestLi-Method: batch_update' -H 'Content-Type: application/json' \
//	  -d '{"entities":{"CALLBACK_URL":{"configurationValue":{"string":"'$CB'"}}}}'
//	curl -sf -X PUT "$CFG?ids=JOB_POSTING_VIEWERS" -H "Authorization: Bearer $TOKEN" \
//	  -H 'X-RestLi-Method: batch_update' -H 'Content-Type: application/json' \
//	  -d '{"entities":{"JOB_POSTING_VIEWERS":{"configurationValue":{"string":"ALL_PRODUCT_USERS"}}}}'
//	# The Recruiter admin enables One-Click Export: INTEGRATION_STATUS_CHANGE is POSTed to CB.
//	curl -sf -X POST $B/_mock/integrations/enable \
//	  -d '{"integrationContext":"'$ORG'","integrationType":"ONE_CLICK_EXPORT","enabled":true}'
//	# A recruiter exports Grace to job J1: EXPORT_CANDIDATE_PROFILE is POSTed to CB.
//	MEMBER=$(curl -sf -X POST $B/_mock/members \
//	  -d '{"firstName":"Grace","lastName":"Hopper","email":"grace@example.com"}' | jq -r .urn)
//	REQ=$(curl -sf -X POST $B/_mock/exports \
//	  -d '{"seat":"'$SEAT'","member":"'$MEMBER'","externalJobPostingId":"J1"}' | jq -r .requestId)
//	# The ATS fetches the export named by the push, and Recruiter shows Grace as in the ATS.
//	curl -sf "$B/v2/exportedCandidates?q=request&requestId=$REQ" -H "Authorization: Bearer $TOKEN"
//	curl -sf "$B/_mock/inats?integrationContext=$ORG_ENC&member=$MEMBER"
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
//	    "rate": 0.1, "count": 5, "afterCommit": true}. With afterCommit the
//	    status or drop comes after the write was stored: the answer is lost.
//	    Answers 201 with the faults.
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
//	an API body over 32 MiB                        | 413 naming the limit (was truncated, then misread)     | TestAttackBodies
//	a resume upload over 10 MB                     | 413 naming the limit                                   | TestResumeUploadFlow
//	hireMediaUrl called without end                | 429 once MaxMedia upload URLs are held                 | TestAttackBodies
//	more than 10 attachments in one call           | 400 naming the limit of 10                             | TestRestAttachments
//	a CALLBACK_URL outside loopback                | never connected to, no DNS lookup; reason shown once   | TestCallbacksStayOnLoopback
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
