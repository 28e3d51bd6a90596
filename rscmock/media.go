package rscmock

import (
	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rscmock/internal/api"
	"github.com/rsckit/rsckit/rscmock/internal/records"
)

// Resumes: the /v2 upload flow (hireMediaUrl, an upload to the URL it
// answers, then atsApplications/{key}/resumes) and rest/attachments, with
// the exported application evaluations of LinkedIn Hiring Assistant.

// MaxMedia is the most upload URLs the fake holds at once (its own bound on
// memory: each upload holds up to 10 MB).
const MaxMedia = api.MaxMedia

// AttachmentKey names an attachment: the application (or candidate) it
// belongs to and the ATS's attachment id ("resume" for the /v2 upload flow).
type AttachmentKey struct {
	// IntegrationContext is the customer's organization.
	IntegrationContext model.URN
	// EntityType is APPLICATION or CANDIDATE.
	EntityType string
	// EntityID is the ATS's id of the application or candidate.
	EntityID string
	// AttachmentID is the ATS's id of the attachment.
	AttachmentID string
}

// SyncedAttachment returns a RESUME attachment as LinkedIn holds it (see
// SyncedCandidate); its body holds the file base64 in "content".
func (s *Server) SyncedAttachment(key AttachmentKey) (Synced[AttachmentKey], bool) {
	return synced(s, records.Attachment.Name, key, rkey{"ctx": string(key.IntegrationContext), "ref": key.EntityID,
		"att": key.AttachmentID, "reftype": key.EntityType, "atype": "RESUME"})
}

// AddApplicationEvaluation stands in for LinkedIn Hiring Assistant: it
// evaluates application key and answers the requestId under which
// rest/exportedApplicationEvaluations serves the evaluation for 24 hours of
// the fake's clock [Q S2]. fields are the evaluation's own fields.
//
// Assumption: the element shape is unpublished; the fake serves fields plus
// "integrationContext" and "atsJobApplicationId". LinkedIn triggers the
// fetch with a push notification whose type is unpublished; the fake sends
// none.
func (s *Server) AddApplicationEvaluation(key model.ApplicationKey, fields map[string]any) string {
	return s.api.AddEvaluation(string(key.IntegrationContext), key.ATSJobApplicationID, fields)
}
