package model

import "testing"

func appKey() ApplicationKey {
	return ApplicationKey{IntegrationContext: OrganizationURN("1000"), ATSJobApplicationID: "A1"}
}

func validApplication() Application {
	return Application{
		Key:               appKey(),
		ATSCandidateID:    "C1",
		ATSCreatedAt:      1484864187000,
		ATSLastModifiedAt: 1485794842000,
		ATSJobPostingID:   "J1",
		ATSJobPostingName: "Engineer",
		CandidateEmail:    "ada@example.com",
		FirstName:         "Ada",
		LastName:          "Lovelace",
		Source:            "Referral",
	}
}

func TestApplicationValidate(t *testing.T) {
	t.Parallel()
	runRules(t, validApplication, []ruleCase[Application]{
		{"no key id", func(a *Application) { a.Key.ATSJobApplicationID = "" }, one("key.atsJobApplicationId", "required")},
		{"contract context", func(a *Application) { a.Key.IntegrationContext = ContractURN("1") }, one("key.integrationContext", orgMsg)},
		{"no created", func(a *Application) { a.ATSCreatedAt = 0 }, one("atsCreatedAt", "must be > 0")},
		{"no modified", func(a *Application) { a.ATSLastModifiedAt = 0 }, one("atsLastModifiedAt", "must be > 0")},
		{"modified before created", func(a *Application) { a.ATSLastModifiedAt = a.ATSCreatedAt - 1 }, one("atsLastModifiedAt", "must be >= atsCreatedAt")},
		{"modified equals created", func(a *Application) { a.ATSLastModifiedAt = a.ATSCreatedAt }, nil},
		{"no job id", func(a *Application) { a.ATSJobPostingID = "" }, one("atsJobPostingId", "required")},
		{"no job name", func(a *Application) { a.ATSJobPostingName = "" }, one("atsJobPostingName", "required")},
		{"bad email", func(a *Application) { a.CandidateEmail = "ada@example" }, one("candidateEmail", "must look like X@X.X")},
		{"no email", func(a *Application) { a.CandidateEmail = "" }, nil},
		{"no first name", func(a *Application) { a.FirstName = "" }, one("firstName", "required")},
		{"no last name", func(a *Application) { a.LastName = "" }, nil},
		{"NUL in first name", func(a *Application) { a.FirstName = "\x00" }, one("firstName", "must not contain NUL bytes")},
		{"bad UTF-8 in source", func(a *Application) { a.Source = "\xc3" }, one("source", "must be valid UTF-8")},
		{"bad UTF-8 in reason", func(a *Application) { a.DispositionReason = "\xc3" }, one("dispositionReason", "must be valid UTF-8")},
		{"NUL in candidate id", func(a *Application) { a.ATSCandidateID = "C\x00" }, one("atsCandidateId", "must not contain NUL bytes")},
	})
}

func validApplicationNote() ApplicationNote {
	return ApplicationNote{
		Key:          ApplicationNoteKey{Application: appKey(), NoteID: "APPL_NOTE123"},
		ATSCreatedAt: 1484864187000,
		Note:         "Lorem Ipsum.",
		Author:       &Actor{FirstName: "Angela", LastName: "Smith"},
	}
}

func TestApplicationNoteValidate(t *testing.T) {
	t.Parallel()
	runRules(t, validApplicationNote, []ruleCase[ApplicationNote]{
		{"only key", func(n *ApplicationNote) { *n = ApplicationNote{Key: n.Key} }, nil},
		{"no note id", func(n *ApplicationNote) { n.Key.NoteID = "" }, one("key.noteId", "required")},
		{"bad parent", func(n *ApplicationNote) { n.Key.Application.IntegrationContext = "x" }, one("key.application.integrationContext", orgMsg)},
		{"negative created", func(n *ApplicationNote) { n.ATSCreatedAt = -5 }, one("atsCreatedAt", "must not be negative")},
		{"author without last name", func(n *ApplicationNote) { n.Author.LastName = "" }, one("author.lastName", "required")},
		{"bad UTF-8 note", func(n *ApplicationNote) { n.Note = "\xff" }, one("note", "must be valid UTF-8")},
	})
}

func validStage() ApplicationStage {
	return ApplicationStage{Key: StageKey{Application: appKey(), StageID: "APPL_STAGE123"}, ATSCreatedAt: 1484864187000, Stage: "Offer Extended"}
}

func TestApplicationStageValidate(t *testing.T) {
	t.Parallel()
	runRules(t, validStage, []ruleCase[ApplicationStage]{
		{"no stage id", func(s *ApplicationStage) { s.Key.StageID = "" }, one("key.stageId", "required")},
		{"no application id", func(s *ApplicationStage) { s.Key.Application.ATSJobApplicationID = "" }, one("key.application.atsJobApplicationId", "required")},
		{"no created", func(s *ApplicationStage) { s.ATSCreatedAt = 0 }, one("atsCreatedAt", "must be > 0")},
		{"negative created", func(s *ApplicationStage) { s.ATSCreatedAt = -1 }, one("atsCreatedAt", "must be > 0")},
		{"no stage", func(s *ApplicationStage) { s.Stage = "" }, one("stage", "required")},
		{"not available", func(s *ApplicationStage) { s.Stage = "Not Available" }, one("stage", `must not be "Not Available"`)},
		{"one char", func(s *ApplicationStage) { s.Stage = "X" }, nil},
		{"NUL", func(s *ApplicationStage) { s.Stage = "Hired\x00" }, one("stage", "must not contain NUL bytes")},
	})
}

