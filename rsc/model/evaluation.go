package model

import "encoding/json"

// NotificationApplicationEvaluation follows a LinkedIn Hiring Assistant
// evaluation of an application; fetch it with
// exportedApplicationEvaluation?q=request&requestId={id} within 24 hours.
// Assumption: the type is spelled like EXPORT_CANDIDATE_PROFILE (LinkedIn's
// page names the push, not its type string); rscsync also accepts
// APPLICATION_EVALUATION.
const NotificationApplicationEvaluation NotificationType = "EXPORT_APPLICATION_EVALUATION"

// ApplicationEvaluation is one LinkedIn Hiring Assistant evaluation of a job
// application, as rest/exportedApplicationEvaluation returns it. LinkedIn
// evaluates an application at most once in 24 hours, and again when its
// job changes.
//
// Assumption: LinkedIn documents the endpoint, its quota and its push, not
// its fields. Decoding is tolerant and keeps the whole element in Raw:
// "integrationContext"; the application as "atsJobApplicationId",
// "externalJobApplicationId" or "jobApplicationId"; the job as
// "atsJobPostingId", "externalJobPostingId" or "jobPostingId"; the time as
// "evaluatedAt", "createdAt" or "created"; a summary as "summary",
// "evaluation", "recommendation" or "result".
type ApplicationEvaluation struct {
	// RequestID is the push notification's request id it was fetched with.
	RequestID           string
	IntegrationContext  URN
	ATSJobApplicationID string
	ATSJobPostingID     string
	EvaluatedAt         EpochMillis
	Summary             string
	// Raw is the whole element as received.
	Raw json.RawMessage
}

// Key identifies the evaluation for idempotent storage: the request id and
// the application ("<requestId>/<application id>").
func (x ApplicationEvaluation) Key() string {
	return x.RequestID + "/" + x.ATSJobApplicationID
}

// UnmarshalJSON decodes an evaluation tolerantly and keeps it in Raw.
func (x *ApplicationEvaluation) UnmarshalJSON(data []byte) error {
	if isNull(data) {
		return nil
	}
	o, err := decodeObject(data, "application evaluation")
	if err != nil {
		return err
	}
	*x = ApplicationEvaluation{
		RequestID:           o.str("requestId"),
		IntegrationContext:  URN(o.str("integrationContext")),
		ATSJobApplicationID: o.str("atsJobApplicationId", "externalJobApplicationId", "jobApplicationId"),
		ATSJobPostingID:     o.str("atsJobPostingId", "externalJobPostingId", "jobPostingId"),
		EvaluatedAt:         o.millis("evaluatedAt", "createdAt", "created"),
		Summary:             o.firstStr("summary", "evaluation", "recommendation", "result"),
		Raw:                 rawCopy(data),
	}
	return nil
}

// MarshalJSON writes Raw when the evaluation was decoded, else its fields.
func (x ApplicationEvaluation) MarshalJSON() ([]byte, error) {
	if len(x.Raw) > 0 {
		return x.Raw, nil
	}
	return json.Marshal(struct {
		RequestID           string      `json:"requestId,omitempty"`
		IntegrationContext  URN         `json:"integrationContext,omitempty"`
		ATSJobApplicationID string      `json:"atsJobApplicationId,omitempty"`
		ATSJobPostingID     string      `json:"atsJobPostingId,omitempty"`
		EvaluatedAt         EpochMillis `json:"evaluatedAt,omitzero"`
		Summary             string      `json:"summary,omitempty"`
	}{x.RequestID, x.IntegrationContext, x.ATSJobApplicationID, x.ATSJobPostingID, x.EvaluatedAt, x.Summary})
}
