package model

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

const orgMsg = "must be an organization URN (urn:li:organization:{id})"

func TestKeyStrings(t *testing.T) {
	t.Parallel()
	org := OrganizationURN("1")
	cand := CandidateKey{IntegrationContext: org, ATSCandidateID: "C1"}
	app := ApplicationKey{IntegrationContext: org, ATSJobApplicationID: "A1"}
	integ := IntegrationKey{IntegrationContext: org, IntegrationType: IntegrationTypeOneClickExport, TenantType: TenantTypeRecruiter}
	tests := []struct {
		k    interface{ String() string }
		want string
	}{
		{cand, "atsCandidateId=C1 integrationContext=urn:li:organization:1"},
		{app, "atsJobApplicationId=A1 integrationContext=urn:li:organization:1"},
		{CandidateNoteKey{cand, "N1"}, "atsCandidateId=C1 integrationContext=urn:li:organization:1 noteId=N1"},
		{ApplicationNoteKey{app, "N2"}, "atsJobApplicationId=A1 integrationContext=urn:li:organization:1 noteId=N2"},
		{StageKey{app, "S1"}, "atsJobApplicationId=A1 integrationContext=urn:li:organization:1 stageId=S1"},
		{InterviewFeedbackKey{app, "F1"}, "atsJobApplicationId=A1 integrationContext=urn:li:organization:1 feedbackId=F1"},
		{integ, "integrationContext=urn:li:organization:1 integrationType=ONE_CLICK_EXPORT tenantType=RECRUITER"},
		{ConfigurationKey{integ, ConfigCallbackURL}, "integrationContext=urn:li:organization:1 integrationType=ONE_CLICK_EXPORT tenantType=RECRUITER name=CALLBACK_URL"},
		{EntityACLKey{IntegrationContext: org, ATSEntityACLID: "eng", ATSEntityID: "J1", ATSEntityType: EntityTypeJobPosting},
			"atsEntityAclId=eng atsEntityId=J1 atsEntityType=JOB_POSTING integrationContext=urn:li:organization:1"},
		{ACLAssigneeKey{IntegrationContext: org, ATSEntityACLID: "eng", Assignee: PersonURN("p"), ATSEntityType: EntityTypeJobPosting},
			"assignee=urn:li:person:p atsEntityAclId=eng atsEntityType=JOB_POSTING integrationContext=urn:li:organization:1"},
	}
	for _, tc := range tests {
		if got := tc.k.String(); got != tc.want {
			t.Errorf("String() = %q, want %q", got, tc.want)
		}
	}
}

