package rsc

import (
	"errors"
	"fmt"
	"testing"

	"github.com/rsckit/rsckit/rsc/model"
)

// TestLinkedInsOutcomeRules pins which of LinkedIn's refusals the engines
// count as done, as stopping a tenant, or as an unknown request id.
func TestLinkedInsOutcomeRules(t *testing.T) {
	t.Parallel()
	api := func(status int, msg string) error {
		return fmt.Errorf("wrapped: %w", &APIError{StatusCode: status, Message: msg})
	}
	for _, c := range []struct {
		name string
		rule func(error) bool
		err  error
		want bool
	}{
		{"delete 404 is done", DeleteDone, api(404, ""), true},
		{"delete 409 is not", DeleteDone, api(409, ""), false},
		{"delete network error is not", DeleteDone, errors.New("reset"), false},
		{"close 409 is done", AlreadyClosed, api(409, ""), true},
		{"close message is done", AlreadyClosed, api(400, "Cannot close job which is already closed or does not exist"), true},
		{"close 422 is not", AlreadyClosed, api(422, "ERROR :: /title"), false},
		{"401 stops", AuthFailure, api(401, ""), true},
		{"403 stops", AuthFailure, api(403, ""), true},
		{"429 does not stop", AuthFailure, api(429, ""), false},
		{"404 request unknown", RequestUnknown, api(404, ""), true},
		{"410 request unknown", RequestUnknown, api(410, ""), true},
		{"500 request not unknown", RequestUnknown, api(500, ""), false},
	} {
		if got := c.rule(c.err); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	failed := model.JobPostingTask{Status: model.TaskFailed, ErrorMessage: "Cannot close job which is already closed or does not exist"}
	if !TaskAlreadyClosed(failed) {
		t.Error("a FAILED CLOSE task with LinkedIn's message is not already closed")
	}
	failed.ErrorMessage = "Job 1 was dropped: Invalid Field: /description"
	if TaskAlreadyClosed(failed) {
		t.Error("a task failed for its description counts as already closed")
	}
}
