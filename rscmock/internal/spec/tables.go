package spec

import (
	"encoding/base64"
	"fmt"
	"strings"
)

// The resources. Each rule cites its source; see the package doc for tags.

// dataProvider is the /v2 key field that must be ATS [A §1.6]; /rest drops it
// [A §3.14, 2026-03 release notes].
var dataProvider = KeyField{V2: "dataProvider", Fixed: "ATS"}

// orgContext is the integrationContext key field: an organization URN [A §1.6].
var orgContext = KeyField{V2: "integrationContext", Rest: "integrationContext", URN: "organization"}

// timestamps are the ATS timestamps of candidates and applications: epoch ms
// [A §1.6], > 0 [A §6.4]; /rest renames them (candidates [A §3.14]).
func timestamps(rest bool) []Field {
	created := Field{Name: "atsCreatedAt", Kind: Millis, Required: true, Positive: true}
	modified := Field{Name: "atsLastModifiedAt", Kind: Millis, Required: true, Positive: true}
	if rest {
		created.Rest, modified.Rest = "externalCreatedAt", "externalLastModifiedAt"
	}
	return []Field{created, modified}
}

// modifiedAfterCreated: atsLastModifiedAt >= atsCreatedAt [A §6.4].
func modifiedAfterCreated(body Body) []Error {
	c, ok1 := millis(body.Value("atsCreatedAt"))
	m, ok2 := millis(body.Value("atsLastModifiedAt"))
	if ok1 && ok2 && c > 0 && m > 0 && m < c {
		return []Error{{"atsLastModifiedAt", "must not be before atsCreatedAt"}}
	}
	return nil
}

func millis(v any) (int64, bool) {
	n, ok := v.(interface{ Int64() (int64, error) })
	if !ok {
		return 0, false
	}
	i, err := n.Int64()
	return i, err == nil
}

// actor is an Actor: firstName and lastName both required when the actor is
// sent [A §3.5].
func actor(name string) Field {
	return Field{Name: name, Kind: Object, Fields: []Field{
		{Name: "firstName", Kind: String, Required: true},
		{Name: "lastName", Kind: String, Required: true},
	}}
}

// Candidate is atsCandidates / rest/candidates [A §3.2, §3.14].
var Candidate = &Resource{
	Name: "candidate", V2: "atsCandidates", Rest: "candidates",
	Key: []KeyField{{V2: "atsCandidateId", Rest: "externalCandidateId"}, dataProvider, orgContext},
	Fields: append([]Field{
		// addresses and phoneNumbers are required but may be empty [A §3.2, Mar 2024 release notes, §6.4].
		{Name: "addresses", Kind: Objects, Required: true, Fields: []Field{
			// Address fields from the Postman sample [A §3.2]; geographicAreaType
			// observed STATE (3P adds PROVINCE, unverified). Assumption: the
			// enum is not enforced, as its full list is unpublished.
			{Name: "line1", Kind: String}, {Name: "line2", Kind: String}, {Name: "city", Kind: String},
			{Name: "geographicArea", Kind: String}, {Name: "geographicAreaType", Kind: String},
			{Name: "postalCode", Kind: String}, {Name: "country", Kind: String},
		}},
		{Name: "phoneNumbers", Kind: Objects, Required: true, Fields: []Field{
			// PhoneNumber {number, extension} [A §3.2, PM]. Assumption: number
			// is required in an element (an empty phone number says nothing).
			{Name: "number", Kind: String, Required: true}, {Name: "extension", Kind: String},
		}},
		{Name: "currentCompanyName", Kind: String}, // optional [A §3.2]
		{Name: "currentJobTitle", Kind: String},    // optional [A §3.2]
		{Name: "doNotContact", Kind: Bool},         // optional, Mar 2024 [A §3.2]
		// emailAddresses: each X@X.X [A §3.2, §6.4]; required unless a person URN
		// is attached (rule emailUnlessMatched).
		{Name: "emailAddresses", Kind: Strings, Email: true},
		// externalProfileUrl: required (required-fields page) [A §3.2].
		// Assumption: an http(s) URL, as it links to the candidate in the ATS.
		{Name: "externalProfileUrl", Kind: String, Required: true, HTTPURL: true},
		{Name: "firstName", Kind: String, Required: true}, // required, Mar 2024 [A §3.2, §6.4]
		// lastName: "likely Yes" [A §3.2]; Assumption: optional, as no source
		// says required.
		{Name: "lastName", Kind: String},
		{Name: "middleInitial", Kind: String}, {Name: "prefix", Kind: String}, {Name: "suffix", Kind: String}, // [PM]
		// linkedInProfileUrl: optional, Jun 2023 [A §3.2]. Assumption: an
		// http(s) URL (issue 11 item 4 asks for a LinkedIn profile URL; LinkedIn
		// documents no rule).
		{Name: "linkedInProfileUrl", Kind: String, HTTPURL: true},
		// manualMatchedMember: a person URN set by partial update [A §3.4].
		{Name: "manualMatchedMember", Kind: String, URN: "person"},
	}, timestamps(true)...),
	Rules: []Rule{modifiedAfterCreated, emailUnlessMatched},
}

