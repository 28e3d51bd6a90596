package rsc

import (
	"strings"

	"github.com/rsckit/rsckit/rsc/internal/restli"
	"github.com/rsckit/rsckit/rsc/model"
)

// This file is the one place that knows where each resource lives and how
// its keys are spelled, on /v2 (Rest.li 1.0) and on /rest (Rest.li 2.0).

func f(name, value string) restli.Field { return restli.Field{Name: name, Value: value} }

// Candidates: /v2/atsCandidates, /rest/candidates (externalCandidateId, no dataProvider).
var candidateTimeRenames = map[string]string{"atsCreatedAt": "externalCreatedAt", "atsLastModifiedAt": "externalLastModifiedAt"}

func candidateKeyV1(kf *restli.KeyFields, k model.CandidateKey) restli.Key {
	return kf.CompoundKey(f("atsCandidateId", k.ATSCandidateID), f("dataProvider", model.DataProviderATS), f("integrationContext", string(k.IntegrationContext)))
}

var candidatesEndpoint = endpoint[model.CandidateKey]{
	v2: route[model.CandidateKey]{name: "/v2/atsCandidates", protocol: restli.Protocol1, quota: QuotaSync, records: true,
		path: func(model.CandidateKey) string { return "/v2/atsCandidates" }, key: candidateKeyV1},
	rest: &route[model.CandidateKey]{name: "/rest/candidates", protocol: restli.Protocol2, versioned: true, quota: QuotaSync, records: true,
		path: func(model.CandidateKey) string { return "/rest/candidates" },
		key: func(kf *restli.KeyFields, k model.CandidateKey) restli.Key {
			return kf.CompoundKey(f("externalCandidateId", k.ATSCandidateID), f("integrationContext", string(k.IntegrationContext)))
		},
		renames: candidateTimeRenames, names: model.Candidate{}.JSONNames(candidateTimeRenames)},
}

// Candidate notes: /v2/atsCandidates/{key}/notes?ids=, /rest/candidateNotes.
// Assumption: the /rest key carries integrationContext besides
// externalCandidateId and externalNoteId (the release note lists only those two).
var noteTimeRenames = map[string]string{"atsCreatedAt": "externalCreatedAt"}

var candidateNotesEndpoint = endpoint[model.CandidateNoteKey]{
	v2: route[model.CandidateNoteKey]{name: "/v2/atsCandidates/{key}/notes", protocol: restli.Protocol1, quota: QuotaSync, records: true,
		path: func(k model.CandidateNoteKey) string {
			return "/v2/atsCandidates/" + restli.EncodePathKey(restli.Protocol1, candidateKeyV1(nil, k.Candidate)) + "/notes"
		},
		key: func(_ *restli.KeyFields, k model.CandidateNoteKey) restli.Key { return restli.SimpleKey(k.NoteID) }},
	rest: &route[model.CandidateNoteKey]{name: "/rest/candidateNotes", protocol: restli.Protocol2, versioned: true, quota: QuotaSync, records: true,
		path: func(model.CandidateNoteKey) string { return "/rest/candidateNotes" },
		key: func(kf *restli.KeyFields, k model.CandidateNoteKey) restli.Key {
			return kf.CompoundKey(f("externalCandidateId", k.Candidate.ATSCandidateID), f("externalNoteId", k.NoteID),
				f("integrationContext", string(k.Candidate.IntegrationContext)))
		},
		renames: noteTimeRenames},
}

// Applications: /v2/atsApplications; /rest/atsApplications keeps
// atsJobApplicationId and drops dataProvider.
func applicationKeyV1(kf *restli.KeyFields, k model.ApplicationKey) restli.Key {
	return kf.CompoundKey(f("atsJobApplicationId", k.ATSJobApplicationID), f("dataProvider", model.DataProviderATS), f("integrationContext", string(k.IntegrationContext)))
}

func applicationPathV1(k model.ApplicationKey) string {
	return "/v2/atsApplications/" + restli.EncodePathKey(restli.Protocol1, applicationKeyV1(nil, k))
}

