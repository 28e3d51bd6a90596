package rsc

import (
	"context"

	"github.com/rsckit/rsckit/rsc/internal/restli"
	"github.com/rsckit/rsckit/rsc/model"
)

// EvaluationsService reads LinkedIn Hiring Assistant evaluations of job
// applications. LinkedIn pushes a notification
// (model.NotificationApplicationEvaluation) to the customer's CALLBACK_URL;
// its request id is fetched with Get within 24 hours. See
// https://learn.microsoft.com/en-us/linkedin/talent/recruiter-system-connect/retrieve-application-evaluation/exported-application-evaluation
type EvaluationsService service

// Get fetches the evaluations of a notification's request id (a finder:
// the answer is a list). Check each result's IntegrationContext, when
// LinkedIn sends one, against the customer whose callback URL received the
// notification.
//
// rsc:operation FINDER request /rest/exportedApplicationEvaluation
func (s *EvaluationsService) Get(ctx context.Context, requestID string, opts ...RequestOption) ([]model.ApplicationEvaluation, *Response, error) {
	if requestID == "" {
		return nil, nil, invalidOption("requestId", "required")
	}
	var q restli.Query
	q.Set("q", "request")
	q.Set("requestId", requestID)
	items, resp, err := find(ctx, s.c, evaluationsFinder.on(s.c), q, decodeJSON[model.ApplicationEvaluation], opts)
	for i := range items {
		if items[i].RequestID == "" {
			items[i].RequestID = requestID
		}
	}
	return items, resp, err
}
