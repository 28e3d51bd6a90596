package rsc

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rsckit/rsckit/rsc/model"
)

// The expected URLs are LinkedIn's documented ones (ats-to-linkedin.md and
// linkedin-to-ats.md), spelled as Rest.li 1.0 sends them: brackets in ids as
// %5B %5D, and reserved characters of key values in paths and body keys
// percent-encoded.
const (
	candIDs1 = "ids%5B0%5D.atsCandidateId=C1&ids%5B0%5D.dataProvider=ATS&ids%5B0%5D.integrationContext=urn:li:organization:123"
	candKey1 = "atsCandidateId=C1&dataProvider=ATS&integrationContext=urn%3Ali%3Aorganization%3A123"
	appPath1 = "/v2/atsApplications/atsJobApplicationId=A1&dataProvider=ATS&integrationContext=urn%3Ali%3Aorganization%3A123"
	oceKey   = "integrationContext=urn%3Ali%3Aorganization%3A123&integrationType=ONE_CLICK_EXPORT&tenantType=RECRUITER&dataProvider=ATS"
	// Request bodies carry 1.0 keys as LinkedIn's samples do, URNs raw;
	// answers may come either way (the replies above are encoded).
	candBody1 = "atsCandidateId=C1&dataProvider=ATS&integrationContext=urn:li:organization:123"
	oceBody   = "integrationContext=urn:li:organization:123&integrationType=ONE_CLICK_EXPORT&tenantType=RECRUITER&dataProvider=ATS"
)

type serviceCase struct {
	name string
	call func(ctx context.Context, c *Client) (any, error)
	// reply from LinkedIn
	status int
	reply  string
	// expected request
	method, path, query, restliMethod, body string
	versioned                               bool
	// check inspects the decoded result.
	check func(t *testing.T, got any)
}

