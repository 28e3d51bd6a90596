package restli_test

import (
	"fmt"

	"github.com/rsckit/rsckit/rscmock/internal/restli"
)

// The same key in Rest.li 1.0 and 2.0 syntax parses to the same fields.
func ExampleParseQuery() {
	v1, _ := restli.ParseQuery("ids%5B0%5D.atsCandidateId=C1&ids%5B0%5D.integrationContext=urn%3Ali%3Aorganization%3A1")
	v2, _ := restli.ParseQuery("ids=List((atsCandidateId:C1,integrationContext:urn%3Ali%3Aorganization%3A1))")
	k1, _ := v1.IDs(false)
	k2, _ := v2.IDs(false)
	fmt.Println(k1[0].Canonical() == k2[0].Canonical(), restli.FormatKey(k2[0], true, []string{"atsCandidateId"}))
	// Output: true (atsCandidateId:C1,integrationContext:urn%3Ali%3Aorganization%3A1)
}
