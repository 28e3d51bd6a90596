package source_test

import (
	"errors"
	"fmt"

	"github.com/rsckit/rsckit/rsc/source"
)

func ExampleDecide() {
	in := source.Input{
		Exporter: source.Exporter{FirstName: "John", LastName: "Smith", ATSEmail: "john@ats.example", LinkedInEmail: "john@gmail.example"},
		Users:    []source.User{{ID: "U7", Email: "John@ats.example"}},
		Position: "P1",
	}
	p, err := source.Decide(in)
	fmt.Println(err, p.CreateCandidate, *p.NewContact, *p.NewSource, p.Tags, p.HiringProcesses)

	in.Candidate = &source.Candidate{ID: "C1", Positions: []string{"P1"}}
	_, err = source.Decide(in)
	fmt.Println(errors.Is(err, source.ErrAlreadyInPosition))
	// Output:
	// <nil> true {John Smith john@ats.example U7} {John Smith (LinkedIn Recruiter) Active search} [Imported: LinkedIn Recruiter] [P1]
	// true
}
