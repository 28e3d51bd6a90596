package rscmock

import (
	"encoding/json"

	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rscmock/internal/records"
)

// Synced is one record the ATS synced, as LinkedIn holds it, with the
// history of the writes LinkedIn accepted for its key. The history survives
// deletes, so a test can check that a record was written exactly once, or
// that a deleted record was not written again.
type Synced[K any] struct {
	// Key is the record's key.
	Key K
	// Body is the record as LinkedIn stores it, in /v2 field names, without
	// its key; nil when LinkedIn does not hold the record.
	Body json.RawMessage
	// Writes is how many writes of the record LinkedIn accepted (a batch
	// update or partial update whose entry answered 2xx), including writes
	// whose answer a fault lost.
	Writes int
	// WriteRequests are the X-Li-Uuid response headers of the requests
	// whose write was accepted, in order; a test compares them with the
	// answers its client received to tell lost answers from repeated writes.
	WriteRequests []string
	// Deletes is how many deletes of the record, while LinkedIn held it,
	// LinkedIn accepted.
	Deletes int
}

// kindJob names job postings in the write logs.
const kindJob = "job"

// synced reads one record and its history.
func synced[K any](s *Server, kind string, key K, lk rkey) (Synced[K], bool) {
	out := Synced[K]{Key: key}
	var reqs []uint64
	reqs, out.Deletes = s.st.History(kind, lk)
	out.WriteRequests, out.Writes = requestIDs(reqs), len(reqs)
	e, ok := s.st.Get(kind, lk)
	if !ok {
		return out, false
	}
	out.Body, _ = json.Marshal(e.Body)
	return out, true
}

// requestIDs renders request numbers as their X-Li-Uuid headers.
func requestIDs(nums []uint64) []string {
	if nums == nil {
		return nil
	}
	out := make([]string, len(nums))
	for i, n := range nums {
		out[i] = requestID(n)
	}
	return out
}

func candRKey(k model.CandidateKey) rkey {
	return rkey{"ctx": string(k.IntegrationContext), "cand": k.ATSCandidateID}
}

func appRKey(k model.ApplicationKey) rkey {
	return rkey{"ctx": string(k.IntegrationContext), "app": k.ATSJobApplicationID}
}

func integrationRKey(k model.IntegrationKey) rkey {
	return rkey{"ctx": string(k.IntegrationContext), "itype": string(k.IntegrationType), "tenant": string(k.TenantType)}
}

func with(k rkey, name, v string) rkey {
	k[name] = v
	return k
}

// SyncedCandidate returns the candidate with key as LinkedIn holds it; ok is
// false when LinkedIn does not hold it (the history is filled either way).
func (s *Server) SyncedCandidate(key model.CandidateKey) (Synced[model.CandidateKey], bool) {
	return synced(s, records.Candidate.Name, key, candRKey(key))
}

// SyncedCandidateNote returns a candidate note (see SyncedCandidate).
func (s *Server) SyncedCandidateNote(key model.CandidateNoteKey) (Synced[model.CandidateNoteKey], bool) {
	return synced(s, records.CandidateNote.Name, key, with(candRKey(key.Candidate), "note", key.NoteID))
}

// SyncedApplication returns an application (see SyncedCandidate).
func (s *Server) SyncedApplication(key model.ApplicationKey) (Synced[model.ApplicationKey], bool) {
	return synced(s, records.Application.Name, key, appRKey(key))
}

// SyncedApplicationNote returns an application note (see SyncedCandidate).
func (s *Server) SyncedApplicationNote(key model.ApplicationNoteKey) (Synced[model.ApplicationNoteKey], bool) {
	return synced(s, records.ApplicationNote.Name, key, with(appRKey(key.Application), "note", key.NoteID))
}

// SyncedStage returns an application stage (see SyncedCandidate).
func (s *Server) SyncedStage(key model.StageKey) (Synced[model.StageKey], bool) {
	return synced(s, records.Stage.Name, key, with(appRKey(key.Application), "stage", key.StageID))
}

// SyncedFeedback returns an interview feedback (see SyncedCandidate).
func (s *Server) SyncedFeedback(key model.InterviewFeedbackKey) (Synced[model.InterviewFeedbackKey], bool) {
	return synced(s, records.Feedback.Name, key, with(appRKey(key.Application), "fb", key.FeedbackID))
}

// SyncedACL returns an entity ACL (see SyncedCandidate).
func (s *Server) SyncedACL(key model.EntityACLKey) (Synced[model.EntityACLKey], bool) {
	return synced(s, records.ACL.Name, key, rkey{"ctx": string(key.IntegrationContext), "acl": key.ATSEntityACLID,
		"entity": key.ATSEntityID, "etype": string(key.ATSEntityType)})
}

// SyncedAssignee returns an ACL assignee (see SyncedCandidate).
func (s *Server) SyncedAssignee(key model.ACLAssigneeKey) (Synced[model.ACLAssigneeKey], bool) {
	return synced(s, records.Assignee.Name, key, rkey{"ctx": string(key.IntegrationContext), "acl": key.ATSEntityACLID,
		"assignee": string(key.Assignee), "etype": string(key.ATSEntityType)})
}

// SyncedIntegration returns an integration as the ATS wrote it (see
// SyncedCandidate; Integrations shows the admin's view).
func (s *Server) SyncedIntegration(key model.IntegrationKey) (Synced[model.IntegrationKey], bool) {
	return synced(s, records.Integration.Name, key, integrationRKey(key))
}

// SyncedConfiguration returns an integration configuration (see SyncedCandidate).
func (s *Server) SyncedConfiguration(key model.ConfigurationKey) (Synced[model.ConfigurationKey], bool) {
	return synced(s, records.Configuration.Name, key, with(integrationRKey(key.Integration), "name", string(key.Name)))
}

// JobKey names a job posting: the customer's organization and the ATS's
// externalJobPostingId.
type JobKey struct {
	// Organization is the job's integrationContext.
	Organization model.URN
	// ExternalJobPostingID is the ATS's id of the job.
	ExternalJobPostingID string
}

// SyncedJob returns a job posting as LinkedIn holds it, its body the last
// accepted posting; Writes counts the accepted operations (CREATE, UPDATE,
// RENEW, CLOSE) whose task succeeded.
func (s *Server) SyncedJob(key JobKey) (Synced[JobKey], bool) {
	lk := rkey{"ctx": string(key.Organization), "job": key.ExternalJobPostingID}
	s.world.Lock()
	defer s.world.Unlock()
	out := Synced[JobKey]{Key: key}
	reqs, _ := s.st.History(kindJob, lk)
	out.WriteRequests, out.Writes = requestIDs(reqs), len(reqs)
	j, ok := s.jobs.Get(string(key.Organization), key.ExternalJobPostingID)
	if !ok {
		return out, false
	}
	out.Body = append(json.RawMessage(nil), j.Posting...)
	return out, true
}

func candKey(lk rkey) model.CandidateKey {
	return model.CandidateKey{IntegrationContext: model.URN(lk["ctx"]), ATSCandidateID: lk["cand"]}
}

func appKey(lk rkey) model.ApplicationKey {
	return model.ApplicationKey{IntegrationContext: model.URN(lk["ctx"]), ATSJobApplicationID: lk["app"]}
}
