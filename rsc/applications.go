package rsc

import (
	"context"

	"github.com/rsckit/rsckit/rsc/model"
)

// ApplicationsService syncs job applications (atsApplications). See
// https://learn.microsoft.com/en-us/linkedin/talent/middleware-platform/sync-applications
type ApplicationsService service

// BatchUpdate creates or replaces up to 100 applications (full replace:
// omitted fields become null).
//
// rsc:operation BATCH_UPDATE /v2/atsApplications
func (s *ApplicationsService) BatchUpdate(ctx context.Context, apps []model.Application, opts ...RequestOption) ([]Result[model.ApplicationKey], error) {
	return upsert(ctx, s.c, applicationsEndpoint, "applications", apps, func(a model.Application) model.ApplicationKey { return a.Key }, opts)
}

// BatchDelete deletes up to 100 applications; LinkedIn also deletes their
// notes, stages and interview feedback.
//
// rsc:operation BATCH_DELETE /v2/atsApplications
func (s *ApplicationsService) BatchDelete(ctx context.Context, keys []model.ApplicationKey, opts ...RequestOption) ([]Result[model.ApplicationKey], error) {
	return remove(ctx, s.c, applicationsEndpoint, "applications", keys, opts)
}

// ApplicationNotesService syncs notes on applications (one request per
// application on /v2). See
// https://learn.microsoft.com/en-us/linkedin/talent/middleware-platform/sync-application-notes
type ApplicationNotesService service

// BatchUpdate creates or replaces up to 100 application notes.
//
// rsc:operation BATCH_UPDATE /v2/atsApplications/{key}/notes
func (s *ApplicationNotesService) BatchUpdate(ctx context.Context, notes []model.ApplicationNote, opts ...RequestOption) ([]Result[model.ApplicationNoteKey], error) {
	return upsert(ctx, s.c, applicationNotesEndpoint, "applicationNotes", notes, func(n model.ApplicationNote) model.ApplicationNoteKey { return n.Key }, opts)
}

// BatchDelete deletes up to 100 application notes.
//
// rsc:operation BATCH_DELETE /v2/atsApplications/{key}/notes
func (s *ApplicationNotesService) BatchDelete(ctx context.Context, keys []model.ApplicationNoteKey, opts ...RequestOption) ([]Result[model.ApplicationNoteKey], error) {
	return remove(ctx, s.c, applicationNotesEndpoint, "applicationNotes", keys, opts)
}

// StagesService syncs the stage history of applications: each stage id is
// one history entry (offers are stages too, e.g. "Offer Extended"). See
// https://learn.microsoft.com/en-us/linkedin/talent/middleware-platform/sync-application-stages
type StagesService service

// BatchUpdate creates or replaces up to 100 stage entries.
//
// rsc:operation BATCH_UPDATE /v2/atsApplications/{key}/stages
func (s *StagesService) BatchUpdate(ctx context.Context, stages []model.ApplicationStage, opts ...RequestOption) ([]Result[model.StageKey], error) {
	return upsert(ctx, s.c, stagesEndpoint, "stages", stages, func(st model.ApplicationStage) model.StageKey { return st.Key }, opts)
}

// BatchDelete deletes up to 100 stage entries.
//
// rsc:operation BATCH_DELETE /v2/atsApplications/{key}/stages
func (s *StagesService) BatchDelete(ctx context.Context, keys []model.StageKey, opts ...RequestOption) ([]Result[model.StageKey], error) {
	return remove(ctx, s.c, stagesEndpoint, "stages", keys, opts)
}

// InterviewFeedbackService syncs interview feedback (scorecards). See
// https://learn.microsoft.com/en-us/linkedin/talent/middleware-platform/sync-application-interview-feedback
type InterviewFeedbackService service

// BatchUpdate creates or replaces up to 100 interview feedback records.
//
// rsc:operation BATCH_UPDATE /v2/atsApplications/{key}/interviewFeedback
func (s *InterviewFeedbackService) BatchUpdate(ctx context.Context, feedback []model.InterviewFeedback, opts ...RequestOption) ([]Result[model.InterviewFeedbackKey], error) {
	return upsert(ctx, s.c, interviewFeedbackEndpoint, "interviewFeedback", feedback, func(f model.InterviewFeedback) model.InterviewFeedbackKey { return f.Key }, opts)
}

// BatchDelete deletes up to 100 interview feedback records.
//
// rsc:operation BATCH_DELETE /v2/atsApplications/{key}/interviewFeedback
func (s *InterviewFeedbackService) BatchDelete(ctx context.Context, keys []model.InterviewFeedbackKey, opts ...RequestOption) ([]Result[model.InterviewFeedbackKey], error) {
	return remove(ctx, s.c, interviewFeedbackEndpoint, "interviewFeedback", keys, opts)
}
