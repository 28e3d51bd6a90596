package model

// Record is a record an ATS sends to LinkedIn: JobPosting, Candidate,
// Application, ApplicationStage, CandidateNote, ApplicationNote,
// InterviewFeedback, EntityACL, ACLAssignee or Attachment (or a pointer to
// one). The set is closed: only this package's types implement it, so a
// value of another type cannot reach an engine that sends records
// (rsc/sync's Record.Value), where it could only fail at run time.
type Record interface {
	Validator
	atsRecord()
}

func (JobPosting) atsRecord()        {}
func (Candidate) atsRecord()         {}
func (Application) atsRecord()       {}
func (ApplicationStage) atsRecord()  {}
func (CandidateNote) atsRecord()     {}
func (ApplicationNote) atsRecord()   {}
func (InterviewFeedback) atsRecord() {}
func (EntityACL) atsRecord()         {}
func (ACLAssignee) atsRecord()       {}
func (Attachment) atsRecord()        {}
