package rscmock_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rscmock"
)

// Regression: rest/applicationInterviewFeedbacks has no records-per-minute
// quota at LinkedIn ("N/A"), but the mock counted its records.
func TestVersionedInterviewFeedbackHasNoRecordsQuota(t *testing.T) {
	t.Parallel()
	srv := rscmock.NewServer(t, rscmock.WithRecordsPerMinute(100))
	org := srv.Default().Organization
	feedback := func(n int) []model.InterviewFeedback {
		out := make([]model.InterviewFeedback, n)
		for i := range out {
			out[i] = model.InterviewFeedback{Key: model.InterviewFeedbackKey{
				Application: model.ApplicationKey{IntegrationContext: org, ATSJobApplicationID: "A1"}, FeedbackID: fmt.Sprint("F", i)},
				Feedback: "ok"}
		}
		return out
	}
	rest := srv.Client(rsc.WithVersionedEndpoints(true), rsc.WithRetryPolicy(rsc.RetryPolicy{MaxRetries: -1}))
	for range 3 {
		if _, err := rest.InterviewFeedback.BatchUpdate(t.Context(), feedback(80)); err != nil {
			t.Fatalf("rest: %v", err)
		}
	}
	v2 := srv.Client(rsc.WithVersionedEndpoints(false), rsc.WithRetryPolicy(rsc.RetryPolicy{MaxRetries: -1}))
	var err error
	for range 3 {
		if _, err = v2.InterviewFeedback.BatchUpdate(t.Context(), feedback(80)); err != nil {
			break
		}
	}
	if !errors.Is(err, rsc.ErrRateLimited) {
		t.Errorf("v2 interview feedback over 100 records a minute: %v, want a 429", err)
	}
}