var applicationsEndpoint = endpoint[model.ApplicationKey]{
	v2: route[model.ApplicationKey]{name: "/v2/atsApplications", protocol: restli.Protocol1, quota: QuotaSync, records: true,
		path: func(model.ApplicationKey) string { return "/v2/atsApplications" }, key: applicationKeyV1},
	rest: &route[model.ApplicationKey]{name: "/rest/atsApplications", protocol: restli.Protocol2, versioned: true, quota: QuotaSync, records: true,
		path: func(model.ApplicationKey) string { return "/rest/atsApplications" },
		key: func(kf *restli.KeyFields, k model.ApplicationKey) restli.Key {
			return kf.CompoundKey(f("atsJobApplicationId", k.ATSJobApplicationID), f("integrationContext", string(k.IntegrationContext)))
		}},
}

// Application notes: /v2/atsApplications/{key}/notes, /rest/applicationNotes
// (1,000,000 requests/day, records/minute "N/A": its own quota).
var applicationNotesEndpoint = endpoint[model.ApplicationNoteKey]{
	v2: route[model.ApplicationNoteKey]{name: "/v2/atsApplications/{key}/notes", protocol: restli.Protocol1, quota: QuotaSync, records: true,
		path: func(k model.ApplicationNoteKey) string { return applicationPathV1(k.Application) + "/notes" },
		key:  func(_ *restli.KeyFields, k model.ApplicationNoteKey) restli.Key { return restli.SimpleKey(k.NoteID) }},
	rest: &route[model.ApplicationNoteKey]{name: "/rest/applicationNotes", protocol: restli.Protocol2, versioned: true, quota: QuotaApplicationNotes,
		path: func(model.ApplicationNoteKey) string { return "/rest/applicationNotes" },
		key: func(kf *restli.KeyFields, k model.ApplicationNoteKey) restli.Key {
			return kf.CompoundKey(f("externalJobApplicationId", k.Application.ATSJobApplicationID), f("externalNoteId", k.NoteID),
				f("integrationContext", string(k.Application.IntegrationContext)))
		},
		renames: noteTimeRenames},
}

// Stages: /v2/atsApplications/{key}/stages. Assumption: the /rest resource is
// "applicationStage" (sic) keyed by jobApplicationId, integrationContext and
// jobApplicationStageId, as third-party copies of LinkedIn's 2026 collection show.
var stagesEndpoint = endpoint[model.StageKey]{
	v2: route[model.StageKey]{name: "/v2/atsApplications/{key}/stages", protocol: restli.Protocol1, quota: QuotaSync, records: true,
		path: func(k model.StageKey) string { return applicationPathV1(k.Application) + "/stages" },
		key:  func(_ *restli.KeyFields, k model.StageKey) restli.Key { return restli.SimpleKey(k.StageID) }},
	rest: &route[model.StageKey]{name: "/rest/applicationStage", protocol: restli.Protocol2, versioned: true, quota: QuotaSync, records: true,
		path: func(model.StageKey) string { return "/rest/applicationStage" },
		key: func(kf *restli.KeyFields, k model.StageKey) restli.Key {
			return kf.CompoundKey(f("jobApplicationId", k.Application.ATSJobApplicationID),
				f("integrationContext", string(k.Application.IntegrationContext)), f("jobApplicationStageId", k.StageID))
		}},
}

// Interview feedback: /v2/atsApplications/{key}/interviewFeedback,
// /rest/applicationInterviewFeedbacks (1,000,000 requests/day). Assumption:
// the /rest key is jobApplicationId, integrationContext, interviewFeedbackId
// (third-party copies of LinkedIn's collection).
var interviewFeedbackEndpoint = endpoint[model.InterviewFeedbackKey]{
	v2: route[model.InterviewFeedbackKey]{name: "/v2/atsApplications/{key}/interviewFeedback", protocol: restli.Protocol1, quota: QuotaSync, records: true,
		path: func(k model.InterviewFeedbackKey) string {
			return applicationPathV1(k.Application) + "/interviewFeedback"
		},
		key: func(_ *restli.KeyFields, k model.InterviewFeedbackKey) restli.Key {
			return restli.SimpleKey(k.FeedbackID)
		}},
	rest: &route[model.InterviewFeedbackKey]{name: "/rest/applicationInterviewFeedbacks", protocol: restli.Protocol2, versioned: true, quota: QuotaInterviewFeedback,
		path: func(model.InterviewFeedbackKey) string { return "/rest/applicationInterviewFeedbacks" },
		key: func(kf *restli.KeyFields, k model.InterviewFeedbackKey) restli.Key {
			return kf.CompoundKey(f("jobApplicationId", k.Application.ATSJobApplicationID),
				f("integrationContext", string(k.Application.IntegrationContext)), f("interviewFeedbackId", k.FeedbackID))
		}},
}

