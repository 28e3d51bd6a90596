package rsc_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rscmock"
)

// requestCounter counts the API requests (not token requests) sent through it.
type requestCounter struct {
	next http.RoundTripper
	n    atomic.Int64
}

func (c *requestCounter) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Path != "/oauth/v2/accessToken" {
		c.n.Add(1)
	}
	return c.next.RoundTrip(r)
}

// catalogue fixtures: valid records of every kind for organization org.
type fixtures struct{ org model.URN }

func (f fixtures) candidate(id string) model.Candidate {
	return model.Candidate{Key: model.CandidateKey{IntegrationContext: f.org, ATSCandidateID: id},
		FirstName: "Ada", LastName: "Lovelace", EmailAddresses: []string{"ada@example.com"},
		PhoneNumbers: []model.PhoneNumber{{Number: "+1 555 0100"}}, Addresses: []model.Address{{City: "London"}},
		ATSCreatedAt: 1_700_000_000_000, ATSLastModifiedAt: 1_700_000_000_001, ExternalProfileURL: "https://ats.example.com/c/" + id}
}

func (f fixtures) appKey(id string) model.ApplicationKey {
	return model.ApplicationKey{IntegrationContext: f.org, ATSJobApplicationID: id}
}

func (f fixtures) application(id string) model.Application {
	return model.Application{Key: f.appKey(id), ATSCandidateID: "C1", ATSCreatedAt: 1_700_000_000_000, ATSLastModifiedAt: 1_700_000_000_000,
		ATSJobPostingID: "J1", ATSJobPostingName: "Engineer", CandidateEmail: "ada@example.com", FirstName: "Ada"}
}

func (f fixtures) job(id string) model.JobPosting {
	return model.JobPosting{IntegrationContext: f.org, ExternalJobPostingID: id, Operation: model.OperationCreate, Title: "Engineer",
		Description: strings.Repeat("Build reliable software. ", 5), ListedAt: 1_700_000_000_000, Location: "Berlin, Germany",
		CompanyApplyURL: "https://ats.example.com/jobs/" + id, Availability: model.AvailabilityPublic}
}

func (f fixtures) integration(t model.IntegrationType) model.IntegrationKey {
	return model.IntegrationKey{IntegrationContext: f.org, IntegrationType: t, TenantType: model.TenantTypeRecruiter}
}

// badCase is one entry of the catalogue: call must fail with a
// *model.ValidationError (or the sentinel want) whose FieldError at path
// names the record (record, a substring of FieldError.Record) and says msg.
type badCase struct {
	name   string
	call   func(ctx context.Context) error
	path   string
	record string
	msg    string
	want   error // a sentinel instead of a ValidationError
}

