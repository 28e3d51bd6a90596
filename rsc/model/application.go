package model

// Application is a job application synced to LinkedIn (atsApplications,
// batch_update). The update replaces the whole record; deleting it also deletes its
// notes, stages and interview feedback.
type Application struct {
	Key ApplicationKey `json:"-"`
	// ATSCandidateID links the application to a synced candidate.
	ATSCandidateID    string      `json:"atsCandidateId,omitempty"`
	ATSCreatedAt      EpochMillis `json:"atsCreatedAt"`
	ATSLastModifiedAt EpochMillis `json:"atsLastModifiedAt"`
	// ATSJobPostingID is the job's externalJobPostingId (required).
	ATSJobPostingID string `json:"atsJobPostingId"`
	// ATSJobPostingName is the job's name (required).
	ATSJobPostingName string `json:"atsJobPostingName"`
	// CandidateEmail is required whenever available (X@X.X).
	CandidateEmail string `json:"candidateEmail,omitempty"`
	// FirstName is required (LinkedIn's validation: min length 1).
	FirstName         string `json:"firstName,omitempty"`
	LastName          string `json:"lastName,omitempty"`
	Source            string `json:"source,omitempty"`
	DispositionReason string `json:"dispositionReason,omitempty"`
}

// Validate applies the RSC application rules.
func (a Application) Validate() error {
	var c checker
	a.Key.check(&c, "key.")
	if a.ATSCandidateID != "" {
		c.id("atsCandidateId", a.ATSCandidateID)
	}
	c.timestamps(a.ATSCreatedAt, a.ATSLastModifiedAt)
	c.id("atsJobPostingId", a.ATSJobPostingID)
	c.requiredMax("atsJobPostingName", a.ATSJobPostingName, maxShort)
	if a.CandidateEmail != "" {
		c.email("candidateEmail", a.CandidateEmail)
	}
	c.requiredMax("firstName", a.FirstName, maxName)
	c.textMax("lastName", a.LastName, maxName)
	c.textMax("source", a.Source, maxShort)
	c.textMax("dispositionReason", a.DispositionReason, maxShort)
	return c.result(a.Key.String)
}

// ApplicationNote is a note on a synced application (atsApplications/{key}/notes).
// All fields are optional.
type ApplicationNote struct {
	Key          ApplicationNoteKey `json:"-"`
	ATSCreatedAt EpochMillis        `json:"atsCreatedAt,omitzero"`
	Note         string             `json:"note,omitempty"`
	Author       *Actor             `json:"author,omitempty"`
}

// Validate checks the key (paths "key.application.*", "key.noteId"), that
// atsCreatedAt is not negative and that an author has both names.
func (n ApplicationNote) Validate() error {
	var c checker
	n.Key.check(&c)
	checkNote(&c, n.ATSCreatedAt, n.Note, n.Author)
	return c.result(n.Key.String)
}

// NotAvailableStage is the stage name LinkedIn rejects.
const NotAvailableStage = "Not Available"

// ApplicationStage is one stage history entry of an application
// (atsApplications/{key}/stages). Offers have no entity of their own; send them as
// stages such as "Offer Extended".
type ApplicationStage struct {
	Key          StageKey    `json:"-"`
	ATSCreatedAt EpochMillis `json:"atsCreatedAt"`
	// Stage is the ATS's free-text stage name (required, not "Not Available").
	Stage string `json:"stage"`
}

// Validate checks the key (paths "key.application.*", "key.stageId"), that
// atsCreatedAt is > 0 and that stage is set and not "Not Available".
func (s ApplicationStage) Validate() error {
	var c checker
	s.Key.check(&c)
	c.positive("atsCreatedAt", s.ATSCreatedAt)
	if c.requiredMax("stage", s.Stage, maxShort) && s.Stage == NotAvailableStage {
		c.add("stage", msgNotAvailable)
	}
	return c.result(s.Key.String)
}

// InterviewEvaluation is one scored attribute of an interview feedback.
type InterviewEvaluation struct {
	Attribute string `json:"attribute"`
	Result    string `json:"result,omitempty"`
}

// InterviewFeedback is an interview scorecard of an application
// (atsApplications/{key}/interviewFeedback). All fields are optional.
type InterviewFeedback struct {
	Key           InterviewFeedbackKey  `json:"-"`
	ATSCreatedAt  EpochMillis           `json:"atsCreatedAt,omitzero"`
	Interviewer   *Actor                `json:"interviewer,omitempty"`
	Evaluations   []InterviewEvaluation `json:"evaluations,omitempty"`
	Feedback      string                `json:"feedback,omitempty"`
	InterviewType InterviewType         `json:"interviewType,omitempty"`
}

// Validate checks the key (paths "key.application.*", "key.feedbackId"), the
// interview type, the interviewer's names and each evaluation's attribute.
func (f InterviewFeedback) Validate() error {
	var c checker
	f.Key.check(&c)
	if f.ATSCreatedAt < 0 {
		c.add("atsCreatedAt", msgNotNegative)
	}
	c.actor("interviewer.", f.Interviewer)
	for i, e := range f.Evaluations {
		old := c.enter("evaluations", i)
		c.requiredMax("attribute", e.Attribute, maxShort)
		c.textMax("result", e.Result, maxShort)
		c.leave(old)
	}
	c.textMax("feedback", f.Feedback, maxNote)
	if f.InterviewType != "" && !f.InterviewType.Valid() {
		c.add("interviewType", oneOf(InterviewTypePhoneScreen, InterviewTypeOnsite))
	}
	return c.result(f.Key.String)
}

// EntityACL associates a job with an ATS security group (atsEntityAcls). Its body is
// the empty object.
type EntityACL struct {
	Key EntityACLKey `json:"-"`
}

// Validate checks the key.
func (a EntityACL) Validate() error { return a.Key.Validate() }

// ACLAssignee assigns a member to an ATS security group (atsEntityAclAssignees). Its
// body is the empty object.
type ACLAssignee struct {
	Key ACLAssigneeKey `json:"-"`
}

// Validate checks the key.
func (a ACLAssignee) Validate() error { return a.Key.Validate() }