// Attachments (resumes of applications): rest/attachments, keyed by
// externalReferenceEntityId, externalAttachmentId, integrationContext,
// externalReferenceEntityType APPLICATION and attachmentType RESUME
// (LinkedIn's 2026-03 release note names the resource and methods; the key
// fields are a third party's, matching LinkedIn's Java SDK model, which
// calls the context organizationId. Assumption: integrationContext, the
// /rest convention). On /v2: atsApplications/{key}/resumes, keyed by the
// attachment id, after an upload through hireMediaUrl (hireMediaURLPath).
var attachmentsEndpoint = endpoint[model.AttachmentKey]{
	v2: route[model.AttachmentKey]{name: "/v2/atsApplications/{key}/resumes", protocol: restli.Protocol1, quota: QuotaSync, records: true,
		path: func(k model.AttachmentKey) string { return applicationPathV1(k.Application) + "/resumes" },
		key:  func(_ *restli.KeyFields, k model.AttachmentKey) restli.Key { return restli.SimpleKey(k.AttachmentID) }},
	rest: &route[model.AttachmentKey]{name: "/rest/attachments", protocol: restli.Protocol2, versioned: true, quota: QuotaSync, records: true,
		path: func(model.AttachmentKey) string { return "/rest/attachments" },
		key: func(kf *restli.KeyFields, k model.AttachmentKey) restli.Key {
			return kf.CompoundKey(f("externalReferenceEntityId", k.Application.ATSJobApplicationID),
				f("externalAttachmentId", k.AttachmentID), f("integrationContext", string(k.Application.IntegrationContext)),
				f("externalReferenceEntityType", "APPLICATION"), f("attachmentType", "RESUME"))
		}},
}

// hireMediaURLPath is where /v2 uploads start: POST /v2/hireMediaUrl gives
// a signed upload URL (RSC's variant of CRM Connect's documented call).
const hireMediaURLPath = "/v2/hireMediaUrl"

// Entity ACLs and assignees: /v2 only (the /rest name is not known).
var entityACLsEndpoint = endpoint[model.EntityACLKey]{
	v2: route[model.EntityACLKey]{name: "/v2/atsEntityAcls", protocol: restli.Protocol1, quota: QuotaSync, records: true,
		path: func(model.EntityACLKey) string { return "/v2/atsEntityAcls" },
		key: func(kf *restli.KeyFields, k model.EntityACLKey) restli.Key {
			return kf.CompoundKey(f("atsEntityAclId", k.ATSEntityACLID), f("dataProvider", model.DataProviderATS),
				f("integrationContext", string(k.IntegrationContext)), f("atsEntityId", k.ATSEntityID), f("atsEntityType", string(k.ATSEntityType)))
		}},
}

var aclAssigneesEndpoint = endpoint[model.ACLAssigneeKey]{
	v2: route[model.ACLAssigneeKey]{name: "/v2/atsEntityAclAssignees", protocol: restli.Protocol1, quota: QuotaSync, records: true,
		path: func(model.ACLAssigneeKey) string { return "/v2/atsEntityAclAssignees" },
		key: func(kf *restli.KeyFields, k model.ACLAssigneeKey) restli.Key {
			return kf.CompoundKey(f("atsEntityAclId", k.ATSEntityACLID), f("integrationContext", string(k.IntegrationContext)),
				f("dataProvider", model.DataProviderATS), f("assignee", string(k.Assignee)), f("atsEntityType", string(k.ATSEntityType)))
		}},
}

// Integrations: /v2/atsIntegrations, /rest/integrations (no dataProvider).
func integrationKeyV1(kf *restli.KeyFields, k model.IntegrationKey) restli.Key {
	return kf.CompoundKey(f("integrationContext", string(k.IntegrationContext)), f("integrationType", string(k.IntegrationType)),
		f("tenantType", string(tenantOrDefault(k.TenantType))), f("dataProvider", model.DataProviderATS))
}

func tenantOrDefault(t model.TenantType) model.TenantType {
	if t == "" {
		return model.TenantTypeRecruiter
	}
	return t
}