// TestBadInputCatalogue sends every kind of invalid record through the
// client against rscmock, next to valid records already stored there. Each
// is refused before any request with an error naming the record (its key)
// and the field (with its index in the batch); LinkedIn's data is
// unchanged afterwards. Hostile but valid text (RTL overrides, zero-width
// and combining characters, emoji, a 10,000-character name) is accepted
// and stored byte for byte.
func TestBadInputCatalogue(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	srv := rscmock.NewServer(t, rscmock.WithRecordsPerMinute(0))
	cnt := &requestCounter{next: http.DefaultTransport}
	c := srv.Client(rsc.WithTransport(cnt))
	f := fixtures{org: srv.Default().Organization}

	// Records already at LinkedIn.
	good := []model.Candidate{f.candidate("C1"), f.candidate("C2")}
	if rs, err := c.Candidates.BatchUpdate(ctx, good); err != nil || len(rsc.Failed(rs)) > 0 {
		t.Fatalf("seed: %v %+v", err, rsc.Failed(rs))
	}
	if rs, err := c.Applications.BatchUpdate(ctx, []model.Application{f.application("A1")}); err != nil || len(rsc.Failed(rs)) > 0 {
		t.Fatalf("seed: %v %+v", err, rsc.Failed(rs))
	}
	snapshot := func() string {
		b, _ := json.Marshal([]any{srv.Candidates(f.org), srv.Applications(f.org), srv.Jobs(f.org)})
		return string(b)
	}
	before := snapshot()

	cand := func(mut func(*model.Candidate)) func(context.Context) error {
		return func(ctx context.Context) error {
			bad := f.candidate("C-bad")
			mut(&bad)
			_, err := c.Candidates.BatchUpdate(ctx, []model.Candidate{f.candidate("C1"), bad})
			return err
		}
	}
	app := func(mut func(*model.Application)) func(context.Context) error {
		return func(ctx context.Context) error {
			bad := f.application("A-bad")
			mut(&bad)
			_, err := c.Applications.BatchUpdate(ctx, []model.Application{f.application("A1"), bad})
			return err
		}
	}
	job := func(mut func(*model.JobPosting)) func(context.Context) error {
		return func(ctx context.Context) error {
			bad := f.job("J-bad")
			mut(&bad)
			_, err := c.JobPostings.BatchCreate(ctx, []model.JobPosting{f.job("J1"), bad})
			return err
		}
	}
	stage := func(mut func(*model.ApplicationStage)) func(context.Context) error {
		return func(ctx context.Context) error {
			s := model.ApplicationStage{Key: model.StageKey{Application: f.appKey("A1"), StageID: "S-bad"}, ATSCreatedAt: 1, Stage: "Hired"}
			mut(&s)
			_, err := c.Stages.BatchUpdate(ctx, []model.ApplicationStage{s})
			return err
		}
	}
	cnote := func(mut func(*model.CandidateNote)) func(context.Context) error {
		return func(ctx context.Context) error {
			n := model.CandidateNote{Key: model.CandidateNoteKey{Candidate: f.candidate("C1").Key, NoteID: "N-bad"}, Note: "ok"}
			mut(&n)
			_, err := c.CandidateNotes.BatchUpdate(ctx, []model.CandidateNote{n})
			return err
		}
	}
	anote := func(mut func(*model.ApplicationNote)) func(context.Context) error {
		return func(ctx context.Context) error {
			n := model.ApplicationNote{Key: model.ApplicationNoteKey{Application: f.appKey("A1"), NoteID: "N-bad"}, Note: "ok"}
			mut(&n)
			_, err := c.ApplicationNotes.BatchUpdate(ctx, []model.ApplicationNote{n})
			return err
		}
	}
	feedback := func(mut func(*model.InterviewFeedback)) func(context.Context) error {
		return func(ctx context.Context) error {
			fb := model.InterviewFeedback{Key: model.InterviewFeedbackKey{Application: f.appKey("A1"), FeedbackID: "F-bad"}}
			mut(&fb)
			_, err := c.InterviewFeedback.BatchUpdate(ctx, []model.InterviewFeedback{fb})
			return err
		}
	}
	acl := func(mut func(*model.EntityACLKey)) func(context.Context) error {
		return func(ctx context.Context) error {
			k := model.EntityACLKey{IntegrationContext: f.org, ATSEntityACLID: "G-bad", ATSEntityID: "J1", ATSEntityType: model.EntityTypeJobPosting}
			mut(&k)
			_, err := c.EntityACLs.BatchUpdate(ctx, []model.EntityACL{{Key: k}})
			return err
		}
	}
	assignee := func(mut func(*model.ACLAssigneeKey)) func(context.Context) error {
		return func(ctx context.Context) error {
			k := model.ACLAssigneeKey{IntegrationContext: f.org, ATSEntityACLID: "G-bad", Assignee: model.PersonURN("u1"), ATSEntityType: model.EntityTypeJobPosting}
			mut(&k)
			_, err := c.ACLAssignees.BatchUpdate(ctx, []model.ACLAssignee{{Key: k}})
			return err
		}
	}
	config := func(name model.ConfigurationName, itype model.IntegrationType, value string) func(context.Context) error {
		return func(ctx context.Context) error {
			_, err := c.Configurations.BatchUpdate(ctx, []model.IntegrationConfiguration{{
				Key: model.ConfigurationKey{Integration: f.integration(itype), Name: name}, Value: model.ConfigurationValue{String: value}}})
			return err
		}
	}
	provision := func(mut func(*model.ProvisionedApplication)) func(context.Context) error {
		return func(ctx context.Context) error {
			p := model.ProvisionedApplication{UniqueForeignID: "cust-bad", Name: "Rsckit ATS - Bad", Description: "x"}
			mut(&p)
			_, err := srv.PartnerClient().Applications.Create(ctx, p)
			return err
		}
	}
	long := func(n int) string { return strings.Repeat("é", n) }
	const rec = "atsCandidateId=C-bad"
	const appRec = "atsJobApplicationId=A-bad"
	const jobRec = "externalJobPostingId=J-bad"
	cases := []badCase{
		// Candidates.
		{name: "candidate id missing", call: cand(func(x *model.Candidate) { x.Key.ATSCandidateID = "" }), path: "candidates[1].key.atsCandidateId", msg: "required"},
		{name: "candidate context missing", call: cand(func(x *model.Candidate) { x.Key.IntegrationContext = "" }), path: "candidates[1].key.integrationContext", record: rec, msg: "required"},
		{name: "candidate context of the wrong type", call: cand(func(x *model.Candidate) { x.Key.IntegrationContext = "urn:li:contract:1" }), path: "candidates[1].key.integrationContext", record: rec, msg: "organization URN"},
		{name: "candidate context without id", call: cand(func(x *model.Candidate) { x.Key.IntegrationContext = "urn:li:organization:" }), path: "candidates[1].key.integrationContext", record: rec, msg: "organization URN"},
		{name: "candidate context not a URN", call: cand(func(x *model.Candidate) { x.Key.IntegrationContext = "organization 1" }), path: "candidates[1].key.integrationContext", record: rec, msg: "organization URN"},
		{name: "candidate context with a space", call: cand(func(x *model.Candidate) { x.Key.IntegrationContext = "urn:li:organization:1 2" }), path: "candidates[1].key.integrationContext", record: rec, msg: "organization URN"},
		{name: "created at missing", call: cand(func(x *model.Candidate) { x.ATSCreatedAt = 0 }), path: "candidates[1].atsCreatedAt", record: rec, msg: "> 0"},
		{name: "modified at negative", call: cand(func(x *model.Candidate) { x.ATSLastModifiedAt = -1 }), path: "candidates[1].atsLastModifiedAt", record: rec, msg: "> 0"},
		{name: "modified before created", call: cand(func(x *model.Candidate) { x.ATSLastModifiedAt = x.ATSCreatedAt - 1 }), path: "candidates[1].atsLastModifiedAt", record: rec, msg: ">= atsCreatedAt"},
		{name: "no email and no member", call: cand(func(x *model.Candidate) { x.EmailAddresses = nil }), path: "candidates[1].emailAddresses", record: rec, msg: "required unless manualMatchedMember"},
		{name: "email without domain dot", call: cand(func(x *model.Candidate) { x.EmailAddresses = []string{"ok@example.com", "ada@example"} }), path: "candidates[1].emailAddresses[1]", record: rec, msg: "X@X.X"},
		{name: "email with space", call: cand(func(x *model.Candidate) { x.EmailAddresses = []string{"ada @example.com"} }), path: "candidates[1].emailAddresses[0]", record: rec, msg: "X@X.X"},
		{name: "email with two @", call: cand(func(x *model.Candidate) { x.EmailAddresses = []string{"a@b@example.com"} }), path: "candidates[1].emailAddresses[0]", record: rec, msg: "X@X.X"},
		{name: "profile URL missing", call: cand(func(x *model.Candidate) { x.ExternalProfileURL = "" }), path: "candidates[1].externalProfileUrl", record: rec, msg: "required"},
		{name: "first name missing", call: cand(func(x *model.Candidate) { x.FirstName = "" }), path: "candidates[1].firstName", record: rec, msg: "required"},
		{name: "NUL in first name", call: cand(func(x *model.Candidate) { x.FirstName = "Ada\x00" }), path: "candidates[1].firstName", record: rec, msg: "NUL"},
		{name: "invalid UTF-8 in last name", call: cand(func(x *model.Candidate) { x.LastName = "Love\xfflace" }), path: "candidates[1].lastName", record: rec, msg: "UTF-8"},
		{name: "NUL in company", call: cand(func(x *model.Candidate) { x.CurrentCompanyName = "\x00" }), path: "candidates[1].currentCompanyName", record: rec, msg: "NUL"},
		{name: "invalid UTF-8 in title", call: cand(func(x *model.Candidate) { x.CurrentJobTitle = "\xc3\x28" }), path: "candidates[1].currentJobTitle", record: rec, msg: "UTF-8"},
		{name: "NUL in middle initial", call: cand(func(x *model.Candidate) { x.MiddleInitial = "\x00" }), path: "candidates[1].middleInitial", record: rec, msg: "NUL"},
		{name: "NUL in prefix", call: cand(func(x *model.Candidate) { x.Prefix = "\x00" }), path: "candidates[1].prefix", record: rec, msg: "NUL"},
		{name: "invalid UTF-8 in suffix", call: cand(func(x *model.Candidate) { x.Suffix = "\xff" }), path: "candidates[1].suffix", record: rec, msg: "UTF-8"},
		{name: "NUL in LinkedIn URL", call: cand(func(x *model.Candidate) { x.LinkedInProfileURL = "https://x\x00" }), path: "candidates[1].linkedInProfileUrl", record: rec, msg: "NUL"},
		{name: "phone number missing", call: cand(func(x *model.Candidate) { x.PhoneNumbers = []model.PhoneNumber{{Number: "1"}, {Extension: "12"}} }), path: "candidates[1].phoneNumbers[1].number", record: rec, msg: "required"},
		{name: "invalid UTF-8 in extension", call: cand(func(x *model.Candidate) { x.PhoneNumbers = []model.PhoneNumber{{Number: "1", Extension: "\xfe"}} }), path: "candidates[1].phoneNumbers[0].extension", record: rec, msg: "UTF-8"},
		{name: "NUL in address city", call: cand(func(x *model.Candidate) { x.Addresses = []model.Address{{}, {City: "Lon\x00don"}} }), path: "candidates[1].addresses[1].city", record: rec, msg: "NUL"},
		{name: "invalid UTF-8 in postal code", call: cand(func(x *model.Candidate) { x.Addresses = []model.Address{{PostalCode: "\xff"}} }), path: "candidates[1].addresses[0].postalCode", record: rec, msg: "UTF-8"},
		{name: "member of the wrong type", call: cand(func(x *model.Candidate) { x.ManualMatchedMember = "urn:li:company:1" }), path: "candidates[1].manualMatchedMember", record: rec, msg: "person URN"},
		{name: "member not a URN", call: cand(func(x *model.Candidate) { x.ManualMatchedMember = "ada" }), path: "candidates[1].manualMatchedMember", record: rec, msg: "person URN"},
		{name: "member URN with control character", call: cand(func(x *model.Candidate) { x.ManualMatchedMember = "urn:li:person:a\tb" }), path: "candidates[1].manualMatchedMember", record: rec, msg: "person URN"},
		{name: "duplicate candidate keys", call: func(ctx context.Context) error {
			_, err := c.Candidates.BatchUpdate(ctx, []model.Candidate{f.candidate("C1"), f.candidate("C9"), f.candidate("C1")})
			return err
		}, path: "candidates[2].key", msg: "duplicate of candidates[0]"},
		{name: "101 candidates", call: func(ctx context.Context) error {
			batch := make([]model.Candidate, 101)
			for i := range batch {
				batch[i] = f.candidate(fmt.Sprintf("C%d", i))
			}
			_, err := c.Candidates.BatchUpdate(ctx, batch)
			return err
		}, want: rsc.ErrBatchTooLarge},
		{name: "attach a company as person", call: func(ctx context.Context) error {
			_, err := c.Candidates.AttachPerson(ctx, []rsc.PersonLink{{Candidate: f.candidate("C1").Key, Person: "urn:li:company:9"}})
			return err
		}, path: "links[0].person", record: "atsCandidateId=C1", msg: "person URN"},

		// Applications.
		{name: "application id missing", call: app(func(x *model.Application) { x.Key.ATSJobApplicationID = "" }), path: "applications[1].key.atsJobApplicationId", msg: "required"},
		{name: "application context wrong", call: app(func(x *model.Application) { x.Key.IntegrationContext = "urn:li:person:1" }), path: "applications[1].key.integrationContext", record: appRec, msg: "organization URN"},
		{name: "application job id missing", call: app(func(x *model.Application) { x.ATSJobPostingID = "" }), path: "applications[1].atsJobPostingId", record: appRec, msg: "required"},
		{name: "application job name missing", call: app(func(x *model.Application) { x.ATSJobPostingName = "" }), path: "applications[1].atsJobPostingName", record: appRec, msg: "required"},
		{name: "application email malformed", call: app(func(x *model.Application) { x.CandidateEmail = "nobody" }), path: "applications[1].candidateEmail", record: appRec, msg: "X@X.X"},
		{name: "application created missing", call: app(func(x *model.Application) { x.ATSCreatedAt = 0 }), path: "applications[1].atsCreatedAt", record: appRec, msg: "> 0"},
		{name: "application modified before created", call: app(func(x *model.Application) { x.ATSLastModifiedAt = 1 }), path: "applications[1].atsLastModifiedAt", record: appRec, msg: ">= atsCreatedAt"},
		{name: "NUL in candidate id of application", call: app(func(x *model.Application) { x.ATSCandidateID = "C\x001" }), path: "applications[1].atsCandidateId", record: appRec, msg: "NUL"},
		{name: "NUL in source", call: app(func(x *model.Application) { x.Source = "\x00" }), path: "applications[1].source", record: appRec, msg: "NUL"},
		{name: "invalid UTF-8 in disposition", call: app(func(x *model.Application) { x.DispositionReason = "\xff" }), path: "applications[1].dispositionReason", record: appRec, msg: "UTF-8"},
		{name: "invalid UTF-8 in applicant name", call: app(func(x *model.Application) { x.FirstName = "\xff" }), path: "applications[1].firstName", record: appRec, msg: "UTF-8"},
		{name: "applicant first name missing", call: app(func(x *model.Application) { x.FirstName = "" }), path: "applications[1].firstName", record: appRec, msg: "required"},

		// Stages, notes, feedback.
		{name: "stage id missing", call: stage(func(x *model.ApplicationStage) { x.Key.StageID = "" }), path: "stages[0].key.stageId", msg: "required"},
		{name: "stage parent missing", call: stage(func(x *model.ApplicationStage) { x.Key.Application.ATSJobApplicationID = "" }), path: "stages[0].key.application.atsJobApplicationId", msg: "required"},
		{name: "stage name missing", call: stage(func(x *model.ApplicationStage) { x.Stage = "" }), path: "stages[0].stage", record: "stageId=S-bad", msg: "required"},
		{name: "stage Not Available", call: stage(func(x *model.ApplicationStage) { x.Stage = model.NotAvailableStage }), path: "stages[0].stage", record: "stageId=S-bad", msg: "Not Available"},
		{name: "stage time missing", call: stage(func(x *model.ApplicationStage) { x.ATSCreatedAt = 0 }), path: "stages[0].atsCreatedAt", record: "stageId=S-bad", msg: "> 0"},
		{name: "candidate note id missing", call: cnote(func(x *model.CandidateNote) { x.Key.NoteID = "" }), path: "candidateNotes[0].key.noteId", msg: "required"},
		{name: "candidate note parent context wrong", call: cnote(func(x *model.CandidateNote) { x.Key.Candidate.IntegrationContext = "x" }), path: "candidateNotes[0].key.candidate.integrationContext", record: "noteId=N-bad", msg: "organization URN"},
		{name: "candidate note negative time", call: cnote(func(x *model.CandidateNote) { x.ATSCreatedAt = -5 }), path: "candidateNotes[0].atsCreatedAt", record: "noteId=N-bad", msg: "negative"},
		{name: "candidate note author half named", call: cnote(func(x *model.CandidateNote) { x.Author = &model.Actor{FirstName: "Rita"} }), path: "candidateNotes[0].author.lastName", record: "noteId=N-bad", msg: "required"},
		{name: "candidate note NUL text", call: cnote(func(x *model.CandidateNote) { x.Note = "a\x00b" }), path: "candidateNotes[0].note", record: "noteId=N-bad", msg: "NUL"},
		{name: "application note id missing", call: anote(func(x *model.ApplicationNote) { x.Key.NoteID = "" }), path: "applicationNotes[0].key.noteId", msg: "required"},
		{name: "application note invalid UTF-8", call: anote(func(x *model.ApplicationNote) { x.Note = "\xff" }), path: "applicationNotes[0].note", record: "noteId=N-bad", msg: "UTF-8"},
		{name: "application note author unnamed", call: anote(func(x *model.ApplicationNote) { x.Author = &model.Actor{LastName: "X"} }), path: "applicationNotes[0].author.firstName", record: "noteId=N-bad", msg: "required"},
		{name: "feedback id missing", call: feedback(func(x *model.InterviewFeedback) { x.Key.FeedbackID = "" }), path: "interviewFeedback[0].key.feedbackId", msg: "required"},
		{name: "feedback negative time", call: feedback(func(x *model.InterviewFeedback) { x.ATSCreatedAt = -1 }), path: "interviewFeedback[0].atsCreatedAt", record: "feedbackId=F-bad", msg: "negative"},
		{name: "feedback interviewer unnamed", call: feedback(func(x *model.InterviewFeedback) { x.Interviewer = &model.Actor{LastName: "Y"} }), path: "interviewFeedback[0].interviewer.firstName", record: "feedbackId=F-bad", msg: "required"},
		{name: "feedback evaluation without attribute", call: feedback(func(x *model.InterviewFeedback) {
			x.Evaluations = []model.InterviewEvaluation{{Attribute: "a"}, {Result: "5/5"}}
		}), path: "interviewFeedback[0].evaluations[1].attribute", record: "feedbackId=F-bad", msg: "required"},
		{name: "feedback result invalid UTF-8", call: feedback(func(x *model.InterviewFeedback) {
			x.Evaluations = []model.InterviewEvaluation{{Attribute: "a", Result: "\xff"}}
		}), path: "interviewFeedback[0].evaluations[0].result", record: "feedbackId=F-bad", msg: "UTF-8"},
		{name: "feedback type unknown", call: feedback(func(x *model.InterviewFeedback) { x.InterviewType = "LUNCH" }), path: "interviewFeedback[0].interviewType", record: "feedbackId=F-bad", msg: "PHONE_SCREEN"},
		{name: "feedback NUL text", call: feedback(func(x *model.InterviewFeedback) { x.Feedback = "\x00" }), path: "interviewFeedback[0].feedback", record: "feedbackId=F-bad", msg: "NUL"},

		// ACLs.
		{name: "ACL id missing", call: acl(func(x *model.EntityACLKey) { x.ATSEntityACLID = "" }), path: "entityAcls[0].key.atsEntityAclId", msg: "required"},
		{name: "ACL entity missing", call: acl(func(x *model.EntityACLKey) { x.ATSEntityID = "" }), path: "entityAcls[0].key.atsEntityId", record: "atsEntityAclId=G-bad", msg: "required"},
		{name: "ACL entity type wrong", call: acl(func(x *model.EntityACLKey) { x.ATSEntityType = "CANDIDATE" }), path: "entityAcls[0].key.atsEntityType", record: "atsEntityAclId=G-bad", msg: "JOB_POSTING"},
		{name: "ACL context wrong", call: acl(func(x *model.EntityACLKey) { x.IntegrationContext = "urn:li:contract:2" }), path: "entityAcls[0].key.integrationContext", record: "atsEntityAclId=G-bad", msg: "organization URN"},
		{name: "assignee not a person", call: assignee(func(x *model.ACLAssigneeKey) { x.Assignee = "urn:li:seat:1" }), path: "aclAssignees[0].key.assignee", record: "atsEntityAclId=G-bad", msg: "person URN"},
		{name: "assignee missing", call: assignee(func(x *model.ACLAssigneeKey) { x.Assignee = "" }), path: "aclAssignees[0].key.assignee", record: "atsEntityAclId=G-bad", msg: "required"},
		{name: "assignee entity type missing", call: assignee(func(x *model.ACLAssigneeKey) { x.ATSEntityType = "" }), path: "aclAssignees[0].key.atsEntityType", record: "atsEntityAclId=G-bad", msg: "required"},

		// Jobs.
		{name: "job context missing", call: job(func(x *model.JobPosting) { x.IntegrationContext = "" }), path: "jobPostings[1].integrationContext", record: jobRec, msg: "required"},
		{name: "job context of the wrong type", call: job(func(x *model.JobPosting) { x.IntegrationContext = "urn:li:contract:1" }), path: "jobPostings[1].integrationContext", record: jobRec, msg: "organization URN"},
		{name: "job id missing", call: job(func(x *model.JobPosting) { x.ExternalJobPostingID = "" }), path: "jobPostings[1].externalJobPostingId", msg: "required"},
		{name: "job id too long", call: job(func(x *model.JobPosting) { x.ExternalJobPostingID = "J-bad" + long(196) }), path: "jobPostings[1].externalJobPostingId", msg: "at most 200 characters, got 201"},
		{name: "job operation missing", call: job(func(x *model.JobPosting) { x.Operation = "" }), path: "jobPostings[1].jobPostingOperationType", record: jobRec, msg: "required"},
		{name: "job operation unknown", call: job(func(x *model.JobPosting) { x.Operation = "DELETE" }), path: "jobPostings[1].jobPostingOperationType", record: jobRec, msg: "CLOSE"},
		{name: "job title missing", call: job(func(x *model.JobPosting) { x.Title = "" }), path: "jobPostings[1].title", record: jobRec, msg: "required"},
		{name: "job title too long", call: job(func(x *model.JobPosting) { x.Title = long(201) }), path: "jobPostings[1].title", record: jobRec, msg: "at most 200 characters, got 201"},
		{name: "job description too short", call: job(func(x *model.JobPosting) { x.Description = long(99) }), path: "jobPostings[1].description", record: jobRec, msg: "100 to 25000 characters, got 99"},
		{name: "job description too long", call: job(func(x *model.JobPosting) { x.Description = long(25_001) }), path: "jobPostings[1].description", record: jobRec, msg: "got 25001"},
		{name: "job description NUL", call: job(func(x *model.JobPosting) { x.Description = strings.Repeat("x", 120) + "\x00" }), path: "jobPostings[1].description", record: jobRec, msg: "NUL"},
		{name: "job listed at missing", call: job(func(x *model.JobPosting) { x.ListedAt = 0 }), path: "jobPostings[1].listedAt", record: jobRec, msg: "> 0"},
		{name: "job location missing", call: job(func(x *model.JobPosting) { x.Location = "" }), path: "jobPostings[1].location", record: jobRec, msg: "countryCode and postalCode"},
		{name: "job location half replaced", call: job(func(x *model.JobPosting) { x.Location, x.CountryCode = "", "DE" }), path: "jobPostings[1].location", record: jobRec, msg: "countryCode and postalCode"},
		{name: "job apply URL missing", call: job(func(x *model.JobPosting) { x.CompanyApplyURL = "" }), path: "jobPostings[1].companyApplyUrl", record: jobRec, msg: "required"},
		{name: "job apply URL relative", call: job(func(x *model.JobPosting) { x.CompanyApplyURL = "/jobs/1" }), path: "jobPostings[1].companyApplyUrl", record: jobRec, msg: "absolute http"},
		{name: "job apply URL ftp", call: job(func(x *model.JobPosting) { x.CompanyApplyURL = "ftp://ats.example.com/j" }), path: "jobPostings[1].companyApplyUrl", record: jobRec, msg: "absolute http"},
		{name: "job availability missing", call: job(func(x *model.JobPosting) { x.Availability = "" }), path: "jobPostings[1].availability", record: jobRec, msg: "required"},
		{name: "job availability unknown", call: job(func(x *model.JobPosting) { x.Availability = "SECRET" }), path: "jobPostings[1].availability", record: jobRec, msg: "PUBLIC"},
		{name: "job state unknown", call: job(func(x *model.JobPosting) { x.State = "PAUSED" }), path: "jobPostings[1].state", record: jobRec, msg: "LISTED"},
		{name: "job owner email malformed", call: job(func(x *model.JobPosting) { x.RequisitionOwnerEmail = "owner" }), path: "jobPostings[1].requisitionOwnerEmail", record: jobRec, msg: "X@X.X"},
		{name: "job four categories", call: job(func(x *model.JobPosting) { x.Categories = []string{"a", "b", "c", "d"} }), path: "jobPostings[1].categories", record: jobRec, msg: "at most 3"},
		{name: "job empty category", call: job(func(x *model.JobPosting) { x.Categories = []string{"a", ""} }), path: "jobPostings[1].categories[1]", record: jobRec, msg: "required"},
		{name: "job skills too long", call: job(func(x *model.JobPosting) { x.SkillsDescription = long(4001) }), path: "jobPostings[1].skillsDescription", record: jobRec, msg: "at most 4000"},
		{name: "job two workplace types", call: job(func(x *model.JobPosting) { x.WorkplaceTypes = []string{model.WorkplaceRemote, model.WorkplaceHybrid} }), path: "jobPostings[1].workplaceTypes", record: jobRec, msg: "at most 1"},
		{name: "job workplace type unknown", call: job(func(x *model.JobPosting) { x.WorkplaceTypes = []string{"Moon"} }), path: "jobPostings[1].workplaceTypes[0]", record: jobRec, msg: "Remote"},
		{name: "job industry of the wrong type", call: job(func(x *model.JobPosting) { x.Industries = []model.URN{"urn:li:industry:4", "urn:li:company:4"} }), path: "jobPostings[1].industries[1]", record: jobRec, msg: "industry URN"},
		{name: "job employment status unknown", call: job(func(x *model.JobPosting) { x.EmploymentStatus = "SOMETIMES" }), path: "jobPostings[1].employmentStatus", record: jobRec, msg: "FULL_TIME"},
		{name: "job experience level unknown", call: job(func(x *model.JobPosting) { x.ExperienceLevel = "GOD" }), path: "jobPostings[1].experienceLevel", record: jobRec, msg: "DIRECTOR"},
		{name: "job expiry negative", call: job(func(x *model.JobPosting) { x.ExpireAt = -1 }), path: "jobPostings[1].expireAt", record: jobRec, msg: "negative"},
		{name: "job listing type unknown", call: job(func(x *model.JobPosting) { x.ListingType = "GOLD" }), path: "jobPostings[1].listingType", record: jobRec, msg: "BASIC"},
		{name: "job alternate locations", call: job(func(x *model.JobPosting) { x.AlternateLocations = []string{"Paris"} }), path: "jobPostings[1].alternateLocations", record: jobRec, msg: "not supported"},
		{name: "job NUL in company name", call: job(func(x *model.JobPosting) { x.CompanyName = "\x00" }), path: "jobPostings[1].companyName", record: jobRec, msg: "NUL"},
		{name: "duplicate job ids", call: func(ctx context.Context) error {
			_, err := c.JobPostings.BatchCreate(ctx, []model.JobPosting{f.job("J1"), f.job("J1")})
			return err
		}, path: "jobPostings[1].key", msg: "duplicate of jobPostings[0]"},

		// Integrations and configurations.
		{name: "callback URL over http", call: config(model.ConfigCallbackURL, model.IntegrationTypeOneClickExport, "http://ats.example.com/cb"), path: "configurations[0].configurationValue.string", record: "name=CALLBACK_URL", msg: "https"},
		{name: "callback URL on port 8443", call: config(model.ConfigCallbackURL, model.IntegrationTypeOneClickExport, "https://ats.example.com:8443/cb"), path: "configurations[0].configurationValue.string", record: "name=CALLBACK_URL", msg: "port must be 80 or 443"},
		{name: "callback URL missing", call: config(model.ConfigCallbackURL, model.IntegrationTypeOneClickExport, ""), path: "configurations[0].configurationValue.string", record: "name=CALLBACK_URL", msg: "required"},
		{name: "viewers value wrong", call: config(model.ConfigJobPostingViewers, model.IntegrationTypeOneClickExport, "EVERYONE"), path: "configurations[0].configurationValue.string", record: "name=JOB_POSTING_VIEWERS", msg: "ALL_PRODUCT_USERS"},
		{name: "configuration name unknown", call: config("COLOR", model.IntegrationTypeOneClickExport, "blue"), path: "configurations[0].key.name", msg: "CALLBACK_URL"},
		{name: "integration type unknown", call: config(model.ConfigCallbackURL, "TELEPATHY", "https://ats.example.com/cb"), path: "configurations[0].key.integration.integrationType", msg: "ONE_CLICK_EXPORT"},
		{name: "CSA_API on an organization", call: config(model.ConfigCallbackURL, model.IntegrationTypeCSAAPI, "https://ats.example.com/cb"), path: "configurations[0].key.integration.integrationContext", msg: "contract URN"},
		{name: "integration name missing", call: func(ctx context.Context) error {
			_, err := c.Integrations.SetNames(ctx, []model.Integration{{Key: f.integration(model.IntegrationTypeOneClickExport)}})
			return err
		}, path: "integrations[0].integrationName", record: "integrationType=ONE_CLICK_EXPORT", msg: "required"},
		{name: "enable without customer name", call: func(ctx context.Context) error {
			_, err := c.Integrations.Enable(ctx, rsc.EnableRequest{Organization: f.org})
			return err
		}, path: "customerName", msg: "required"},
		{name: "enable with a contract as organization", call: func(ctx context.Context) error {
			_, err := c.Integrations.Enable(ctx, rsc.EnableRequest{Organization: "urn:li:contract:1", CustomerName: "Acme"})
			return err
		}, path: "organization", msg: "organization URN"},

		// Provisioning.
		{name: "provision without foreign id", call: provision(func(x *model.ProvisionedApplication) { x.UniqueForeignID = "" }), path: "uniqueForeignId", msg: "required"},
		{name: "provision name too long", call: provision(func(x *model.ProvisionedApplication) { x.Name = long(51) }), path: "name", record: "uniqueForeignId=cust-bad", msg: "at most 50"},
		{name: "provision name with LinkedIn", call: provision(func(x *model.ProvisionedApplication) { x.Name = "Acme LinkedIn Sync" }), path: "name", record: "uniqueForeignId=cust-bad", msg: "LinkedIn"},
		{name: "provision description missing", call: provision(func(x *model.ProvisionedApplication) { x.Description = "" }), path: "description", record: "uniqueForeignId=cust-bad", msg: "required"},
		{name: "provision callback relative", call: provision(func(x *model.ProvisionedApplication) { x.OAuth2AuthorizedCallbackURLs = []string{"/cb"} }), path: "oauth2AuthorizedCallbackUrls[0]", record: "uniqueForeignId=cust-bad", msg: "absolute URL"},
		{name: "provision domain with trailing slash", call: provision(func(x *model.ProvisionedApplication) { x.ValidJSSDKDomains = []string{"https://ats.example.com/"} }), path: "validJsSdkDomains[0]", record: "uniqueForeignId=cust-bad", msg: `end with "/"`},
		{name: "provision key of the wrong type", call: provision(func(x *model.ProvisionedApplication) { x.Key = "urn:li:organization:1" }), path: "key", record: "uniqueForeignId=cust-bad", msg: "developerApplication URN"},
	}
	sent := cnt.n.Load()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call(ctx)
			if err == nil {
				t.Fatal("accepted")
			}
			if tc.want != nil {
				if !errors.Is(err, tc.want) {
					t.Fatalf("err = %v, want %v", err, tc.want)
				}
				return
			}
			var ve *model.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("err = %T %v, want a *model.ValidationError", err, err)
			}
			var hit *model.FieldError
			for i := range ve.Errors {
				if ve.Errors[i].Path == tc.path {
					hit = &ve.Errors[i]
				}
			}
			if hit == nil {
				t.Fatalf("no problem at %s in %v", tc.path, err)
			}
			if !strings.Contains(hit.Message, tc.msg) || !strings.Contains(hit.Record, tc.record) {
				t.Errorf("problem at %s = %+v, want message with %q and record with %q", tc.path, *hit, tc.msg, tc.record)
			}
			if !strings.Contains(err.Error(), tc.path) {
				t.Errorf("error text %q does not name %s", err, tc.path)
			}
			if len(ve.Errors) != 1 {
				t.Errorf("%d problems, want only the one at %s: %v", len(ve.Errors), tc.path, err)
			}
		})
	}
	if n := cnt.n.Load() - sent; n != 0 {
		t.Errorf("%d requests were sent for invalid input", n)
	}
	if after := snapshot(); after != before {
		t.Errorf("LinkedIn's data changed:\nbefore %s\nafter  %s", before, after)
	}
}

