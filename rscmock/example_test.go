package rscmock_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rscmock"
)

// Example syncs a candidate through the real client and reads what Recruiter
// would show for the matching member.
func Example() {
	srv := rscmock.New(rscmock.Options{Seed: 42, Listen: true})
	defer srv.Close()
	d := srv.Default()
	client, err := rsc.NewClient(
		rsc.WithBaseURL(srv.URL()), rsc.WithTokenURL(srv.TokenURL()),
		rsc.WithClientCredentials(d.ClientID, d.ClientSecret))
	if err != nil {
		fmt.Println(err)
		return
	}
	member := srv.AddMember(rscmock.Member{Email: "ada@example.com"})
	res, err := client.Candidates.BatchUpdate(context.Background(), []model.Candidate{{
		Key:          model.CandidateKey{IntegrationContext: d.Organization, ATSCandidateID: "C1"},
		ATSCreatedAt: 1484864187000, ATSLastModifiedAt: 1484864187000,
		EmailAddresses: []string{"ada@example.com"}, ExternalProfileURL: "https://ats.example.com/c/1", FirstName: "Ada",
	}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("status:", res[0].Status)
	fmt.Println("in ATS:", srv.InATS(d.Organization, member.URN, "").Candidates)
	// Output:
	// status: 204
	// in ATS: [C1]
}

// Example_mockAPI drives the recruiter simulator over HTTP, as a test written
// in any language would: add a member, then see that actions take POST only.
func Example_mockAPI() {
	srv := rscmock.New(rscmock.Options{Seed: 7, Listen: true})
	defer srv.Close()
	hc := &http.Client{}
	resp, err := hc.Post(srv.URL()+"/_mock/members", "application/json",
		strings.NewReader(`{"firstName":"Ada","lastName":"Lovelace","email":"ada@example.com"}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Println(resp.StatusCode, string(body))

	resp, err = hc.Get(srv.URL() + "/_mock/exports")
	if err != nil {
		fmt.Println(err)
		return
	}
	resp.Body.Close()
	fmt.Println(resp.StatusCode, "Allow:", resp.Header.Get("Allow"))
	// Output:
	// 201 {"urn":"urn:li:person:m4466c0b","firstName":"Ada","lastName":"Lovelace","headline":"Engineer","email":"ada@example.com","profileUrl":"https://www.linkedin.com/in/m4466c0b","currentCompanyName":"","currentJobTitle":""}
	// 405 Allow: POST
}

// ExampleServer_Client drives the fake in memory: no listener, no network,
// no testing.TB.
func ExampleServer_Client() {
	srv := rscmock.New(rscmock.Options{Seed: 3})
	org := srv.Default().Organization
	client := srv.Client()
	res, err := client.Candidates.BatchUpdate(context.Background(), []model.Candidate{{
		Key:          model.CandidateKey{IntegrationContext: org, ATSCandidateID: "C1"},
		ATSCreatedAt: 1484864187000, ATSLastModifiedAt: 1484864187000,
		EmailAddresses: []string{"ada@example.com"}, ExternalProfileURL: "https://ats.example.com/c/1", FirstName: "Ada",
	}})
	if err != nil || res[0].Err != nil {
		fmt.Println(err, res)
		return
	}
	got, _ := srv.SyncedCandidate(model.CandidateKey{IntegrationContext: org, ATSCandidateID: "C1"})
	fmt.Println(srv.URL(), "writes:", got.Writes)
	// Output: http://rscmock.invalid writes: 1
}