var integrationsEndpoint = endpoint[model.IntegrationKey]{
	v2: route[model.IntegrationKey]{name: "/v2/atsIntegrations", protocol: restli.Protocol1, quota: QuotaIntegrations,
		path: func(model.IntegrationKey) string { return "/v2/atsIntegrations" }, key: integrationKeyV1},
	rest: &route[model.IntegrationKey]{name: "/rest/integrations", protocol: restli.Protocol2, versioned: true, quota: QuotaIntegrations,
		path: func(model.IntegrationKey) string { return "/rest/integrations" },
		key: func(kf *restli.KeyFields, k model.IntegrationKey) restli.Key {
			return kf.CompoundKey(f("integrationContext", string(k.IntegrationContext)), f("integrationType", string(k.IntegrationType)),
				f("tenantType", string(tenantOrDefault(k.TenantType))))
		}},
}

// Configurations: /v2/atsIntegrations/{key}/configurations?ids=NAME. The
// versioned rest/integrationConfigurations exists (batch_update, batch_get;
// "dataProvider removed from keys", 2026 release note), but its key is not
// documented, so the client uses it only when asked (WithRestFor), and
// reads its answers with tolerant key matching. Assumption: the key is the
// integration's (integrationContext, integrationType, tenantType) plus
// configurationName.
var configurationsEndpoint = endpoint[model.ConfigurationKey]{
	optIn: true,
	rest: &route[model.ConfigurationKey]{name: "/rest/integrationConfigurations", protocol: restli.Protocol2, versioned: true, quota: QuotaIntegrations,
		path: func(model.ConfigurationKey) string { return "/rest/integrationConfigurations" },
		key: func(kf *restli.KeyFields, k model.ConfigurationKey) restli.Key {
			return kf.CompoundKey(f("integrationContext", string(k.Integration.IntegrationContext)),
				f("integrationType", string(k.Integration.IntegrationType)),
				f("tenantType", string(tenantOrDefault(k.Integration.TenantType))), f("configurationName", string(k.Name)))
		}},
	v2: route[model.ConfigurationKey]{name: "/v2/atsIntegrations/{key}/configurations", protocol: restli.Protocol1, quota: QuotaIntegrations,
		path: func(k model.ConfigurationKey) string {
			return "/v2/atsIntegrations/" + restli.EncodePathKey(restli.Protocol1, integrationKeyV1(nil, k.Integration)) + "/configurations"
		},
		key: func(_ *restli.KeyFields, k model.ConfigurationKey) restli.Key {
			return restli.SimpleKey(string(k.Name))
		}},
}

// Job postings and their tasks (simple URN keys).
var jobTasksEndpoint = endpoint[model.URN]{
	v2: route[model.URN]{name: "/v2/simpleJobPostingTasks", protocol: restli.Protocol1, quota: QuotaJobTasks,
		path: func(model.URN) string { return "/v2/simpleJobPostingTasks" },
		key:  func(_ *restli.KeyFields, k model.URN) restli.Key { return restli.SimpleKey(string(k)) }},
	rest: &route[model.URN]{name: "/rest/simpleJobPostingTasks", protocol: restli.Protocol2, versioned: true, quota: QuotaJobTasks,
		path: func(model.URN) string { return "/rest/simpleJobPostingTasks" },
		key:  func(_ *restli.KeyFields, k model.URN) restli.Key { return restli.SimpleKey(string(k)) }},
}

// How each finder spells a half-open Window. LinkedIn's bounds:
// conversationEvents and atsPurgedExportedCandidates take timeRange.start
// (inclusive) and timeRange.end (exclusive); prospectNotes takes cutoffDate
// (exclusive) and beforeDate (inclusive). Assumption: mailStubs'
// createdDateEnd is exclusive: LinkedIn's table says "Non-inclusive upper
// date boundary" in its format column and "created before or on" in its
// notes (answers-2026-12.md L7); the format column is normative.
var (
	inMailsWindow       = windowParams{start: "timeRange.start", end: "timeRange.end"}
	purgedWindow        = windowParams{start: "timeRange.start", end: "timeRange.end"}
	mailStubsWindow     = windowParams{start: "createdDateStart", end: "createdDateEnd"}
	prospectNotesWindow = windowParams{start: "cutoffDate", end: "beforeDate", startExclusive: true, endInclusive: true}
)

// finderRoute is a non-keyed resource (finders, creates).
type finderRoute struct {
	path      string
	protocol  restli.Protocol
	versioned bool
	quota     QuotaGroup
}

type finderEndpoint struct {
	v2   finderRoute
	rest *finderRoute
}

func (e finderEndpoint) on(c *core) finderRoute {
	if c.cfg.versioned && e.rest != nil && !c.cfg.v2For[restName(e.rest.path)] {
		return *e.rest
	}
	return e.v2
}

