package records_test

import (
	"fmt"

	"github.com/rsckit/rsckit/rscmock/internal/records"
	"github.com/rsckit/rsckit/rscmock/internal/restli"
)

// A /rest key (externalCandidateId) and a /v2 key (atsCandidateId,
// dataProvider) name the same logical record.
func ExampleToLogical() {
	rest, _ := records.ToLogical(records.Candidate, restli.Key{"externalCandidateId": "C1", "integrationContext": "urn:li:organization:1"}, true, nil)
	v2, _ := records.ToLogical(records.Candidate, restli.Key{"atsCandidateId": "C1", "dataProvider": "ATS", "integrationContext": "urn:li:organization:1"}, false, nil)
	fmt.Println(rest.Canonical() == v2.Canonical(), rest["cand"])
	// Output: true C1
}
