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
	s.LogWrite("candidate", k, "mock-7", false)
	s.LogWrite("candidate", k, "mock-9", false)
	fmt.Println(s.History("candidate", k))
	// Output: [mock-7 mock-9] 0
}