func validFeedback() InterviewFeedback {
	return InterviewFeedback{
		Key:           InterviewFeedbackKey{Application: appKey(), FeedbackID: "APPL_INTERVIEW_0001"},
		ATSCreatedAt:  1484864187000,
		Evaluations:   []InterviewEvaluation{{Attribute: "Verbal Communication", Result: "4/5"}},
		Feedback:      "Great interview!",
		Interviewer:   &Actor{FirstName: "Rita", LastName: "Book"},
		InterviewType: InterviewTypeOnsite,
	}
}

func TestInterviewFeedbackValidate(t *testing.T) {
	t.Parallel()
	runRules(t, validFeedback, []ruleCase[InterviewFeedback]{
		{"only key", func(f *InterviewFeedback) { *f = InterviewFeedback{Key: f.Key} }, nil},
		{"no feedback id", func(f *InterviewFeedback) { f.Key.FeedbackID = "" }, one("key.feedbackId", "required")},
		{"bad type", func(f *InterviewFeedback) { f.InterviewType = "VIDEO" }, one("interviewType", "must be one of PHONE_SCREEN, ONSITE")},
		{"phone screen", func(f *InterviewFeedback) { f.InterviewType = InterviewTypePhoneScreen }, nil},
		{"interviewer without names", func(f *InterviewFeedback) { f.Interviewer = &Actor{} },
			[]pm{{"interviewer.firstName", "required"}, {"interviewer.lastName", "required"}}},
		{"evaluation without attribute", func(f *InterviewFeedback) {
			f.Evaluations = append(f.Evaluations, InterviewEvaluation{Result: "5/5"})
		}, one("evaluations[1].attribute", "required")},
		{"evaluation without result", func(f *InterviewFeedback) { f.Evaluations[0].Result = "" }, nil},
		{"negative created", func(f *InterviewFeedback) { f.ATSCreatedAt = -1 }, one("atsCreatedAt", "must not be negative")},
		{"NUL in feedback", func(f *InterviewFeedback) { f.Feedback = "\x00" }, one("feedback", "must not contain NUL bytes")},
		{"bad UTF-8 in result", func(f *InterviewFeedback) { f.Evaluations[0].Result = "\xff" }, one("evaluations[0].result", "must be valid UTF-8")},
	})
}

func validEntityACL() EntityACL {
	return EntityACL{Key: EntityACLKey{IntegrationContext: OrganizationURN("1000"), ATSEntityACLID: "eng_managers",
		ATSEntityID: "JOBP123", ATSEntityType: EntityTypeJobPosting}}
}

func TestEntityACLValidate(t *testing.T) {
	t.Parallel()
	runRules(t, validEntityACL, []ruleCase[EntityACL]{
		{"no acl id", func(a *EntityACL) { a.Key.ATSEntityACLID = "" }, one("key.atsEntityAclId", "required")},
		{"no entity id", func(a *EntityACL) { a.Key.ATSEntityID = "" }, one("key.atsEntityId", "required")},
		{"no entity type", func(a *EntityACL) { a.Key.ATSEntityType = "" }, one("key.atsEntityType", "required")},
		{"wrong entity type", func(a *EntityACL) { a.Key.ATSEntityType = "APPLICATION" }, one("key.atsEntityType", "must be JOB_POSTING")},
		{"no context", func(a *EntityACL) { a.Key.IntegrationContext = "" }, one("key.integrationContext", "required")},
	})
}

func validACLAssignee() ACLAssignee {
	return ACLAssignee{Key: ACLAssigneeKey{IntegrationContext: OrganizationURN("1000"), ATSEntityACLID: "eng_managers",
		Assignee: PersonURN("yrZCpj2Z12"), ATSEntityType: EntityTypeJobPosting}}
}

func TestACLAssigneeValidate(t *testing.T) {
	t.Parallel()
	runRules(t, validACLAssignee, []ruleCase[ACLAssignee]{
		{"no acl id", func(a *ACLAssignee) { a.Key.ATSEntityACLID = "" }, one("key.atsEntityAclId", "required")},
		{"no assignee", func(a *ACLAssignee) { a.Key.Assignee = "" }, one("key.assignee", "required")},
		{"seat assignee", func(a *ACLAssignee) { a.Key.Assignee = SeatURN("1") }, one("key.assignee", "must be a person URN (urn:li:person:{id})")},
		{"wrong entity type", func(a *ACLAssignee) { a.Key.ATSEntityType = "X" }, one("key.atsEntityType", "must be JOB_POSTING")},
		{"no context", func(a *ACLAssignee) { a.Key.IntegrationContext = "" }, one("key.integrationContext", "required")},
	})
}