// emailUnlessMatched: emailAddresses is required when no person URN is
// attached [A §3.2 "Yes if no Person URN"].
func emailUnlessMatched(body Body) []Error {
	if l, _ := body.Value("emailAddresses").([]any); len(l) > 0 {
		return nil
	}
	if s, _ := body.Value("manualMatchedMember").(string); s != "" {
		return nil
	}
	return []Error{{"emailAddresses", "required unless manualMatchedMember is set"}}
}

// noteFields are the fields of candidate and application notes, all optional;
// an author needs both names [A §3.5, §3.7]. /rest renames atsCreatedAt and
// adds externalLastModifiedAt [A §3.14].
var noteFields = []Field{
	{Name: "atsCreatedAt", Rest: "externalCreatedAt", Kind: Millis, NonNegative: true},
	// Assumption: the /rest-only externalLastModifiedAt has the /v2 name
	// atsLastModifiedAt (the fake stores bodies in /v2 names).
	{Name: "atsLastModifiedAt", Rest: "externalLastModifiedAt", Kind: Millis, NonNegative: true},
	{Name: "note", Kind: String},
	actor("author"),
}

// CandidateNote is atsCandidates/{key}/notes / rest/candidateNotes [A §3.5, §3.14].
var CandidateNote = &Resource{
	Name: "candidateNote", V2: "atsCandidates/{key}/notes", Rest: "candidateNotes",
	Key:    []KeyField{{V2: "atsCandidateId", Rest: "externalCandidateId"}, dataProvider, orgContext, {V2: "noteId", Rest: "externalNoteId"}},
	Fields: noteFields,
}

// Application is atsApplications / rest/atsApplications [A §3.6, §3.14].
var Application = &Resource{
	Name: "application", V2: "atsApplications", Rest: "atsApplications",
	Key: []KeyField{{V2: "atsJobApplicationId", Rest: "atsJobApplicationId"}, dataProvider, orgContext},
	Fields: []Field{
		{Name: "atsCandidateId", Kind: String},                               // optional [A §3.6]
		{Name: "atsJobPostingId", Kind: String, Required: true, MinLen: 1},   // [A §3.6, §6.4]
		{Name: "atsJobPostingName", Kind: String, Required: true, MinLen: 1}, // [A §3.6, §6.4]
		{Name: "candidateEmail", Kind: String, Email: true},                  // X@X.X "whenever available" [A §3.6]
		{Name: "firstName", Kind: String, Required: true, MinLen: 1},         // min length 1 [A §6.4]
		{Name: "lastName", Kind: String}, {Name: "source", Kind: String},     // [PM], requirement not captured
		{Name: "dispositionReason", Kind: String}, {Name: "accessRestricted", Kind: Bool}, // [PM]; [3P]
		// Assumption: /rest keeps the atsCreatedAt names on applications (the
		// notes show no rename for them [A §3.14]).
		{Name: "atsCreatedAt", Kind: Millis, Required: true, Positive: true},
		{Name: "atsLastModifiedAt", Kind: Millis, Required: true, Positive: true},
	},
	Rules: []Rule{modifiedAfterCreated},
}

// ApplicationNote is atsApplications/{key}/notes / rest/applicationNotes [A §3.7, §3.14].
var ApplicationNote = &Resource{
	Name: "applicationNote", V2: "atsApplications/{key}/notes", Rest: "applicationNotes",
	Key:    []KeyField{{V2: "atsJobApplicationId", Rest: "externalJobApplicationId"}, dataProvider, orgContext, {V2: "noteId", Rest: "externalNoteId"}},
	Fields: noteFields,
}