func TestKeyValidate(t *testing.T) {
	t.Parallel()
	org := OrganizationURN("1")
	cand := CandidateKey{IntegrationContext: org, ATSCandidateID: "C1"}
	app := ApplicationKey{IntegrationContext: org, ATSJobApplicationID: "A1"}
	integ := IntegrationKey{IntegrationContext: org, IntegrationType: IntegrationTypeOneClickExport, TenantType: TenantTypeRecruiter}
	acl := EntityACLKey{IntegrationContext: org, ATSEntityACLID: "eng", ATSEntityID: "J1", ATSEntityType: EntityTypeJobPosting}
	asg := ACLAssigneeKey{IntegrationContext: org, ATSEntityACLID: "eng", Assignee: PersonURN("p"), ATSEntityType: EntityTypeJobPosting}
	tests := []struct {
		name string
		k    Validator
		want []pm
	}{
		{"candidate ok", cand, nil},
		{"candidate empty", CandidateKey{}, []pm{{"key.atsCandidateId", "required"}, {"key.integrationContext", "required"}}},
		{"candidate contract ctx", CandidateKey{IntegrationContext: ContractURN("1"), ATSCandidateID: "C1"}, one("key.integrationContext", orgMsg)},
		{"candidate bad urn", CandidateKey{IntegrationContext: "organization:1", ATSCandidateID: "C1"}, one("key.integrationContext", orgMsg)},
		{"candidate NUL id", CandidateKey{IntegrationContext: org, ATSCandidateID: "C\x00"}, one("key.atsCandidateId", "must not contain NUL bytes")},
		{"candidate bad UTF-8 id", CandidateKey{IntegrationContext: org, ATSCandidateID: "C\xff"}, one("key.atsCandidateId", "must be valid UTF-8")},
		{"application ok", app, nil},
		{"application empty", ApplicationKey{}, []pm{{"key.atsJobApplicationId", "required"}, {"key.integrationContext", "required"}}},
		{"candidate note ok", CandidateNoteKey{cand, "N1"}, nil},
		{"candidate note empty", CandidateNoteKey{}, []pm{{"key.candidate.atsCandidateId", "required"},
			{"key.candidate.integrationContext", "required"}, {"key.noteId", "required"}}},
		{"application note ok", ApplicationNoteKey{app, "N1"}, nil},
		{"application note no id", ApplicationNoteKey{Application: app}, one("key.noteId", "required")},
		{"application note bad parent", ApplicationNoteKey{ApplicationKey{IntegrationContext: org}, "N1"}, one("key.application.atsJobApplicationId", "required")},
		{"stage ok", StageKey{app, "S1"}, nil},
		{"stage no id", StageKey{Application: app}, one("key.stageId", "required")},
		{"feedback ok", InterviewFeedbackKey{app, "F1"}, nil},
		{"feedback no id", InterviewFeedbackKey{Application: app}, one("key.feedbackId", "required")},
		{"integration ok", integ, nil},
		{"integration csa contract ok", IntegrationKey{ContractURN("9"), IntegrationTypeCSAAPI, TenantTypeRecruiter}, nil},
		{"integration csa org", IntegrationKey{org, IntegrationTypeCSAAPI, TenantTypeRecruiter},
			one("key.integrationContext", "must be a contract URN (urn:li:contract:{id})")},
		{"integration profile plugin contract", IntegrationKey{ContractURN("9"), IntegrationTypeProfilePlugin, TenantTypeRecruiter},
			one("key.integrationContext", orgMsg)},
		{"integration empty", IntegrationKey{}, []pm{{"key.integrationContext", "required"},
			{"key.integrationType", "required"}, {"key.tenantType", "required"}}},
		{"integration bad enums", IntegrationKey{org, "X", "Y"}, []pm{
			{"key.integrationType", "must be one of APPLY_CONNECT, APPLY_WITH_LINKEDIN, CSA_API, IN_ATS_INDICATOR, ONE_CLICK_EXPORT, PROFILE_PLUGIN, RECOMMENDED_MATCHES, UNIFIED_SEARCH"},
			{"key.tenantType", "must be one of RECRUITER, JOBS"}}},
		{"configuration ok", ConfigurationKey{integ, ConfigJobPostingViewers}, nil},
		{"configuration empty name", ConfigurationKey{Integration: integ}, one("key.name", "required")},
		{"configuration bad name", ConfigurationKey{integ, "JOB_POSTING_VIEWER"},
			one("key.name", "must be one of CALLBACK_URL, JOB_POSTING_VIEWERS, APPLICATION_VIEWERS")},
		{"configuration bad integration", ConfigurationKey{IntegrationKey{TenantType: TenantTypeRecruiter, IntegrationType: IntegrationTypeOneClickExport}, ConfigCallbackURL},
			one("key.integration.integrationContext", "required")},
		{"acl ok", acl, nil},
		{"acl empty", EntityACLKey{}, []pm{{"key.atsEntityAclId", "required"}, {"key.atsEntityId", "required"},
			{"key.atsEntityType", "required"}, {"key.integrationContext", "required"}}},
		{"acl wrong type", EntityACLKey{org, "eng", "J1", "CANDIDATE"}, one("key.atsEntityType", "must be JOB_POSTING")},
		{"assignee ok", asg, nil},
		{"assignee empty", ACLAssigneeKey{}, []pm{{"key.assignee", "required"}, {"key.atsEntityAclId", "required"},
			{"key.atsEntityType", "required"}, {"key.integrationContext", "required"}}},
		{"assignee seat", ACLAssigneeKey{org, "eng", SeatURN("1"), EntityTypeJobPosting}, one("key.assignee", "must be a person URN (urn:li:person:{id})")},
		{"assignee wrong type", ACLAssigneeKey{org, "eng", PersonURN("p"), "JOB"}, one("key.atsEntityType", "must be JOB_POSTING")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tc.want, problems(t, tc.k.Validate())); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestKeyValidateRecord(t *testing.T) {
	t.Parallel()
	k := CandidateKey{IntegrationContext: OrganizationURN("1"), ATSCandidateID: "C\x00"}
	err := k.Validate()
	want := &ValidationError{Errors: []FieldError{{
		Path: "key.atsCandidateId", Record: "atsCandidateId=C\x00 integrationContext=urn:li:organization:1", Message: "must not contain NUL bytes",
	}}}
	if diff := cmp.Diff(want, err); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