// TestHostileButValidTextRoundTrips sends text that is valid UTF-8 but
// hostile to naive code: right-to-left overrides, zero-width joiners,
// combining marks, emoji, quotes, HTML, the URL and URN syntax ids may
// carry (Rest.li's and the query's delimiters are refused: see
// TestAttackRecordsRefusedBeforeTheNetwork), and names and ids at their
// length limits (Assumptions: LinkedIn documents none for names).
// LinkedIn stores each field byte for byte, under the right key.
func TestHostileButValidTextRoundTrips(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	srv := rscmock.NewServer(t, rscmock.WithRecordsPerMinute(0))
	c := srv.Client()
	f := fixtures{org: srv.Default().Organization}
	names := map[string]string{
		"rtl":       "\u202egnp.exe\u202c Ada",
		"zero":      "A\u200dd\u200ba\ufeff",
		"combining": "Ȁ̴̡͇̫̔d̶̜͊ả̵͎",
		"emoji":     "👩🏽‍💻 Ada",
		"markup":    `<script>alert("x")</script> & 'quotes'`,
		"long":      strings.Repeat("Ж", 256),
	}
	ids := map[string]string{
		"rtl": "C\u202eRTL", "zero": "C\u200b0", "combining": "C:a/b.List~1", "emoji": "C 👩 %20", "markup": "C@%2F+:/!*$", "long": "C" + strings.Repeat("9", 199),
	}
	var batch []model.Candidate
	for k, name := range names {
		x := f.candidate(ids[k])
		x.FirstName, x.LastName, x.CurrentJobTitle = name, name, name
		batch = append(batch, x)
	}
	rs, err := c.Candidates.BatchUpdate(ctx, batch)
	if err != nil {
		t.Fatal(err)
	}
	if failed := rsc.Failed(rs); len(failed) > 0 {
		t.Fatalf("rejected: %+v", failed)
	}
	got := map[string]model.Candidate{}
	for _, x := range srv.Candidates(f.org) {
		got[x.Key.ATSCandidateID] = x
	}
	for k, name := range names {
		x, ok := got[ids[k]]
		if !ok {
			t.Errorf("%s: candidate %q missing at LinkedIn", k, ids[k])
			continue
		}
		if x.FirstName != name || x.LastName != name || x.CurrentJobTitle != name {
			t.Errorf("%s: stored as %.40q, want %.40q", k, x.FirstName, name)
		}
	}
}