func TestServicesRequests(t *testing.T) {
	t.Parallel()
	millis := func(s string) time.Time { t, _ := time.Parse(time.RFC3339, s); return t }
	cases := []serviceCase{
		{
			name: "Candidates.BatchUpdate",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Candidates.BatchUpdate(ctx, []model.Candidate{testCandidate("C1")})
			},
			reply:  `{"results":{"` + candKey1 + `":{"status":204}},"errors":{}}`,
			method: "PUT", path: "/v2/atsCandidates", query: candIDs1, restliMethod: "batch_update",
			body: `{"entities":{"atsCandidateId=C1&dataProvider=ATS&integrationContext=urn:li:organization:123":{
				"addresses":[],"atsCreatedAt":1484864187000,"atsLastModifiedAt":1484864187001,"emailAddresses":["ada@example.com"],
				"externalProfileUrl":"https://ats.example.com/candidates/C1","firstName":"Ada","lastName":"Lovelace","phoneNumbers":[]}}}`,
			check: func(t *testing.T, got any) {
				want := []Result[model.CandidateKey]{{Key: candKey("C1"), Status: 204}}
				if d := cmp.Diff(want, got); d != "" {
					t.Error(d)
				}
			},
		},
		{
			name: "Candidates.BatchDelete",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Candidates.BatchDelete(ctx, []model.CandidateKey{candKey("C1")})
			},
			reply:  `{"results":{"` + candKey1 + `":{"status":204}}}`,
			method: "DELETE", path: "/v2/atsCandidates", query: candIDs1, restliMethod: "batch_delete",
		},
		{
			name: "Candidates.BatchGetMatches",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Candidates.BatchGetMatches(ctx, []model.CandidateKey{candKey("C1")})
			},
			reply:  `{"results":{"` + candKey1 + `":{"matchedMembers":["urn:li:person:abc"],"manualMatchedMember":"urn:li:person:xyz"}},"statuses":{},"errors":{}}`,
			method: "GET", path: "/v2/atsCandidates", query: candIDs1 + "&fields=matchedMembers,manualMatchedMember",
			check: func(t *testing.T, got any) {
				es := got.([]Entry[model.CandidateKey, model.CandidateMatches])
				if len(es) != 1 || es[0].Err != nil || es[0].Value.ManualMatchedMember != "urn:li:person:xyz" ||
					len(es[0].Value.MatchedMembers) != 1 || es[0].Value.MatchedMembers[0] != "urn:li:person:abc" || es[0].Value.Key != candKey("C1") {
					t.Errorf("got %+v", es)
				}
			},
		},
		{
			name: "Candidates.AttachPerson",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Candidates.AttachPerson(ctx, []PersonLink{{Candidate: candKey("C1"), Person: "urn:li:person:xyz"}})
			},
			reply:  `{"results":{"` + candKey1 + `":{"status":204}}}`,
			method: "POST", path: "/v2/atsCandidates", query: candIDs1, restliMethod: "batch_partial_update",
			body: `{"entities":{"` + candBody1 + `":{"patch":{"$set":{"manualMatchedMember":"urn:li:person:xyz"}}}}}`,
		},
		{
			name: "Candidates.DetachPerson",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Candidates.DetachPerson(ctx, []model.CandidateKey{candKey("C1")})
			},
			method: "POST", path: "/v2/atsCandidates", query: candIDs1, restliMethod: "batch_partial_update",
			body: `{"entities":{"` + candBody1 + `":{"patch":{"$delete":["manualMatchedMember"]}}}}`,
		},
		{
			name: "CandidateNotes.BatchUpdate",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CandidateNotes.BatchUpdate(ctx, []model.CandidateNote{{
					Key:          model.CandidateNoteKey{Candidate: candKey("C1"), NoteID: "CAND_NOTE123"},
					ATSCreatedAt: 1484864187000, Note: "Lorem Ipsum.", Author: &model.Actor{FirstName: "Angela", LastName: "Smith"},
				}})
			},
			reply:  `{"results":{"CAND_NOTE123":{"status":204}}}`,
			method: "PUT", path: "/v2/atsCandidates/" + candKey1 + "/notes", query: "ids=CAND_NOTE123", restliMethod: "batch_update",
			body: `{"entities":{"CAND_NOTE123":{"atsCreatedAt":1484864187000,"note":"Lorem Ipsum.","author":{"firstName":"Angela","lastName":"Smith"}}}}`,
		},
		{
			name: "CandidateNotes.BatchDelete",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CandidateNotes.BatchDelete(ctx, []model.CandidateNoteKey{{Candidate: candKey("C1"), NoteID: "N1"}})
			},
			method: "DELETE", path: "/v2/atsCandidates/" + candKey1 + "/notes", query: "ids=N1", restliMethod: "batch_delete",
		},
		{
			name: "Applications.BatchUpdate",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Applications.BatchUpdate(ctx, []model.Application{{
					Key: appKey("A1"), ATSCandidateID: "C1", ATSCreatedAt: 1484864187000, ATSLastModifiedAt: 1484864187000,
					ATSJobPostingID: "J1", ATSJobPostingName: "Engineer", CandidateEmail: "ada@example.com", FirstName: "Ada", LastName: "Lovelace", Source: "Referral",
				}})
			},
			method: "PUT", path: "/v2/atsApplications",
			query:        "ids%5B0%5D.atsJobApplicationId=A1&ids%5B0%5D.dataProvider=ATS&ids%5B0%5D.integrationContext=urn:li:organization:123",
			restliMethod: "batch_update",
			body: `{"entities":{"atsJobApplicationId=A1&dataProvider=ATS&integrationContext=urn:li:organization:123":{
				"atsCandidateId":"C1","atsCreatedAt":1484864187000,"atsLastModifiedAt":1484864187000,"atsJobPostingId":"J1",
				"atsJobPostingName":"Engineer","candidateEmail":"ada@example.com","firstName":"Ada","lastName":"Lovelace","source":"Referral"}}}`,
		},
		{
			name: "Applications.BatchDelete",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Applications.BatchDelete(ctx, []model.ApplicationKey{appKey("A1")})
			},
			method: "DELETE", path: "/v2/atsApplications", restliMethod: "batch_delete",
			query: "ids%5B0%5D.atsJobApplicationId=A1&ids%5B0%5D.dataProvider=ATS&ids%5B0%5D.integrationContext=urn:li:organization:123",
		},
		{
			name: "ApplicationNotes.BatchUpdate",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ApplicationNotes.BatchUpdate(ctx, []model.ApplicationNote{{
					Key: model.ApplicationNoteKey{Application: appKey("A1"), NoteID: "APPL_NOTE123"}, ATSCreatedAt: 1484864187000,
					Note: "Lorem Ipsum.", Author: &model.Actor{FirstName: "Angela", LastName: "Smith"},
				}})
			},
			method: "PUT", path: appPath1 + "/notes", query: "ids=APPL_NOTE123", restliMethod: "batch_update",
			body: `{"entities":{"APPL_NOTE123":{"atsCreatedAt":1484864187000,"note":"Lorem Ipsum.","author":{"firstName":"Angela","lastName":"Smith"}}}}`,
		},
		{
			name: "ApplicationNotes.BatchDelete",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ApplicationNotes.BatchDelete(ctx, []model.ApplicationNoteKey{{Application: appKey("A1"), NoteID: "APPL_NOTE_0001"}})
			},
			method: "DELETE", path: appPath1 + "/notes", query: "ids=APPL_NOTE_0001", restliMethod: "batch_delete",
		},
		{
			name: "Stages.BatchUpdate",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Stages.BatchUpdate(ctx, []model.ApplicationStage{
					{Key: model.StageKey{Application: appKey("A1"), StageID: "APPL_STAGE123"}, ATSCreatedAt: 1484864187000, Stage: "Offer Extended"},
					{Key: model.StageKey{Application: appKey("A1"), StageID: "APPL_STAGE456"}, ATSCreatedAt: 1485794842000, Stage: "Offer Accepted"},
				})
			},
			method: "PUT", path: appPath1 + "/stages", query: "ids=APPL_STAGE123&ids=APPL_STAGE456", restliMethod: "batch_update",
			body: `{"entities":{"APPL_STAGE123":{"atsCreatedAt":1484864187000,"stage":"Offer Extended"},"APPL_STAGE456":{"atsCreatedAt":1485794842000,"stage":"Offer Accepted"}}}`,
		},
		{
			name: "Stages.BatchDelete",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Stages.BatchDelete(ctx, []model.StageKey{{Application: appKey("A1"), StageID: "STAGE001"}, {Application: appKey("A1"), StageID: "STAGE002"}})
			},
			method: "DELETE", path: appPath1 + "/stages", query: "ids=STAGE001&ids=STAGE002", restliMethod: "batch_delete",
		},
		{
			name: "InterviewFeedback.BatchUpdate",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.InterviewFeedback.BatchUpdate(ctx, []model.InterviewFeedback{{
					Key: model.InterviewFeedbackKey{Application: appKey("A1"), FeedbackID: "APPL_INTERVIEW_0001"}, ATSCreatedAt: 1484864187000,
					Evaluations: []model.InterviewEvaluation{{Attribute: "Verbal Communication", Result: "4/5"}},
					Feedback:    "Great interview!", Interviewer: &model.Actor{FirstName: "Rita", LastName: "Book"},
				}})
			},
			method: "PUT", path: appPath1 + "/interviewFeedback", query: "ids=APPL_INTERVIEW_0001", restliMethod: "batch_update",
			body: `{"entities":{"APPL_INTERVIEW_0001":{"atsCreatedAt":1484864187000,"evaluations":[{"attribute":"Verbal Communication","result":"4/5"}],"feedback":"Great interview!","interviewer":{"firstName":"Rita","lastName":"Book"}}}}`,
		},
		{
			name: "InterviewFeedback.BatchDelete",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.InterviewFeedback.BatchDelete(ctx, []model.InterviewFeedbackKey{{Application: appKey("A1"), FeedbackID: "APPL_INTERVIEW_0001"}})
			},
			method: "DELETE", path: appPath1 + "/interviewFeedback", query: "ids=APPL_INTERVIEW_0001", restliMethod: "batch_delete",
		},
		{
			name: "EntityACLs.BatchUpdate",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.EntityACLs.BatchUpdate(ctx, []model.EntityACL{{Key: model.EntityACLKey{IntegrationContext: org, ATSEntityACLID: "TEST_JOBS", ATSEntityID: "JOBP123", ATSEntityType: model.EntityTypeJobPosting}}})
			},
			method: "PUT", path: "/v2/atsEntityAcls", restliMethod: "batch_update",
			query: "ids%5B0%5D.atsEntityAclId=TEST_JOBS&ids%5B0%5D.dataProvider=ATS&ids%5B0%5D.integrationContext=urn:li:organization:123&ids%5B0%5D.atsEntityId=JOBP123&ids%5B0%5D.atsEntityType=JOB_POSTING",
			body:  `{"entities":{"atsEntityAclId=TEST_JOBS&dataProvider=ATS&integrationContext=urn:li:organization:123&atsEntityId=JOBP123&atsEntityType=JOB_POSTING":{}}}`,
		},
		{
			name: "EntityACLs.List",
			call: func(ctx context.Context, c *Client) (any, error) {
				acls, _, err := c.EntityACLs.List(ctx, EntityACLListOptions{IntegrationContext: org, ATSEntityID: "JOBP123"})
				return acls, err
			},
			reply:  `{"elements":[{"atsEntityAclId":"TEST_JOBS","dataProvider":"ATS","integrationContext":"urn:li:organization:123","atsEntityId":"JOBP123","atsEntityType":"JOB_POSTING"}],"paging":{"start":0,"count":100,"total":1}}`,
			method: "GET", path: "/v2/atsEntityAcls",
			query: "q=criteria&atsEntityId=JOBP123&atsEntityType=JOB_POSTING&dataProvider=ATS&integrationContext=urn:li:organization:123&start=0&count=100",
			check: func(t *testing.T, got any) {
				want := []model.EntityACL{{Key: model.EntityACLKey{IntegrationContext: org, ATSEntityACLID: "TEST_JOBS", ATSEntityID: "JOBP123", ATSEntityType: model.EntityTypeJobPosting}}}
				if d := cmp.Diff(want, got); d != "" {
					t.Error(d)
				}
			},
		},
		{
			name: "EntityACLs.BatchDelete",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.EntityACLs.BatchDelete(ctx, []model.EntityACLKey{{IntegrationContext: org, ATSEntityACLID: "TEST_JOBS", ATSEntityID: "JOBP123", ATSEntityType: model.EntityTypeJobPosting}})
			},
			method: "DELETE", path: "/v2/atsEntityAcls", restliMethod: "batch_delete",
			query: "ids%5B0%5D.atsEntityAclId=TEST_JOBS&ids%5B0%5D.dataProvider=ATS&ids%5B0%5D.integrationContext=urn:li:organization:123&ids%5B0%5D.atsEntityId=JOBP123&ids%5B0%5D.atsEntityType=JOB_POSTING",
		},
		{
			name: "ACLAssignees.BatchUpdate",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ACLAssignees.BatchUpdate(ctx, []model.ACLAssignee{{Key: model.ACLAssigneeKey{IntegrationContext: org, ATSEntityACLID: "TEST_JOBS", Assignee: "urn:li:person:p1", ATSEntityType: model.EntityTypeJobPosting}}})
			},
			method: "PUT", path: "/v2/atsEntityAclAssignees", restliMethod: "batch_update",
			query: "ids%5B0%5D.atsEntityAclId=TEST_JOBS&ids%5B0%5D.integrationContext=urn:li:organization:123&ids%5B0%5D.dataProvider=ATS&ids%5B0%5D.assignee=urn:li:person:p1&ids%5B0%5D.atsEntityType=JOB_POSTING",
			body:  `{"entities":{"atsEntityAclId=TEST_JOBS&integrationContext=urn:li:organization:123&dataProvider=ATS&assignee=urn:li:person:p1&atsEntityType=JOB_POSTING":{}}}`,
		},
		{
			name: "ACLAssignees.List",
			call: func(ctx context.Context, c *Client) (any, error) {
				as, _, err := c.ACLAssignees.List(ctx, ACLAssigneeListOptions{IntegrationContext: org, Assignee: "urn:li:person:p1"})
				return as, err
			},
			reply:  `{"elements":[{"atsEntityAclId":"TEST_JOBS","integrationContext":"urn:li:organization:123","assignee":"urn:li:person:p1","atsEntityType":"JOB_POSTING"}]}`,
			method: "GET", path: "/v2/atsEntityAclAssignees",
			query: "q=criteria&assignee=urn:li:person:p1&dataProvider=ATS&integrationContext=urn:li:organization:123&start=0&count=100",
			check: func(t *testing.T, got any) {
				want := []model.ACLAssignee{{Key: model.ACLAssigneeKey{IntegrationContext: org, ATSEntityACLID: "TEST_JOBS", Assignee: "urn:li:person:p1", ATSEntityType: model.EntityTypeJobPosting}}}
				if d := cmp.Diff(want, got); d != "" {
					t.Error(d)
				}
			},
		},
		{
			name: "ACLAssignees.BatchDelete",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ACLAssignees.BatchDelete(ctx, []model.ACLAssigneeKey{{IntegrationContext: org, ATSEntityACLID: "TEST_JOBS", Assignee: "urn:li:person:p1", ATSEntityType: model.EntityTypeJobPosting}})
			},
			method: "DELETE", path: "/v2/atsEntityAclAssignees", restliMethod: "batch_delete",
			query: "ids%5B0%5D.atsEntityAclId=TEST_JOBS&ids%5B0%5D.integrationContext=urn:li:organization:123&ids%5B0%5D.dataProvider=ATS&ids%5B0%5D.assignee=urn:li:person:p1&ids%5B0%5D.atsEntityType=JOB_POSTING",
		},
		{
			name: "Integrations.Enable",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Integrations.Enable(ctx, EnableRequest{Organization: org, Contract: contract, CustomerName: "Acme"})
			},
			method: "POST", path: "/v2/atsIntegrations", restliMethod: "batch_partial_update",
			query: "ids%5B0%5D.integrationContext=urn:li:organization:123&ids%5B0%5D.integrationType=ONE_CLICK_EXPORT&ids%5B0%5D.tenantType=RECRUITER&ids%5B0%5D.dataProvider=ATS" +
				"&ids%5B1%5D.integrationContext=urn:li:organization:123&ids%5B1%5D.integrationType=IN_ATS_INDICATOR&ids%5B1%5D.tenantType=RECRUITER&ids%5B1%5D.dataProvider=ATS" +
				"&ids%5B2%5D.integrationContext=urn:li:organization:123&ids%5B2%5D.integrationType=PROFILE_PLUGIN&ids%5B2%5D.tenantType=RECRUITER&ids%5B2%5D.dataProvider=ATS" +
				"&ids%5B3%5D.integrationContext=urn:li:contract:77&ids%5B3%5D.integrationType=CSA_API&ids%5B3%5D.tenantType=RECRUITER&ids%5B3%5D.dataProvider=ATS",
			body: `{"entities":{
				"` + oceBody + `":{"patch":{"$set":{"integrationName":"Acme LinkedIn Recruiter One-Click Export Integration"}}},
				"integrationContext=urn:li:organization:123&integrationType=IN_ATS_INDICATOR&tenantType=RECRUITER&dataProvider=ATS":{"patch":{"$set":{"integrationName":"Acme LinkedIn Recruiter In-ATS Indicator Integration"}}},
				"integrationContext=urn:li:organization:123&integrationType=PROFILE_PLUGIN&tenantType=RECRUITER&dataProvider=ATS":{"patch":{"$set":{"integrationName":"Acme LinkedIn Recruiter Profile Plugin Integration"}}},
				"integrationContext=urn:li:contract:77&integrationType=CSA_API&tenantType=RECRUITER&dataProvider=ATS":{"patch":{"$set":{"integrationName":"Acme LinkedIn Recruiter Contract Data Integration"}}}}}`,
		},
		{
			name: "Integrations.BatchGet",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Integrations.BatchGet(ctx, []model.IntegrationKey{{IntegrationContext: org, IntegrationType: model.IntegrationTypeOneClickExport, TenantType: model.TenantTypeRecruiter}})
			},
			reply:  `{"results":{"` + oceKey + `":{"integrationName":"Acme OCE","status":"ENABLED"}},"statuses":{},"errors":{}}`,
			method: "GET", path: "/v2/atsIntegrations",
			query: "ids%5B0%5D.integrationContext=urn:li:organization:123&ids%5B0%5D.integrationType=ONE_CLICK_EXPORT&ids%5B0%5D.tenantType=RECRUITER&ids%5B0%5D.dataProvider=ATS",
			check: func(t *testing.T, got any) {
				es := got.([]Entry[model.IntegrationKey, model.Integration])
				if len(es) != 1 || es[0].Err != nil || es[0].Value.IntegrationName != "Acme OCE" || es[0].Value.Status != "ENABLED" {
					t.Errorf("got %+v", es)
				}
			},
		},
		{
			name: "Integrations.FindByRequest",
			call: func(ctx context.Context, c *Client) (any, error) {
				ins, _, err := c.Integrations.FindByRequest(ctx, "987")
				return ins, err
			},
			reply:  `{"elements":[{"integrationContext":"urn:li:organization:123","integrationType":"ONE_CLICK_EXPORT","tenantType":"RECRUITER","status":"ENABLED"}]}`,
			method: "GET", path: "/v2/atsIntegrations", query: "q=request&requestId=987",
			check: func(t *testing.T, got any) {
				ins := got.([]model.Integration)
				if len(ins) != 1 || ins[0].Key.IntegrationType != model.IntegrationTypeOneClickExport || ins[0].Key.IntegrationContext != org {
					t.Errorf("got %+v", ins)
				}
			},
		},
		{
			name: "Configurations.SetCallbackURL",
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.Configurations.SetCallbackURL(ctx, org, "https://ats.example.com/linkedin/acme")
			},
			reply:  `{"results":{"CALLBACK_URL":{"status":204}}}`,
			method: "PUT", path: "/v2/atsIntegrations/" + oceKey + "/configurations", query: "ids=CALLBACK_URL", restliMethod: "batch_update",
			body: `{"entities":{"CALLBACK_URL":{"configurationValue":{"string":"https://ats.example.com/linkedin/acme"}}}}`,
		},
		{
			name: "Configurations.BatchGet",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Configurations.BatchGet(ctx, []model.ConfigurationKey{{Integration: model.IntegrationKey{IntegrationContext: org, IntegrationType: model.IntegrationTypeOneClickExport, TenantType: model.TenantTypeRecruiter}, Name: model.ConfigCallbackURL}})
			},
			reply:  `{"results":{"CALLBACK_URL":{"configurationValue":{"string":"https://x.example.com/cb"}}}}`,
			method: "GET", path: "/v2/atsIntegrations/" + oceKey + "/configurations", query: "ids=CALLBACK_URL",
			check: func(t *testing.T, got any) {
				es := got.([]Entry[model.ConfigurationKey, model.IntegrationConfiguration])
				if len(es) != 1 || es[0].Err != nil || es[0].Value.Value.String != "https://x.example.com/cb" {
					t.Errorf("got %+v", es)
				}
			},
		},
		{
			name: "Configurations.BatchDelete",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Configurations.BatchDelete(ctx, []model.ConfigurationKey{{Integration: model.IntegrationKey{IntegrationContext: org, IntegrationType: model.IntegrationTypeOneClickExport, TenantType: model.TenantTypeRecruiter}, Name: model.ConfigJobPostingViewers}})
			},
			method: "DELETE", path: "/v2/atsIntegrations/" + oceKey + "/configurations", query: "ids=JOB_POSTING_VIEWERS", restliMethod: "batch_delete",
		},
		{
			name: "JobPostings.BatchCreate",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.JobPostings.BatchCreate(ctx, []model.JobPosting{testJob("J1"), testJob("J2")})
			},
			reply:  `{"elements":[{"id":"urn:li:simpleJobPostingTask:03ff7ca6","status":202},{"error":{"message":"ERROR :: /title :: field is required but not found and has no default value\n","status":422},"status":422}]}`,
			method: "POST", path: "/v2/simpleJobPostings", restliMethod: "batch_create",
			body: `{"elements":[` + testJobJSON("J1") + `,` + testJobJSON("J2") + `]}`,
			check: func(t *testing.T, got any) {
				rs := got.([]JobPostingResult)
				if rs[0].Task != "urn:li:simpleJobPostingTask:03ff7ca6" || rs[0].Status != 202 || rs[0].Err != nil {
					t.Errorf("job 0: %+v", rs[0])
				}
				var ae *APIError
				if !errors.As(rs[1].Err, &ae) || ae.StatusCode != 422 || !errors.Is(rs[1].Err, ErrInvalidRequest) {
					t.Errorf("job 1: %+v", rs[1])
				}
			},
		},
		{
			name: "JobPostings.BatchGetTasks",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.JobPostings.BatchGetTasks(ctx, []model.URN{"urn:li:simpleJobPostingTask:t1", "urn:li:simpleJobPostingTask:t2"})
			},
			reply:  `{"errors":{},"results":{"urn:li:simpleJobPostingTask:t1":{"externalJobPostingId":"J1","id":"urn:li:simpleJobPostingTask:t1","jobPosting":"urn:li:jobPosting:123456789","status":"SUCCEEDED"}},"statuses":{}}`,
			method: "GET", path: "/v2/simpleJobPostingTasks", query: "ids=urn:li:simpleJobPostingTask:t1&ids=urn:li:simpleJobPostingTask:t2",
			check: func(t *testing.T, got any) {
				es := got.([]Entry[model.URN, model.JobPostingTask])
				if es[0].Err != nil || es[0].Value.Status != model.TaskSucceeded || es[0].Value.JobPosting != "urn:li:jobPosting:123456789" {
					t.Errorf("task 0: %+v", es[0])
				}
				if !errors.Is(es[1].Err, ErrNotFound) {
					t.Errorf("task 1 should be not found: %+v", es[1])
				}
			},
		},
		{
			name: "Exports.Get",
			call: func(ctx context.Context, c *Client) (any, error) {
				ex, _, err := c.Exports.Get(ctx, "123456789")
				return ex, err
			},
			reply:  `{"elements":[{"integrationContext":"urn:li:organization:123","candidate":{"firstName":"Grace","lastName":"Hopper","headline":"Admiral"}}]}`,
			method: "GET", path: "/v2/exportedCandidates", query: "q=request&requestId=123456789",
			check: func(t *testing.T, got any) {
				ex := got.([]model.ExportedCandidate)
				if len(ex) != 1 || ex[0].IntegrationContext != org || ex[0].Candidate.FirstName != "Grace" || ex[0].RequestID != "123456789" {
					t.Errorf("got %+v", ex)
				}
			},
		},
		{
			name: "Exports.ListPurged",
			call: func(ctx context.Context, c *Client) (any, error) {
				p, _, err := c.Exports.ListPurged(ctx, PurgedListOptions{Window: Window{Since: time.UnixMilli(1589747047000), Until: time.UnixMilli(1592425447000)}})
				return p, err
			},
			reply:  `{"elements":[]}`,
			method: "GET", path: "/v2/atsPurgedExportedCandidates",
			query: "q=criteria&exportType=ONE_CLICK_EXPORT&timeRange.start=1589747047000&timeRange.end=1592425447000&start=0&count=100",
		},
		{
			name: "Seats.List",
			call: func(ctx context.Context, c *Client) (any, error) {
				s, _, err := c.Seats.List(ctx, SeatListOptions{Contracts: []model.URN{contract}})
				return s, err
			},
			reply:  `{"elements":[{"id":"5","contract":"urn:li:contract:77"}],"paging":{"start":0,"count":10,"total":1}}`,
			method: "GET", path: "/v2/seatsV2", query: "q=attributes&contracts=urn:li:contract:77&start=0&count=10",
			check: func(t *testing.T, got any) {
				s := got.([]model.Seat)
				if len(s) != 1 || s[0].ID != "5" {
					t.Errorf("got %+v", s)
				}
			},
		},
		{
			name: "InMails.List",
			call: func(ctx context.Context, c *Client) (any, error) {
				e, _, err := c.InMails.List(ctx, InMailListOptions{Viewer: "urn:li:seat:123456789", Window: Window{Since: time.UnixMilli(1486428734634), Until: millis("2017-02-08T00:00:00Z")}})
				return e, err
			},
			reply:  `{"elements":[]}`,
			method: "GET", path: "/v2/conversationEvents",
			query: "q=criteria&viewer=urn:li:seat:123456789&timeRange.start=1486428734634&timeRange.end=1486512000000&start=0&count=50",
		},
		{
			name: "MailStubs.List",
			call: func(ctx context.Context, c *Client) (any, error) {
				e, _, err := c.MailStubs.List(ctx, MailStubListOptions{Contract: contract, Owners: []model.URN{"urn:li:seat:1"}, Window: Window{Since: time.UnixMilli(1000), Until: time.UnixMilli(2000)}})
				return e, err
			},
			reply:  `{"elements":[]}`,
			method: "GET", path: "/v2/mailStubs",
			query: "q=contract&contract=urn:li:contract:77&owners=urn:li:seat:1&createdDateStart=1000&createdDateEnd=2000&start=0&count=50",
		},
		{
			name: "ProspectNotes.List",
			call: func(ctx context.Context, c *Client) (any, error) {
				e, _, err := c.ProspectNotes.List(ctx, ProspectNoteListOptions{Contract: contract, Owners: []model.URN{"urn:li:seat:1"}, Window: Window{Since: time.UnixMilli(1001), Until: time.UnixMilli(1489192513001)}})
				return e, err
			},
			reply:  `{"elements":[{"active":true,"contract":"urn:li:contract:77","created":1489192513000,"id":1323073443}]}`,
			method: "GET", path: "/v2/prospectNotes",
			query: "q=criteria&contract=urn:li:contract:77&owners=urn:li:seat:1&cutoffDate=1000&beforeDate=1489192513000&start=0&count=100",
			check: func(t *testing.T, got any) {
				n := got.([]model.ProspectNote)
				if len(n) != 1 || n[0].ID != "1323073443" || !n[0].Active {
					t.Errorf("got %+v", n)
				}
			},
		},
		// Versioned endpoints.
		{
			name: "versioned Candidates.BatchUpdate", versioned: true,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Candidates.BatchUpdate(ctx, []model.Candidate{testCandidate("C1")})
			},
			reply:  `{"results":{"(externalCandidateId:C1,integrationContext:urn%3Ali%3Aorganization%3A123)":{"status":204}}}`,
			method: "PUT", path: "/rest/candidates", restliMethod: "batch_update",
			query: "ids=List((externalCandidateId:C1,integrationContext:urn%3Ali%3Aorganization%3A123))",
			body: `{"entities":{"(externalCandidateId:C1,integrationContext:urn%3Ali%3Aorganization%3A123)":{
				"addresses":[],"externalCreatedAt":1484864187000,"externalLastModifiedAt":1484864187001,"emailAddresses":["ada@example.com"],
				"externalProfileUrl":"https://ats.example.com/candidates/C1","firstName":"Ada","lastName":"Lovelace","phoneNumbers":[]}}}`,
			check: func(t *testing.T, got any) {
				rs := got.([]Result[model.CandidateKey])
				if len(rs) != 1 || rs[0].Err != nil || rs[0].Status != 204 {
					t.Errorf("got %+v", rs)
				}
			},
		},
		{
			name: "versioned InterviewFeedback.BatchDelete", versioned: true,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.InterviewFeedback.BatchDelete(ctx, []model.InterviewFeedbackKey{{Application: appKey("A1"), FeedbackID: "F1"}})
			},
			method: "DELETE", path: "/rest/applicationInterviewFeedbacks", restliMethod: "batch_delete",
			query: "ids=List((jobApplicationId:A1,integrationContext:urn%3Ali%3Aorganization%3A123,interviewFeedbackId:F1))",
		},
		{
			name: "versioned Seats.List", versioned: true,
			call: func(ctx context.Context, c *Client) (any, error) {
				s, _, err := c.Seats.List(ctx, SeatListOptions{Contracts: []model.URN{contract}, ListOptions: ListOptions{Count: 25}})
				return s, err
			},
			reply:  `{"elements":[{"seatId":"9"}]}`,
			method: "GET", path: "/rest/seatsV2", query: "q=attributes&contracts=List(urn%3Ali%3Acontract%3A77)&start=0&count=25",
		},
		{
			name: "versioned Exports.Get", versioned: true,
			call: func(ctx context.Context, c *Client) (any, error) {
				ex, _, err := c.Exports.Get(ctx, "123456789")
				return ex, err
			},
			reply:  `{"elements":[{"integrationContext":"urn:li:organization:123","candidate":{"firstName":"Grace"}}]}`,
			method: "GET", path: "/rest/exportedCandidates", query: "q=request&requestId=123456789",
		},
		{
			name: "versioned Exports.ListPurged", versioned: true,
			call: func(ctx context.Context, c *Client) (any, error) {
				p, _, err := c.Exports.ListPurged(ctx, PurgedListOptions{Window: Window{Since: time.UnixMilli(1589747047000), Until: time.UnixMilli(1592425447000)}})
				return p, err
			},
			reply:  `{"elements":[]}`,
			method: "GET", path: "/rest/atsPurgedExportedCandidates",
			query: "q=criteria&exportType=ONE_CLICK_EXPORT&timeRange.start=1589747047000&timeRange.end=1592425447000&start=0&count=100",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			// The /rest cases run on the client's defaults.
			newClient := setup
			if tc.versioned {
				newClient = setupDefault
			}
			c, f := newClient(t)
			status := tc.status
			if status == 0 {
				status = http.StatusOK
			}
			reply := tc.reply
			if reply == "" {
				reply = "{}"
			}
			f.reply = func(captured) (int, string) { return status, reply }
			got, err := tc.call(context.Background(), c)
			if err != nil {
				t.Fatalf("call: %v", err)
			}
			reqs := f.requests()
			if len(reqs) != 1 {
				t.Fatalf("%d requests, want 1", len(reqs))
			}
			r := reqs[0]
			if r.Method != tc.method {
				t.Errorf("method %s, want %s", r.Method, tc.method)
			}
			if r.Path != tc.path {
				t.Errorf("path\n got %s\nwant %s", r.Path, tc.path)
			}
			if r.Query != tc.query {
				t.Errorf("query\n got %s\nwant %s", r.Query, tc.query)
			}
			if got := r.Header.Get("X-RestLi-Method"); got != tc.restliMethod {
				t.Errorf("X-RestLi-Method %q, want %q", got, tc.restliMethod)
			}
			if got := r.Header.Get("Authorization"); got != "Bearer tok-1" {
				t.Errorf("Authorization %q", got)
			}
			wantProto, wantVersion := "", ""
			if tc.versioned {
				wantProto, wantVersion = "2.0.0", "202604"
			}
			if got := r.Header.Get("X-RestLi-Protocol-Version"); got != wantProto {
				t.Errorf("X-RestLi-Protocol-Version %q, want %q", got, wantProto)
			}
			if got := r.Header.Get("LinkedIn-Version"); got != wantVersion {
				t.Errorf("LinkedIn-Version %q, want %q", got, wantVersion)
			}
			if tc.body != "" {
				if ct := r.Header.Get("Content-Type"); ct != "application/json" {
					t.Errorf("Content-Type %q", ct)
				}
			}
			jsonEqual(t, tc.body, r.Body)
			if tc.check != nil {
				tc.check(t, got)
			}
		})
	}
}

func testJob(id string) model.JobPosting {
	return model.JobPosting{
		IntegrationContext: org, ExternalJobPostingID: id, Operation: model.OperationCreate, Title: "Software Engineer",
		Description: "Build the SDK that every ATS uses to talk to LinkedIn. You will design clean Go APIs and test them carefully.",
		ListedAt:    1484864187000, Location: "San Francisco, CA", CompanyApplyURL: "https://ats.example.com/jobs/" + id,
		Availability: model.AvailabilityPrivate,
	}
}

func testJobJSON(id string) string {
	return `{"integrationContext":"urn:li:organization:123","externalJobPostingId":"` + id + `","jobPostingOperationType":"CREATE",
		"title":"Software Engineer","description":"Build the SDK that every ATS uses to talk to LinkedIn. You will design clean Go APIs and test them carefully.",
		"listedAt":1484864187000,"location":"San Francisco, CA","companyApplyUrl":"https://ats.example.com/jobs/` + id + `","availability":"PRIVATE_TO_ATS_INTEGRATION"}`
}
