package matching_test

import (
	"fmt"

	"github.com/rsckit/rsckit/rsc/matching"
)

func ExampleIndex_Lookup() {
	ix := matching.NewIndex(matching.Options{DefaultRegion: "GB"})
	ix.Add(matching.Record{ID: "C1", FirstName: "José", LastName: "García", Phones: []string{"+44 20 7946 0958"}, Company: "Acme Ltd"})
	ix.Add(matching.Record{ID: "C2", FirstName: "Ada", LastName: "Lovelace", Emails: []string{"ada@example.com"}})

	for _, m := range ix.Lookup(matching.Record{FirstName: "Jose", LastName: "Garcia", Phones: []string{"020 7946 0958"}}) {
		fmt.Println(m.ID, m.Score, m.PossibleDuplicate(), m.Reasons)
	}
	for _, m := range ix.Lookup(matching.Record{FirstName: "Augusta", LastName: "King", Emails: []string{" ADA@example.com"}}) {
		fmt.Println(m.ID, "same person:", m.Same)
	}
	url, _ := matching.CanonicalProfileURL("http://de.linkedin.com/mwlite/in/Jos%C3%A9-Garcia/?trk=x")
	fmt.Println(url)
	// Output:
	// C1 1 true [same phone number same name apart from accents, case or punctuation]
	// C2 same person: true
	// linkedin.com/in/josé-garcia
}