// Stage is atsApplications/{key}/stages / rest/applicationStage [A §3.8, §3.14].
var Stage = &Resource{
	Name: "stage", V2: "atsApplications/{key}/stages", Rest: "applicationStage",
	Key: []KeyField{{V2: "atsJobApplicationId", Rest: "jobApplicationId"}, dataProvider, orgContext, {V2: "stageId", Rest: "jobApplicationStageId"}},
	Fields: []Field{
		{Name: "atsCreatedAt", Kind: Millis, Required: true, Positive: true},                     // > 0 [A §3.8, §6.4]
		{Name: "stage", Kind: String, Required: true, MinLen: 1, Not: []string{"Not Available"}}, // [A §3.8, §6.4]
	},
}

// Feedback is atsApplications/{key}/interviewFeedback /
// rest/applicationInterviewFeedbacks [A §3.9].
var Feedback = &Resource{
	Name: "feedback", V2: "atsApplications/{key}/interviewFeedback", Rest: "applicationInterviewFeedbacks",
	Key: []KeyField{{V2: "atsJobApplicationId", Rest: "jobApplicationId"}, dataProvider, orgContext, {V2: "feedbackId", Rest: "interviewFeedbackId"}},
	Fields: []Field{
		{Name: "atsCreatedAt", Kind: Millis, NonNegative: true}, // optional [A §3.9]
		actor("interviewer"),
		// evaluations: {attribute, result} [A §3.9, PM]. Assumption: attribute
		// is required in an element.
		{Name: "evaluations", Kind: Objects, Fields: []Field{{Name: "attribute", Kind: String, Required: true}, {Name: "result", Kind: String}}},
		{Name: "feedback", Kind: String},
		{Name: "interviewType", Kind: String, Enum: []string{"PHONE_SCREEN", "ONSITE"}}, // [A §3.9]
	},
}

// EntityACL is atsEntityAcls [A §3.11]: the body is empty ({}).
var EntityACL = &Resource{
	Name: "acl", V2: "atsEntityAcls",
	Key: []KeyField{{V2: "atsEntityAclId"}, dataProvider, orgContext, {V2: "atsEntityId"},
		{V2: "atsEntityType", Fixed: "JOB_POSTING"}}, // only JOB_POSTING is securable [A §3.11]
}

// ACLAssignee is atsEntityAclAssignees [A §3.11]: the body is empty ({}).
var ACLAssignee = &Resource{
	Name: "assignee", V2: "atsEntityAclAssignees",
	Key: []KeyField{{V2: "atsEntityAclId"}, dataProvider, orgContext, {V2: "assignee", URN: "person"},
		{V2: "atsEntityType", Fixed: "JOB_POSTING"}},
}

// IntegrationTypes are the documented integration types [A §2.4].
var IntegrationTypes = []string{"APPLY_CONNECT", "APPLY_WITH_LINKEDIN", "CSA_API", "IN_ATS_INDICATOR", "ONE_CLICK_EXPORT",
	"PROFILE_PLUGIN", "RECOMMENDED_MATCHES", "UNIFIED_SEARCH", "CRM_CSA_API", "CRM_ONE_CLICK_EXPORT"}

// Integration is atsIntegrations / rest/integrations [A §2.4, §3.14].
var Integration = &Resource{
	Name: "integration", V2: "atsIntegrations", Rest: "integrations",
	Key: []KeyField{
		// CSA_API lives on the contract URN, the others on the organization [A §1.6, §2.4].
		{V2: "integrationContext", Rest: "integrationContext", URN: "organization|contract"},
		{V2: "integrationType", Rest: "integrationType"},
		// tenantType RECRUITER for RSC; JOBS, PREMIUM_JOB_POSTING elsewhere [A §2.4].
		{V2: "tenantType", Rest: "tenantType"},
		dataProvider,
	},
	Fields: []Field{
		{Name: "integrationName", Kind: String}, // set by partial update [A §2.4]
		// Assumption: status is ENABLED or DISABLED (the 3P spec guesses ENABLED [A §2.4]).
		{Name: "status", Kind: String, Enum: []string{"ENABLED", "DISABLED"}},
	},
}

// Configuration is atsIntegrations/{key}/configurations /
// rest/integrationConfigurations [A §2.5].
var Configuration = &Resource{
	Name: "configuration", V2: "atsIntegrations/{key}/configurations", Rest: "integrationConfigurations",
	Key: []KeyField{{V2: "integrationContext", URN: "organization|contract"}, {V2: "integrationType"}, {V2: "tenantType"}, dataProvider, {V2: "name"}},
	Fields: []Field{
		// configurationValue is a Rest.li union {"string": ...} [A §2.5]; other
		// members are unpublished. Assumption: only "string".
		{Name: "configurationValue", Kind: Union, Required: true, Enum: []string{"string"}},
	},
}

