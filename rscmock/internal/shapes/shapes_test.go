package shapes_test

import (
	"encoding/json"
	"testing"

	"github.com/rsckit/rsckit/rscmock/internal/shapes"
)

// TestWireNames pins the JSON of each shape: a renamed field fails here,
// whatever the client's types say.
func TestWireNames(t *testing.T) {
	for _, tc := range []struct {
		v    any
		want string
	}{
		{shapes.Notification{ID: "9000001", Type: "EXPORT_CANDIDATE_PROFILE", ExpiresAt: 5},
			`{"id":"9000001","type":"EXPORT_CANDIDATE_PROFILE","expiresAt":5}`},
		{shapes.ExportedCandidate{IntegrationContext: "urn:li:organization:1", Candidate: shapes.StubProfile{Member: "urn:li:person:a", EmailAddress: "a@b.c"},
			ExternalJobPostingID: "J1", Exporter: &shapes.Exporter{Seat: "urn:li:seat:1"}, ExportedAt: 7},
			`{"integrationContext":"urn:li:organization:1","candidate":{"member":"urn:li:person:a","emailAddress":"a@b.c"},"externalJobPostingId":"J1","exporter":{"seat":"urn:li:seat:1"},"exportedAt":7}`},
		{shapes.PurgedExportedCandidate{Member: "urn:li:person:a", RequestID: "1", ExportType: "ONE_CLICK_EXPORT", PurgedAt: 3},
			`{"member":"urn:li:person:a","requestId":"1","exportType":"ONE_CLICK_EXPORT","purgedAt":3}`},
		{shapes.ConversationEvent{ID: "1", Author: "urn:li:seat:1", Recipients: []string{"urn:li:person:a"},
			Content: shapes.Content{Mail: shapes.Mail{Subject: "Hi", Body: shapes.MailBody{Text: "Hello"}}}, CreatedAt: 2},
			`{"id":"1","author":"urn:li:seat:1","recipients":["urn:li:person:a"],"content":{"mail":{"subject":"Hi","body":{"text":"Hello"}}},"createdAt":2}`},
		{shapes.MailStub{ID: "1", EmailAddress: "a@b.c"}, `{"id":"1","emailAddress":"a@b.c"}`},
		{shapes.ProspectNote{ID: 1323000001, Active: true, Contract: "urn:li:contract:1"},
			`{"id":1323000001,"active":true,"contract":"urn:li:contract:1"}`},
		{shapes.JobPostingTask{ID: "urn:li:simpleJobPostingTask:1", Status: "SUCCEEDED", JobPosting: "urn:li:jobPosting:100001"},
			`{"id":"urn:li:simpleJobPostingTask:1","status":"SUCCEEDED","jobPosting":"urn:li:jobPosting:100001"}`},
	} {
		b, err := json.Marshal(tc.v)
		if err != nil || string(b) != tc.want {
			t.Errorf("%T:\n got %s (%v)\nwant %s", tc.v, b, err, tc.want)
		}
	}
}
