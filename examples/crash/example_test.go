package crash_test

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/rsckit/rsckit/examples/crash"
)

// RecordSends reads the records a request carries to LinkedIn, here a
// BATCH_DELETE of two stages of one application.
func ExampleRecordSends() {
	u, _ := url.Parse("/v2/atsApplications/atsJobApplicationId=A1&integrationContext=urn:li:organization:1/stages?ids=S1&ids=S2")
	sends, err := crash.RecordSends(http.MethodDelete, u, http.Header{}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range sends {
		fmt.Println(s.Op, s.Stream, s.Key)
	}
	// Output:
	// delete /v2/atsApplications/{key}/stages atsJobApplicationId=A1&integrationContext=urn%3Ali%3Aorganization%3A1/S1
	// delete /v2/atsApplications/{key}/stages atsJobApplicationId=A1&integrationContext=urn%3Ali%3Aorganization%3A1/S2
}