// JobPosting is an element of simpleJobPostings [A §3.1].
var JobPosting = &Resource{
	Name: "jobPosting", V2: "simpleJobPostings", Rest: "simpleJobPostings",
	Fields: []Field{
		// integrationContext: required for RSC (else companyName/companyPageUrl) [A §3.1].
		{Name: "integrationContext", Kind: String, Required: true, URN: "organization"},
		{Name: "externalJobPostingId", Kind: String, Required: true, MaxLen: 200}, // non-empty, max 200 [A §3.1]
		// jobPostingOperationType: required per docs [A §3.1]; the Postman
		// collection omits it and LinkedIn creates (the fake defaults it to
		// CREATE before validation; see rscmock's doc).
		{Name: "jobPostingOperationType", Kind: String, Required: true, Enum: []string{"CREATE", "UPDATE", "RENEW", "CLOSE"}},
		{Name: "title", Kind: String, Required: true, MaxLen: 200}, // max 200 [A §3.1]
		// description: 100-25,000 chars, HTML b strong u i br p ul li [A §3.1].
		{Name: "description", Kind: String, Required: true, MinLen: 100, MaxLen: 25000,
			HTMLTags: []string{"b", "strong", "u", "i", "br", "p", "ul", "li"}},
		// listedAt: epoch ms, required, not in the future [A §3.1] (the future
		// check needs a clock: JobListedInFuture).
		{Name: "listedAt", Kind: Millis, Required: true, Positive: true},
		// location: required unless countryCode and postalCode (older
		// required-fields page) [A §3.1]: rule locationOrPostal.
		{Name: "location", Kind: String},
		{Name: "countryCode", Kind: String}, {Name: "postalCode", Kind: String},
		// companyApplyUrl: required [A §3.1]. Assumption: an absolute http(s) URL.
		{Name: "companyApplyUrl", Kind: String, Required: true, HTTPURL: true},
		{Name: "availability", Kind: String, Required: true, Enum: []string{"PUBLIC", "PRIVATE_TO_ATS_INTEGRATION"}}, // [A §3.1]
		{Name: "accessRestricted", Kind: Bool},
		{Name: "requisitionOwnerEmail", Kind: String, Email: true}, // Assumption: an email address, as named
		{Name: "requisitionOwnerFirstName", Kind: String}, {Name: "requisitionOwnerLastName", Kind: String},
		// alternateLocations: not supported for RSC [A §3.1]: MaxItems -1 is
		// expressed by rule noAlternateLocations.
		{Name: "alternateLocations", Kind: Strings, MaxItems: 7},
		{Name: "categories", Kind: Strings, MaxItems: 3, MinLen: 1}, // <= 3 [A §3.1]
		{Name: "skillsDescription", Kind: String, MaxLen: 4000},     // <= 4000 [A §3.1]
		{Name: "companyJobCode", Kind: String},
		// workplaceTypes: a single-element array On-site / Hybrid / Remote [A §3.1, §6.3 error table].
		{Name: "workplaceTypes", Kind: Strings, MaxItems: 1, Enum: []string{"On-site", "Hybrid", "Remote"}},
		{Name: "industries", Kind: Strings, URN: "industry"}, // urn:li:industry:{id}[] [A §3.1]
		{Name: "employmentStatus", Kind: String, Enum: []string{"FULL_TIME", "PART_TIME", "CONTRACT", "INTERNSHIP", "TEMPORARY", "VOLUNTEER"}},
		{Name: "experienceLevel", Kind: String, Enum: []string{"ENTRY_LEVEL", "MID_SENIOR_LEVEL", "DIRECTOR", "EXECUTIVE", "INTERNSHIP", "ASSOCIATE", "NOT_APPLICABLE"}},
		{Name: "trackingPixelUrl", Kind: String}, {Name: "companyName", Kind: String}, {Name: "companyPageUrl", Kind: String},
		{Name: "compensation", Kind: Any},
		{Name: "expireAt", Kind: Millis, NonNegative: true},
		{Name: "listingType", Kind: String, Enum: []string{"BASIC", "PREMIUM"}},
		// state: LISTED or CLOSED on the older RSC page; the release notes say
		// not to send it [A §3.1, §9 item 11]. Accepted when valid.
		{Name: "state", Kind: String, Enum: []string{"LISTED", "CLOSED"}},
	},
	Rules: []Rule{locationOrPostal, noAlternateLocations},
}

