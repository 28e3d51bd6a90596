package model_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/rsckit/rsckit/rsc/model"
)

func ExampleValidateBatch() {
	org := model.OrganizationURN("1000")
	created := model.Millis(time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC))
	candidates := []model.Candidate{
		{
			Key:                model.CandidateKey{IntegrationContext: org, ATSCandidateID: "C1"},
			ATSCreatedAt:       created,
			ATSLastModifiedAt:  created,
			FirstName:          "Ada",
			EmailAddresses:     []string{"ada@example.com"},
			ExternalProfileURL: "https://ats.example.com/candidates/C1",
		},
		{
			Key:                model.CandidateKey{IntegrationContext: org, ATSCandidateID: "C2"},
			ATSCreatedAt:       created,
			ATSLastModifiedAt:  created - 1,
			FirstName:          "Grace",
			EmailAddresses:     []string{"grace-at-example.com"},
			ExternalProfileURL: "https://ats.example.com/candidates/C2",
		},
		{
			Key:                model.CandidateKey{IntegrationContext: org, ATSCandidateID: "C3"},
			ATSCreatedAt:       created,
			ATSLastModifiedAt:  created,
			FirstName:          "Alan",
			ExternalProfileURL: "https://ats.example.com/candidates/C3",
		},
	}

	err := model.ValidateBatch("candidates", candidates)
	fmt.Println(err)

	var ve *model.ValidationError
	if errors.As(err, &ve) {
		for _, fe := range ve.Errors {
			fmt.Printf("%s | %s | %s\n", fe.Record, fe.Path, fe.Message)
		}
	}
	// Output:
	// rsc: invalid input: 3 problem(s): candidates[1].atsLastModifiedAt: must be >= atsCreatedAt; candidates[1].emailAddresses[0]: must look like X@X.X; candidates[2].emailAddresses: required unless manualMatchedMember is set
	// atsCandidateId=C2 integrationContext=urn:li:organization:1000 | candidates[1].atsLastModifiedAt | must be >= atsCreatedAt
	// atsCandidateId=C2 integrationContext=urn:li:organization:1000 | candidates[1].emailAddresses[0] | must look like X@X.X
	// atsCandidateId=C3 integrationContext=urn:li:organization:1000 | candidates[2].emailAddresses | required unless manualMatchedMember is set
}

func ExampleParseURN() {
	u, err := model.ParseURN("urn:li:organization:1000")
	fmt.Println(u.Type(), u.ID(), u.IsType(model.URNTypeOrganization), err)

	_, err = model.ParseURN("organization:1000")
	fmt.Println(err)
	// Output:
	// organization 1000 true <nil>
	// rsc: urn "organization:1000": missing "urn:li:" prefix: invalid URN
}

func ExampleSecret() {
	creds := model.Credentials{ClientID: "client-1", ClientSecret: "s3cret"}
	fmt.Printf("%+v\n", creds)
	fmt.Println(creds.ClientSecret.Reveal())
	// Output:
	// {ClientID:client-1 ClientSecret:[redacted]}
	// s3cret
}

// A candidate appends its JSON to a buffer under an endpoint's names of
// its members, built once (LinkedIn's /rest endpoints call atsCreatedAt
// externalCreatedAt).
func ExampleCandidate_AppendJSON() {
	names := model.Candidate{}.JSONNames(map[string]string{"atsCreatedAt": "externalCreatedAt"})
	c := model.Candidate{FirstName: "Ada", ATSCreatedAt: 1, ATSLastModifiedAt: 2,
		EmailAddresses: []string{"ada@example.com"}, ExternalProfileURL: "https://ats.example.com/c/1"}
	fmt.Println(string(c.AppendJSON([]byte("body: "), names)))
	// Output:
	// body: {"addresses":[],"externalCreatedAt":1,"atsLastModifiedAt":2,"emailAddresses":["ada@example.com"],"externalProfileUrl":"https://ats.example.com/c/1","firstName":"Ada","phoneNumbers":[]}
}
