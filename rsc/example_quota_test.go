package rsc_test

import (
	"context"
	"fmt"

	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
)

// An operator's view of a customer's quotas: the requests the Client
// counted today per quota group.
func ExampleClient_QuotaUse() {
	srv := fakeLinkedIn() // in tests, use rscmock
	defer srv.Close()
	c, err := rsc.NewClient(
		rsc.WithClientCredentials("customer-client-id", "customer-client-secret"),
		rsc.WithBaseURL(srv.URL), rsc.WithTokenURL(srv.URL+"/oauth/v2/accessToken"))
	if err != nil {
		panic(err)
	}
	org := model.OrganizationURN("123")
	_, err = c.Candidates.BatchUpdate(context.Background(), []model.Candidate{{
		Key: model.CandidateKey{IntegrationContext: org, ATSCandidateID: "C1"}, FirstName: "Ada",
		EmailAddresses: []string{"ada@example.com"}, ATSCreatedAt: 1484864187000, ATSLastModifiedAt: 1484864187000,
		ExternalProfileURL: "https://ats.example.com/c/C1"}})
	if err != nil {
		panic(err)
	}
	for _, u := range c.QuotaUse() {
		if u.Group == rsc.QuotaSync || u.Group == rsc.QuotaProspect {
			fmt.Printf("%s: %d of %d today\n", u.Group, u.Used, u.Limit)
		}
	}
	// Output:
	// prospect: 0 of 100000 today
	// sync: 1 of 100000 today
}
