package rsc_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
)

// fakeLinkedIn answers the token endpoint, accepts every candidate but C2,
// and serves one Hiring Assistant evaluation.
func fakeLinkedIn() *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /oauth/v2/accessToken", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"access_token":"t","expires_in":1800}`)
	})
	mux.HandleFunc("PUT /rest/candidates", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"results":{"(externalCandidateId:C1,integrationContext:urn%3Ali%3Aorganization%3A123)":{"status":204}},
			"errors":{"(externalCandidateId:C2,integrationContext:urn%3Ali%3Aorganization%3A123)":{"status":422,"message":"ERROR :: /externalProfileUrl :: invalid"}}}`)
	})
	mux.HandleFunc("PUT /rest/attachments", func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"results":{"(externalReferenceEntityId:A1,externalAttachmentId:RESUME-1,integrationContext:urn%3Ali%3Aorganization%3A123,externalReferenceEntityType:APPLICATION,attachmentType:RESUME)":{"status":204}}}`)
	})
	mux.HandleFunc("GET /rest/exportedApplicationEvaluation", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"elements":[{"integrationContext":"urn:li:organization:123","atsJobApplicationId":"A1",
			"summary":"Meets 4 of 5 qualifications"}]}`)
	})
	return httptest.NewServer(mux)
}

func ExampleAttachmentsService_BatchUpdate() {
	srv := fakeLinkedIn() // in tests, use rscmock
	defer srv.Close()
	c, err := rsc.NewClient(
		rsc.WithClientCredentials("customer-client-id", "customer-client-secret"),
		rsc.WithBaseURL(srv.URL), rsc.WithTokenURL(srv.URL+"/oauth/v2/accessToken"))
	if err != nil {
		panic(err)
	}
	resume := model.Attachment{
		Key: model.AttachmentKey{Application: model.ApplicationKey{IntegrationContext: model.OrganizationURN("123"),
			ATSJobApplicationID: "A1"}, AttachmentID: "RESUME-1"},
		FileName: "ada-lovelace.pdf", FileType: model.FileTypePDF, CreatedAt: 1700000000000, LastModifiedAt: 1700000000000,
		// The content is streamed from Open (a file, a blob store), never
		// held in memory; a retry opens it again.
		Open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader("%PDF-1.7 ...")), nil },
	}
	rs, err := c.Attachments.BatchUpdate(context.Background(), []model.Attachment{resume})
	if err != nil {
		panic(err)
	}
	fmt.Println(rs[0].Key.AttachmentID, rs[0].Status, rs[0].Err)
	// Output: RESUME-1 204 <nil>
}

func ExampleEvaluationsService_Get() {
	srv := fakeLinkedIn() // in tests, use rscmock
	defer srv.Close()
	c, err := rsc.NewClient(
		rsc.WithClientCredentials("customer-client-id", "customer-client-secret"),
		rsc.WithBaseURL(srv.URL), rsc.WithTokenURL(srv.URL+"/oauth/v2/accessToken"))
	if err != nil {
		panic(err)
	}
	// The request id of a model.NotificationApplicationEvaluation push.
	evals, _, err := c.Evaluations.Get(context.Background(), "REQ-1")
	if err != nil {
		panic(err)
	}
	for _, e := range evals {
		fmt.Println(e.RequestID, e.ATSJobApplicationID, e.Summary)
	}
	// Output: REQ-1 A1 Meets 4 of 5 qualifications
}

func ExampleCandidatesService_BatchUpdate() {
	srv := fakeLinkedIn() // in tests, use rscmock
	defer srv.Close()
	c, err := rsc.NewClient(
		rsc.WithClientCredentials("customer-client-id", "customer-client-secret"),
		rsc.WithBaseURL(srv.URL), rsc.WithTokenURL(srv.URL+"/oauth/v2/accessToken"))
	if err != nil {
		panic(err)
	}
	org := model.OrganizationURN("123")
	candidate := func(id string) model.Candidate {
		return model.Candidate{
			Key:                model.CandidateKey{IntegrationContext: org, ATSCandidateID: id},
			FirstName:          "Ada",
			EmailAddresses:     []string{"ada@example.com"},
			ATSCreatedAt:       1484864187000,
			ATSLastModifiedAt:  1484864187000,
			ExternalProfileURL: "https://ats.example.com/c/" + id,
		}
	}
	results, err := c.Candidates.BatchUpdate(context.Background(), []model.Candidate{candidate("C1"), candidate("C2")})
	if err != nil {
		panic(err)
	}
	for _, r := range results {
		fmt.Println(r.Key.ATSCandidateID, r.Status, r.Err)
	}
	// Output:
	// C1 204 <nil>
	// C2 422 rsc: BATCH_UPDATE /rest/candidates: 422 Unprocessable Entity: ERROR :: /externalProfileUrl :: invalid
}

func ExampleCandidatesService_BatchUpdate_validation() {
	c, _ := rsc.NewClient(rsc.WithClientCredentials("id", "secret"))
	_, err := c.Candidates.BatchUpdate(context.Background(), []model.Candidate{{
		Key:       model.CandidateKey{IntegrationContext: model.OrganizationURN("123"), ATSCandidateID: "C1"},
		FirstName: "Ada", ATSCreatedAt: 1484864187000, ATSLastModifiedAt: 1484864187000,
		ExternalProfileURL: "https://ats.example.com/c/C1",
	}})
	fmt.Println(err)
	// Output:
	// rsc: invalid input: 1 problem(s): candidates[0].emailAddresses: required unless manualMatchedMember is set
}

func ExampleNewClient() {
	c, err := rsc.NewClient(
		rsc.WithClientCredentials("customer-client-id", "never-printed"),
		rsc.WithRateLimits(rsc.RateLimits{RecordsPerMinute: 5_000}),
	)
	if err != nil {
		panic(err)
	}
	fmt.Println(c)
	// Output:
	// rsc.Client{customer-client-id https://api.linkedin.com}
}

func ExampleChallengeResponse() {
	// LinkedIn validates a Developer Portal webhook with GET ?challengeCode=
	// and a type-4 UUID; anything else is refused, so the endpoint never
	// signs what could be an event body.
	fmt.Println(rsc.ChallengeResponse("890e4665-4dfe-4ab1-b689-d4b8d9b3f8f7", "client-secret"))
	_, err := rsc.ChallengeResponse(`hmacsha256={"type":"RESYNC_JOBS"}`, "client-secret")
	fmt.Println(err)
	// Output:
	// f143701704f574bd973039f554e5b2b9ae13d4d7adbf9f612cb34dbf4178547a <nil>
	// rsc: challengeCode is not a UUID; LinkedIn sends type-4 UUIDs
}

func ExampleNotificationHandler() {
	// Onboarding: make the customer's tokens, store them like a secret, and
	// register the URL with client.Configurations.RegisterCallbackURL.
	tokens, err := rsc.NewCallbackTokens()
	if err != nil {
		panic(err)
	}
	h := &rsc.NotificationHandler{
		Tokens: func(context.Context) (rsc.CallbackTokens, error) { return tokens, nil }, // read from the store
		Handle: func(ctx context.Context, n model.Notification) error {
			fmt.Println("queue", n.Type, n.ID) // fetch with Exports.Get elsewhere
			return nil
		},
	}
	mux := http.NewServeMux()
	mux.Handle("POST /linkedin/callback/acme/{token}", h)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	callbackURL, err := rsc.CallbackURL(srv.URL+"/linkedin/callback/acme", tokens.Current)
	if err != nil {
		panic(err)
	}
	for _, u := range []string{callbackURL, srv.URL + "/linkedin/callback/acme/guessed"} {
		resp, err := http.Post(u, "application/json",
			stringsReader(`{"id":"123456789","type":"EXPORT_CANDIDATE_PROFILE","expiresAt":1700000000000}`))
		if err != nil {
			panic(err)
		}
		resp.Body.Close()
		fmt.Println(resp.StatusCode)
	}
	// Output:
	// queue EXPORT_CANDIDATE_PROFILE 123456789
	// 200
	// 404
}

func stringsReader(s string) io.Reader { return &stringReader{s: s} }

type stringReader struct{ s string }

func (r *stringReader) Read(p []byte) (int, error) {
	if r.s == "" {
		return 0, io.EOF
	}
	n := copy(p, r.s)
	r.s = r.s[n:]
	return n, nil
}