// locationOrPostal: location, or countryCode and postalCode [A §3.1].
func locationOrPostal(body Body) []Error {
	if s, _ := body.Value("location").(string); s != "" {
		return nil
	}
	cc, _ := body.Value("countryCode").(string)
	pc, _ := body.Value("postalCode").(string)
	if cc != "" && pc != "" {
		return nil
	}
	return []Error{{"location", "required (or countryCode and postalCode)"}}
}

// noAlternateLocations: alternateLocations is not supported for RSC [A §3.1].
func noAlternateLocations(body Body) []Error {
	if l, _ := body.Value("alternateLocations").([]any); len(l) > 0 {
		return []Error{{"alternateLocations", "not supported for Recruiter System Connect"}}
	}
	return nil
}

// JobListedInFuture reports the listedAt rule that needs a clock: listedAt
// must not be in the future [A §3.1]. now is epoch milliseconds.
func JobListedInFuture(listedAt, now int64) []Error {
	if listedAt > now {
		return []Error{{"listedAt", "must not be in the future"}}
	}
	return nil
}

// ProvisionedApplication is the body of provisionedApplications create and
// partial update [A §2.2].
var ProvisionedApplication = &Resource{
	Name: "provisionedApplication", V2: "provisionedApplications",
	Fields: []Field{
		{Name: "uniqueForeignId", Kind: String, Required: true},
		// name: max 50; the word LinkedIn is not allowed (rule noLinkedInName).
		{Name: "name", Kind: String, Required: true, MaxLen: 50},
		{Name: "description", Kind: String, Required: true},
		// fully qualified URLs [A §2.2]. Assumption: http(s).
		{Name: "oauth2AuthorizedCallbackUrls", Kind: Strings, HTTPURL: true},
		// fully qualified JS SDK domains, no trailing / [A §2.2].
		{Name: "validJsSdkDomains", Kind: Strings, HTTPURL: true, NoTrailingSlash: true},
	},
	Rules: []Rule{noLinkedInName},
}

func noLinkedInName(body Body) []Error {
	if s, _ := body.Value("name").(string); strings.Contains(strings.ToLower(s), "linkedin") {
		return []Error{{"name", `the word "LinkedIn" is not allowed`}}
	}
	return nil
}

// MaxAttachmentBytes is the largest attachment: PDF, DOC, DOCX, TXT up to
// 10 MB [A §3.10, upload-sync-documents page (3P summary)].
const MaxAttachmentBytes = 10 << 20

// Attachment is rest/attachments: batch_update and batch_delete, at most 10
// per call [A §3.10, §3.14; Q A10]. Key fields per S11 and the Java SDK
// (which names the context organizationId). The wire format of the body is
// not captured; the fields are the SDK model's metadata.
var Attachment = &Resource{
	Name: "attachment", Rest: "attachments",
	Key: []KeyField{
		{V2: "externalReferenceEntityId", Rest: "externalReferenceEntityId"},
		{V2: "externalAttachmentId", Rest: "externalAttachmentId"},
		orgContext,
		// APPLICATION in S11; the SDK adds CANDIDATE.
		{V2: "externalReferenceEntityType", Rest: "externalReferenceEntityType", Enum: []string{"APPLICATION", "CANDIDATE"}},
		{V2: "attachmentType", Rest: "attachmentType", Fixed: "RESUME"},
	},
	Fields: []Field{
		{Name: "externalFileName", Kind: String},
		{Name: "externalCreatedAt", Kind: Millis, NonNegative: true},
		{Name: "externalLastModifiedAt", Kind: Millis, NonNegative: true},
		{Name: "fileType", Kind: String, Enum: []string{"UNKNOWN", "TXT", "DOC", "DOCX", "PDF"}},
		// Assumption: contractId is the contract's id or URN, unchecked.
		{Name: "contractId", Kind: String},
		// content: the file's bytes, base64 in JSON [A §3.10 "content
		// bytes/base64"]; at most MaxAttachmentBytes once decoded (rule
		// attachmentSize). Assumption: required.
		{Name: "content", Kind: String, Required: true},
	},
	Rules: []Rule{attachmentSize},
}

