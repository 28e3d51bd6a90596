package certify_test

import (
	"context"
	"fmt"

	"github.com/rsckit/rsckit/certify"
)

// The in-memory reference integration (rsc/sync over memstore) plays the
// re-export rule: the same member exported to two jobs is one candidate.
func Example() {
	h, _ := newReferenceHost()
	rep := certify.Run(context.Background(), h, certify.Options{Name: "reference", Rules: []string{"RSC-303", "RSC-302"}})
	for _, r := range rep.Results {
		fmt.Println(r.Rule, r.Outcome)
	}
	// Output:
	// RSC-302 not checked
	// RSC-303 pass
}

// The rules the kit knows, and those it reports "not checked".
func ExampleRules() {
	for _, r := range certify.Rules() {
		if r.NotChecked != "" {
			fmt.Println(r.ID, "not checked")
		}
	}
	fmt.Println(len(certify.Rules()), "rules")
	// Output:
	// RSC-105 not checked
	// RSC-106 not checked
	// RSC-302 not checked
	// RSC-305 not checked
	// RSC-505 not checked
	// 24 rules
}