// Hiring Assistant evaluations exist on /rest only, so both forms of the
// client use it. Assumption: the resource is the singular
// exportedApplicationEvaluation of its documentation page (the 2026-03
// release note says exportedApplicationEvaluations); evaluationsResource is
// the one place to change it.
const evaluationsResource = "exportedApplicationEvaluation"

var evaluationsFinder = func() finderEndpoint {
	r := finderRoute{path: "/rest/" + evaluationsResource, protocol: restli.Protocol2, versioned: true, quota: QuotaEvaluations}
	return finderEndpoint{v2: r, rest: &r}
}()

// versionedResources names every resource that has a /rest route above (by
// its /rest name), for WithV2For.
var versionedResources = map[string]bool{
	"candidates": true, "candidateNotes": true, "atsApplications": true, "applicationNotes": true,
	"applicationStage": true, "applicationInterviewFeedbacks": true, "integrations": true,
	"simpleJobPostings": true, "simpleJobPostingTasks": true, "seatsV2": true,
	"exportedCandidates": true, "atsPurgedExportedCandidates": true, "attachments": true,
	"integrationConfigurations": true,
}

// optInResources are the resources whose /rest route is used only with
// WithRestFor (their /rest key is not documented).
var optInResources = map[string]bool{"integrationConfigurations": true}

// restName is the resource name of a /rest path ("/rest/candidates" is
// "candidates").
func restName(path string) string { return strings.TrimPrefix(path, "/rest/") }

var (
	jobPostingsFinder = finderEndpoint{
		v2:   finderRoute{path: "/v2/simpleJobPostings", protocol: restli.Protocol1, quota: QuotaJobs},
		rest: &finderRoute{path: "/rest/simpleJobPostings", protocol: restli.Protocol2, versioned: true, quota: QuotaJobs},
	}
	integrationsFinder = finderEndpoint{
		v2:   finderRoute{path: "/v2/atsIntegrations", protocol: restli.Protocol1, quota: QuotaIntegrations},
		rest: &finderRoute{path: "/rest/integrations", protocol: restli.Protocol2, versioned: true, quota: QuotaIntegrations},
	}
	entityACLsFinder   = finderEndpoint{v2: finderRoute{path: "/v2/atsEntityAcls", protocol: restli.Protocol1, quota: QuotaSync}}
	aclAssigneesFinder = finderEndpoint{v2: finderRoute{path: "/v2/atsEntityAclAssignees", protocol: restli.Protocol1, quota: QuotaSync}}
	// One-Click Export results and purged exports: rest/exportedCandidates
	// and rest/atsPurgedExportedCandidates with LinkedIn-Version 202604
	// (retrieve-exported-candidates, 2026-04 view); same finders and
	// parameters as on /v2.
	exportsFinder = finderEndpoint{
		v2:   finderRoute{path: "/v2/exportedCandidates", protocol: restli.Protocol1, quota: QuotaExportedCandidates},
		rest: &finderRoute{path: "/rest/exportedCandidates", protocol: restli.Protocol2, versioned: true, quota: QuotaExportedCandidates},
	}
	purgedFinder = finderEndpoint{
		v2:   finderRoute{path: "/v2/atsPurgedExportedCandidates", protocol: restli.Protocol1, quota: QuotaPurgedExports},
		rest: &finderRoute{path: "/rest/atsPurgedExportedCandidates", protocol: restli.Protocol2, versioned: true, quota: QuotaPurgedExports},
	}
	seatsFinder = finderEndpoint{
		v2:   finderRoute{path: "/v2/seatsV2", protocol: restli.Protocol1, quota: QuotaProspect},
		rest: &finderRoute{path: "/rest/seatsV2", protocol: restli.Protocol2, versioned: true, quota: QuotaProspect},
	}
	inMailsFinder       = finderEndpoint{v2: finderRoute{path: "/v2/conversationEvents", protocol: restli.Protocol1, quota: QuotaProspect}}
	mailStubsFinder     = finderEndpoint{v2: finderRoute{path: "/v2/mailStubs", protocol: restli.Protocol1, quota: QuotaProspect}}
	prospectNotesFinder = finderEndpoint{v2: finderRoute{path: "/v2/prospectNotes", protocol: restli.Protocol1, quota: QuotaProspect}}
	provisioningFinder  = finderEndpoint{v2: finderRoute{path: "/v2/provisionedApplications", protocol: restli.Protocol1, quota: QuotaProvisioning}}
)