// TestMalformedAnswersGiveClearErrors points the client at a LinkedIn that
// answers with broken bodies. Every call fails (no panic) with an error
// naming the operation and what was wrong.
func TestMalformedAnswersGiveClearErrors(t *testing.T) {
	t.Parallel()
	answers := map[string]struct {
		status int
		body   string
	}{}
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/oauth/v2/accessToken" {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"access_token":"t","expires_in":3600}`)
			return
		}
		a, ok := answers[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(a.status)
		io.WriteString(w, a.body)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	answers["/v2/atsCandidates"] = struct {
		status int
		body   string
	}{200, `{"results": {"atsCandidateId=C1`}
	answers["/v2/atsApplications"] = struct {
		status int
		body   string
	}{500, `<html><body>Bad gateway</body></html>`}
	answers["/v2/exportedCandidates"] = struct {
		status int
		body   string
	}{200, `{"elements": "not a list"}`}
	answers["/v2/seatsV2"] = struct {
		status int
		body   string
	}{200, `{"elements": [42, "x", null]}`}
	answers["/v2/simpleJobPostings"] = struct {
		status int
		body   string
	}{200, `[]`}
	c, err := rsc.NewClient(rsc.WithBaseURL(srv.URL), rsc.WithTokenURL(srv.URL+"/oauth/v2/accessToken"),
		rsc.WithClientCredentials("id", "secret"), rsc.WithRetryPolicy(rsc.RetryPolicy{MaxRetries: -1}),
		rsc.WithVersionedEndpoints(false)) // the answers below are /v2's
	if err != nil {
		t.Fatal(err)
	}
	f := fixtures{org: model.OrganizationURN("1")}
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	cases := []struct {
		name string
		call func() error
		want []string
	}{
		{"truncated JSON", func() error {
			_, err := c.Candidates.BatchUpdate(ctx, []model.Candidate{f.candidate("C1")})
			return err
		}, []string{"BATCH_UPDATE /v2/atsCandidates", "decode response"}},
		{"HTML error page", func() error {
			rs, err := c.Applications.BatchUpdate(ctx, []model.Application{f.application("A1")})
			if err == nil && len(rs) == 1 {
				err = rs[0].Err
			}
			return err
		}, []string{"BATCH_UPDATE /v2/atsApplications", "500"}},
		{"elements not a list", func() error {
			_, _, err := c.Exports.Get(ctx, "9000001")
			return err
		}, []string{"/v2/exportedCandidates"}},
		{"elements of the wrong type", func() error {
			_, _, err := c.Seats.List(ctx, rsc.SeatListOptions{Contracts: []model.URN{"urn:li:contract:1"}})
			return err
		}, []string{"/v2/seatsV2"}},
		{"array instead of object", func() error {
			_, err := c.JobPostings.BatchCreate(ctx, []model.JobPosting{f.job("J1")})
			return err
		}, []string{"BATCH_CREATE /v2/simpleJobPostings", "decode response"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			if err == nil {
				t.Fatal("no error")
			}
			t.Log(err)
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
	// A token endpoint answering garbage.
	bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"access_token": 17`)
	}))
	t.Cleanup(bad.Close)
	c2, err := rsc.NewClient(rsc.WithBaseURL(bad.URL), rsc.WithTokenURL(bad.URL+"/oauth/v2/accessToken"),
		rsc.WithClientCredentials("id", "secret"), rsc.WithRetryPolicy(rsc.RetryPolicy{MaxRetries: -1}))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c2.Candidates.BatchUpdate(ctx, []model.Candidate{f.candidate("C1")})
	if err == nil || !strings.Contains(err.Error(), "access token") {
		t.Errorf("garbage token answer: err = %v, want it to name the access token", err)
	}
}

// TestURNRejectsBidiOverride documents a gap: a URN whose id carries a
// Unicode format character (U+202E RIGHT-TO-LEFT OVERRIDE, zero-width
// space) passes model.URN validation, so "urn:li:person:a\u202eb" is sent
// to LinkedIn as a manualMatchedMember and shown reversed in logs and UIs.
// urnProblem rejects spaces and control characters (Cc) but not format
// characters (Cf).
func TestURNRejectsBidiOverride(t *testing.T) {
	t.Parallel()
	for _, u := range []model.URN{"urn:li:person:a\u202eb", "urn:li:person:a\u200bb", "urn:li:organization:1\ufeff"} {
		if u.Validate() == nil {
			t.Errorf("%q accepted", u)
		}
	}
}