// attachmentSize: content is base64 of at most MaxAttachmentBytes.
func attachmentSize(body Body) []Error {
	c, _ := body.Value("content").(string)
	if n := base64.StdEncoding.DecodedLen(len(c)); n > MaxAttachmentBytes+2 {
		return []Error{{"content", fmt.Sprintf("the file is larger than %d bytes", MaxAttachmentBytes)}}
	}
	if _, err := base64.StdEncoding.DecodeString(c); err != nil {
		return []Error{{"content", "must be base64"}}
	}
	return nil
}

// HireMediaURL is the body of POST /v2/hireMediaUrl, which asks for an
// upload URL for a resume [A §3.10: the CRM Connect page (DOC) and the RSC
// variant (3P)].
var HireMediaURL = &Resource{
	Name: "hireMediaUrl", V2: "hireMediaUrl",
	Fields: []Field{
		// contentType: text/plain, application/pdf, application/msword [A §3.10].
		// Assumption: DOCX's type too, as DOCX resumes are accepted.
		{Name: "contentType", Kind: String, Required: true, Enum: []string{"text/plain", "application/pdf", "application/msword",
			"application/vnd.openxmlformats-officedocument.wordprocessingml.document"}},
		{Name: "hiringContext", Kind: String, Required: true, URN: "contract"}, // required [A §3.10]
		{Name: "fileName", Kind: String},                                       // RSC variant [3P]
		{Name: "blobTtl", Kind: Object, Fields: []Field{ // TTL {duration, unit} [A §3.10]
			{Name: "duration", Kind: Millis, Required: true, Positive: true},
			{Name: "unit", Kind: String, Required: true, Enum: []string{"MILLISECOND", "SECOND", "MINUTE", "HOUR", "DAY", "WEEK", "MONTH", "YEAR"}},
		}},
		// The CRM page names it usageParameter, the RSC variant usageParameters.
		{Name: "usageParameters", Kind: Any}, {Name: "usageParameter", Kind: Any},
	},
}

// Resources lists every resource with a body schema.
var Resources = []*Resource{Candidate, CandidateNote, Application, ApplicationNote, Stage, Feedback, EntityACL, ACLAssignee,
	Integration, Configuration, JobPosting, ProvisionedApplication, Attachment, HireMediaURL}

// ConfigurationValue checks the value of configuration name [A §2.5]:
// CALLBACK_URL is an https URL on port 80 or 443 (receive-push-events: "one
// unique HTTPS callback per customer, port 80 or 443"); JOB_POSTING_VIEWERS
// and APPLICATION_VIEWERS take ALL_PRODUCT_USERS. Assumption: other names,
// unpublished, take any non-empty string. With loopback, CALLBACK_URL may
// also be http on 127.0.0.1 or localhost, any port (the standalone fake's
// flag for an ATS on a laptop; not LinkedIn's rule).
func ConfigurationValue(name, value string, loopback bool) []Error {
	const path = "configurationValue/string"
	switch name {
	case "CALLBACK_URL":
		if loopback && IsLoopbackURL(value) {
			return nil
		}
		rest, ok := strings.CutPrefix(value, "https://")
		host, _, _ := strings.Cut(rest, "/")
		_, port, hasPort := strings.Cut(host, ":")
		if !ok || host == "" || strings.HasPrefix(host, ":") || (hasPort && port != "443" && port != "80") {
			return []Error{{path, "CALLBACK_URL must be an https URL on port 80 or 443"}}
		}
	case "JOB_POSTING_VIEWERS", "APPLICATION_VIEWERS":
		if value != "ALL_PRODUCT_USERS" {
			return []Error{{path, name + " must be ALL_PRODUCT_USERS"}}
		}
	default:
		if value == "" {
			return []Error{{path, msgRequired}}
		}
	}
	return nil
}

// IsLoopbackURL reports whether u is an http(s) URL whose host is
// 127.0.0.1, [::1] or localhost.
func IsLoopbackURL(u string) bool {
	rest, ok := strings.CutPrefix(u, "http://")
	if !ok {
		rest, ok = strings.CutPrefix(u, "https://")
	}
	if !ok {
		return false
	}
	host, _, _ := strings.Cut(rest, "/")
	if strings.Contains(host, "@") {
		return false
	}
	if h, _, found := strings.Cut(host, "]"); found && strings.HasPrefix(h, "[") {
		return h == "[::1"
	}
	h, _, _ := strings.Cut(host, ":")
	return h == "127.0.0.1" || h == "localhost"
}
