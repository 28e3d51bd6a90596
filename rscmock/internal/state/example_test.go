package state_test

import (
	"fmt"

	"github.com/rsckit/rsckit/rscmock/internal/restli"
	"github.com/rsckit/rsckit/rscmock/internal/state"
)

// A write LinkedIn accepted twice shows as two requests in the history.
func ExampleStore_History() {
	s := state.New()
	k := restli.Key{"ctx": "urn:li:organization:1", "cand": "C1"}
	s.Write("candidate", k, `{"firstName":"Ada"}`, 7)
	s.Write("candidate", k, `{"firstName":"Ada"}`, 9)
	fmt.Println(s.History("candidate", k))
	// Output: [7 9] 0
}
